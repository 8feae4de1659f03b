import { describe, expect, it } from 'vitest';
import { VoteSealer } from '../db/sealing.js';

const SECRET = 'a-test-secret-that-is-long-enough-0123456789';
const sealer = new VoteSealer(SECRET);

describe('sealed votes', () => {
  it('open to the values and note they were sealed with', () => {
    const sealed = sealer.seal('election:e1', { values: [3, 1, 2], note: 'ABCDEFGH23' }, 5);
    expect(sealer.open('election:e1', sealed)).toEqual({ values: [3, 1, 2], note: 'ABCDEFGH23' });
  });

  it('have one length per election whatever was ranked', () => {
    const lengths = new Set([[], [1], [5, 4, 3, 2, 1]].map((values) => sealer.seal('election:e1', { values, note: 'ABCDEFGH23' }, 5).length));
    expect(lengths.size).toBe(1);
  });

  it('differ each time, even for the same vote', () => {
    const vote = { values: [1], note: '' };
    expect(sealer.seal('poll:p1', vote, 3)).not.toBe(sealer.seal('poll:p1', vote, 3));
  });

  it('refuse to open when altered', () => {
    const raw = Buffer.from(sealer.seal('election:e1', { values: [1, 2], note: 'X' }, 4), 'base64');
    raw[20]! ^= 1;
    expect(() => sealer.open('election:e1', raw.toString('base64'))).toThrow('a sealed vote of election:e1 cannot be opened: sealed under another NEUVO_SECRET, or altered');
  });

  it('refuse to open under another election or another secret', () => {
    const sealed = sealer.seal('election:e1', { values: [1, 2], note: 'X' }, 4);
    expect(() => sealer.open('election:e2', sealed)).toThrow(/cannot be opened/);
    expect(() => new VoteSealer(`${SECRET}!`).open('election:e1', sealed)).toThrow(/cannot be opened/);
  });

  it('refuse a short secret and more values than slots', () => {
    expect(() => new VoteSealer('short')).toThrow(/at least 32/);
    expect(() => sealer.seal('poll:p1', { values: [1, 2, 3], note: '' }, 2)).toThrow(/at most 2/);
  });
});
