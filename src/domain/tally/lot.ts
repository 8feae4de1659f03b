/**
 * The seeded lot. SSI 2007/42 rules 49(3) and 51(2)(b) let the returning officer "decide by lot";
 * the PR Foundation rules (D.1 / T) use "a predetermined random tiebreaking order". We do the
 * latter with a published seed: the seed picks a random permutation of the candidates, and when
 * the lot must choose among tied candidates it takes the one earliest in that permutation.
 * A uniformly random permutation gives every member of any tied group the same chance, and anyone
 * with the seed can repeat the draw.
 *
 * The generator is xoshiro128** seeded through a 128-bit string hash (cyrb128); only 32-bit
 * integer operations are used, and bounded draws use rejection sampling (no floating point).
 */

/** A deterministic stream of unsigned 32-bit integers. */
export type Uint32Source = () => number;

function cyrb128(str: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < str.length; i++) {
    const k = str.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A seeded generator of uint32 values (xoshiro128**). Same seed, same sequence. */
export function seededUint32(seed: string): Uint32Source {
  let [a, b, c, d] = cyrb128(seed);
  if ((a | b | c | d) === 0) a = 1; // the all-zero state is a fixed point
  return () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** A uniform integer in `[0, n)` for `1 <= n <= 2^32`, by rejection sampling. */
export function randomBelow(next: Uint32Source, n: number): number {
  if (!Number.isInteger(n) || n < 1 || n > 0x1_0000_0000) throw new RangeError(`randomBelow: bad bound ${n}`);
  const limit = 0x1_0000_0000 - (0x1_0000_0000 % n); // largest multiple of n that fits
  for (;;) {
    const x = next();
    if (x < limit) return x % n;
  }
}

/** A uniformly random permutation of `0 … n-1` drawn from `seed` (Fisher–Yates). */
export function seededPermutation(seed: string, n: number): number[] {
  const next = seededUint32(`neuvo-lot:${seed}`);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = randomBelow(next, i + 1);
    const t = order[i]!;
    order[i] = order[j]!;
    order[j] = t;
  }
  return order;
}

/** The lot: chooses among tied candidates by a fixed, published order. */
export class Lot {
  private readonly rank: Int32Array;

  /** `order` lists every candidate index exactly once; earlier = chosen first. */
  constructor(readonly order: readonly number[]) {
    this.rank = new Int32Array(order.length).fill(-1);
    order.forEach((c, i) => { this.rank[c] = i; });
  }

  /** Builds the lot for `n` candidates from options: an explicit order, or one drawn from the seed. */
  static from(n: number, seed: string, order?: readonly number[]): Lot | string {
    if (order === undefined) return new Lot(seededPermutation(seed, n));
    if (order.length !== n) return `lotOrder must list all ${n} candidates exactly once`;
    const seen = new Set<number>();
    for (const c of order) {
      if (!Number.isInteger(c) || c < 0 || c >= n || seen.has(c)) return `lotOrder must list all ${n} candidates exactly once`;
      seen.add(c);
    }
    return new Lot(order);
  }

  /** The tied candidate that comes first in the lot order. */
  pick(tied: readonly number[]): number {
    let best = tied[0]!;
    for (const c of tied) if (this.rank[c]! < this.rank[best]!) best = c;
    return best;
  }
}
