/**
 * The seeded lot and the one-round counts: plurality and approval, with ties for the last seat
 * broken by the lot; the same seed gives the same result and the seed is published with it.
 */
import { describe, expect, it } from 'vitest';
import {
  approval, count, irv, plurality, randomBelow, seededPermutation, seededUint32, stvScottish, stvWigm, type Election,
} from '../src/domain/tally/index.js';

const names = ['Aino', 'Bertta', 'Cecilia', 'Daniel', 'Eero'];
const election = (seats: number, ballots: [number, number[]][]): Election => ({
  title: 'test',
  candidates: names,
  seats,
  ballots: ballots.map(([weight, ranking]) => ({ weight, ranking })),
  withdrawn: [],
});

// Aino and Bertta tie on first preferences (3 each); Cecilia 1.
const pluralityTie = election(1, [[3, [0, 2]], [3, [1]], [1, [2, 0]]]);

describe('seeded lot', () => {
  it('draws the same stream and permutation for the same seed, and different ones for other seeds', () => {
    const a = seededUint32('s1');
    const b = seededUint32('s1');
    const xs = Array.from({ length: 8 }, () => a());
    expect(Array.from({ length: 8 }, () => b())).toEqual(xs);
    for (const x of xs) expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true);
    expect(seededPermutation('s1', 10)).toEqual(seededPermutation('s1', 10));
    expect(seededPermutation('s1', 10).slice().sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const perms = new Set(['a', 'b', 'c', 'd', 'e', 'f'].map((s) => seededPermutation(s, 10).join()));
    expect(perms.size).toBeGreaterThan(1);
  });

  it('draws bounded integers uniformly enough (every value of a small range appears)', () => {
    const next = seededUint32('uniform');
    const seen = new Array<number>(6).fill(0);
    for (let i = 0; i < 6000; i++) seen[randomBelow(next, 6)]!++;
    for (const k of seen) expect(k).toBeGreaterThan(800);
  });

  it('gives each tied candidate a chance over many seeds', () => {
    const chosen = new Set<string>();
    for (let s = 0; s < 40; s++) {
      const r = plurality(pluralityTie, { seed: String(s) });
      if (r.ok) chosen.add(r.value.winners[0]!);
    }
    expect(chosen).toEqual(new Set(['Aino', 'Bertta']));
  });
});

describe('plurality', () => {
  it('elects the candidate with most first preferences, with no tie-break needed', () => {
    const r = plurality(election(1, [[2, [0]], [5, [1, 0]], [1, [2]]]));
    expect(r.ok && r.value.winners).toEqual(['Bertta']);
    expect(r.ok && r.value.tieBreaks).toEqual([]);
    expect(r.ok && r.value.rounds[0]!.tallies.map((t) => t.votes)).toEqual(['2', '5', '1', '0', '0']);
  });

  it('breaks a tie for the seat by the seeded lot, records it, and publishes the seed', () => {
    const r = plurality(pluralityTie, { seed: 'board-2025' });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.seed).toBe('board-2025');
    expect(r.value.tieBreaks).toEqual([
      { round: 1, reason: 'last-seat', between: ['Aino', 'Bertta'], chosen: r.value.winners[0], method: 'lot' },
    ]);
    expect(['Aino', 'Bertta']).toContain(r.value.winners[0]);
    expect(r.value.lotOrder).toHaveLength(names.length);
  });

  it('gives the same result for the same seed every time', () => {
    const runs = Array.from({ length: 5 }, () => plurality(pluralityTie, { seed: 'same' }));
    for (const r of runs) expect(r).toEqual(runs[0]);
  });

  it('follows an explicit lot order when one is given', () => {
    const r1 = plurality(pluralityTie, { lotOrder: [1, 0, 2, 3, 4] });
    const r2 = plurality(pluralityTie, { lotOrder: [0, 1, 2, 3, 4] });
    expect(r1.ok && r1.value.winners).toEqual(['Bertta']);
    expect(r2.ok && r2.value.winners).toEqual(['Aino']);
    expect(plurality(pluralityTie, { lotOrder: [0, 0, 1, 2, 3] })).toMatchObject({ ok: false, error: { code: 'BAD_LOT_ORDER' } });
  });
});

