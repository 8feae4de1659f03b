/**
 * Input checks and ballot preparation shared by every count: withdrawn candidates are removed
 * from the rankings, ballots that rank nobody are dropped, and identical rankings are merged
 * into one group with a count (the counts only ever treat identical ballots identically, so
 * this changes no figure and makes large elections cheap).
 */
import { Lot } from './lot.js';
import { err, ok, type Result } from './result.js';
import type { Election, CountOptions, TallyError } from './types.js';

/** Election data in the compact form the counts work on. */
export interface Prepared {
  readonly names: readonly string[];
  readonly seats: number;
  /** 1 for each withdrawn candidate. */
  readonly withdrawn: Uint8Array;
  /** Number of ballot groups (distinct rankings). */
  readonly groups: number;
  /** Group `g`'s preferences are `prefs[offsets[g] … offsets[g+1]-1]`. */
  readonly offsets: Int32Array;
  readonly prefs: Int32Array;
  /** How many ballots each group stands for. */
  readonly counts: readonly bigint[];
  /** Ballots with at least one valid preference (rule 45(3): "the total number of valid ballot papers"). */
  readonly validBallots: bigint;
  readonly seed: string;
  readonly lot: Lot;
}

/** Checks an election and options and builds the compact ballot groups. */
export function prepare(election: Election, options: CountOptions = {}): Result<Prepared, TallyError> {
  const n = election.candidates.length;
  if (n < 1) return err({ code: 'NO_CANDIDATES', message: 'the election has no candidates' });
  if (!Number.isSafeInteger(election.seats) || election.seats < 1) {
    return err({ code: 'BAD_SEATS', message: `the number of seats must be a positive integer, got ${election.seats}` });
  }
  const withdrawn = new Uint8Array(n);
  for (const w of election.withdrawn) {
    if (!Number.isInteger(w) || w < 0 || w >= n) {
      return err({ code: 'BAD_BALLOT', message: `withdrawn candidate index ${w} is out of range` });
    }
    withdrawn[w] = 1;
  }
  const standing = n - withdrawn.reduce((a, b) => a + b, 0);
  if (election.seats > standing) {
    return err({ code: 'TOO_FEW_CANDIDATES', message: `${election.seats} seats but only ${standing} candidates standing` });
  }

  const seed = options.seed ?? '0';
  const lot = Lot.from(n, seed, options.lotOrder);
  if (typeof lot === 'string') return err({ code: 'BAD_LOT_ORDER', message: lot });

  const index = new Map<string, number>();
  const groupPrefs: number[][] = [];
  const counts: bigint[] = [];
  let valid = 0n;
  const seen = new Uint8Array(n);
  for (let b = 0; b < election.ballots.length; b++) {
    const ballot = election.ballots[b]!;
    if (!Number.isSafeInteger(ballot.weight) || ballot.weight < 0) {
      return err({ code: 'BAD_BALLOT', message: `ballot ${b + 1}: weight must be a non-negative integer` });
    }
    const ranking: number[] = [];
    let bad: string | null = null;
    for (const c of ballot.ranking) {
      if (!Number.isInteger(c) || c < 0 || c >= n) { bad = `candidate index ${c} is out of range`; break; }
      if (seen[c]) { bad = `candidate ${c + 1} is ranked twice`; break; }
      seen[c] = 1;
      if (!withdrawn[c]) ranking.push(c);
    }
    for (const c of ballot.ranking) if (Number.isInteger(c) && c >= 0 && c < n) seen[c] = 0;
    if (bad !== null) return err({ code: 'BAD_BALLOT', message: `ballot ${b + 1}: ${bad}` });
    if (ranking.length === 0 || ballot.weight === 0) continue; // ranks nobody standing: not a valid vote
    const key = ranking.join(',');
    const w = BigInt(ballot.weight);
    valid += w;
    const g = index.get(key);
    if (g === undefined) {
      index.set(key, groupPrefs.length);
      groupPrefs.push(ranking);
      counts.push(w);
    } else {
      counts[g] = counts[g]! + w;
    }
  }
  if (valid === 0n) return err({ code: 'NO_VALID_BALLOTS', message: 'no ballot ranks a standing candidate' });

  const offsets = new Int32Array(groupPrefs.length + 1);
  let total = 0;
  for (let g = 0; g < groupPrefs.length; g++) {
    offsets[g] = total;
    total += groupPrefs[g]!.length;
  }
  offsets[groupPrefs.length] = total;
  const prefs = new Int32Array(total);
  for (let g = 0; g < groupPrefs.length; g++) prefs.set(groupPrefs[g]!, offsets[g]!);

  return ok({
    names: election.candidates,
    seats: election.seats,
    withdrawn,
    groups: groupPrefs.length,
    offsets,
    prefs,
    counts,
    validBallots: valid,
    seed,
    lot,
  });
}
