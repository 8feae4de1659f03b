import type { Lang } from '../i18n/translator.js';

/**
 * A printable document (the network's proposal to its welfare area), neutral like {@link View}: the core
 * writes every word of it, already localized; a renderer (`adapters/pdf/`) only lays it out.
 */
export interface PrintDocument {
  readonly lang: Lang;
  /** The document's title: its heading and the PDF's Title. */
  readonly title: string;
  /** Who issues it (the network): the PDF's Author, and the letterhead's first line. */
  readonly author: string;
  /** Short description for the PDF's Subject. */
  readonly subject: string;
  /** The letterhead's right-hand lines: document type, date, reference. */
  readonly reference: readonly string[];
  /** Who it is addressed to, one line each. */
  readonly recipient: readonly string[];
  readonly blocks: readonly DocBlock[];
  /** The page footer, with `{page}` and `{pages}` where the numbers go ("Sivu {page}/{pages}"). */
  readonly pageLabel: string;
}

/** A signature line: space to sign above, the name and role printed under it. */
export interface Signer {
  readonly name: string;
  readonly role: string;
}

export type DocBlock =
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string }
  /** Label and value pairs, two columns. */
  | { readonly kind: 'fields'; readonly fields: readonly { readonly label: string; readonly value: string }[] }
  /** A table with a header row; every row has as many cells as `columns`. */
  | { readonly kind: 'table'; readonly columns: readonly string[]; readonly rows: readonly (readonly string[])[] }
  /** Place and date, then a signature line for each signer. */
  | { readonly kind: 'signatures'; readonly placeDate: string; readonly signers: readonly Signer[] };
