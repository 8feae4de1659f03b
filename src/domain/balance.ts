/**
 * Gender balance of an election (issue #15). Interim version on the `deputies` branch, to the API
 * agreed with the `balance` branch, which replaces it when merged.
 */
export type Gender = 'woman' | 'man' | 'other';
export type BalanceMode = 'none' | 'pairs' | 'forty';

/** Least seats each of women and men must hold under balance:40 (Ombudsman's rounding; 2 seats → 1). */
export function minimumPerGender(seats: number): number {
  return seats < 2 ? 0 : Math.max(1, Math.floor(seats * 0.4));
}

/** Why an election cannot open under its balance rule (null = it can): the accepted counts and what is needed. */
export function openingShortfall(
  mode: BalanceMode,
  seats: number,
  accepted: readonly Gender[],
): null | { readonly women: { have: number; need: number }; readonly men: { have: number; need: number } } {
  if (mode === 'none') return null;
  const need = mode === 'pairs' ? seats : minimumPerGender(seats);
  const women = accepted.filter((g) => g === 'woman').length;
  const men = accepted.filter((g) => g === 'man').length;
  return women >= need && men >= need ? null : { women: { have: women, need }, men: { have: men, need } };
}
