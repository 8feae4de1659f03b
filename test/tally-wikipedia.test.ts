/**
 * The Wikipedia STV example (20 ballots, 5 candidates, 3 seats) as asserted by VoteIT/STVPoll:
 * Scottish STV elects chocolate, orange, strawberry (in that order); IRV elects chocolate with
 * quota 11 and final round orange 4, chocolate 12, pear 2, strawberry 1, bonbon 1.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { irv, parseBlt, stvScottish, type Election } from '../src/domain/tally/index.js';

const DIR = join(process.env['NEUVO_ELECTIONS_DIR'] ?? '/work/shared/reference/elections', 'wikipedia-stv-example');
const expected = JSON.parse(readFileSync(join(DIR, 'wikipedia_stv_example_expected.json'), 'utf8')) as {
  candidates: string[];
  ballots: { ranking: string[]; count: number }[];
  expected: {
    scottish_stv_3_seats: { elected_set: string[]; elected_order_functional_api: string[] };
    irv_1_seat: { winner: string[]; quota: number; final_round_votes: Record<string, number> };
  };
};
const parsed = parseBlt(readFileSync(join(DIR, 'wikipedia_stv_example.blt'), 'utf8'));
if (!parsed.ok) throw new Error(parsed.error.message);
const election: Election = parsed.value;

describe('Wikipedia STV example', () => {
  it('the BLT transcription holds the same ballots as the JSON assertions', () => {
    expect(election.candidates).toEqual(expected.candidates);
    expect(election.seats).toBe(3);
    expect(election.ballots.map((b) => ({ ranking: b.ranking.map((c) => election.candidates[c]), count: b.weight })))
      .toEqual(expected.ballots);
  });

  it('Scottish STV elects chocolate, orange, strawberry in that order, quota 6', () => {
    const r = stvScottish(election);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.winners).toEqual(expected.expected.scottish_stv_3_seats.elected_order_functional_api);
    expect([...r.value.winners].sort()).toEqual([...expected.expected.scottish_stv_3_seats.elected_set].sort());
    expect(r.value.quota).toBe('6.00000'); // floor(20 / 4) + 1
    // Stage 2 transfers chocolate's surplus of 6 at 6/12 = 0.5 per ballot: 8 × 0.5 to strawberry, 4 × 0.5 to bonbon.
    const stage2 = r.value.rounds[1]!;
    expect(stage2.action).toBe('surplus-transferred');
    expect(stage2.transferred).toBe('6.00000');
    expect(stage2.tallies.map((t) => t.votes)).toEqual(['4.00000', '6.00000', '2.00000', '5.00000', '3.00000']);
    expect(r.value.tieBreaks).toEqual([]);
  });

  it('IRV elects chocolate in the first round with quota 11 and the expected final round', () => {
    const r = irv(election);
    if (!r.ok) throw new Error(r.error.message);
    const exp = expected.expected.irv_1_seat;
    expect(r.value.winners).toEqual(exp.winner);
    expect(r.value.quota).toBe(String(exp.quota));
    const final = r.value.rounds[r.value.rounds.length - 1]!;
    expect(Object.fromEntries(final.tallies.map((t) => [t.candidate, Number(t.votes)]))).toEqual(exp.final_round_votes);
    expect(final.elected).toEqual(['chocolate']);
  });
});
