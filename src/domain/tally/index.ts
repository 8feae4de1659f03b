/**
 * Neuvo's counting core: pure functions from ballots to results, no I/O.
 *
 * `parseBlt` reads a BLT ballot file; `count` (or the rule functions) count it. Every count
 * returns the winners in order of election, every round's figures as decimal strings, the quota,
 * how ties were broken, and the lot seed.
 */
import { approval, plurality } from './plurality.js';
import { irv } from './irv.js';
import { err, type Result } from './result.js';
import { stvMeek, stvMeekGuarded } from './stv-meek.js';
import { stvScottish } from './stv-scottish.js';
import { stvWigm } from './stv-wigm.js';
import type { CountOptions, CountResult, Election, RuleName, TallyError } from './types.js';

export * from './types.js';
export { bltText, parseBlt, writeBlt, type BltError, type BltOptions } from './blt.js';
export { ok, err, type Result } from './result.js';
export { seededPermutation, seededUint32, randomBelow, Lot } from './lot.js';
export { stvScottish, stvWigm, stvMeek, stvMeekGuarded, irv, plurality, approval };

/** Every rule `count` accepts, with a one-line description. */
export const RULES: Readonly<Record<RuleName, string>> = {
  scottish: 'Scottish STV (SSI 2007/42 rules 45-52, 5 dp, truncation)',
  wigm: 'PR Foundation reference WIGM (4 dp)',
  meek: 'PR Foundation reference Meek (9 dp, omega 1e-6)',
  'meek-guarded': "Droop's parametric Meek (guarded 18+9 dp, omega 1e-9, batch defeats)",
  irv: 'Instant-runoff voting (one seat)',
  plurality: 'Plurality on first preferences (top n for n seats)',
  approval: 'Approval / block voting (every listed candidate approved; top n win)',
};

/** True if `name` is a rule `count` accepts. */
export function isRuleName(name: string): name is RuleName {
  return Object.prototype.hasOwnProperty.call(RULES, name);
}

/** Counts `election` under `rule`. */
export function count(rule: RuleName | string, election: Election, options: CountOptions = {}): Result<CountResult, TallyError> {
  switch (rule) {
    case 'scottish': return stvScottish(election, options);
    case 'wigm': return stvWigm(election, options);
    case 'meek': return stvMeek(election, options);
    case 'meek-guarded': return stvMeekGuarded(election, options);
    case 'irv': return irv(election, options);
    case 'plurality': return plurality(election, options);
    case 'approval': return approval(election, options);
    default: return err({ code: 'UNKNOWN_RULE', message: `unknown rule ${JSON.stringify(rule)}; use one of ${Object.keys(RULES).join(', ')}` });
  }
}
