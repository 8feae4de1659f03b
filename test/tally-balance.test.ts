/**
 * Gender balance in the count (issue #15): the Ombudsman's minimum, the opening check, balance:40 in
 * Scottish STV, Meek, plurality and approval against elections worked out by hand in the comments,
 * balance:pairs, and properties over random elections.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Gender, minimumPerGender, openingShortfall } from '../src/domain/balance.js';
import { type Candidate, countBallots, CountFailed, countElection, type Method, type StvRule } from '../src/domain/election.js';
import { count, type BalanceGender, type CountResult, type RuleName } from '../src/domain/tally/index.js';

/** Candidates 1…n (card numbers), all accepted, with the given genders. */
function field(...genders: Gender[]): { candidates: Candidate[]; genders: Map<number, Gender> } {
  return {
    candidates: genders.map((_, i) => ({ seq: i + 1, userId: `U${i + 1}`, org: null, state: 'accepted' as const })),
    genders: new Map(genders.map((g, i) => [i + 1, g])),
  };
}

/** `n` copies of a ranking. */
const times = (n: number, ranking: number[]): number[][] => Array.from({ length: n }, () => ranking);

const stv = (rule: StvRule, seats: number) => ({ title: 't', seats, method: 'stv' as const, rule, balance: 'forty' as const });
const single = (method: Method, seats: number) => ({ title: 't', seats, method, rule: 'scottish' as const, balance: 'forty' as const });
const votesIn = (r: CountResult, round: number): Record<string, string> =>
  Object.fromEntries(r.rounds[round - 1]!.tallies.map((t) => [t.candidate, t.votes]));

describe('minimumPerGender', () => {
  it('follows the Ombudsman for Equality’s table for bodies of 2 to 20 members', () => {
    // tasa-arvo.fi, "Vähimmäismäärät eri kokoisissa toimielimissä kiintiösäännön mukaan".
    const table = [[2, 1], [3, 1], [4, 2], [5, 2], [6, 3], [7, 3], [8, 4], [9, 4], [10, 4], [11, 5], [12, 5], [13, 6], [14, 6],
      [15, 6], [16, 7], [17, 7], [18, 8], [19, 8], [20, 8]] as const;
    for (const [seats, least] of table) expect([seats, minimumPerGender(seats)]).toEqual([seats, least]);
  });

  it('asks nothing of a single seat, and never more than half the seats or less than 40 % where both fit', () => {
    expect(minimumPerGender(1)).toBe(0);
    for (let n = 2; n <= 200; n++) {
      const m = minimumPerGender(n);
      expect(2 * m).toBeLessThanOrEqual(n);
      if (Math.ceil(0.4 * n) * 2 <= n) expect(m).toBeGreaterThanOrEqual(0.4 * n);
    }
  });
});

describe('openingShortfall', () => {
  it('lets any election open without a rule', () => {
    expect(openingShortfall('none', 3, ['man', 'man', 'man'])).toBeNull();
  });

  it('under balance:40 needs the minimum of each of women and men, and says what is there', () => {
    expect(openingShortfall('forty', 2, ['woman', 'man'])).toBeNull();
    expect(openingShortfall('forty', 2, ['man', 'man', 'other'])).toEqual({ women: { have: 0, need: 1 }, men: { have: 2, need: 1 } });
    expect(openingShortfall('forty', 6, ['woman', 'woman', 'man', 'man', 'man', 'man'])).toEqual({ women: { have: 2, need: 3 }, men: { have: 4, need: 3 } });
  });

  it('under balance:pairs needs a woman and a man for every seat', () => {
    expect(openingShortfall('pairs', 2, ['woman', 'man', 'woman', 'man'])).toBeNull();
    expect(openingShortfall('pairs', 2, ['woman', 'man', 'woman', 'other'])).toEqual({ women: { have: 2, need: 2 }, men: { have: 1, need: 2 } });
  });
});

