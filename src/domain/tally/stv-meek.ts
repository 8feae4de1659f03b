/**
 * Meek STV in two variants, both as in Droop:
 *
 * - `stvMeek`: the PR Foundation Reference Meek rule (Droop `meek-prf`): fixed-point to 9 places,
 *   omega = 10^-6, products and quotients rounded up where the rule says so, single defeats.
 *   Step numbers (A, B.1 …, C, T) are those of the PRF reference rule text.
 * - `stvMeekGuarded`: Droop's parametric `meek` rule with its defaults for guarded arithmetic:
 *   18 significant places plus 9 guard places (27 in all), values closer than half a unit of the
 *   18th place treated as equal, omega = 10^-9, quota without the "+ one unit" (exact-style
 *   arithmetic: a candidate needs more than the quota), and batch defeat of sure losers.
 *
 * In each round the keep factors of elected candidates are iterated until the total surplus is
 * below omega (or stops falling); then the lowest hopeful candidate is defeated.
 *
 * Under a balance constraint (`options.balance`) a candidate who reaches the quota but whose
 * election would make the minimum impossible is not elected; the candidates the rule bars are
 * defeated in a round of their own (keep factor 0, so their votes pass on in the next iteration),
 * and batch defeats are not used.
 */
import { ceilDiv, fixedPoint, floorDiv, formatFixed, fromInteger, type FixedPoint } from './decimal.js';
import { BalanceGuard } from './balance-guard.js';
import { prepare } from './prepare.js';
import { CountLog, countState, ELECTED, EXCLUDED, HOPEFUL, inState, initialStates, orderOfElection, WITHDRAWN } from './record.js';
import { err, ok, type Result } from './result.js';
import type { CountOptions, CountResult, Election, RoundAction, RuleName, TallyError } from './types.js';

interface MeekVariant {
  readonly rule: RuleName;
  readonly fp: FixedPoint;
  /** Places shown in reports. */
  readonly display: number;
  /** Values whose difference is below this are equal (0 = exact comparison). */
  readonly tolerance: bigint;
  readonly omega: bigint;
  /** PRF: quota + one unit and `vote >= quota`; guarded: no extra unit and `vote > quota`. */
  readonly quotaPlusEpsilon: boolean;
  /** PRF: keep = w × kf rounded up, w -= keep. Guarded: keep = w × kf and w = w × (1 − kf), both truncated. */
  readonly roundUp: boolean;
  readonly batchDefeat: boolean;
}

const PRF: MeekVariant = {
  rule: 'meek',
  fp: fixedPoint(9),
  display: 9,
  tolerance: 0n,
  omega: 1000n, // 10^-6 at 9 places
  quotaPlusEpsilon: true,
  roundUp: true,
  batchDefeat: false,
};

const GUARDED: MeekVariant = {
  rule: 'meek-guarded',
  fp: fixedPoint(27),
  display: 18,
  tolerance: 10n ** 9n / 2n, // half a unit of the 18th place
  omega: 10n ** 18n, // 10^-9 at 27 places
  quotaPlusEpsilon: false,
  roundUp: false,
  batchDefeat: true,
};

/** Counts an election under the PR Foundation Reference Meek rule (9 places, omega 10^-6). */
export function stvMeek(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  return meek(election, options, PRF);
}

/** Counts an election under Droop's parametric Meek (guarded 18+9 places, omega 10^-9, batch defeats). */
export function stvMeekGuarded(election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  return meek(election, options, GUARDED);
}

