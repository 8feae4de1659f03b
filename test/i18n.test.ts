import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { COMMANDS, helpKey } from '../src/commands/model.js';
import { CATALOGS, LANGS, translator } from '../src/i18n/translator.js';

function argumentsOf(message: string): string[] {
  const names = new Set<string>();
  const walk = (els: MessageFormatElement[]) => {
    for (const el of els) {
      if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date) names.add(el.value);
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        names.add(el.value);
        Object.values(el.options).forEach((o) => walk(o.value));
      }
    }
  };
  walk(parse(message, { ignoreTag: true }));
  // An area's name comes with its inflected forms (`areaParams`): each language takes the forms it needs.
  const area = ['area', 'areaOf', 'areaIn', 'areaKind'];
  return [...new Set([...names].map((n) => (area.includes(n) ? 'area (any form)' : n)))].sort();
}

describe('catalogs', () => {
  const reference = Object.keys(CATALOGS.en).sort();

  it.each(LANGS)('%s has exactly the keys of the English catalog', (lang) => {
    expect(Object.keys(CATALOGS[lang]).sort()).toEqual(reference);
  });

  it.each(LANGS)('%s messages parse and use the same placeholders as English', (lang) => {
    for (const key of reference) {
      const message = CATALOGS[lang][key as keyof typeof CATALOGS.en];
      expect(message.trim(), `${lang} ${key}`).not.toBe('');
      expect(argumentsOf(message), `${lang} ${key}`).toEqual(argumentsOf(CATALOGS.en[key as keyof typeof CATALOGS.en]));
    }
  });

  it('every command has a help line in every language', () => {
    for (const lang of LANGS) for (const spec of COMMANDS) expect(CATALOGS[lang][helpKey(spec)], `${lang} ${spec.id}`).toBeTruthy();
  });

  it('plurals agree with the count in each language', () => {
    expect(translator('en').t('org.list-heading', { count: 1 })).toBe('1 organisation');
    expect(translator('fi').t('org.list-heading', { count: 3 })).toBe('3 järjestöä');
    expect(translator('sv').t('org.list-heading', { count: 2 })).toBe('2 organisationer');
  });

  it('keeps mention parameters as mentions and user text as literal text', () => {
    const out = translator('en').r('remind.fired', { user: { user: 'U1' }, message: '{not} <!channel> @here' });
    expect(out).toEqual(['⏰ Reminder from ', { user: 'U1' }, ': {not} <!channel> @here']);
  });
});