describe('balance:40 in STV', () => {
  // The issue's example. 2 seats; men 1, 2; women 3, 4. 14 ballots:
  //   6 × [1 3]   5 × [2 3]   2 × [3]   1 × [4]
  const issue = field('man', 'man', 'woman', 'woman');
  const issueBallots = [...times(6, [1, 3]), ...times(5, [2, 3]), ...times(2, [3]), ...times(1, [4])];

  it('Scottish: the two strongest are men, so the second is excluded and the strongest woman takes seat 2', () => {
    // Quota ⌊14/3⌋ + 1 = 5. Stage 1: 1 has 6 and 2 has 5, both reach the quota. 1 comes first
    // (more votes) and is elected; electing 2 as well would leave no seat for a woman (1 seat left,
    // women need 1), so 2 is not elected. Stage 2 (the rule): 2 is excluded and their 5 ballots
    // move to 3 at value 1: 3 has 2 + 5 = 7 ≥ 5 and is elected. Without the rule: 1 and 2.
    const r = countElection(stv('scottish', 2), issue.candidates, issueBallots, 'seed', issue.genders);
    const c = r.counts[0]!.result;
    expect(c.winners).toEqual(['1', '3']);
    expect(r.passedOver).toEqual([{ candidate: '2', round: 2, gender: 'man' }]);
    expect(c.rounds[0]!.elected).toEqual(['1']);
    expect(c.rounds[1]).toMatchObject({ action: 'excluded', candidate: '2', reason: 'balance', elected: ['3'] });
    expect(votesIn(c, 2)).toEqual({ 1: '6.00000', 2: '0.00000', 3: '7.00000', 4: '1.00000' });
    expect(countBallots(stv('scottish', 2), issue.candidates, issueBallots, 'seed').winners).toEqual(['1', '2']);
  });

  it('Meek: the same election elects the strongest woman to seat 2', () => {
    // Quota 14/3 = 4.666666666 + 0.000000001. Round 2's first iteration: 1 has 6 and 2 has 5, both
    // over the quota; 1 (more votes) is elected, 2 is not (the woman's seat). Round 3 (the rule):
    // 2 is defeated, keep factor 0. Round 4: 2's 5 ballots pass whole to 3: 2 + 5 = 7 > quota.
    const r = countElection(stv('meek', 2), issue.candidates, issueBallots, 'seed', issue.genders);
    const c = r.counts[0]!.result;
    expect(c.winners).toEqual(['1', '3']);
    expect(r.passedOver).toEqual([{ candidate: '2', round: 3, gender: 'man' }]);
    expect(c.rounds[2]).toMatchObject({ action: 'excluded', candidate: '2', reason: 'balance', excluded: ['2'] });
    expect(c.rounds[3]).toMatchObject({ action: 'elected', candidate: '3' });
    expect(votesIn(c, 4)['3']).toBe('7.000000000');
    expect(countBallots(stv('meek', 2), issue.candidates, issueBallots, 'seed').winners).toEqual(['1', '2']);
  });

  // 3 seats (minimum 1, so at most 2 of either); men 1, 2, 3; women 4, 5. 21 ballots:
  //   6 × [1]   6 × [2]   4 × [3 5]   3 × [4]   2 × [5]
  const full = field('man', 'man', 'man', 'woman', 'woman');
  const fullBallots = [...times(6, [1]), ...times(6, [2]), ...times(4, [3, 5]), ...times(3, [4]), ...times(2, [5])];

  it('Scottish: once men hold all the seats they may, the remaining man is excluded and his votes decide between the women', () => {
    // Quota ⌊21/4⌋ + 1 = 6. Stage 1: 1 and 2 have exactly 6 and are elected (men now hold 2 of the
    // 2 seats they may). Stage 2 (the rule): 3 is excluded; his 4 ballots go to 5: 2 + 4 = 6, elected.
    // Without the rule 5 (2) and then 4 (3) would be excluded and 3 would win the last seat.
    const r = countElection(stv('scottish', 3), full.candidates, fullBallots, 'seed', full.genders);
    const c = r.counts[0]!.result;
    expect([...c.winners].sort()).toEqual(['1', '2', '5']);
    expect(c.winners[2]).toBe('5');
    expect(r.passedOver).toEqual([{ candidate: '3', round: 2, gender: 'man' }]);
    expect(votesIn(c, 2)).toMatchObject({ 3: '0.00000', 4: '3.00000', 5: '6.00000' });
    expect([...countBallots(stv('scottish', 3), full.candidates, fullBallots, 'seed').winners].sort()).toEqual(['1', '2', '3']);
  });

  it('Meek: once men hold all the seats they may, the remaining man is defeated by the rule', () => {
    // Quota 21/4 = 5.25 (+ one unit). Round 2: 1 and 2 (6 each) are elected. Round 3 (the rule):
    // 3 is defeated. Round 4: his 4 ballots pass to 5: 2 + 4 = 6 > the quota; 4 (3) is left out.
    const r = countElection(stv('meek', 3), full.candidates, fullBallots, 'seed', full.genders);
    const c = r.counts[0]!.result;
    expect([...c.winners].sort()).toEqual(['1', '2', '5']);
    expect(r.passedOver).toEqual([{ candidate: '3', round: 3, gender: 'man' }]);
    expect(c.rounds[2]).toMatchObject({ action: 'excluded', candidate: '3', reason: 'balance' });
  });

  // 3 seats; men 1–5; woman 6 (the only one). 20 ballots:
  //   5 × [1]   5 × [2]   4 × [3]   3 × [4 2]   2 × [5 3]   1 × [6]
  const lone = field('man', 'man', 'man', 'man', 'man', 'woman');
  const loneBallots = [...times(5, [1]), ...times(5, [2]), ...times(4, [3]), ...times(3, [4, 2]), ...times(2, [5, 3]), ...times(1, [6])];

  it('Scottish: the only woman is never excluded for having the fewest votes, and men are instead', () => {
    // Quota ⌊20/4⌋ + 1 = 6; nobody reaches it at stage 1. Stage 2: 6 has the fewest (1) but is the
    // last woman, so the lowest man, 5 (2), is excluded instead (the rule acted); his ballots give 3
    // 4 + 2 = 6: elected. Stage 3: again 6 is kept and 4 (3) goes; 2 gets 5 + 3 = 8: elected. Now 1
    // seat is left and women still need it: stage 4 (the rule) excludes 1, and 6 is elected to the
    // last seat. Without the rule 6 goes first (stage 2), then 5 (3 elected), then 4, which leaves 1
    // and 2 standing for 2 seats: both are deemed elected (rule 52(1), in ballot order).
    const r = countElection(stv('scottish', 3), lone.candidates, loneBallots, 'seed', lone.genders);
    const c = r.counts[0]!.result;
    expect(c.winners).toEqual(['3', '2', '6']);
    expect(r.passedOver).toEqual([
      { candidate: '5', round: 2, gender: 'man' },
      { candidate: '4', round: 3, gender: 'man' },
      { candidate: '1', round: 4, gender: 'man' },
    ]);
    expect(c.rounds.slice(1).map((x) => [x.candidate, x.reason])).toEqual([['5', 'balance'], ['4', 'balance'], ['1', 'balance']]);
    expect(votesIn(c, 3)).toMatchObject({ 2: '8.00000', 6: '1.00000' });
    expect(countBallots(stv('scottish', 3), lone.candidates, loneBallots, 'seed').winners).toEqual(['3', '1', '2']);
  });

  it('Meek: the only woman is kept from defeat and elected', () => {
    // Round 2: nobody reaches 20/4 = 5.000000001; 6 (1) is kept, 5 (2) is defeated instead. Round 3:
    // 3 has 4 + 2 = 6 and is elected. As 3's surplus runs out (its ballots have no further
    // preference) the quota falls to 14/3 ≈ 4.67, under 1's and 2's 5: the lot's order puts one of
    // them first and elects them; the other would take the women's seat and is defeated by the rule.
    const r = countElection(stv('meek', 3), lone.candidates, loneBallots, 'seed', lone.genders);
    const c = r.counts[0]!.result;
    const man = c.lotOrder.find((x) => x === '1' || x === '2')!;
    const other = man === '1' ? '2' : '1';
    expect(c.winners).toEqual(['3', man, '6']);
    expect(r.passedOver[0]).toEqual({ candidate: '5', round: 2, gender: 'man' });
    expect(r.passedOver.map((p) => p.candidate)).toContain(other);
  });

  it('refuses a count whose minimum the candidates cannot meet', () => {
    const f = field('man', 'man', 'man', 'other');
    expect(() => countElection(stv('scottish', 2), f.candidates, [[1, 2]], 'seed', f.genders)).toThrow(CountFailed);
    try {
      countElection(stv('meek', 2), f.candidates, [[1, 2]], 'seed', f.genders);
    } catch (e) {
      expect((e as CountFailed).error.code).toBe('BALANCE_UNREACHABLE');
    }
  });

  it('does not count "other" toward either minimum', () => {
    // 2 seats; 1 other, 2 man, 3 woman. 5 × [1 3], 3 × [2], 1 × [3]: quota ⌊9/3⌋ + 1 = 4. Both seats
    // are a woman's and a man's, so 1 (5 votes, over the quota) cannot be elected: stage 2 (the rule)
    // excludes them; 2 and 3 are then the only two standing for the two seats and are deemed elected
    // (rule 52(1), ballot order).
    const f = field('other', 'man', 'woman');
    const r = countElection(stv('scottish', 2), f.candidates, [...times(5, [1, 3]), ...times(3, [2]), ...times(1, [3])], 'seed', f.genders);
    expect(r.counts[0]!.result.winners).toEqual(['2', '3']);
    expect(r.passedOver).toEqual([{ candidate: '1', round: 2, gender: 'other' }]);
  });
});

