import { createHash } from 'node:crypto';
import { count, type RuleName, writeBlt } from './tally/index.js';

/** The label of the record's format; also the first line hashed into the chain. */
export const RECORD_VERSION = 'neuvo-record-v1';

/** One published ballot: its receipt code and the ranking by candidate names. */
export interface RecordBallot {
  readonly receipt: string;
  readonly ranking: readonly string[];
}

/**
 * The published record of a secret election: its ballots in receipt order with a SHA-256 hash chain,
 * and what is needed to count them again (rule, seats, seed). `winners` is what Neuvo counted.
 */
export interface PublicRecord {
  readonly version: typeof RECORD_VERSION;
  readonly electionId: string;
  readonly title: string;
  /** `plurality`, `approval` or `stv`. */
  readonly method: string;
  /** The counting rule of the tally core (`scottish`, `meek`, `plurality`, `approval`). */
  readonly rule: RuleName;
  readonly seats: number;
  /** The seed of the lot that breaks ties the rule leaves open. */
  readonly seed: string;
  readonly candidates: readonly string[];
  readonly ballots: readonly RecordBallot[];
  readonly chain: { readonly algorithm: 'sha256'; readonly head: string };
  /** The winners Neuvo published, in order of election. */
  readonly winners: readonly string[];
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The first link: `sha256("neuvo-record-v1\n" + electionId)`. */
export function chainStart(electionId: string): string {
  return sha256(`${RECORD_VERSION}\n${electionId}`);
}

/** The next link: `sha256(previous + "\n" + receipt + " " + names joined by ">")`. */
export function chainNext(previous: string, ballot: RecordBallot): string {
  return sha256(`${previous}\n${ballot.receipt} ${ballot.ranking.join('>')}`);
}

/** The head of the chain over `ballots` in the order given (the start itself when there are none). */
export function chainHead(electionId: string, ballots: readonly RecordBallot[]): string {
  return ballots.reduce(chainNext, chainStart(electionId));
}

/** Receipt order: plain code-unit order, the same in every language and program. */
export function byReceipt(a: RecordBallot, b: RecordBallot): number {
  return a.receipt < b.receipt ? -1 : a.receipt > b.receipt ? 1 : 0;
}

/** Builds the record: the ballots sorted by receipt and chained. */
export function buildRecord(r: Omit<PublicRecord, 'version' | 'chain' | 'ballots'> & { readonly ballots: readonly RecordBallot[] }): PublicRecord {
  const ballots = [...r.ballots].sort(byReceipt);
  return { version: RECORD_VERSION, ...r, ballots, chain: { algorithm: 'sha256', head: chainHead(r.electionId, ballots) } };
}

/** Counts a record's ballots with its own rule, seats and seed: the winners by name, in order. */
export function recount(r: Pick<PublicRecord, 'title' | 'rule' | 'seats' | 'seed' | 'candidates' | 'ballots'>): { ok: true; winners: string[] } | { ok: false; error: string } {
  const index = new Map(r.candidates.map((c, i) => [c, i]));
  const unknown = r.ballots.flatMap((b) => b.ranking).find((n) => !index.has(n));
  if (unknown !== undefined) return { ok: false, error: `a ballot ranks ${JSON.stringify(unknown)}, who is not among the candidates` };
  const result = count(
    r.rule,
    {
      title: r.title,
      candidates: r.candidates,
      seats: Math.min(r.seats, r.candidates.length),
      ballots: r.ballots.filter((b) => b.ranking.length > 0).map((b) => ({ weight: 1, ranking: b.ranking.map((n) => index.get(n)!) })),
      withdrawn: [],
    },
    { seed: r.seed },
  );
  if (!result.ok) return { ok: false, error: result.error.message };
  return { ok: true, winners: [...result.value.winners] };
}

/** What checking a record found. */
export interface Verification {
  /** The chain recomputed from the ballots ends at the published head. */
  readonly chainMatches: boolean;
  readonly computedHead: string;
  /** Counting the ballots again gives the published winners, in order. */
  readonly countMatches: boolean;
  readonly computedWinners: readonly string[];
  /** Why the record could not be read or counted, if so. */
  readonly problem?: string;
}

/** Recomputes a record's hash chain and count and compares them with what it publishes. */
export function verifyRecord(r: PublicRecord): Verification {
  const computedHead = chainHead(r.electionId, r.ballots);
  const counted = recount(r);
  const computedWinners = counted.ok ? counted.winners : [];
  return {
    chainMatches: computedHead === r.chain.head,
    computedHead,
    countMatches: counted.ok && computedWinners.length === r.winners.length && computedWinners.every((w, i) => w === r.winners[i]),
    computedWinners,
    ...(counted.ok ? {} : { problem: counted.error }),
  };
}

/** Checks that parsed JSON has a record's shape; the reason when it does not. */
export function readRecord(value: unknown): { ok: true; record: PublicRecord } | { ok: false; error: string } {
  const v = value as Partial<Record<keyof PublicRecord, unknown>> | null;
  const strings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
  if (typeof v !== 'object' || v === null) return { ok: false, error: 'expected a JSON object' };
  if (typeof v.electionId !== 'string') return { ok: false, error: 'expected "electionId" (a string)' };
  if (typeof v.rule !== 'string') return { ok: false, error: 'expected "rule" (a string)' };
  if (typeof v.seats !== 'number' || !Number.isInteger(v.seats) || v.seats < 1) return { ok: false, error: 'expected "seats" (a whole number, 1 or more)' };
  if (typeof v.seed !== 'string') return { ok: false, error: 'expected "seed" (a string)' };
  if (!strings(v.candidates)) return { ok: false, error: 'expected "candidates" (a list of names)' };
  if (!strings(v.winners)) return { ok: false, error: 'expected "winners" (a list of names)' };
  const ballots = v.ballots as unknown;
  if (!Array.isArray(ballots) || !ballots.every((b) => typeof b?.receipt === 'string' && strings(b?.ranking))) return { ok: false, error: 'expected "ballots" (a list of { "receipt", "ranking": [names] })' };
  const chain = v.chain as { algorithm?: unknown; head?: unknown } | undefined;
  if (chain?.algorithm !== 'sha256' || typeof chain.head !== 'string') return { ok: false, error: 'expected "chain": { "algorithm": "sha256", "head" }' };
  return { ok: true, record: { ...(v as PublicRecord), title: typeof v.title === 'string' ? v.title : '', method: typeof v.method === 'string' ? v.method : v.rule } };
}

/** A record's ballots as a BLT file (candidates by name), for other counting programs. */
export function recordBlt(r: PublicRecord): string {
  const index = new Map(r.candidates.map((c, i) => [c, i]));
  return writeBlt({
    title: r.title,
    candidates: r.candidates,
    seats: Math.min(r.seats, r.candidates.length),
    ballots: r.ballots.map((b) => ({ weight: 1, ranking: b.ranking.flatMap((n) => (index.has(n) ? [index.get(n)!] : [])) })),
    withdrawn: [],
  });
}
