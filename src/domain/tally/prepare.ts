/**
 * Input checks and ballot preparation shared by every count: withdrawn candidates are removed
 * from the rankings, ballots that rank nobody are dropped, and identical rankings are merged
 * into one group with a count (the counts only ever treat identical ballots identically, so
 * this changes no figure and makes large elections cheap).
 */
import { Lot } from './lot.js';
import { RankingGroups } from './ranking-groups.js';
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

  const ballots = election.ballots;
  const groups = new RankingGroups(n);
  // Weights are summed as numbers, exact while the total is a safe integer; past that (only with
  // weights near 2^53) the sums are made again as bigints from each ballot's group.
  const sums: number[] = [];
  const groupOf = new Int32Array(ballots.length).fill(-1);
  let total = 0;
  const seenOn = new Uint32Array(n); // 1 + the last ballot that ranked each candidate
  const ranking = new Int32Array(n); // this ballot's standing preferences (each candidate at most once)
  for (let b = 0; b < ballots.length; b++) {
    const { weight, ranking: ranked } = ballots[b]!;
    if (!Number.isSafeInteger(weight) || weight < 0) {
      return err({ code: 'BAD_BALLOT', message: `ballot ${b + 1}: weight must be a non-negative integer` });
    }
    let length = 0;
    for (const c of ranked) {
      if (!Number.isInteger(c) || c < 0 || c >= n) return err({ code: 'BAD_BALLOT', message: `ballot ${b + 1}: candidate index ${c} is out of range` });
      if (seenOn[c] === b + 1) return err({ code: 'BAD_BALLOT', message: `ballot ${b + 1}: candidate ${c + 1} is ranked twice` });
      seenOn[c] = b + 1;
      if (!withdrawn[c]) ranking[length++] = c;
    }
    if (length === 0 || weight === 0) continue; // ranks nobody standing: not a valid vote
    const g = groups.indexOf(ranking, length);
    if (g === sums.length) sums.push(weight);
    else sums[g] = sums[g]! + weight;
    groupOf[b] = g;
    total += weight;
  }
  if (total === 0) return err({ code: 'NO_VALID_BALLOTS', message: 'no ballot ranks a standing candidate' });
  let counts: bigint[];
  let valid: bigint;
  if (total <= Number.MAX_SAFE_INTEGER) {
    counts = sums.map((w) => BigInt(w));
    valid = BigInt(total);
  } else {
    counts = sums.map(() => 0n);
    valid = 0n;
    for (let b = 0; b < ballots.length; b++) {
      const g = groupOf[b]!;
      if (g < 0) continue;
      const w = BigInt(ballots[b]!.weight);
      counts[g] = counts[g]! + w;
      valid += w;
    }
  }

  const { offsets, prefs } = groups.finish();
  return ok({
    names: election.candidates,
    seats: election.seats,
    withdrawn,
    groups: groups.size,
    offsets,
    prefs,
    counts,
    validBallots: valid,
    seed,
    lot,
  });
}