describe('approval / block voting', () => {
  // Approvals: Aino 5, Bertta 4, Cecilia 4, Daniel 1, Eero 0 — Bertta and Cecilia tie for seat 2.
  const e = election(2, [[3, [0, 1]], [1, [2, 1]], [2, [2, 0]], [1, [2, 3]]]);

  it('counts every listed candidate as approved and elects the top n', () => {
    const r = approval({ ...e, seats: 3 });
    expect(r.ok && r.value.rounds[0]!.tallies.map((t) => t.votes)).toEqual(['5', '4', '4', '1', '0']);
    expect(r.ok && r.value.winners).toEqual(['Aino', 'Bertta', 'Cecilia']);
    expect(r.ok && r.value.tieBreaks).toEqual([]);
  });

  it('breaks a tie for the last seat by the seeded lot, reproducibly', () => {
    const a = approval(e, { seed: 'x' });
    const b = approval(e, { seed: 'x' });
    expect(a).toEqual(b);
    if (!a.ok) throw new Error(a.error.message);
    expect(a.value.winners[0]).toBe('Aino');
    expect(a.value.tieBreaks).toHaveLength(1);
    expect(a.value.tieBreaks[0]).toMatchObject({ reason: 'last-seat', between: ['Bertta', 'Cecilia'], method: 'lot' });
    expect(a.value.winners[1]).toBe(a.value.tieBreaks[0]!.chosen);
    expect(a.value.rounds[0]!.tallies.find((t) => t.candidate === a.value.winners[1])!.status).toBe('elected');
  });
});

describe('ties in the transferable counts', () => {
  it('IRV breaks an exclusion tie by the earlier round before resorting to the lot', () => {
    // Round 1: A 4, B 3, C 3, D 2 → exclude D (to C): A 4, B 3, C 5. Round 2: no majority (12 votes) → exclude B.
    const e = election(1, [[4, [0]], [3, [1, 0]], [3, [2]], [2, [3, 2]]]);
    const r = irv(e);
    expect(r.ok && r.value.winners).toEqual(['Aino']);
    // B and C were tied in round 1 and D's transfer separated them: no tie-break at all.
    expect(r.ok && r.value.tieBreaks).toEqual([]);
    // A 6, B 4, C 3, D 1 (→ C), E 2. Round 2: D goes, C 4. Round 3: E goes. B and C now tie on 4,
    // equal at the end of round 2 but unequal at the end of round 1 (B 4 > C 3): C is excluded.
    const e2 = election(1, [[6, [0]], [4, [1]], [3, [2]], [1, [3, 2]], [2, [4]]]);
    const r2 = irv(e2);
    if (!r2.ok) throw new Error(r2.error.message);
    expect(r2.value.tieBreaks).toEqual([
      { round: 4, reason: 'exclusion', between: ['Bertta', 'Cecilia'], chosen: 'Cecilia', method: 'earlier-stage' },
    ]);
    expect(r2.value.rounds.map((x) => x.candidate)).toEqual([null, 'Daniel', 'Eero', 'Cecilia']);
    expect(r2.value.winners).toEqual(['Aino']);
  });

  it('Scottish STV and WIGM fall back to the seeded lot when candidates were equal at every stage', () => {
    // Eero 0 and Daniel 1 go first; Bertta and Cecilia are then equal (2) at every stage.
    const e = election(1, [[4, [0]], [2, [1]], [2, [2]], [1, [3]]]);
    for (const fn of [stvScottish, stvWigm]) {
      const a = fn(e, { seed: 'q' });
      const b = fn(e, { seed: 'q' });
      expect(a).toEqual(b);
      if (!a.ok) throw new Error(a.error.message);
      expect(a.value.winners).toEqual(['Aino']);
      expect(a.value.tieBreaks[0]).toMatchObject({ reason: 'exclusion', between: ['Bertta', 'Cecilia'], method: 'lot' });
    }
  });

  it('rejects unknown rules and impossible elections with a code', () => {
    expect(count('borda', election(1, [[1, [0]]]))).toMatchObject({ ok: false, error: { code: 'UNKNOWN_RULE' } });
    expect(count('scottish', election(6, [[1, [0]]]))).toMatchObject({ ok: false, error: { code: 'TOO_FEW_CANDIDATES' } });
    expect(count('meek', election(1, []))).toMatchObject({ ok: false, error: { code: 'NO_VALID_BALLOTS' } });
    expect(count('irv', election(1, [[1, [7]]]))).toMatchObject({ ok: false, error: { code: 'BAD_BALLOT' } });
    expect(count('scottish', election(1, [[1, [0]], [2, [1, 3, 1]]]))).toEqual({
      ok: false, error: { code: 'BAD_BALLOT', message: 'ballot 2: candidate 2 is ranked twice' },
    });
    expect(count('plurality', election(1, [[1, [2]], [0, [4]], [0, [0]]]))).toMatchObject({ ok: true });
  });

  it('adds up weights exactly past 2^53, and merges identical rankings whatever their weights', () => {
    const big = Number.MAX_SAFE_INTEGER;
    const r = plurality(election(1, [[big, [0]], [1, [1, 3]], [big, [0]], [2, [1, 3]]]));
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.rounds[0]!.tallies.slice(0, 2).map((t) => t.votes)).toEqual(['18014398509481982', '3']);
  });
});
