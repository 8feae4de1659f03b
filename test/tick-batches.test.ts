import { describe, expect, it } from 'vitest';
import { TickBatches } from '../db/repositories/tick-batches.js';

describe('TickBatches (group commit)', () => {
  it('sends what is submitted in one turn of the event loop as one batch, and gives each its own result', async () => {
    const batches: number[][] = [];
    const b = new TickBatches(async (items: readonly number[]) => {
      batches.push([...items]);
      return items.map((n) => n * 10);
    });
    expect(await Promise.all([1, 2, 3].map((n) => b.submit(n)))).toEqual([10, 20, 30]);
    expect(await b.submit(4)).toBe(40);
    expect(batches).toEqual([[1, 2, 3], [4]]);
  });

  it('puts an item that conflicts with one already in the batch into the next batch', async () => {
    const batches: string[][] = [];
    const b = new TickBatches(
      async (items: readonly string[]) => {
        batches.push([...items]);
        return items;
      },
      (item) => [item.split(':')[0]!],
    );
    await Promise.all(['a:1', 'b:1', 'a:2', 'a:3', 'c:1'].map((i) => b.submit(i)));
    expect(batches).toEqual([['a:1', 'b:1', 'c:1'], ['a:2'], ['a:3']]);
  });

  it('fails exactly the items of a failed batch; later batches go on', async () => {
    let calls = 0;
    const b = new TickBatches(async (items: readonly number[]) => {
      if (++calls === 1) throw new Error('database away');
      return items;
    }, undefined, 2);
    const first = [1, 2, 3].map((n) => b.submit(n).then(
      (v) => `ok ${v}`,
      (err: Error) => err.message,
    ));
    // The third did not fit the first batch (at most 2), so it rode on the second.
    expect(await Promise.all(first)).toEqual(['database away', 'database away', 'ok 3']);
  });

  it('refuses a batch that answers a different number of results than items', async () => {
    const b = new TickBatches(async () => [1]);
    await expect(Promise.all([b.submit(1), b.submit(2)])).rejects.toThrow('batch of 2 gave 1 results');
  });
});
