/**
 * The custom_ids of Neuvo's form components. Discord keeps no state for us between interactions, so
 * each id carries the (partial) command itself; every id stays within Discord's 100 characters.
 */
import { FORM_PREFIX } from './render.js';

export { FORM_PREFIX };
/** A pick select: `neuvo-pick:<command>`; the chosen values complete the command. */
export const PICK_PREFIX = 'neuvo-pick:';
/** A ranking step's select: `neuvo-rank:<command> <values so far>`; the choice is appended. */
export const RANK_PREFIX = 'neuvo-rank:';
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

/** The form component a custom_id names, or undefined for any other custom_id. */
export function formIdOf(customId: string): FormId | undefined {
  for (const [kind, prefix] of PREFIXES) {
    if (customId.startsWith(prefix)) return { kind, command: customId.slice(prefix.length) };
  }
  return undefined;
}