describe('balance:40 in plurality and approval', () => {
  it('plurality: the highest totals, passing over a man whose election would leave no seat for a woman', () => {
    // 2 seats; men 1, 2; women 3, 4. First preferences 1: 5, 2: 4, 3: 2, 4: 1. 1 is elected; 2 would
    // take the women's seat and is passed over; 3 is the highest woman.
    const f = field('man', 'man', 'woman', 'woman');
    const ballots = [...times(5, [1]), ...times(4, [2]), ...times(2, [3]), ...times(1, [4])];
    const r = countElection(single('plurality', 2), f.candidates, ballots, 'seed', f.genders);
    expect(r.counts[0]!.result.winners).toEqual(['1', '3']);
    expect(r.passedOver).toEqual([{ candidate: '2', round: 1, gender: 'man' }]);
    expect(countBallots(single('plurality', 2), f.candidates, ballots, 'seed').winners).toEqual(['1', '2']);
  });

  it('approval: passes over the third man when two men already hold the most seats they may', () => {
    // 3 seats (at least 1 woman); men 1, 2, 3; women 4, 5.
    //   5 × [1 2 3]   3 × [1 2 3 4]   1 × [1 2 5]   1 × [1 4 5]   2 × [4 5]
    // Approvals: 1: 10, 2: 9, 3: 8, 4: 6, 5: 4. 1 and 2 are elected; 3 is passed over; 4 wins.
    const f = field('man', 'man', 'man', 'woman', 'woman');
    const ballots = [...times(5, [1, 2, 3]), ...times(3, [1, 2, 3, 4]), ...times(1, [1, 2, 5]), ...times(1, [1, 4, 5]), ...times(2, [4, 5])];
    const r = countElection(single('approval', 3), f.candidates, ballots, 'seed', f.genders);
    expect(r.counts[0]!.result.winners).toEqual(['1', '2', '4']);
    expect(r.passedOver).toEqual([{ candidate: '3', round: 1, gender: 'man' }]);
    expect(votesIn(r.counts[0]!.result, 1)).toEqual({ 1: '10', 2: '9', 3: '8', 4: '6', 5: '4' });
  });

  it('approval: two tied men for two seats are drawn by lot, and the other is passed over', () => {
    // 2 seats; men 1, 2; women 3, 4. 4 × [1 2], 2 × [3], 1 × [4]: 1: 4, 2: 4, 3: 2, 4: 1.
    const f = field('man', 'man', 'woman', 'woman');
    const ballots = [...times(4, [1, 2]), ...times(2, [3]), ...times(1, [4])];
    const r = countElection(single('approval', 2), f.candidates, ballots, 'seed', f.genders);
    const c = r.counts[0]!.result;
    const man = c.lotOrder.find((x) => x === '1' || x === '2')!;
    expect(c.winners).toEqual([man, '3']);
    expect(r.passedOver).toEqual([{ candidate: man === '1' ? '2' : '1', round: 1, gender: 'man' }]);
    expect(c.tieBreaks).toEqual([{ round: 1, reason: 'last-seat', between: ['1', '2'], chosen: man, method: 'lot' }]);
  });
});

