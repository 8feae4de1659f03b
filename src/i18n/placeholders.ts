import type { MessageKey, Translator } from './translator.js';
import { en } from './en.js';

/**
 * The command model writes its placeholders in English (`"<message>"`, `<welfare area>`, `@user|#channel`,
 * `<candidate…>`); help, usage lines and parse errors show them in the reader's language. Each word in
 * angle brackets is a catalog key `placeholder.<words-with-dashes>`; one not in the catalog (`<n>`) is a
 * symbol and shown as written.
 */
export function localizePlaceholder(tr: Translator, text: string): string {
  return text
    .replace(/<([^<>…]+)(…?)>/g, (whole, words: string, ellipsis: string) => {
      const key = `placeholder.${words.trim().toLowerCase().replace(/\s+/g, '-')}`;
      return key in en ? `<${tr.t(key as MessageKey)}${ellipsis}>` : whole;
    })
    .replace(/(^|[|\s])@user\b/g, (_, before: string) => `${before}@${tr.t('placeholder.user')}`)
    .replace(/(^|[|\s])#channel\b/g, (_, before: string) => `${before}#${tr.t('placeholder.channel')}`);
}
