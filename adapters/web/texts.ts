/**
 * The web pages' texts in fi, sv and en. They live here, not in `src/i18n`: they are long prose that
 * only the HTTP pages show, not chat messages in ICU MessageFormat, and a typed object makes the compiler
 * check that every language has every text. Backticks mark `code` (see `prose`).
 */
import type { Lang } from '../../src/i18n/translator.js';
import { en } from './texts-en.js';
import { fi } from './texts-fi.js';
import { sv } from './texts-sv.js';

/** Why an install did not complete. */
export type InstallErrorReason = 'cancelled' | 'state' | 'failed';

/** A titled part of a page: paragraphs, then a list. */
export interface Section {
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly items?: readonly string[];
}

/** Every text of the pages in one language. */
export interface PageTexts {
  /** The language's own name, for the switcher ("Suomeksi"). */
  readonly langName: string;
  readonly skipToContent: string;
  readonly langNav: string;
  readonly siteNav: string;
  readonly homeLink: string;
  readonly privacyLink: string;
  readonly sourceLink: string;
  readonly openSource: string;
  readonly home: {
    readonly title: string;
    readonly lead: string;
    readonly forWhom: Section;
    readonly does: Section;
    readonly addHeading: string;
    readonly addSlack: string;
    readonly addSlackHint: string;
    readonly addDiscord: string;
    readonly addDiscordHint: string;
    readonly noInstall: string;
    readonly privacyNote: string;
  };
  readonly privacy: {
    readonly title: string;
    readonly lead: string;
    readonly contact: string;
    readonly noContact: string;
    readonly sections: readonly Section[];
  };
  readonly installed: {
    readonly title: string;
    readonly inTeam: (team: string) => string;
    readonly generic: string;
    readonly next: Section;
  };
  readonly installError: {
    readonly title: string;
    readonly reasons: Readonly<Record<InstallErrorReason, string>>;
    readonly tryAgain: string;
  };
}

/** The texts of each language. */
export const PAGE_TEXTS: Readonly<Record<Lang, PageTexts>> = { fi, sv, en };
