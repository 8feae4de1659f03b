import { readUser } from '../commands/parser.js';
import type { MessageKey, MessageParams } from '../i18n/translator.js';
import { type BalanceMode, type Gender, minimumPerGender } from './balance.js';
import { type BalanceConstraint, count, type CountResult, type Result, type RuleName, type TallyError, writeBlt } from './tally/index.js';

/** How ballots are marked: one name, any set of names, or a ranking. */
export type Method = 'plurality' | 'approval' | 'stv';
/** The STV rule an election counts by. */
export type StvRule = 'scottish' | 'meek';
/** Who casts a ballot: one per organisation (default) or one per person. */
export type Per = 'org' | 'person';
export type Phase = 'nominating' | 'voting' | 'closed';

export type Answer = 'nominated' | 'accepted' | 'declined';

export interface Candidate {
  /** The candidate's number on the election card. */
  readonly seq: number;
  readonly userId: string;
  readonly org: string | null;
  /**
   * Whether they stand: with a personal deputy, the pair's state (accepted once both accepted,
   * declined once either declined); without, the candidate's own answer.
   */
  readonly state: Answer;
  /** The candidate's own answer (differs from `state` for a pair). */
  readonly own?: Answer;
  /** The nomination statement, if any. */
  readonly statement?: string | null;
  /** The gender stated when accepting (personal data: coordinators and the proposal only). */
  readonly gender?: Gender | null;
  /** The personal deputy, in deputies:yes elections. */
  readonly deputy?: { readonly userId: string; readonly state: Answer; readonly gender: Gender | null } | null;
}

/** A pair's standing from its two answers: declined if either declined, accepted when both accepted. */
export function pairState(own: Answer, deputy: Answer | null): Answer {
  if (deputy === null) return own;
  if (own === 'declined' || deputy === 'declined') return 'declined';
  return own === 'accepted' && deputy === 'accepted' ? 'accepted' : 'nominated';
}

export type ChoiceResult =
  | { readonly ok: true; readonly ranking: readonly number[] }
  | { readonly ok: false; readonly code: MessageKey; readonly params: MessageParams };

/**
 * Reads the choices of a vote — candidate numbers from the card (`2 1 3`) or mentions — into a
 * ranking of candidate numbers, checking them against the method: plurality takes one name,
 * approval and STV any number of distinct accepted candidates (STV in order of preference).
 */
