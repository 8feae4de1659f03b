/** Unit tests of the bigint fixed-point module: exact values, truncation where the rules say, no floats. */
import { describe, expect, it } from 'vitest';
import {
  ceilDiv, divDown, divUp, fixedPoint, floorDiv, floorMod, formatFixed, fromInteger, mulDivDown, mulDown, mulUp, parseFixed,
} from '../src/domain/tally/decimal.js';

const F5 = fixedPoint(5);
const F4 = fixedPoint(4);
const F9 = fixedPoint(9);
const p5 = (s: string): bigint => parseFixed(F5, s);

describe('fixed-point decimals on bigint', () => {
  it('represents values exactly as integers scaled by 10^places', () => {
    expect(F5.scale).toBe(100000n);
    expect(fromInteger(F5, 1300)).toBe(130000000n);
    expect(p5('0.1') + p5('0.2')).toBe(p5('0.3')); // no binary floating point drift
    expect(formatFixed(F5, p5('0.1') + p5('0.2'))).toBe('0.30000');
  });

  it('parses and formats with exactly the context places', () => {
    expect(formatFixed(F5, p5('547.96766'))).toBe('547.96766');
    expect(formatFixed(F5, p5('12'))).toBe('12.00000');
    expect(formatFixed(F5, p5('-0.5'))).toBe('-0.50000');
    expect(formatFixed(F5, p5('-12.00001'))).toBe('-12.00001');
    expect(() => parseFixed(F5, '0.123456')).toThrow(RangeError); // would need rounding: refused
    expect(() => parseFixed(F5, '1e3')).toThrow(SyntaxError);
    expect(formatFixed(fixedPoint(0), 42n)).toBe('42');
  });

  it('floor and ceiling division follow the signs (Python // semantics)', () => {
    expect(floorDiv(7n, 2n)).toBe(3n);
    expect(floorDiv(-7n, 2n)).toBe(-4n);
    expect(ceilDiv(7n, 2n)).toBe(4n);
    expect(ceilDiv(-7n, 2n)).toBe(-3n);
    expect(floorMod(-7n, 2n)).toBe(1n);
    expect(() => floorDiv(1n, 0n)).toThrow(RangeError);
  });

  it('truncates products and quotients to the context places (PRF WIGM D.4)', () => {
    // 1/3 to 4 places is 0.3333, never 0.3334
    expect(formatFixed(F4, divDown(F4, fromInteger(F4, 1), fromInteger(F4, 3)))).toBe('0.3333');
    expect(formatFixed(F4, divUp(F4, fromInteger(F4, 1), fromInteger(F4, 3)))).toBe('0.3334');
    // 0.9999 × 0.9999 = 0.99980001 → 0.9998
    expect(formatFixed(F4, mulDown(F4, 9999n, 9999n))).toBe('0.9998');
    expect(formatFixed(F4, mulUp(F4, 9999n, 9999n))).toBe('0.9999');
    // exact results are not moved by either rounding
    expect(mulDown(F4, 5000n, 5000n)).toBe(mulUp(F4, 5000n, 5000n));
  });

  it('computes a Scottish transfer value as (surplus × value) ÷ total, truncated once to 5 places (rule 48(3))', () => {
    // Calton 2007: Redmond 1982 votes, quota 1300, surplus 682 → 682/1982 = 0.344096… → 0.34409
    const tv = mulDivDown(fromInteger(F5, 1), fromInteger(F5, 682), fromInteger(F5, 1982));
    expect(formatFixed(F5, tv)).toBe('0.34409');
    // a ballot already worth 0.34409 passing on a later surplus of 60.12345 out of 1360.12945
    const tv2 = mulDivDown(tv, p5('60.12345'), p5('1360.12945'));
    expect(tv2).toBe((34409n * 6012345n) / 136012945n);
    expect(formatFixed(F5, tv2)).toBe('0.01521');
  });

  it('rounds half up only when displaying fewer places than it holds', () => {
    expect(formatFixed(F9, parseFixed(F9, '0.123456789'), 5)).toBe('0.12346');
    expect(formatFixed(F9, parseFixed(F9, '0.123454999'), 5)).toBe('0.12345');
    expect(formatFixed(fixedPoint(27), 10n ** 27n / 3n, 18)).toBe('0.333333333333333333');
  });

  it('never produces or accepts a JavaScript number fraction', () => {
    const values = [fromInteger(F5, 3), mulDown(F5, p5('1.5'), p5('2.25')), divDown(F5, p5('10'), p5('3'))];
    for (const v of values) expect(typeof v).toBe('bigint');
    expect(() => fromInteger(F5, 1.5)).toThrow(RangeError);
    expect(() => fixedPoint(2.5)).toThrow(RangeError);
  });
});
