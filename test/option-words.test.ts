import { describe, expect, it } from 'vitest';
import { neuvoCommand, type DiscordOption } from '../adapters/discord/command-definitions.js';
import { helpLines } from '../src/app/services/help.js';
import { CHOICE_WORDS, COMMANDS, usage } from '../src/commands/model.js';
import { parseCommand } from '../src/commands/parser.js';
import { translator } from '../src/i18n/translator.js';

const ctx = (lang?: string) => ({ zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z'), ...(lang ? { lang } : {}) });
const args = (line: string, lang?: string) => {
  const r = parseCommand(line, ctx(lang));
  if (!r.ok) throw new Error(`expected ${line} to parse, got ${r.error.code}`);
  return r.command.args;
};

describe('option keywords in fi, sv and en', () => {
  it.each([
    ['fi', 'poll new "Mitä nostetaan?" theme:tavoitteet anonymous:kyllä results:päätyttyä', { theme: 'goals', anonymous: 'yes', results: 'at-close' }],
    ['fi', 'poll new "Mitä?" theme:toimenpiteet anonymous:ei results:heti', { theme: 'measures', anonymous: 'no', results: 'live' }],
    ['fi', 'poll new "Mitä?" theme:yhteistyo anonymous:kylla', { theme: 'cooperation', anonymous: 'yes' }],
    ['fi', 'election new "Edustajat" seats:2 method:stv rule:skotlantilainen per:järjestö secret:kyllä', { method: 'stv', rule: 'scottish', per: 'org', secret: 'yes' }],
    ['fi', 'election new "Edustajat" seats:1 method:enemmistövaali per:henkilö secret:ei', { method: 'plurality', per: 'person', secret: 'no' }],
    ['fi', 'election new "Edustajat" seats:1 method:hyväksyntä', { method: 'approval' }],
    ['sv', 'poll new "Vad tar vi upp?" theme:mål anonymous:ja results:efteråt', { theme: 'goals', anonymous: 'yes', results: 'at-close' }],
    ['sv', 'poll new "Vad?" theme:åtgärder anonymous:nej results:direkt', { theme: 'measures', anonymous: 'no', results: 'live' }],
    ['sv', 'poll new "Vad?" theme:Uppföljning', { theme: 'follow-up' }],
    ['sv', 'poll new "Vad?" theme:samarbete', { theme: 'cooperation' }],
    ['sv', 'election new "Representanter" seats:2 method:stv rule:skotsk per:organisation secret:ja', { method: 'stv', rule: 'scottish', per: 'org', secret: 'yes' }],
    ['sv', 'election new "Representanter" seats:1 method:majoritetsval per:person secret:nej', { method: 'plurality', per: 'person', secret: 'no' }],
    ['sv', 'election new "Representanter" seats:1 method:godkannande', { method: 'approval' }],
    ['en', 'poll new "What?" theme:follow-up anonymous:yes results:at-close', { theme: 'follow-up', anonymous: 'yes', results: 'at-close' }],
    ['en', 'election new "Reps" seats:2 method:STV rule:meek per:person secret:no', { method: 'stv', rule: 'meek', per: 'person', secret: 'no' }],
  ])('%s: %s', (lang, line, expected) => {
    // Read in a network of that language and in every other: the words are known everywhere.
    for (const network of ['fi', 'sv', 'en']) expect(args(line, network), `${lang} words in a ${network} network`).toMatchObject(expected);
  });

  it('keeps the English words working in fi and sv networks', () => {
    expect(args('poll new "Q" theme:goals anonymous:yes results:at-close', 'fi')).toMatchObject({ theme: 'goals', anonymous: 'yes' });
    expect(args('election new "E" seats:1 method:plurality per:org secret:no', 'sv')).toMatchObject({ method: 'plurality', per: 'org', secret: 'no' });
  });

  it.each([
    ['fi', 'theme: ”aiheet” ei ole mikään vaihtoehdoista tavoitteet, toimenpiteet, yhteistyö, seuranta.'],
    ['sv', 'theme: ”aiheet” är inte något av mål, åtgärder, samarbete, uppföljning.'],
    ['en', 'theme: “aiheet” is not one of goals, measures, cooperation, follow-up.'],
  ] as const)('%s: a wrong word is answered with the choices in the network’s language', (lang, text) => {
    const r = parseCommand('poll new "Q" theme:aiheet', ctx(lang));
    expect(!r.ok && translator(lang).t(r.error.code, r.error.params)).toBe(text);
    expect(!r.ok && r.error.params.usage).toBe(usage(COMMANDS.find((c) => c.id === 'poll.new')!, undefined, lang));
  });

  it.each(['fi', 'sv'] as const)('no English option keyword appears in the %s usage lines', (lang) => {
    const english = Object.keys(CHOICE_WORDS).filter((value) => CHOICE_WORDS[value]![lang] !== value);
    const shown = helpLines(translator(lang)).flatMap((line) => [...line.matchAll(/[\p{L}-]+:([^\s\]]+)/gu)].flatMap((m) => m[1]!.split('|')));
    expect(shown).toEqual(expect.arrayContaining(['tavoitteet', 'kyllä'].map((w) => (lang === 'fi' ? w : w === 'tavoitteet' ? 'mål' : 'ja'))));
    expect(shown.filter((w) => english.includes(w))).toEqual([]);
  });

  it('shows Finnish and Swedish choice names on Discord, with the English value the parser reads', () => {
    const choices: DiscordOption['choices'][] = [];
    const walk = (o: DiscordOption) => (o.choices && choices.push(o.choices), o.options?.forEach(walk));
    neuvoCommand().options.forEach(walk);
    const theme = choices.flat().find((c) => c!.value === 'goals')!;
    expect(theme).toEqual({ name: 'goals', value: 'goals', name_localizations: { fi: 'tavoitteet', 'sv-SE': 'mål' } });
    for (const c of choices.flat()) if (CHOICE_WORDS[c!.value]) expect(c!.name_localizations, c!.value).toBeDefined();
  });
});
