/**
 * Scottish STV: The Scottish Local Government Elections Order 2007 (SSI 2007/42), schedule 1,
 * rules 45–52 — a weighted inclusive Gregory method with fixed-point arithmetic to 5 decimal places.
 * The control flow follows the reference implementation (Droop's `scotland` rule), whose output
 * our tests reproduce figure for figure.
 */
import { fixedPoint, formatFixed, fromInteger, mulDivDown } from './decimal.js';
import { BalanceGuard } from './balance-guard.js';
import { Piles } from './piles.js';
import { prepare } from './prepare.js';
import {
  breakTieByEarlierStages, CountLog, countState, ELECTED, EXCLUDED, HOPEFUL, inState, initialStates, orderOfElection, PENDING,
} from './record.js';
import { err, ok, type Result } from './result.js';
import type { CountOptions, CountResult, Election, RoundAction, TallyError } from './types.js';

const FP = fixedPoint(5); // rule 48(3): "the calculation being made to five decimal places"

/**
 * Counts an election under Scottish STV (SSI 2007/42 rules 45–52).
 * Quota floor(valid/(seats+1))+1; transfer values (surplus × value ÷ total) truncated to 5 places;
 * one surplus (the largest) per stage; ties broken by the most recent earlier stage, then by lot.
 * Under a balance constraint (`options.balance`) the candidates the rule bars are excluded in a
 * stage of their own, their ballots transferred at the value received, before anything else.
 */
export function stvScottish(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
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
  const history: bigint[][] = []; // votes at the end of each round, for rules 49(2) and 51(2)(a)

  // Rule 46: quota = (valid ballots ÷ (seats + 1)), ignoring decimals, plus one.
  const quota = fromInteger(FP, p.validBallots / BigInt(p.seats + 1) + 1n);
  const quotaText = formatFixed(FP, quota);

  // Rule 47(1): a candidate whose votes equal or exceed the quota is elected. A surplus (votes
  // exceeding the quota) is transferred later, one candidate per stage (rules 48(1), 49(1)); until
  // then the candidate is "pending". Rule 48 applies only when the votes *exceed* the quota, so a
  // candidate with exactly the quota has nothing to transfer. (Droop spends a stage transferring
  // a zero surplus; no reference case has one, and this changes no figure, only stage numbers.)
  const electByQuota = (): void => {
    const reached = inState(st, HOPEFUL).filter((c) => votes[c]! >= quota);
    for (const c of orderOfElection(reached, votes, history, p.lot)) {
      if (guard.blocked(st, c)) continue; // stays hopeful until the balance stage excludes them
      st[c] = votes[c]! > quota ? PENDING : ELECTED;
      log.elect(c);
    }
  };
  const seatsLeft = (): number => p.seats - countState(st, PENDING) - countState(st, ELECTED);
  // Complete when every seat is filled, or when rule 52(1) can fill the rest.
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
    history.push(votes.slice());
  };

  // Rule 45: first preferences, every ballot with value 1.
  piles.firstCount();
  electByQuota();

  for (;;) {
    const barred = guard.barred(st);
    if (barred.length === 0 && complete()) break;
    closeRound();
    transferred = undefined;
    reason = undefined;
    if (barred.length > 0) {
      // The balance rule: these candidates cannot be elected without making the minimum
      // impossible, so they are excluded together and their ballots move on as in rule 50.
      for (const c of barred) { st[c] = EXCLUDED; log.exclude(c, true); }
      for (const c of barred) { piles.transfer(c); votes[c] = 0n; }
      action = 'excluded';
      subject = barred[0]!;
      reason = 'balance';
      if (complete()) break;
      electByQuota();
      continue;
    }
    const pending = inState(st, PENDING);
    if (pending.length > 0) {
      // Rule 49(1): transfer the largest surplus first. Rule 49(2)–(3): equal surpluses are
      // ordered by the most recent earlier stage at which the candidates' votes differed, else by lot.
      const high = pending.reduce((m, c) => (votes[c]! > m ? votes[c]! : m), votes[pending[0]!]!);
      const tied = pending.filter((c) => votes[c] === high);
      let c = tied[0]!;
      if (tied.length > 1) {
        const t = breakTieByEarlierStages(tied, history, 'highest', p.lot);
        c = t.chosen;
        log.tie('surplus-order', tied, c, t.method);
      }
      st[c] = ELECTED;
      const total = votes[c]!;
      const surplus = total - quota;
      // Rule 48(3)–(4): each ballot's new value = surplus × (its value when received) ÷ total votes,
      // to five decimal places with any remainder ignored. Ballots go to the next continuing
      // candidate (rule 48(2)); those with none are non-transferable (rule 48(1)(b)).
      piles.transfer(c, (w) => mulDivDown(w, surplus, total));
      votes[c] = quota;
      action = 'surplus-transferred';
      subject = c;
      transferred = formatFixed(FP, surplus);
      electByQuota();
      continue;
    }
    // Rule 50(1): no surplus to transfer, so exclude the candidate with the fewest votes.
    // Rule 51: ties are decided by the most recent earlier stage with unequal votes, else by lot.
    // Under balance, a candidate whose exclusion would leave their gender short is passed by.
    const { candidates: hopeful, acted } = guard.excludable(st, inState(st, HOPEFUL), votes);
    const low = hopeful.reduce((m, c) => (votes[c]! < m ? votes[c]! : m), votes[hopeful[0]!]!);
    const tied = hopeful.filter((c) => votes[c] === low);
    let c = tied[0]!;
    if (tied.length > 1) {
      const t = breakTieByEarlierStages(tied, history, 'lowest', p.lot);
      c = t.chosen;
      log.tie('exclusion', tied, c, t.method);
    }
    st[c] = EXCLUDED;
    log.exclude(c, acted);
    if (acted) reason = 'balance';
    // Rule 50(2)–(4): the excluded candidate's ballots move on at the value they had when received.
    piles.transfer(c);
    votes[c] = 0n;
    action = 'excluded';
    subject = c;
    if (complete()) break; // rule 52(2): no further transfer once rule 52(1) applies
    electByQuota();
  }

  // End of count: surpluses still pending need no transfer (rule 52(2)).
  for (const c of inState(st, PENDING)) st[c] = ELECTED;
  const hopeful = inState(st, HOPEFUL);
  if (hopeful.length <= seatsLeft()) {
    // Rule 52(1): as many continuing candidates as vacancies — they are deemed elected
    // together; they are listed in ballot order.
    for (const c of hopeful) { st[c] = ELECTED; log.elect(c); }
  } else {
    for (const c of hopeful) { st[c] = EXCLUDED; log.exclude(c); }
  }
  closeRound();
  return ok(log.result('scottish', quotaText));
}
