/**
 * Candidate states, tie-breaking and the round log, shared by the counts.
 */
import type { Lot } from './lot.js';
import type { Prepared } from './prepare.js';
import type { CandidateStatus, CandidateTally, CountResult, Round, RoundAction, RuleName, TieBreak } from './types.js';

/** Candidate state codes kept in a `Uint8Array`. */
export const HOPEFUL = 0;
export const PENDING = 1; // elected, surplus not yet transferred
export const ELECTED = 2;
export const EXCLUDED = 3;
export const WITHDRAWN = 4;

const STATUS_NAMES: readonly CandidateStatus[] = ['hopeful', 'pending', 'elected', 'excluded', 'withdrawn'];

/** The initial states: hopeful, or withdrawn. */
export function initialStates(p: Prepared): Uint8Array {
  const st = new Uint8Array(p.names.length);
  for (let c = 0; c < st.length; c++) st[c] = p.withdrawn[c] ? WITHDRAWN : HOPEFUL;
  return st;
}

/** Indices of candidates in `state`, in ballot order. */
export function inState(st: Uint8Array, state: number): number[] {
  const out: number[] = [];
  for (let c = 0; c < st.length; c++) if (st[c] === state) out.push(c);
  return out;
}

/** Number of candidates in `state`. */
export function countState(st: Uint8Array, state: number): number {
  let k = 0;
  for (let c = 0; c < st.length; c++) if (st[c] === state) k++;
  return k;
}

/**
 * Orders candidates who reach the quota at the same stage: most votes first; equal votes are
 * ordered by the most recent earlier stage at which they differed (as rule 49(2) orders equal
 * surpluses), then by the lot. This only decides the order in which they are listed as elected.
 */
export function orderOfElection(
  cands: readonly number[],
  votes: readonly bigint[],
  history: readonly (readonly bigint[])[],
  lot: Lot,
): number[] {
  const sorted = [...cands].sort((a, b) => (votes[a]! > votes[b]! ? -1 : votes[a]! < votes[b]! ? 1 : a - b));
  const out: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    let j = i;
    while (j < sorted.length && votes[sorted[j]!] === votes[sorted[i]!]) j++;
    const group = sorted.slice(i, j);
    while (group.length > 1) {
      const { chosen } = breakTieByEarlierStages(group, history, 'highest', lot);
      out.push(chosen);
      group.splice(group.indexOf(chosen), 1);
    }
    out.push(group[0]!);
    i = j;
  }
  return out;
}

/**
 * Breaks a tie the Scottish way (SSI 2007/42 rules 49(2)–(3) and 51(2)): look back at the end of
 * each earlier round, most recent first, for one at which exactly one of the tied candidates had
 * the lowest (for an exclusion) or highest (for the surplus order) vote; failing that, by lot.
 * `history[k]` holds every candidate's votes at the end of round k+1. Like the reference
 * implementation, the whole tied group is compared at each earlier stage.
 */
export function breakTieByEarlierStages(
  tied: readonly number[],
  history: readonly (readonly bigint[])[],
  want: 'lowest' | 'highest',
  lot: Lot,
): { chosen: number; method: 'earlier-stage' | 'lot' } {
  for (let k = history.length - 1; k >= 0; k--) {
    const votes = history[k]!;
    let extreme = votes[tied[0]!]!;
    for (const c of tied) {
      const v = votes[c]!;
      if (want === 'lowest' ? v < extreme : v > extreme) extreme = v;
    }
    const at = tied.filter((c) => votes[c] === extreme);
    if (at.length === 1) return { chosen: at[0]!, method: 'earlier-stage' };
  }
  return { chosen: lot.pick(tied), method: 'lot' };
}

/** Collects rounds, tie-breaks and winners while a count runs. */
export class CountLog {
  readonly rounds: Round[] = [];
  readonly tieBreaks: TieBreak[] = [];
  readonly winners: number[] = [];
  /** Set when the count runs under a balance rule: the result then lists `passedOver`. */
  balanced = false;
  private readonly passed: { c: number; round: number }[] = [];
  private roundElected: number[] = [];
  private roundExcluded: number[] = [];

  constructor(private readonly p: Prepared) {}

  /** The round now being counted (1-based). */
  get roundNumber(): number {
    return this.rounds.length + 1;
  }

  /** Records an election (in order of election). */
  elect(c: number): void {
    this.winners.push(c);
    this.roundElected.push(c);
  }

  /** Records an exclusion (or a candidate left unelected at the end); `byRule` if the balance rule made it. */
  exclude(c: number, byRule = false): void {
    this.roundExcluded.push(c);
    if (byRule) this.passed.push({ c, round: this.roundNumber });
  }

  /** Records how a tie was broken. */
  tie(reason: TieBreak['reason'], between: readonly number[], chosen: number, method: TieBreak['method']): void {
    const names = this.p.names;
    this.tieBreaks.push({
      round: this.roundNumber,
      reason,
      between: [...between].sort((a, b) => a - b).map((c) => names[c]!),
      chosen: names[chosen]!,
      method,
    });
  }

  /** Closes the current round with its figures. */
  close(fields: {
    action: RoundAction;
    candidate: number | null;
    transferred?: string;
    quota: string | null;
    exhausted: string;
    votes: readonly string[];
    states: Uint8Array;
    keepFactors?: readonly string[];
    surplus?: string;
    totalVotes?: string;
    iterations?: number;
    reason?: 'balance';
  }): void {
    const names = this.p.names;
    const tallies: CandidateTally[] = names.map((name, c) => {
      const t: { candidate: string; votes: string; status: CandidateStatus; keepFactor?: string } = {
        candidate: name,
        votes: fields.votes[c]!,
        status: STATUS_NAMES[fields.states[c]!]!,
      };
      if (fields.keepFactors) t.keepFactor = fields.keepFactors[c]!;
      return t;
    });
    const round: { -readonly [K in keyof Round]: Round[K] } = {
      round: this.roundNumber,
      action: fields.action,
      candidate: fields.candidate === null ? null : names[fields.candidate]!,
      elected: this.roundElected.map((c) => names[c]!),
      excluded: this.roundExcluded.map((c) => names[c]!),
      quota: fields.quota,
      exhausted: fields.exhausted,
      tallies,
    };
    if (fields.transferred !== undefined) round.transferred = fields.transferred;
    if (fields.surplus !== undefined) round.surplus = fields.surplus;
    if (fields.totalVotes !== undefined) round.totalVotes = fields.totalVotes;
    if (fields.iterations !== undefined) round.iterations = fields.iterations;
    if (fields.reason !== undefined) round.reason = fields.reason;
    this.rounds.push(round);
    this.roundElected = [];
    this.roundExcluded = [];
  }

  /** Builds the final result. */
  result(rule: RuleName, quota: string | null): CountResult {
    const names = this.p.names;
    const result: CountResult = {
      rule,
      winners: this.winners.map((c) => names[c]!),
      rounds: this.rounds,
      quota,
      tieBreaks: this.tieBreaks,
      seed: this.p.seed,
      lotOrder: this.p.lot.order.map((c) => names[c]!),
      validBallots: Number(this.p.validBallots),
    };
    return this.balanced ? { ...result, passedOver: this.passed.map(({ c, round }) => ({ candidate: names[c]!, round })) } : result;
  }
}