describe('balance:pairs', () => {
  // Women 1, 3, 5; men 2, 4. 8 ballots:
  //   3 × [2 3 4 1]   2 × [1 4 5 2]   2 × [4 5 1]   1 × [5 4]
  const f = field('woman', 'man', 'woman', 'man', 'woman');
  const ballots = [...times(3, [2, 3, 4, 1]), ...times(2, [1, 4, 5, 2]), ...times(2, [4, 5, 1]), ...times(1, [5, 4])];

  it('counts the women and the men apart, each ranking keeping its order with the others left out', () => {
    // Women: [3 1] ×3, [1 5] ×2, [5 1] ×2, [5] ×1 — first preferences 3: 3, 1: 2, 5: 3; quota
    // ⌊8/2⌋ + 1 = 5. 1 is excluded and her 2 ballots go to 5: 3 + 2 = 5, elected.
    // Men: [2 4] ×3, [4 2] ×2, [4] ×2, [4] ×1 — 2: 3, 4: 5 ≥ 5, elected.
    const r = countElection({ title: 't', seats: 1, method: 'stv', rule: 'scottish', balance: 'pairs' }, f.candidates, ballots, 'seed', f.genders);
    expect(r.mode).toBe('pairs');
    expect(r.counts.map((c) => [c.gender, c.result.winners])).toEqual([['woman', ['5']], ['man', ['4']]]);
    expect(votesIn(r.counts[0]!.result, 1)).toEqual({ 1: '2.00000', 3: '3.00000', 5: '3.00000' });
    expect(votesIn(r.counts[1]!.result, 1)).toEqual({ 2: '3.00000', 4: '5.00000' });
    expect(r.passedOver).toEqual([]);
  });

  it('elects `seats` of each, capped at the candidates of that gender, and nobody where no ballot names one', () => {
    const r = countElection({ title: 't', seats: 2, method: 'plurality', rule: 'scottish', balance: 'pairs' }, f.candidates, [[2], [4], [2]], 'seed', f.genders);
    expect(r.counts[0]!.result.winners).toEqual([]);
    expect([...r.counts[1]!.result.winners].sort()).toEqual(['2', '4']);
    const three = countElection({ title: 't', seats: 3, method: 'stv', rule: 'meek', balance: 'pairs' }, f.candidates, ballots, 'seed', f.genders);
    expect(three.counts.map((c) => c.result.winners.length)).toEqual([3, 2]);
  });
});

