/**
 * The custom_ids of Neuvo's form components. Discord keeps no state for us between interactions, so
 * each id carries the (partial) command itself; every id stays within Discord's 100 characters.
 */
import { FORM_PREFIX } from './render.js';

export { FORM_PREFIX };
/** A pick select: `neuvo-pick:<command>`; the chosen values complete the command. */
export const PICK_PREFIX = 'neuvo-pick:';
/** A ranking (or collecting) step's select: `neuvo-rank:<command> <values so far>`; the choices are appended. */
export const RANK_PREFIX = 'neuvo-rank:';

/**
 * The prefix of the select on page `page` (0-based) of a form whose options need several selects:
 * `neuvo-pick:`, `neuvo-pick2:`, … — custom_ids must differ within a message, and the command
 * they carry is the same.
 */
export function pagePrefix(prefix: typeof PICK_PREFIX | typeof RANK_PREFIX, page: number): string {
  return page === 0 ? prefix : `${prefix.slice(0, -1)}${page + 1}:`;
}
/** A text form's modal: `neuvo-modal:<command>`; the text completes the command. */
export const MODAL_PREFIX = 'neuvo-modal:';

/** What a form component does, and the command it carries. */
export type FormId =
  | { readonly kind: 'form'; readonly command: string }
  | { readonly kind: 'pick'; readonly command: string }
  | { readonly kind: 'rank'; readonly command: string }
  | { readonly kind: 'modal'; readonly command: string };

const PREFIXES = [
  ['form', FORM_PREFIX],
  ['pick', PICK_PREFIX],
  ['rank', RANK_PREFIX],
  ['modal', MODAL_PREFIX],
] as const;

const PAGED = /^neuvo-(pick|rank)[2-9]:/;

/** The form component a custom_id names, or undefined for any other custom_id. */
export function formIdOf(customId: string): FormId | undefined {
  for (const [kind, prefix] of PREFIXES) {
    if (customId.startsWith(prefix)) return { kind, command: customId.slice(prefix.length) };
  }
  const paged = PAGED.exec(customId);
  return paged ? { kind: paged[1] as 'pick' | 'rank', command: customId.slice(paged[0].length) } : undefined;
}
