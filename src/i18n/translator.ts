import { IntlMessageFormat } from 'intl-messageformat';
import { type Mention, mentionPlain, type RichText } from '../views/view.js';
import { en } from './en.js';
import { fi } from './fi.js';
import { sv } from './sv.js';

/** The languages Neuvo speaks. */
export const LANGS = ['fi', 'sv', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** Every user-facing text has one of these keys; `en` is the reference catalog. */
export type MessageKey = keyof typeof en;
export type Catalog = Record<MessageKey, string>;
export type MessageParams = Readonly<Record<string, string | number | Mention>>;

/** The three complete catalogs, in ICU MessageFormat. */
export const CATALOGS: Record<Lang, Catalog> = { fi, sv, en };

/** Localizes messages for one language. */
export interface Translator {
  readonly lang: Lang;
  /** A plain message (no mentions). */
  t(key: MessageKey, params?: MessageParams): string;
  /** A message whose mention parameters stay mentions. */
  r(key: MessageKey, params?: MessageParams): RichText;
}

const compiled = new Map<string, IntlMessageFormat>();

function format(lang: Lang, key: MessageKey): IntlMessageFormat {
  const id = `${lang}:${key}`;
  let f = compiled.get(id);
  if (!f) {
    f = new IntlMessageFormat(CATALOGS[lang][key], lang, undefined, { ignoreTag: true });
    compiled.set(id, f);
  }
  return f;
}

/** Whether a value is a language Neuvo speaks. */
export function isLang(value: string | undefined): value is Lang {
  return (LANGS as readonly string[]).includes(value ?? '');
}

const translators = new Map<Lang, Translator>();

/** A translator for `lang` (one per language, made once: every command asks for one). */
export function translator(lang: Lang): Translator {
  let tr = translators.get(lang);
  if (!tr) {
    tr = makeTranslator(lang);
    translators.set(lang, tr);
  }
  return tr;
}

function makeTranslator(lang: Lang): Translator {
  return {
    lang,
    t: (key, params) => {
      const out = format(lang, key).format<Mention>(params as Record<string, string | number | Mention>);
      return Array.isArray(out) ? out.map((p) => (typeof p === 'string' ? p : mentionPlain(p))).join('') : String(out);
    },
    r: (key, params) => {
      const out = format(lang, key).format<Mention>(params as Record<string, string | number | Mention>);
      return Array.isArray(out) ? (out as (string | Mention)[]) : [String(out)];
    },
  };
}