describe('properties', () => {
  const genders = fc.constantFrom<Gender>('woman', 'man', 'other', 'woman', 'man');
  const election = fc
    .record({
      genders: fc.array(genders, { minLength: 2, maxLength: 7 }),
      seats: fc.integer({ min: 1, max: 5 }),
      rankings: fc.array(fc.array(fc.nat(), { maxLength: 7 }), { minLength: 1, maxLength: 30 }),
      seed: fc.string({ maxLength: 6 }),
    })
    .map(({ genders: g, seats, rankings, seed }) => ({
      genders: g,
      seats: Math.min(seats, g.length),
      // Distinct candidate numbers 1…n; at least one ballot names someone.
      ballots: [[1], ...rankings.map((r) => [...new Set(r.map((x) => (x % g.length) + 1))])],
      seed,
    }));
  const methods: readonly { method: Method; rule: StvRule; tally: RuleName }[] = [
    { method: 'stv', rule: 'scottish', tally: 'scottish' },
    { method: 'stv', rule: 'meek', tally: 'meek' },
    { method: 'plurality', rule: 'scottish', tally: 'plurality' },
    { method: 'approval', rule: 'scottish', tally: 'approval' },
  ];

  it('under balance:40 every result meets the minimum whenever openingShortfall is null', () => {
    fc.assert(
      fc.property(election, fc.constantFrom(...methods), (x, m) => {
        const f = field(...x.genders);
        const ballots = m.method === 'plurality' ? x.ballots.filter((b) => b.length > 0).map((b) => [b[0]!]) : x.ballots;
        if (openingShortfall('forty', x.seats, x.genders) !== null) return;
        const r = countElection({ title: 't', seats: x.seats, method: m.method, rule: m.rule, balance: 'forty' }, f.candidates, ballots, x.seed, f.genders);
        const winners = r.counts[0]!.result.winners.map((w) => f.genders.get(Number(w)));
        expect(winners).toHaveLength(x.seats);
        const least = minimumPerGender(x.seats);
        expect(winners.filter((g) => g === 'woman').length).toBeGreaterThanOrEqual(least);
        expect(winners.filter((g) => g === 'man').length).toBeGreaterThanOrEqual(least);
        // When the rule never acted, the count is today's count.
        if (r.passedOver.length === 0) {
          const { passedOver: _, ...plain } = r.counts[0]!.result;
          expect(plain).toEqual(countBallots({ title: 't', seats: x.seats, method: m.method, rule: m.rule }, f.candidates, ballots, x.seed));
        }
      }),
      { numRuns: 400 },
    );
  });

  it('WIGM keeps the minimum too', () => {
    fc.assert(
      fc.property(election, (x) => {
        if (openingShortfall('forty', x.seats, x.genders) !== null) return;
        const r = count('wigm', {
          title: 't', candidates: x.genders.map((_, i) => String(i + 1)), seats: x.seats, withdrawn: [],
          ballots: x.ballots.filter((b) => b.length > 0).map((b) => ({ weight: 1, ranking: b.map((s) => s - 1) })),
        }, { seed: x.seed, balance: { genders: x.genders as BalanceGender[], minimum: minimumPerGender(x.seats) } });
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        const won = r.value.winners.map((w) => x.genders[Number(w) - 1]);
        expect(won).toHaveLength(x.seats);
        expect(won.filter((g) => g === 'woman').length).toBeGreaterThanOrEqual(minimumPerGender(x.seats));
        expect(won.filter((g) => g === 'man').length).toBeGreaterThanOrEqual(minimumPerGender(x.seats));
      }),
      { numRuns: 200 },
    );
  });

  it('with balance none, or a rule with nothing to ask, the result is today’s count', () => {
    fc.assert(
      fc.property(election, fc.constantFrom(...methods), (x, m) => {
        const f = field(...x.genders);
        const ballots = m.method === 'plurality' ? x.ballots.filter((b) => b.length > 0).map((b) => [b[0]!]) : x.ballots;
        const e = { title: 't', seats: x.seats, method: m.method, rule: m.rule };
        const today = countBallots(e, f.candidates, ballots, x.seed);
        const none = countElection({ ...e, balance: 'none' }, f.candidates, ballots, x.seed, f.genders);
        expect(none).toEqual({ mode: 'none', counts: [{ gender: null, result: today }], passedOver: [] });
        // No genders stated and one seat: balance:40 asks for no one (minimum 0) and changes nothing.
        const one = countElection({ ...e, seats: 1, balance: 'forty' }, f.candidates, ballots, x.seed, new Map());
        expect(one.counts[0]!.result).toEqual(countBallots({ ...e, seats: 1 }, f.candidates, ballots, x.seed));
      }),
      { numRuns: 200 },
    );
  });
});
