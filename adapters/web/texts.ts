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
  /** A public results page (`/r/<id>`). */
  readonly results: ResultsTexts;
}

/** The texts of a results page. */
export interface ResultsTexts {
  readonly heading: (id: string, title: string) => string;
  readonly closedAt: (date: string) => string;
  readonly winners: string;
  readonly chosenTopics: string;
  readonly chart: string;
  readonly rounds: string;
  readonly roundCaption: (round: number, action: string) => string;
  readonly candidate: string;
  readonly votes: string;
  readonly status: string;
  readonly statuses: Readonly<Record<string, string>>;
  readonly exhausted: string;
  readonly rules: string;
  readonly method: string;
  readonly seats: string;
  readonly quota: string;
  readonly validBallots: string;
  readonly ties: string;
  readonly noTies: string;
  readonly seed: string;
  readonly seedNote: string;
  readonly turnout: string;
  readonly organisation: string;
  readonly voted: string;
  readonly perOrg: string;
  readonly verification: string;
  readonly chainHead: string;
  readonly chainExplain: string;
  readonly downloadRecord: string;
  readonly downloadBlt: string;
  readonly verifyHow: string;
  readonly findReceipt: string;
  readonly find: string;
  readonly receiptFound: (ranking: string) => string;
  readonly receiptNotFound: string;
  readonly findWithoutScript: string;
  readonly ballots: (count: number) => string;
  readonly receipt: string;
  readonly ranking: string;
  readonly openBallots: string;
  readonly tooFew: (min: number) => string;
  readonly question: string;
  readonly theme: string;
  readonly voters: (count: number) => string;
  readonly topic: string;
  readonly onAgenda: string;
  readonly yes: string;
  readonly no: string;
  readonly notFoundTitle: string;
  readonly notFound: string;
}

/** The texts of each language. */
export const PAGE_TEXTS: Readonly<Record<Lang, PageTexts>> = { fi, sv, en };
