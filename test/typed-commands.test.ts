import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/commands/parser.js';
import { translator } from '../src/i18n/translator.js';

const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const error = (line: string) => {
  const r = parseCommand(line, ctx);
  if (r.ok) throw new Error(`expected ${line} to fail`);
  return r.error;
};

describe('mistyped commands', () => {
  it.each([
    ['poll sugest P1 "Lisää penkkejä"', 'poll sugest', 'poll suggest', 'poll suggest P1 "<topic>"'],
    ['org ad "Folkhälsan i Borgå rf"', 'org ad', 'org add', 'org add "<organisation>"'],
    ['negotation list', 'negotation list', 'negotiation list', 'negotiation list'],
    ['org member ad "Red Cross" @alice', 'org member ad', 'org member add', 'org member add "<organisation>" @user'],
    ['remind cancle R1', 'remind cancle', 'remind cancel', 'remind cancel R1'],
    ['electoin show E1', 'electoin show', 'election show', 'election show E1'],
  ])('%s: did you mean, with the usage of the nearest command', (line, word, suggestion, usage) => {
    expect(error(line)).toMatchObject({ code: 'command.did-you-mean', params: { word, suggestion, usage }, spec: { path: suggestion.split(' ') } });
  });

  it.each([
    ['fi', 'Tuntematon komento ”poll sugest” – tarkoititko ”poll suggest”?'],
    ['sv', 'Okänt kommando ”poll sugest” – menade du ”poll suggest”?'],
    ['en', 'Unknown command “poll sugest” — did you mean “poll suggest”?'],
  ] as const)('says so in %s', (lang, text) => {
    const e = error('poll sugest P1 "x"');
    expect(translator(lang).t(e.code, e.params)).toBe(text);
  });

  it('a group word with an unknown command names the group, not "unknown command"', () => {
    expect(error('poll frobnicate')).toMatchObject({ code: 'command.unknown-sub', params: { word: 'poll frobnicate', group: 'poll' } });
    expect(error('org')).toMatchObject({ code: 'command.unknown-sub', params: { word: 'org', group: 'org' } });
  });

  it('a word near nothing is still an unknown command, and a right command is never "corrected"', () => {
    expect(error('frobnicate now')).toMatchObject({ code: 'command.unknown', params: { word: 'frobnicate' } });
    expect(error('remind +1x Soita')).toMatchObject({ code: 'date.invalid' });
    expect(parseCommand('poll list', ctx).ok).toBe(true);
  });
});
