import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollHarness } from './poll-harness.js';

let h: Awaited<ReturnType<typeof pollHarness>>;

beforeAll(async () => {
  h = await pollHarness(300);
});
afterAll(async () => {
  await h?.stop();
});

/** Voter i picks topic (i mod 4) + 1, and every third voter also the next one. */
const picksOf = (i: number): number[] => (i % 3 === 0 ? [(i % 4) + 1, ((i + 1) % 4) + 1] : [(i % 4) + 1]);

function expected(voters: number): number[] {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < voters; i++) for (const p of picksOf(i)) counts[p - 1]!++;
  return counts;
}

describe('100 voters at once', () => {
  it.each([
    ['named', ''],
    ['anonymous', 'anonymous:yes'],
  ])('%s poll: every vote counted exactly once, retries and double clicks included', async (_kind, extra) => {
    await h.network(1);
    await h.run('coord', `poll new "Busy" theme:goals options:"A|B|C|D" pick:2 ${extra}`);
    const burst = Array.from({ length: 100 }, (_, i) => {
      const line = `vote P1 ${picksOf(i).join(' ')}`;
      // Every voter's request arrives twice (a platform retry); every fifth voter also double-clicks.
      const requests = [h.run(`v${i}`, line, `req-${extra ? 'a' : 'n'}-${i}`), h.run(`v${i}`, line, `req-${extra ? 'a' : 'n'}-${i}`)];
      if (i % 5 === 0) requests.push(h.run(`v${i}`, line, `click-${extra ? 'a' : 'n'}-${i}`));
      return Promise.all(requests);
    });
    const replies = (await Promise.all(burst)).flat();
    expect(replies.filter((r) => r.includes('is counted'))).toHaveLength(100);
    expect(replies.filter((r) => r.startsWith('That vote in P1 was already counted once.'))).toHaveLength(100);
    // The double click: replaced with the same picks (named), or refused (anonymous).
    expect(replies.filter((r) => r.includes('was replaced') || r.includes('already voted'))).toHaveLength(20);

    const { id } = await h.pollRow();
    let counts: number[];
    if (extra) {
      // Anonymous picks are sealed, one row a voter, and counted at close.
      const [people] = await h.sql<{ n: number }[]>`select count(*)::int as n from poll_participations where poll_id = ${id}`;
      const [sealed] = await h.sql<{ n: number }[]>`select count(*)::int as n from poll_sealed_picks where poll_id = ${id}`;
      expect([people!.n, sealed!.n]).toEqual([100, 100]);
      await h.run('coord', 'poll close P1');
      counts = (await h.sql<{ votes: number }[]>`select votes from poll_counts where poll_id = ${id} order by option_seq`).map((r) => r.votes);
    } else {
      const rows = await h.sql<{ options: number[] }[]>`select options from poll_votes where poll_id = ${id}`;
      expect(rows).toHaveLength(100);
      counts = [0, 0, 0, 0];
      for (const r of rows) for (const p of r.options) counts[p - 1]!++;
    }
    expect(counts).toEqual(expected(100));

    await h.settled();
    const [a, b, c, d] = expected(100);
    const card = h.messenger.card('P1 ·');
    expect(card).toMatch(new RegExp(`1\\. A — .* \\(${a}\\)`));
    expect(card).toMatch(new RegExp(`2\\. B — .* \\(${b}\\)`));
    expect(card).toMatch(new RegExp(`3\\. C — .* \\(${c}\\)`));
    expect(card).toMatch(new RegExp(`4\\. D — .* \\(${d}\\)`));
    expect(card).toContain('100 people have voted.');
  });
});

describe('live card updates', () => {
  it('are throttled: 50 quick votes make a bounded number of updates, and the last shows the exact totals', async () => {
    await h.network(1);
    await h.run('coord', 'poll new "Live" theme:measures options:"A|B" pick:1');
    const start = Date.now();
    h.messenger.updates.length = 0;
    for (let i = 0; i < 50; i++) await h.run(`q${i}`, `vote P1 ${i < 30 ? 1 : 2}`);
    const elapsed = Date.now() - start;
    await h.settled();
    const updates = h.messenger.updates;
    // One at once, then at most one per 300 ms interval, and one trailing update at the end (the spacing
    // itself is pinned down with fake timers in poll-domain.test.ts).
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.length).toBeLessThanOrEqual(Math.ceil(elapsed / 300) + 2);
    expect(updates.length).toBeLessThan(50 / 3);
    expect(updates.at(-1)!.text).toContain('1. A — ██████ 60% (30)\n2. B — ████ 40% (20)');
    expect(updates.at(-1)!.text).toContain('50 people have voted.');
  });

  it('a phase change updates the card at once, after an update in flight', async () => {
    await h.network(1);
    await h.run('coord', 'poll new "Closing" theme:goals options:"A|B" pick:1');
    h.messenger.updates.length = 0;
    await h.run('m1', 'vote P1 1');
    await h.run('coord', 'vote P1 2');
    // The second vote's update waits for the interval; the close does not.
    await h.run('coord', 'poll close P1');
    expect(h.messenger.updates.at(-1)!.text).toContain('Phase: closed');
    await h.settled();
    expect(h.messenger.card('P1 ·')).toContain('Phase: closed');
    expect(h.messenger.card('P1 ·')).toContain('2 people have voted.');
  });
});