function meek(election: Election, options: CountOptions, V: MeekVariant): Result<CountResult, TallyError> {
  const prep = prepare(election, options);
  if (!prep.ok) return prep;
  const p = prep.value;
  const guard = BalanceGuard.of(p, options);
  if (!(guard instanceof BalanceGuard)) return err(guard);
  const { fp } = V;
  const ONE = fp.scale;
  const st = initialStates(p);
  const log = new CountLog(p);
  log.balanced = guard.active;
  const n = p.names.length;
  // A: keep factor 1 for hopeful candidates, 0 for withdrawn ones.
  const kf: bigint[] = Array.from({ length: n }, (_, c) => (st[c] === WITHDRAWN ? 0n : ONE));
  const votes: bigint[] = new Array<bigint>(n).fill(0n);
  const total = fromInteger(fp, p.validBallots);
  const divisor = BigInt(p.seats + 1);

  /** Three-way comparison honouring the guard tolerance. */
  const cmp = (a: bigint, b: bigint): number => {
    const d = a - b;
    if ((d < 0n ? -d : d) < V.tolerance || d === 0n) return 0;
    return d > 0n ? 1 : -1;
  };
  const calcQuota = (v: bigint): bigint => floorDiv(v, divisor) + (V.quotaPlusEpsilon ? fp.epsilon : 0n);
  const hasQuota = (v: bigint, q: bigint): boolean => (V.quotaPlusEpsilon ? v >= q : cmp(v, q) > 0);

  // Round 1 figures: first preferences, quota from the number of valid ballots.
  for (let g = 0; g < p.groups; g++) {
    const c = p.prefs[p.offsets[g]!]!;
    votes[c] = votes[c]! + p.counts[g]! * ONE;
  }
  let quota = calcQuota(total);
  const initialQuota = quota;
  let totalVotes = total;
  let surplus = 0n;
  let iterations = 0;

  /** B.2.a: distribute every ballot over its candidates by their keep factors. */
  const distribute = (): void => {
    for (let c = 0; c < n; c++) if (st[c] === HOPEFUL || st[c] === ELECTED) votes[c] = 0n;
    const { offsets, prefs, counts } = p;
    for (let g = 0; g < p.groups; g++) {
      let w = ONE;
      const m = counts[g]!;
      const end = offsets[g + 1]!;
      for (let k = offsets[g]!; k < end; k++) {
        const c = prefs[k]!;
        const f = kf[c]!;
        if (f === 0n) continue; // defeated: passes the whole weight on
        let keep: bigint;
        if (V.roundUp) {
          keep = ceilDiv(w * f, ONE); // PRF: w × kf, to 9 places, rounded up
          w -= keep;
        } else {
          keep = floorDiv(w * f, ONE); // Droop/OpenSTV: keep and remainder both truncated
          w = floorDiv(w * (ONE - f), ONE);
        }
        votes[c] = votes[c]! + keep * m;
        if (cmp(w, 0n) <= 0) break;
      }
    }
  };

  const seatsLeft = (): number => p.seats - countState(st, ELECTED);
  const complete = (): boolean => seatsLeft() <= 0 || countState(st, HOPEFUL) <= seatsLeft();

  let action: RoundAction = 'first-count';
  let subject: number | null = null;
  let kfShown: bigint[] = kf.slice();
  let votesShown: bigint[] = votes.slice();
  let reason: 'balance' | undefined;
  const closeRound = (): void => {
    log.close({
      action,
      candidate: subject,
      ...(reason !== undefined ? { reason } : {}),
      quota: formatFixed(fp, quota, V.display),
      exhausted: formatFixed(fp, total - totalVotes, V.display), // the residual: exhausted + rounding
      votes: votesShown.map((v) => formatFixed(fp, v, V.display)),
      keepFactors: kfShown.map((v) => formatFixed(fp, v, V.display)),
      states: st,
      surplus: formatFixed(fp, surplus, V.display),
      totalVotes: formatFixed(fp, totalVotes, V.display),
      iterations,
    });
  };

  /** Sure losers (Droop's batch defeat): the largest set of lowest candidates that cannot catch up. */
  const sureLosers = (): number[] => {
    const sorted = inState(st, HOPEFUL).sort((a, b) => cmp(votes[a]!, votes[b]!) || a - b);
    const groups: number[][] = [];
    let group: number[] = [];
    let lead = 0n;
    for (const c of sorted) {
      if (cmp(lead + surplus, votes[c]!) >= 0) {
        group.push(c); // effectively tied with the group's first member
      } else {
        if (group.length > 0) groups.push(group);
        group = [c];
        lead = votes[c]!;
      }
    }
    if (group.length > 0) groups.push(group);
    const maxDefeat = countState(st, HOPEFUL) - seatsLeft();
    let acc = 0n;
    let ncand = 0;
    let maxg = -1;
    for (let g = 0; g < groups.length - 1; g++) {
      const grp = groups[g]!;
      ncand += grp.length;
      if (ncand > maxDefeat) break;
      for (const c of grp) acc += votes[c]!;
      if (cmp(acc + surplus, votes[groups[g + 1]![0]!]!) < 0) maxg = g;
    }
    return groups.slice(0, maxg + 1).flat().sort((a, b) => a - b);
  };

  // B.1: rounds until the count is complete.
  for (;;) {
    const barred = guard.barred(st);
    if (barred.length === 0 && complete()) break;
    closeRound();
    reason = undefined;
    if (barred.length > 0) {
      // The balance rule: defeat every candidate whose election would make the minimum impossible.
      for (const c of barred) { st[c] = EXCLUDED; kf[c] = 0n; votes[c] = 0n; log.exclude(c, true); }
      kfShown = kf.slice();
      votesShown = votes.slice();
      iterations = 0;
      action = 'excluded';
      subject = barred[0]!;
      reason = 'balance';
      continue;
    }
    // B.2: iterate.
    let status: 'iterate' | 'elected' | 'omega' | 'stable' | 'batch' = 'iterate';
    let batch: number[] = [];
    let lastSurplus = total;
    const newlyElected: number[] = [];
    iterations = 0;
    while (status === 'iterate') {
      distribute(); // B.2.a
      iterations++;
      totalVotes = 0n;
      for (let c = 0; c < n; c++) if (st[c] === HOPEFUL || st[c] === ELECTED) totalVotes += votes[c]!;
      quota = calcQuota(totalVotes); // B.2.b
      const reached = inState(st, HOPEFUL).filter((c) => hasQuota(votes[c]!, quota)); // B.2.c
      for (const c of guard.active ? orderOfElection(reached, votes, [], p.lot) : reached) {
        if (guard.blocked(st, c)) continue; // defeated by the balance rule in the next round
        st[c] = ELECTED;
        newlyElected.push(c);
        status = 'elected';
      }
      surplus = 0n; // B.2.d
      for (const c of inState(st, ELECTED)) surplus += votes[c]! - quota;
      if (V.tolerance === 0n && surplus < 0n) surplus = 0n;
      if (status === 'elected') break;
      // B.2.e: stop when the surplus is below omega, or no longer falling.
      if (V.tolerance === 0n ? surplus < V.omega : cmp(surplus, V.omega) <= 0) { status = 'omega'; break; }
      if (cmp(surplus, lastSurplus) >= 0) { status = 'stable'; break; }
      if (V.batchDefeat && !guard.active) {
        batch = sureLosers();
        if (batch.length > 0) { status = 'batch'; break; }
      }
      lastSurplus = surplus;
      // B.2.f: kf ← kf × quota ÷ vote (PRF: each step rounded up to 9 places).
      for (const c of inState(st, ELECTED)) {
        kf[c] = V.roundUp
          ? ceilDiv(ceilDiv(kf[c]! * quota, ONE) * ONE, votes[c]!)
          : floorDiv(floorDiv(kf[c]! * quota, ONE) * ONE, votes[c]!);
      }
    }
    kfShown = kf.slice();
    votesShown = votes.slice();

    if (status === 'elected') {
      const ordered = orderOfElection(newlyElected, votes, [], p.lot);
      for (const c of ordered) log.elect(c);
      action = 'elected';
      subject = ordered[0]!;
      continue;
    }
    let defeated: number[];
    if (status === 'batch') {
      defeated = batch;
    } else {
      // B.3: defeat the lowest hopeful; anyone within the total surplus of the lowest counts as
      // tied with them, and ties are broken by the lot (T).
      // Under balance, a candidate whose defeat would leave their gender short is passed by.
      const { candidates: hopeful, acted } = guard.excludable(st, inState(st, HOPEFUL), votes);
      const low = hopeful.reduce((m, c) => (votes[c]! < m ? votes[c]! : m), votes[hopeful[0]!]!);
      const tied = hopeful.filter((c) => cmp(low + surplus, votes[c]!) >= 0);
      const c = tied.length > 1 ? p.lot.pick(tied) : tied[0]!;
      if (tied.length > 1) log.tie('exclusion', tied, c, 'lot');
      defeated = [c];
      if (acted) reason = 'balance';
    }
    for (const c of defeated) {
      st[c] = EXCLUDED;
      kf[c] = 0n; // B.3: a defeated candidate keeps nothing
      votes[c] = 0n;
      log.exclude(c, reason === 'balance');
    }
    action = 'excluded';
    subject = defeated[0]!;
  }

  // C: elect the remaining hopefuls while seats remain; defeat the rest.
  for (const c of inState(st, HOPEFUL)) { // in ballot order
    if (seatsLeft() > 0) { st[c] = ELECTED; log.elect(c); } else { st[c] = EXCLUDED; kf[c] = 0n; log.exclude(c); }
  }
  closeRound();
  return ok(log.result(V.rule, formatFixed(fp, initialQuota, V.display)));
}
