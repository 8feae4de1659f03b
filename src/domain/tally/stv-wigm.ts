/**
 * PR Foundation Reference WIGM (weighted inclusive Gregory method), as in Droop's `wigm-prf` rule
 * (single defeat): fixed-point arithmetic to 4 places, every product and quotient truncated (D.4).
 * Rule step numbers (A.1 …, D.4) are those of the PRF reference rule text.
 *
 * One difference from Droop's code, which follows the rule text instead: B.1 ends with "Test count
 * complete (D.3)", so when B.1 fills the last seat we stop; Droop goes on to transfer that surplus
 * in the same round. Winners are the same either way; only the last round's figures would differ
 * (no reference case reaches this).
 */
import { divDown, fixedPoint, floorDiv, formatFixed, fromInteger, mulDown } from './decimal.js';
import { BalanceGuard } from './balance-guard.js';
import { Piles } from './piles.js';
import { prepare } from './prepare.js';
import { CountLog, countState, ELECTED, EXCLUDED, HOPEFUL, inState, initialStates, orderOfElection, PENDING } from './record.js';
import { err, ok, type Result } from './result.js';
import type { CountOptions, CountResult, Election, RoundAction, TallyError } from './types.js';

const FP = fixedPoint(4); // D.4: four decimal places

/**
 * Counts an election under the PR Foundation reference WIGM rule.
 * Quota = valid/(seats+1) to 4 places (truncated) + 0.0001 (A.1); ties are broken by the lot (D.1).
 * Under a balance constraint the candidates the rule bars are excluded in a round of their own, as
 * in Scottish STV.
 */
export function stvWigm(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  const prep = prepare(election, options);
  if (!prep.ok) return prep;
  const p = prep.value;
  const guard = BalanceGuard.of(p, options);
  if (!(guard instanceof BalanceGuard)) return err(guard);
  const st = initialStates(p);
  const piles = new Piles(p, FP, st);
  const votes = piles.votes;
  const log = new CountLog(p);
  log.balanced = guard.active;

  // A.1: quota = valid ballots / (seats + 1), truncated to 4 places, plus 0.0001.
  const quota = floorDiv(fromInteger(FP, p.validBallots), BigInt(p.seats + 1)) + FP.epsilon;
  const quotaText = formatFixed(FP, quota);

  const seatsLeft = (): number => p.seats - countState(st, PENDING) - countState(st, ELECTED);
  // D.3: complete when elected + pending fill the seats, or elected + pending + hopeful do not exceed them.
  const complete = (): boolean => seatsLeft() <= 0 || countState(st, HOPEFUL) <= seatsLeft();

  let action: RoundAction = 'first-count';
  let subject: number | null = null;
  let transferred: string | undefined;
  let reason: 'balance' | undefined;
  const closeRound = (): void => {
    log.close({
      action,
      candidate: subject,
      ...(transferred !== undefined ? { transferred } : {}),
      ...(reason !== undefined ? { reason } : {}),
      quota: quotaText,
      exhausted: formatFixed(FP, piles.exhausted),
      votes: votes.map((v) => formatFixed(FP, v)),
      states: st,
    });
    transferred = undefined;
    reason = undefined;
  };

  // A.4–A.5: every ballot with weight one to its top-ranked candidate.
  piles.firstCount();

  for (;;) {
    const barred = guard.barred(st);
    if (barred.length === 0 && complete()) break;
    closeRound();
    if (barred.length > 0) {
      // The balance rule: exclude everyone whose election would make the minimum impossible (D.2).
      for (const c of barred) { st[c] = EXCLUDED; log.exclude(c, true); }
      for (const c of barred) { piles.transfer(c); votes[c] = 0n; }
      action = 'excluded';
      subject = barred[0]!;
      reason = 'balance';
      continue;
    }
    // B.1: elect every hopeful candidate with at least a quota, transfer pending; then test D.3.
    const winners: number[] = [];
    for (const c of orderOfElection(inState(st, HOPEFUL).filter((c) => votes[c]! >= quota), votes, [], p.lot)) {
      if (guard.blocked(st, c)) continue;
      st[c] = PENDING;
      log.elect(c);
      winners.push(c);
    }
    if (complete() || guard.barred(st).length > 0) {
      action = 'elected';
      subject = winners[0] ?? null;
      if (complete() && guard.barred(st).length === 0) break;
      continue;
    }
    const pending = inState(st, PENDING);
    if (pending.length > 0) {
      // B.3: transfer the largest surplus; ties by the lot (D.1).
      const high = pending.reduce((m, c) => (votes[c]! > m ? votes[c]! : m), votes[pending[0]!]!);
      const tied = pending.filter((c) => votes[c] === high);
      const c = tied.length > 1 ? p.lot.pick(tied) : tied[0]!;
      if (tied.length > 1) log.tie('surplus-order', tied, c, 'lot');
      st[c] = ELECTED;
      const total = votes[c]!;
      const surplus = total - quota;
      // New weight = weight × surplus, truncated, ÷ total vote, truncated (D.4); then D.2.
      piles.transfer(c, (w) => divDown(FP, mulDown(FP, w, surplus), total));
      votes[c] = quota;
      action = 'surplus-transferred';
      subject = c;
      transferred = formatFixed(FP, surplus);
      continue;
    }
    // B.4: defeat the hopeful candidate with the lowest vote; ties by the lot (D.1); transfer (D.2).
    const { candidates: hopeful, acted } = guard.excludable(st, inState(st, HOPEFUL), votes);
    const low = hopeful.reduce((m, c) => (votes[c]! < m ? votes[c]! : m), votes[hopeful[0]!]!);
    const tied = hopeful.filter((c) => votes[c] === low);
    const c = tied.length > 1 ? p.lot.pick(tied) : tied[0]!;
    if (tied.length > 1) log.tie('exclusion', tied, c, 'lot');
    st[c] = EXCLUDED;
    log.exclude(c, acted);
    if (acted) reason = 'balance';
    piles.transfer(c);
    votes[c] = 0n;
    action = 'excluded';
    subject = c;
  }

  // C: pending candidates are elected; then elect the remaining hopefuls if seats remain, else defeat them.
  for (const c of inState(st, PENDING)) st[c] = ELECTED;
  for (const c of inState(st, HOPEFUL)) { // in ballot order
    if (seatsLeft() > 0) { st[c] = ELECTED; log.elect(c); } else { st[c] = EXCLUDED; log.exclude(c); }
  }
  closeRound();
  return ok(log.result('wigm', quotaText));
}
