/**
 * Distinct rankings found by their numbers: `prepare` groups the ballots with it, and the BLT
 * parser merges identical ballot lines with it when asked to.
 */

/**
 * Distinct rankings numbered in order of first appearance (the counts' records follow group
 * order). A ranking is found by a hash of its numbers and a number-by-number comparison: a string
 * key per ballot cost more than all the rest of the preparation.
 */
export class RankingGroups {
  /** Number of distinct rankings so far. */
  size = 0;
  /** Group `g`'s preferences are `prefs[offsets[g] … offsets[g+1]-1]` (the last group's end is `used`). */
  private offsets = new Int32Array(1024);
  private prefs: Int32Array;
  private used = 0;
  /** Each group's hash, kept so that growing the table hashes nothing again. */
  private hashes = new Int32Array(1024);
  /** Open addressing: 1 + a group number, or 0 for a free slot; never more than half full. */
  private table = new Int32Array(2048);

  constructor(candidates: number) {
    this.prefs = new Int32Array(Math.max(1024, candidates * 4));
  }

  /** The group of `ranking[0 … length-1]`; a new group (numbered `size` before the call) if it is new. */
  indexOf(ranking: Int32Array, length: number): number {
    let h = 0x811c9dc5; // FNV-1a over the numbers, then mixed so that the low bits (the slot) depend on all of them
    for (let k = 0; k < length; k++) h = Math.imul(h ^ ranking[k]!, 0x01000193);
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h ^= h >>> 13;
    const mask = this.table.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const g = this.table[slot]! - 1;
      if (g < 0) {
        const added = this.append(ranking, length, h);
        this.table[slot] = added + 1;
        if (2 * this.size > this.table.length) this.rehash();
        return added;
      }
      if (this.hashes[g] === h && this.equals(g, ranking, length)) return g;
    }
  }

  /** The groups' preferences in the form `Prepared` holds them. */
  finish(): { offsets: Int32Array; prefs: Int32Array } {
    const offsets = this.offsets.slice(0, this.size + 1);
    offsets[this.size] = this.used;
    return { offsets, prefs: this.prefs.slice(0, this.used) };
  }

  /** Group `g`'s ranking as an array of its own. */
  ranking(g: number): number[] {
    return arrayOf(this.prefs, this.offsets[g]!, this.end(g));
  }

  private end(g: number): number {
    return g + 1 < this.size ? this.offsets[g + 1]! : this.used;
  }

  private equals(g: number, ranking: Int32Array, length: number): boolean {
    const start = this.offsets[g]!;
    if (this.end(g) - start !== length) return false;
    for (let k = 0; k < length; k++) if (this.prefs[start + k] !== ranking[k]) return false;
    return true;
  }

  private append(ranking: Int32Array, length: number, h: number): number {
    const g = this.size;
    if (g + 1 >= this.offsets.length) {
      this.offsets = grown(this.offsets, g + 2);
      this.hashes = grown(this.hashes, g + 2);
    }
    if (this.used + length > this.prefs.length) this.prefs = grown(this.prefs, this.used + length);
    this.offsets[g] = this.used;
    this.hashes[g] = h;
    for (let k = 0; k < length; k++) this.prefs[this.used + k] = ranking[k]!;
    this.used += length;
    this.size++;
    return g;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2);
    const mask = table.length - 1;
    for (let g = 0; g < this.size; g++) {
      let slot = this.hashes[g]! & mask;
      while (table[slot] !== 0) slot = (slot + 1) & mask;
      table[slot] = g + 1;
    }
    this.table = table;
  }
}

/** `a[start … end-1]` as an array of its own length (one grown by push holds room for 17 numbers). */
export function arrayOf(a: Int32Array, start: number, end: number): number[] {
  const out = new Array<number>(end - start);
  for (let k = start; k < end; k++) out[k - start] = a[k]!;
  return out;
}

/** A copy of `a` at least `need` long (doubling, so appending stays linear). */
function grown(a: Int32Array, need: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(Math.max(need, a.length * 2));
  b.set(a);
  return b;
}
