/**
 * Gender balance of an election (issue #15): who must be elected so that a welfare-area body meets
 * the Equality Act's quota (tasa-arvolaki 4 a §), and whether an election can open at all.
 */

/** A candidate's (or deputy's) stated gender. 'other' counts toward neither minimum. */
export type Gender = 'woman' | 'man' | 'other';

/**
 * - `none`: no rule;
 * - `pairs`: the proposal offers a woman and a man for every seat (two counts, `seats` each);
 * - `forty`: at least 40 % of each of women and men must be elected (one count under the rule).
 */
export type BalanceMode = 'none' | 'pairs' | 'forty';

/**
 * Least seats each of women and men must hold under balance:40 (2 seats → 1).
 *
 * The Ombudsman for Equality publishes the minimum for bodies of 2–20 members:
 * "Vähimmäismäärät eri kokoisissa toimielimissä kiintiösäännön mukaan",
 * https://tasa-arvo.fi/vahimmaismaarat-eri-kokoisissa-toimielimissa-kiintiosaannon-mukaan
 * (2→1, 3→1, 4→2, 5→2, 6→3, 7→3, 8→4, 9→4, 10→4, 11→5, 12→5, 13→6, 14→6, 15→6, 16→7, 17→7,
 * 18→8, 19→8, 20→8), and for a body of three the statement TAS/426/2010
 * (https://tasa-arvo.fi/-/kiintiosaannoksen-soveltaminen-kuntayhtyman-yhtymahallituksessa-tas-426-2010-)
 * says at least one woman and one man. The table is 40 % of the seats rounded *up*, except where
 * that would need more than half the seats for each gender (3 seats: 1.2 → 2, but 2 + 2 > 3), when
 * it is half the seats rounded down: min(⌈2n/5⌉, ⌊n/2⌋). The same formula continues the table past
 * 20; one seat cannot be shared, so its minimum is 0 (the rule does not bind).
 */
export function minimumPerGender(seats: number): number {
  if (!Number.isInteger(seats) || seats < 1) return 0;
  return Math.min(Math.ceil((2 * seats) / 5), Math.floor(seats / 2));
}

/** The accepted counts and what the rule needs, for women and for men. */
export interface Shortfall {
  readonly women: { have: number; need: number };
  readonly men: { have: number; need: number };
}

/**
 * Why an election cannot open under its balance rule (null = it can): the accepted counts and what
 * is needed. `pairs` needs `seats` women and `seats` men (a woman and a man for every seat);
 * `forty` needs {@link minimumPerGender} of each; `none` needs nothing.
 */
export function openingShortfall(mode: BalanceMode, seats: number, accepted: readonly Gender[]): null | Shortfall {
  if (mode === 'none') return null;
  const need = mode === 'pairs' ? Math.max(0, seats) : minimumPerGender(seats);
  const women = accepted.filter((g) => g === 'woman').length;
  const men = accepted.filter((g) => g === 'man').length;
  if (women >= need && men >= need) return null;
  return { women: { have: women, need }, men: { have: men, need } };
}
