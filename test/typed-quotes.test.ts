import { describe, expect, it } from 'vitest';
import { parseCommand } from '../src/commands/parser.js';
import { tokenize } from '../src/commands/tokenize.js';

const ctx = { zone: 'Europe/Helsinki', now: new Date('2026-11-22T10:00:00Z') };
const words = (line: string) => {
  const r = tokenize(line);
  if (!r.ok) throw new Error(`expected ${line} to tokenize, got ${r.code}`);
  return r.tokens.map((t) => (t.quoted ? `[${t.text}]` : t.text));
};

describe('quotes people type', () => {
  // fi, sv and en lines with every quote mark a keyboard or phone gives.
  it.each([
    ['org add »Järvenpään Eläkeläiset ry«', ['org', 'add', '[Järvenpään Eläkeläiset ry]']],
    ['org add »Järvenpään Eläkeläiset ry»', ['org', 'add', '[Järvenpään Eläkeläiset ry]']],
    ['org add ”Järvenpään Eläkeläiset ry”', ['org', 'add', '[Järvenpään Eläkeläiset ry]']],
    ["org add 'Folkhälsan i Borgå rf'", ['org', 'add', '[Folkhälsan i Borgå rf]']],
    ['org add ’Folkhälsan i Borgå rf’', ['org', 'add', '[Folkhälsan i Borgå rf]']],
    ['org add ‘Red Cross Espoo’', ['org', 'add', '[Red Cross Espoo]']],
    ['org add "Red Cross Espoo"', ['org', 'add', '[Red Cross Espoo]']],
    ["negotiation add 'Talousarvio' at:+1d where:'Kaupungintalo, sali 2'", ['negotiation', 'add', '[Talousarvio]', '+1d', '[Kaupungintalo, sali 2]']],
  ])('%s', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it.each([
    ["remind +1h don't forget the O'Brien file", ['remind', '+1h', "don't", 'forget', 'the', "O'Brien", 'file']],
    ['remind +1h Pirkanmaan’ kokous on tänään', ['remind', '+1h', 'Pirkanmaan’', 'kokous', 'on', 'tänään']],
    ["remind +1h 'don't stop' now", ['remind', '+1h', "[don't stop]", 'now']],
    ["remind +1h ’90-luvun juhla", ['remind', '+1h', '’90-luvun', 'juhla']],
  ])('an apostrophe inside or before a word is no quote: %s', (line, expected) => {
    expect(words(line)).toEqual(expected);
  });

  it('still refuses a double quote that is never closed', () => {
    expect(tokenize('org add »Unclosed')).toEqual({ ok: false, code: 'parse.unclosed-quote' });
    expect(tokenize('org add ”Unclosed')).toEqual({ ok: false, code: 'parse.unclosed-quote' });
  });

  it.each([
    ['remind "14.12.2026 klo 25" Soita', '14.12.2026 klo 25'],
    ['remind ”31.02.2027” Ring Anna', '31.02.2027'],
    ["remind 'someday' Call Anna", 'someday'],
  ])('echoes a quoted value once, without its quotes: %s', (line, value) => {
    const r = parseCommand(line, ctx);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error.params.value).toBe(value);
  });
});