export function readChoices(words: readonly string[], candidates: readonly Candidate[], method: Method): ChoiceResult {
  const standing = candidates.filter((c) => c.state === 'accepted');
  const ranking: number[] = [];
  for (const w of words.flatMap((x) => x.split(/[\s,]+/)).filter(Boolean)) {
    const user = readUser(w);
    const found = user !== undefined ? standing.find((c) => c.userId === user) : standing.find((c) => String(c.seq) === w.replace(/^#/, ''));
    if (!found) return { ok: false, code: 'vote.unknown-candidate', params: { value: w } };
    if (ranking.includes(found.seq)) return { ok: false, code: 'vote.duplicate-candidate', params: { value: w } };
    ranking.push(found.seq);
  }
  if (ranking.length === 0) return { ok: false, code: 'vote.empty', params: {} };
  if (method === 'plurality' && ranking.length > 1) return { ok: false, code: 'vote.too-many', params: { max: 1 } };
  return { ok: true, ranking };
}

/** The counting rule of an election. */
export function ruleOf(method: Method, rule: StvRule): RuleName {
  return method === 'stv' ? rule : method;
}

/**
 * Counts an election's ballots. Candidates are named by their card number, so the result maps
 * back to people; `seed` drives the lot for ties the rule's own order leaves open.
 */
export function countBallots(
  e: { readonly title: string; readonly seats: number; readonly method: Method; readonly rule: StvRule },
  candidates: readonly Candidate[],
  ballots: readonly (readonly number[])[],
  seed: string,
): CountResult {
  const result = countStanding(e, candidates.filter((c) => c.state === 'accepted'), ballots, seed);
  if (!result.ok) throw new CountFailed(result.error);
  return result.value;
}

/** A count that could not be made (no valid ballots; under balance:40, a minimum the candidates cannot meet). */
export class CountFailed extends Error {
  constructor(readonly error: TallyError) {
    super(`count failed: ${error.code}`);
    this.name = 'CountFailed';
  }
}

type ElectionRules = { readonly title: string; readonly seats: number; readonly method: Method; readonly rule: StvRule };

/** Counts `standing` (seats capped at their number), with rankings reduced to them in their order. */
function countStanding(
  e: ElectionRules,
  standing: readonly Candidate[],
  ballots: readonly (readonly number[])[],
  seed: string,
  balance?: (seats: number) => BalanceConstraint,
): Result<CountResult, TallyError> {
  const index = new Map(standing.map((c, i) => [c.seq, i]));
  const seats = Math.min(e.seats, standing.length);
  return count(
    ruleOf(e.method, e.rule),
    {
      title: e.title,
      candidates: standing.map((c) => String(c.seq)),
      seats,
      ballots: ballots.map((r) => ({ weight: 1, ranking: r.map((s) => index.get(s)!).filter((i) => i !== undefined) })).filter((b) => b.ranking.length > 0),
      withdrawn: [],
    },
    balance ? { seed, balance: balance(seats) } : { seed },
  );
}

/** The result of an election under its balance rule. */
export interface BalancedResult {
  readonly mode: BalanceMode;
  /** One count for 'none' and 'forty' (gender null); two for 'pairs': women's and men's, in that order. */
  readonly counts: readonly { readonly gender: Gender | null; readonly result: CountResult }[];
  /** 'forty': who the rule passed over or excluded, and in which round of the count (candidate = card number as string). */
  readonly passedOver: readonly { readonly candidate: string; readonly round: number; readonly gender: Gender }[];
}

/**
 * Counts an election under its balance rule (issue #15).
 * - `none`: today's count ({@link countBallots}).
 * - `forty`: one count in which at least {@link minimumPerGender} of the seats (capped at the
 *   candidates standing) go to women and as many to men; candidates without a stated gender count as
 *   'other'. Throws {@link CountFailed} (`BALANCE_UNREACHABLE`) if the candidates cannot meet it.
 * - `pairs`: the same ballots counted among the women and among the men, each ranking keeping its
 *   order with the others left out, each for `seats` seats capped at that gender's candidates. A
 *   count in which no ballot names any of its candidates (or that has none) elects no one.
 */
export function countElection(
  e: ElectionRules & { readonly balance: BalanceMode },
  candidates: readonly Candidate[],
  ballots: readonly (readonly number[])[],
  seed: string,
  genders: ReadonlyMap<number, Gender>,
): BalancedResult {
  const standing = candidates.filter((c) => c.state === 'accepted');
  const genderOf = (seq: number): Gender => genders.get(seq) ?? 'other';
  if (e.balance === 'pairs') {
    const counts = (['woman', 'man'] as const).map((gender) => {
      const among = standing.filter((c) => genderOf(c.seq) === gender);
      const r = among.length > 0 ? countStanding(e, among, ballots, seed) : undefined;
      if (r && !r.ok && r.error.code !== 'NO_VALID_BALLOTS') throw new CountFailed(r.error);
      return { gender, result: r?.ok ? r.value : nobodyElected(ruleOf(e.method, e.rule), among, seed) };
    });
    return { mode: 'pairs', counts, passedOver: [] };
  }
  if (e.balance === 'forty') {
    const r = countStanding(e, standing, ballots, seed, (seats) => ({
      genders: standing.map((c) => genderOf(c.seq)),
      minimum: minimumPerGender(seats),
    }));
    if (!r.ok) throw new CountFailed(r.error);
    const passedOver = (r.value.passedOver ?? []).map((p) => ({ ...p, gender: genderOf(Number(p.candidate)) }));
    return { mode: 'forty', counts: [{ gender: null, result: r.value }], passedOver };
  }
  return { mode: 'none', counts: [{ gender: null, result: countBallots(e, candidates, ballots, seed) }], passedOver: [] };
}

/** The result of a count no ballot takes part in: one round, everyone at zero, nobody elected. */
function nobodyElected(rule: RuleName, among: readonly Candidate[], seed: string): CountResult {
  const names = among.map((c) => String(c.seq));
  return {
    rule,
    winners: [],
    rounds: [{
      round: 1,
      action: 'first-count',
      candidate: null,
      elected: [],
      excluded: names,
      quota: null,
      exhausted: '0',
      tallies: names.map((candidate) => ({ candidate, votes: '0', status: 'excluded' })),
    }],
    quota: null,
    tieBreaks: [],
    seed,
    lotOrder: names,
    validBallots: 0,
  };
}

/**
 * The ballots as a BLT file, so anyone can recount with another program (or `npm run tally`).
 * Seats are capped at the candidates standing, as {@link countBallots} does; a ranked candidate who
 * is not standing is left out of the ballot.
 */
export function toBlt(title: string, seats: number, candidates: readonly { readonly seq: number; readonly name: string }[], ballots: readonly (readonly number[])[]): string {
  const index = new Map(candidates.map((c, i) => [c.seq, i]));
  return writeBlt({
    title,
    candidates: candidates.map((c) => c.name),
    seats: Math.min(seats, candidates.length),
    ballots: ballots.map((b) => ({ weight: 1, ranking: b.flatMap((s) => (index.has(s) ? [index.get(s)!] : [])) })),
    withdrawn: [],
  });
}

