/**
 * Non-transferable counts in a single round:
 * - `plurality`: each ballot counts for its first (standing) preference; the `seats` candidates
 *   with the most votes win (one seat: first past the post).
 * - `approval`: each ballot approves every candidate it lists (order ignored); the `seats`
 *   candidates with the most approvals win (block / approval voting).
 * A tie for the last seat(s) is decided by the seeded lot.
 *
 * Under a balance constraint (`options.balance`) the highest totals win, passing over any candidate
 * whose election would make the minimum impossible; a tied group that cannot all be elected is
 * drawn one at a time by lot, re-checking the rule after each draw. The passed-over candidates are
 * listed in the result's `passedOver` with round 1 (these counts have a single round).
 */
import { fixedPoint, formatFixed } from './decimal.js';
import { BalanceGuard } from './balance-guard.js';
import { prepare, type Prepared } from './prepare.js';
import { CountLog, ELECTED, EXCLUDED, HOPEFUL, initialStates } from './record.js';
import { err, ok, type Result } from './result.js';
import type { CountOptions, CountResult, Election, RuleName, TallyError } from './types.js';

const WHOLE = fixedPoint(0);

/** First-past-the-post (or, with several seats, single non-transferable vote) on first preferences. */
export function plurality(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  return singleRound(election, options, 'plurality', (p, votes) => {
    for (let g = 0; g < p.groups; g++) {
      const c = p.prefs[p.offsets[g]!]!;
      votes[c] = votes[c]! + p.counts[g]!;
    }
  });
}

/** Approval / block voting: every listed candidate gets the ballot's weight; the top `seats` win. */
export function approval(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  return singleRound(election, options, 'approval', (p, votes) => {
    for (let g = 0; g < p.groups; g++) {
      for (let k = p.offsets[g]!; k < p.offsets[g + 1]!; k++) {
        const c = p.prefs[k]!;
        votes[c] = votes[c]! + p.counts[g]!;
      }
    }
  });
}

function singleRound(
  election: Election,
  options: CountOptions,
  rule: RuleName,
  tally: (p: Prepared, votes: bigint[]) => void,
): Result<CountResult, TallyError> {
  const prep = prepare(election, options);
  if (!prep.ok) return prep;
  const p = prep.value;
  const guard = BalanceGuard.of(p, options);
  if (!(guard instanceof BalanceGuard)) return err(guard);
  const st = initialStates(p);
  const log = new CountLog(p);
  log.balanced = guard.active;
  const votes: bigint[] = p.names.map(() => 0n);
  tally(p, votes);

  let remaining = p.seats;
  const standing = (): number[] => p.names.map((_, c) => c).filter((c) => st[c] === HOPEFUL);
  const passOver = (): void => {
    for (const c of guard.barred(st)) { st[c] = EXCLUDED; log.exclude(c, true); }
  };
  while (remaining > 0) {
    passOver();
    const hopeful = standing();
    let best = votes[hopeful[0]!]!;
    for (const c of hopeful) if (votes[c]! > best) best = votes[c]!;
    const tied = hopeful.filter((c) => votes[c] === best);
    if (tied.length <= remaining && (!guard.active || fitsTogether(guard, st, tied))) {
      // Everyone at this level fits: elect them all (in ballot order, they are equal).
      for (const c of tied) { st[c] = ELECTED; log.elect(c); }
      remaining -= tied.length;
    } else {
      // More tied candidates than seats left, or the balance rule lets only some of them in: draw
      // them one at a time by lot.
      const pool = [...tied];
      while (remaining > 0 && pool.length > 0) {
        const c = p.lot.pick(pool);
        log.tie('last-seat', pool, c, 'lot');
        pool.splice(pool.indexOf(c), 1);
        st[c] = ELECTED;
        log.elect(c);
        remaining--;
        if (guard.active) {
          passOver();
          for (let i = pool.length - 1; i >= 0; i--) if (st[pool[i]!] !== HOPEFUL) pool.splice(i, 1);
        }
      }
    }
  }
  for (const c of standing()) { st[c] = EXCLUDED; log.exclude(c); }
  log.close({
    action: 'first-count',
    candidate: null,
    quota: null,
    exhausted: formatFixed(WHOLE, 0n),
    votes: votes.map((v) => formatFixed(WHOLE, v)),
    states: st,
  });
  return ok(log.result(rule, null));
}

/** True if electing all of `group` now leaves the minimum reachable (each one elected in turn is not blocked). */
function fitsTogether(guard: BalanceGuard, st: Uint8Array, group: readonly number[]): boolean {
  const trial = st.slice();
  for (const c of group) {
    if (guard.blocked(trial, c)) return false;
    trial[c] = ELECTED;
  }
  return true;
}
