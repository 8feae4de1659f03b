/**
 * Exact fixed-point decimal arithmetic on `bigint`.
 *
 * A value `v` in a context with `places = d` stands for the rational number `v / 10^d`.
 * Nothing here ever touches a JavaScript `number` fraction: every operation is an integer
 * operation on bigint, and every operation that can produce more digits than the context
 * holds says how it rounds (`Down` = towards minus infinity, which is plain truncation for
 * the non-negative quantities a count deals with; `Up` = towards plus infinity).
 *
 * The counting rules prescribe their rounding: SSI 2007/42 rule 48(3) truncates transfer
 * values to 5 places ("any remainder being ignored"), the PR Foundation WIGM rule D.4
 * truncates every product and quotient to 4 places, and the PR Foundation Meek rule rounds
 * keep factors and kept weights up to 9 places.
 */

/** A fixed-point context: values are bigints scaled by `10^places`. */
export interface FixedPoint {
  readonly places: number;
  /** `10n ** places`. */
  readonly scale: bigint;
  /** The smallest positive value (one unit in the last place). */
  readonly epsilon: bigint;
}

/** Creates a fixed-point context with `places` decimal places (0 gives integer arithmetic). */
export function fixedPoint(places: number): FixedPoint {
  if (!Number.isInteger(places) || places < 0 || places > 60) {
    throw new RangeError(`fixedPoint: places must be an integer in 0..60, got ${places}`);
  }
  return { places, scale: 10n ** BigInt(places), epsilon: 1n };
}

/** Floor division (rounds towards minus infinity, like Python's `//`), for any signs. */
export function floorDiv(a: bigint, b: bigint): bigint {
  if (b === 0n) throw new RangeError('division by zero');
  const q = a / b; // bigint division truncates towards zero
  return (a % b !== 0n && (a < 0n) !== (b < 0n)) ? q - 1n : q;
}

/** Ceiling division (rounds towards plus infinity), for any signs. */
export function ceilDiv(a: bigint, b: bigint): bigint {
  return -floorDiv(-a, b);
}

/** Floor modulo with the sign of the divisor (Python's `%`). */
export function floorMod(a: bigint, b: bigint): bigint {
  return a - floorDiv(a, b) * b;
}

/** The fixed-point value of an integer. */
export function fromInteger(fp: FixedPoint, n: number | bigint): bigint {
  if (typeof n === 'number' && !Number.isSafeInteger(n)) {
    throw new RangeError(`fromInteger: ${n} is not a safe integer`);
  }
  return BigInt(n) * fp.scale;
}

/** `a * b`, truncated (rounded down) to the context's places. */
export function mulDown(fp: FixedPoint, a: bigint, b: bigint): bigint {
  return floorDiv(a * b, fp.scale);
}

/** `a * b`, rounded up to the context's places. */
export function mulUp(fp: FixedPoint, a: bigint, b: bigint): bigint {
  return ceilDiv(a * b, fp.scale);
}

/** `a / b`, truncated (rounded down) to the context's places. */
export function divDown(fp: FixedPoint, a: bigint, b: bigint): bigint {
  return floorDiv(a * fp.scale, b);
}

/** `a / b`, rounded up to the context's places. */
export function divUp(fp: FixedPoint, a: bigint, b: bigint): bigint {
  return ceilDiv(a * fp.scale, b);
}

/**
 * `a * b / c` with the full-precision product, truncated once at the end.
 * (For values in the same context the scale of `b` and `c` cancels, so no rescaling is needed.)
 * This is how SSI 2007/42 rule 48(3) reads: (surplus × value) ÷ total, "to five decimal places
 * (any remainder being ignored)".
 */
export function mulDivDown(a: bigint, b: bigint, c: bigint): bigint {
  return floorDiv(a * b, c);
}

/** Sum of a list of values. */
export function sum(values: Iterable<bigint>): bigint {
  let s = 0n;
  for (const v of values) s += v;
  return s;
}

/**
 * Formats a value as a decimal string with exactly `display` places (default: all places).
 * When `display` is smaller than the context's places the value is rounded half up (away from
 * zero for negatives); this only affects presentation, never the count.
 */
export function formatFixed(fp: FixedPoint, value: bigint, display: number = fp.places): string {
  if (!Number.isInteger(display) || display < 0 || display > fp.places) {
    throw new RangeError(`formatFixed: display must be in 0..${fp.places}`);
  }
  const negative = value < 0n;
  let v = negative ? -value : value;
  if (display < fp.places) {
    const drop = 10n ** BigInt(fp.places - display);
    v = (v + drop / 2n) / drop;
  }
  const sign = negative && v !== 0n ? '-' : '';
  if (display === 0) return sign + v.toString();
  const ds = 10n ** BigInt(display);
  return `${sign}${(v / ds).toString()}.${(v % ds).toString().padStart(display, '0')}`;
}

/**
 * Parses a plain decimal string (`"12"`, `"-0.5"`, `"3.14159"`) exactly.
 * Throws if it has more decimal places than the context, since that would silently round.
 */
export function parseFixed(fp: FixedPoint, text: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m) throw new SyntaxError(`parseFixed: not a decimal number: ${JSON.stringify(text)}`);
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2] ?? '0';
  const frac = m[3] ?? '';
  if (frac.length > fp.places) {
    throw new RangeError(`parseFixed: ${text} has more than ${fp.places} decimal places`);
  }
  const fracScaled = frac === '' ? 0n : BigInt(frac.padEnd(fp.places, '0'));
  return sign * (BigInt(intPart) * fp.scale + fracScaled);
}

/** Compares two bigints: -1, 0 or 1 (usable as a sort comparator). */
export function compare(a: bigint, b: bigint): -1 | 0 | 1 {
  return a < b ? -1 : a > b ? 1 : 0;
}
