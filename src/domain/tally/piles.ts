/**
 * Ballot piles for the weighted inclusive Gregory counts (Scottish STV and PRF WIGM).
 *
 * Each ballot group sits on the pile of the candidate it currently counts for, with its current
 * per-ballot value (`weight`, fixed-point, at most 1) and its position in the ranking. A group's
 * vote is `weight × count`. Transferring a pile moves every group on it to its next preference
 * for a hopeful ("continuing") candidate, or to the non-transferable total.
 */
import type { FixedPoint } from './decimal.js';
import type { Prepared } from './prepare.js';
import { HOPEFUL } from './record.js';

/** The ballot state of a WIGM count. */
export class Piles {
  /** Current position of each group in `prefs` (an absolute index, starting at `offsets[g]`). */
  readonly pos: Int32Array;
  /** Current value of one ballot of each group (fixed-point, 0 … 1). */
  readonly weight: BigInt64Array;
  /** Group indices on each candidate's pile. */
  readonly pile: number[][];
  /** Each candidate's votes (fixed-point). */
  readonly votes: bigint[];
  /** Non-transferable votes (fixed-point). */
  exhausted = 0n;

  constructor(private readonly p: Prepared, fp: FixedPoint, private readonly states: Uint8Array) {
    this.pos = new Int32Array(p.groups);
    this.weight = new BigInt64Array(p.groups).fill(fp.scale); // every ballot starts with value 1
    this.pile = p.names.map(() => []);
    this.votes = p.names.map(() => 0n);
  }

  /** First preferences: each group goes to its first-ranked candidate with value 1 (rule 45). */
  firstCount(): void {
    const { offsets, prefs, counts } = this.p;
    for (let g = 0; g < this.p.groups; g++) {
      const k = offsets[g]!;
      this.pos[g] = k;
      const c = prefs[k]!;
      this.pile[c]!.push(g);
      this.votes[c] = this.votes[c]! + this.weight[g]! * counts[g]!;
    }
  }

  /**
   * Transfers candidate `c`'s whole pile. `reweight`, if given, sets each group's new per-ballot
   * value from its current one (surplus transfers); exclusions transfer at the value as received.
   * Returns nothing; `votes[c]` is left for the caller to set (quota or zero).
   */
  transfer(c: number, reweight?: (w: bigint) => bigint): void {
    const { offsets, prefs, counts } = this.p;
    const st = this.states;
    const list = this.pile[c]!;
    this.pile[c] = [];
    for (let i = 0; i < list.length; i++) {
      const g = list[i]!;
      let w = this.weight[g]!;
      if (reweight) {
        w = reweight(w);
        this.weight[g] = w;
      }
      const end = offsets[g + 1]!;
      let k = this.pos[g]! + 1;
      while (k < end && st[prefs[k]!] !== HOPEFUL) k++; // skip anyone no longer continuing
      this.pos[g] = k;
      const v = w * counts[g]!;
      if (k >= end) {
        this.exhausted += v;
      } else {
        const to = prefs[k]!;
        this.pile[to]!.push(g);
        this.votes[to] = this.votes[to]! + v;
      }
    }
  }
}
