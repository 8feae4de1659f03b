/**
 * Shared types of the counting core. Everything here is plain data (JSON-serialisable apart from
 * nothing: all numbers that come out of a count are decimal strings).
 */

/** One ballot line: `weight` identical ballots with the same ranking. */
export interface Ballot {
  /** How many identical ballots this line stands for (a positive integer). */
  readonly weight: number;
  /** Candidate indices (0-based, into `Election.candidates`) in order of preference. */
  readonly ranking: readonly number[];
}

/** An election as read from a BLT file (see `parseBlt`). */
export interface Election {
  readonly title: string;
  /** Candidate names in ballot order; a candidate's index is its number in the BLT file minus one. */
  readonly candidates: readonly string[];
  readonly seats: number;
  readonly ballots: readonly Ballot[];
  /** Indices of withdrawn candidates: they are skipped on every ballot and cannot win. */
  readonly withdrawn: readonly number[];
}

/** The counting rules this module implements. */
export type RuleName =
  | 'scottish'
  | 'wigm'
  | 'meek'
  | 'meek-guarded'
  | 'irv'
  | 'plurality'
  | 'approval';

/**
 * A candidate's state at the end of a round.
 * `pending` = elected, but the surplus has not been transferred yet (WIGM family only).
 */
export type CandidateStatus = 'hopeful' | 'pending' | 'elected' | 'excluded' | 'withdrawn';

/** One candidate's line in a round. */
export interface CandidateTally {
  readonly candidate: string;
  /** Votes as a decimal string with the rule's number of places. */
  readonly votes: string;
  readonly status: CandidateStatus;
  /** Meek only: the keep factor used in this round's final iteration. */
  readonly keepFactor?: string;
}

/**
 * What happened in a round:
 * - `first-count`: first preferences were counted (always round 1);
 * - `surplus-transferred`: the surplus of `candidate` was transferred;
 * - `excluded`: `candidate` (and, for batch exclusions, the rest of `excluded`) was excluded
 *   and, for transfer rules, their ballots transferred;
 * - `elected`: (Meek) an iteration elected `candidate` (and the rest of `elected`).
 */
export type RoundAction = 'first-count' | 'surplus-transferred' | 'excluded' | 'elected';

/**
 * One round (stage) of a count. Round numbers start at 1 (the first count), so round `n` is the
 * official "stage n" and Droop's round `n - 1`.
 */
export interface Round {
  readonly round: number;
  readonly action: RoundAction;
  /** The candidate the action is about (null for the first count). */
  readonly candidate: string | null;
  /** Surplus transfers: the size of the surplus that was transferred. */
  readonly transferred?: string;
  /** Candidates who were elected in this round, in order of election. */
  readonly elected: readonly string[];
  /** Candidates who were excluded (or, at the end, left unelected) in this round. */
  readonly excluded: readonly string[];
  /** The quota (or IRV majority threshold) in force at the end of this round; null if the rule has none. */
  readonly quota: string | null;
  /** Non-transferable (exhausted) votes so far; for Meek the residual, which also holds rounding loss. */
  readonly exhausted: string;
  /** Meek only: the total surplus after the round's last iteration. */
  readonly surplus?: string;
  /** Meek only: the total of all hopeful and elected candidates' votes after the last iteration. */
  readonly totalVotes?: string;
  /** Meek only: how many iterations the round took. */
  readonly iterations?: number;
  /**
   * `balance`: the gender-balance rule acted in this round — its exclusions were made because
   * electing those candidates would have made the minimum impossible, or because the lowest
   * candidate could not be excluded without leaving too few of their gender. Absent otherwise.
   */
  readonly reason?: 'balance';
  /** Every candidate (in ballot order) at the end of the round. */
  readonly tallies: readonly CandidateTally[];
}

/** How a tie was resolved. */
export interface TieBreak {
  /** Round in which the tie was broken. */
  readonly round: number;
  /** What the tie was about. */
  readonly reason: 'exclusion' | 'surplus-order' | 'last-seat';
  readonly between: readonly string[];
  readonly chosen: string;
  /** `earlier-stage`: decided by the most recent earlier round at which they differed; `lot`: by the seeded lot. */
  readonly method: 'earlier-stage' | 'lot';
}

/** The outcome of a count. */
export interface CountResult {
  readonly rule: RuleName;
  /** Winners in order of election. */
  readonly winners: readonly string[];
  readonly rounds: readonly Round[];
  /** The quota at the start of the count (null for rules without one). */
  readonly quota: string | null;
  readonly tieBreaks: readonly TieBreak[];
  /** The seed of the lot, published so that anyone can repeat the count. */
  readonly seed: string;
  /** The order the lot put the candidates in (the earliest tied candidate is chosen). */
  readonly lotOrder: readonly string[];
  /** Ballots with at least one valid (non-withdrawn) preference. */
  readonly validBallots: number;
  /**
   * Only when the count ran under a balance rule: whom the rule excluded or passed over, and in
   * which round (1 for the single-round plurality and approval counts), in the order it acted.
   */
  readonly passedOver?: readonly { readonly candidate: string; readonly round: number }[];
}

/** A candidate's gender as the balance rule sees it ('other' counts toward neither minimum). */
export type BalanceGender = 'woman' | 'man' | 'other';

/**
 * A gender-balance constraint (issue #15's balance:40): at least `minimum` women and `minimum`
 * men must be elected. The counts enforce it at every point they would elect or exclude.
 */
export interface BalanceConstraint {
  /** Each candidate's gender, by index into `Election.candidates`. */
  readonly genders: readonly BalanceGender[];
  /** Least seats each of women and men must hold. */
  readonly minimum: number;
}

/** Options shared by all counts. */
export interface CountOptions {
  /** Seed for the lot (any string). Default `"0"`. Publish it with the result. */
  readonly seed?: string;
  /**
   * A predetermined lot order (candidate indices, each exactly once): when the lot has to choose
   * between tied candidates it takes the one earliest in this order. By default the order is drawn
   * from `seed`. Passing `[0, 1, 2, …]` reproduces Droop, whose default tie order is ballot order.
   */
  readonly lotOrder?: readonly number[];
  /** A gender-balance constraint (STV rules, plurality and approval; IRV ignores it). */
  readonly balance?: BalanceConstraint;
}

/** Why a count could not be made. */
export interface TallyError {
  readonly code:
    | 'NO_CANDIDATES'
    | 'BAD_SEATS'
    | 'TOO_FEW_CANDIDATES'
    | 'NO_VALID_BALLOTS'
    | 'BAD_BALLOT'
    | 'BAD_LOT_ORDER'
    | 'BALANCE_UNREACHABLE'
    | 'UNKNOWN_RULE';
  readonly message: string;
}
