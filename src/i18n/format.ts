import type { Lang } from './translator.js';

/**
 * Number and quotation forms per language: Finnish and Finland-Swedish write a decimal comma,
 * a space before the percent sign (`75 %`) and ”…” quotes; English keeps `75%` and “…”.
 */

const NBSP = '\u00a0';

/** Text from people, quoted as the language writes quotes. */
export function quote(lang: Lang, text: string): string {
  return lang === 'en' ? `“${text}”` : `”${text}”`;
}

/** A decimal number written with a dot (`2.50000`, from the count) in the language's form (`2,50000`). */
export function decimal(lang: Lang, text: string): string {
  return lang === 'en' ? text : text.replace('.', ',');
}

/** A share of 1 as a whole percent: `75 %` (fi, sv; a no-break space keeps it on one line), `75%` (en). */
export function percent(lang: Lang, share: number): string {
  return `${Math.round(share * 100)}${lang === 'en' ? '' : NBSP}%`;
}
