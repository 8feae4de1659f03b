import { readUser } from '../commands/parser.js';
import type { MessageKey, MessageParams } from '../i18n/translator.js';
import { type BalanceMode, type Gender, minimumPerGender } from './balance.js';
import { count, type CountResult, type RuleName, writeBlt } from './tally/index.js';

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
  const standing = candidates.filter((c) => c.state === 'accepted');
  const index = new Map(standing.map((c, i) => [c.seq, i]));
  const result = count(
    ruleOf(e.method, e.rule),
    {
      title: e.title,
      candidates: standing.map((c) => String(c.seq)),
      seats: Math.min(e.seats, standing.length),
      ballots: ballots.map((r) => ({ weight: 1, ranking: r.map((s) => index.get(s)!).filter((i) => i !== undefined) })).filter((b) => b.ranking.length > 0),
      withdrawn: [],
    },
    { seed },
  );
  if (!result.ok) throw new Error(`count failed: ${result.error.code}`);
  return result.value;
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

/** The count of an election under its balance rule (see {@link countElection}). */
export interface BalancedResult {
  readonly mode: BalanceMode;
  /** One count for 'none' and 'forty' (gender null); two for 'pairs': women's and men's, in that order. */
  readonly counts: readonly { readonly gender: Gender | null; readonly result: CountResult }[];
  /** 'forty': who the rule passed over or excluded, and in which round of the count (candidate = card number as string). */
  readonly passedOver: readonly { readonly candidate: string; readonly round: number; readonly gender: Gender }[];
}

/**
 * Counts an election under its balance rule. Interim version (the `balance` branch replaces it):
 * 'pairs' counts the ballots among the women and among the men; 'forty' swaps the last elected of
 * a gender over its share for the strongest unelected of the short gender.
 */
export function countElection(
  e: { readonly title: string; readonly seats: number; readonly method: Method; readonly rule: StvRule; readonly balance: BalanceMode },
  candidates: readonly Candidate[],
  ballots: readonly (readonly number[])[],
  seed: string,
  genders: ReadonlyMap<number, Gender>,
): BalancedResult {
  if (e.balance === 'pairs') {
    const among = (g: Gender) => {
      const mine = candidates.filter((c) => genders.get(c.seq) === g);
      const seqs = new Set(mine.map((c) => c.seq));
      return { gender: g, result: countBallots(e, mine, ballots.map((b) => b.filter((s) => seqs.has(s))), seed) };
    };
    return { mode: 'pairs', counts: [among('woman'), among('man')], passedOver: [] };
  }
  const result = countBallots(e, candidates, ballots, seed);
  if (e.balance !== 'forty') return { mode: e.balance, counts: [{ gender: null, result }], passedOver: [] };
  const need = minimumPerGender(e.seats);
  const winners = [...result.winners];
  const passedOver: { candidate: string; round: number; gender: Gender }[] = [];
  const last = result.rounds.at(-1);
  const byVotes = [...(last?.tallies ?? [])].sort((a, b) => Number(b.votes) - Number(a.votes)).map((t) => t.candidate);
  for (const short of ['woman', 'man'] as const) {
    const has = () => winners.filter((w) => genders.get(Number(w)) === short).length;
    while (has() < need) {
      const next = byVotes.find((c) => !winners.includes(c) && genders.get(Number(c)) === short);
      const out = [...winners].reverse().find((w) => genders.get(Number(w)) !== short);
      if (!next || !out) break;
      winners[winners.indexOf(out)] = next;
      passedOver.push({ candidate: out, round: last?.round ?? 1, gender: genders.get(Number(out)) ?? 'other' });
    }
  }
  return { mode: 'forty', counts: [{ gender: null, result: { ...result, winners } }], passedOver };
}
