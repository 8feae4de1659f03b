/**
 * Instant-runoff voting (single seat, ranked ballots, whole votes).
 * Each round, a candidate with more than half of the continuing (non-exhausted) votes wins;
 * otherwise the candidate with the fewest votes is excluded and their ballots go to the next
 * continuing preference. Exclusion ties are broken like the Scottish rules: by the most recent
 * earlier round at which the tied candidates differed, then by the seeded lot.
 */
import { fixedPoint, formatFixed } from './decimal.js';
import { Piles } from './piles.js';
import { prepare } from './prepare.js';
import { breakTieByEarlierStages, CountLog, ELECTED, EXCLUDED, HOPEFUL, inState, initialStates } from './record.js';
import { ok, type Result } from './result.js';
import type { CountOptions, CountResult, Election, RoundAction, TallyError } from './types.js';

const WHOLE = fixedPoint(0);

/**
 * Counts a single-winner IRV election. The election's seat count is ignored (IRV fills one seat).
 * The published `quota` is the first-round majority, floor(valid/2)+1; each round's `quota` is the
 * majority of that round's continuing votes.
 */
export function irv(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  const prep = prepare({ ...election, seats: 1 }, options);
  if (!prep.ok) return prep;
  const p = prep.value;
  const st = initialStates(p);
  const piles = new Piles(p, WHOLE, st);
  const votes = piles.votes;
  const log = new CountLog(p);
  const history: bigint[][] = [];
  const show = (v: bigint): string => formatFixed(WHOLE, v);

  let action: RoundAction = 'first-count';
  let subject: number | null = null;
  let threshold = 0n;
  const closeRound = (): void => {
    log.close({
      action,
      candidate: subject,
      quota: show(threshold),
      exhausted: show(piles.exhausted),
      votes: votes.map(show),
      states: st,
    });
    history.push(votes.slice());
  };

  piles.firstCount();
  for (;;) {
    const hopeful = inState(st, HOPEFUL);
    let continuing = 0n;
    let top = hopeful[0]!;
    for (const c of hopeful) {
      continuing += votes[c]!;
      if (votes[c]! > votes[top]!) top = c;
    }
    threshold = continuing / 2n + 1n; // a majority of the continuing votes
    if (hopeful.length === 1 || votes[top]! >= threshold) {
      st[top] = ELECTED;
      log.elect(top);
      for (const c of hopeful) if (c !== top) { st[c] = EXCLUDED; log.exclude(c); }
      closeRound();
      break;
    }
    closeRound();
    let low = votes[hopeful[0]!]!;
    for (const c of hopeful) if (votes[c]! < low) low = votes[c]!;
    const tied = hopeful.filter((c) => votes[c] === low);
    let c = tied[0]!;
    if (tied.length > 1) {
      const t = breakTieByEarlierStages(tied, history, 'lowest', p.lot);
      c = t.chosen;
      log.tie('exclusion', tied, c, t.method);
    }
    st[c] = EXCLUDED;
    log.exclude(c);
    piles.transfer(c);
    votes[c] = 0n;
    action = 'excluded';
    subject = c;
  }
  return ok(log.result('irv', show(p.validBallots / 2n + 1n)));
}
