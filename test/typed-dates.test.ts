import { describe, expect, it } from 'vitest';
import { parseDate } from '../src/commands/dates.js';
import { parseCommand } from '../src/commands/parser.js';
import { translator } from '../src/i18n/translator.js';

// Sunday 22.11.2026 12.00 in Helsinki.
const now = new Date('2026-11-22T10:00:00Z');
const at = (s: string, when = now, zone = 'Europe/Helsinki') => {
  const r = parseDate(s, { zone, now: when });
  return r.ok ? r.value.toISOString() : r.code;
};

describe('dates people type, in fi, sv and en', () => {
  it.each([
    // day and month without a year: the next such day
    ['fi', '14.12.', '2026-12-14T07:00:00.000Z'],
    ['fi', '14.12. klo 13', '2026-12-14T11:00:00.000Z'],
    ['sv', '14.12. kl. 13.30', '2026-12-14T11:30:00.000Z'],
    ['en', '14.12. at 13:00', '2026-12-14T11:00:00.000Z'],
    ['fi', '1.3.', '2027-03-01T07:00:00.000Z'],
    ['fi', '22.11. klo 9', '2026-11-22T07:00:00.000Z'],
    // two-digit years
    ['fi', '14.12.26', '2026-12-14T07:00:00.000Z'],
    ['sv', '14.12.26 kl 13', '2026-12-14T11:00:00.000Z'],
    // time words
    ['fi', '14.12.2026 kello 13', '2026-12-14T11:00:00.000Z'],
    ['fi', '14.12.2026 klo 13.15', '2026-12-14T11:15:00.000Z'],
    ['sv', '14.12.2026 kl 13', '2026-12-14T11:00:00.000Z'],
    ['fi', '14.12.2026 klo13', '2026-12-14T11:00:00.000Z'],
    // weekday before the date, checked
    ['fi', 'ma 14.12. klo 13', '2026-12-14T11:00:00.000Z'],
    ['fi', 'maanantaina 14.12.2026', '2026-12-14T07:00:00.000Z'],
    ['sv', 'mån 14.12. kl. 13', '2026-12-14T11:00:00.000Z'],
    ['sv', 'måndag den 14.12.', '2026-12-14T07:00:00.000Z'],
    ['en', 'Mon 14.12. 13:00', '2026-12-14T11:00:00.000Z'],
    ['en', 'Monday, 14.12.2026 at 13', '2026-12-14T11:00:00.000Z'],
    // tomorrow and today
    ['fi', 'huomenna', '2026-11-23T07:00:00.000Z'],
    ['fi', 'huomenna klo 13', '2026-11-23T11:00:00.000Z'],
    ['sv', 'i morgon kl. 13', '2026-11-23T11:00:00.000Z'],
    ['sv', 'imorgon', '2026-11-23T07:00:00.000Z'],
    ['en', 'tomorrow at 13:30', '2026-11-23T11:30:00.000Z'],
    ['en', 'Tomorrow', '2026-11-23T07:00:00.000Z'],
    ['fi', 'tänään klo 18', '2026-11-22T16:00:00.000Z'],
    ['sv', 'i dag kl 18', '2026-11-22T16:00:00.000Z'],
    // the next such weekday, never today
    ['fi', 'ensi tiistaina', '2026-11-24T07:00:00.000Z'],
    ['fi', 'ensi tiistaina klo 13', '2026-11-24T11:00:00.000Z'],
    ['sv', 'nästa tisdag kl. 13', '2026-11-24T11:00:00.000Z'],
    ['en', 'next Tuesday at 13:00', '2026-11-24T11:00:00.000Z'],
    ['fi', 'ensi sunnuntaina', '2026-11-29T07:00:00.000Z'],
    ['en', 'next Sunday', '2026-11-29T07:00:00.000Z'],
    // a time alone: the next such time
    ['fi', 'klo 13', '2026-11-22T11:00:00.000Z'],
    ['sv', 'kl. 11', '2026-11-23T09:00:00.000Z'],
    ['en', 'at 18:30', '2026-11-22T16:30:00.000Z'],
  ])('%s: %s', (_lang, text, iso) => {
    expect(at(text)).toBe(iso);
  });

  it('keeps the DST rules for the new forms: the skipped hour is refused, the repeated one is the first', () => {
    const friday = new Date('2027-03-26T10:00:00Z');
    expect(at('ensi sunnuntaina klo 3.30', friday)).toBe('date.nonexistent');
    expect(at('nästa söndag kl. 3.30', friday)).toBe('date.nonexistent');
    expect(at('next Sunday at 4:00', friday)).toBe('2027-03-28T01:00:00.000Z');
    const saturday = new Date('2026-10-24T10:00:00Z');
    expect(at('huomenna klo 3.30', saturday)).toBe('2026-10-25T00:30:00.000Z');
    expect(at('i morgon kl. 3.30', saturday)).toBe('2026-10-25T00:30:00.000Z');
    expect(at('tomorrow at 4:30', saturday)).toBe('2026-10-25T02:30:00.000Z');
    expect(at('28.3. klo 3.30', new Date('2027-01-01T10:00:00Z'))).toBe('date.nonexistent');
  });

  it('reads no weekday into English words before a date: "on 14.12." is not the Swedish "on" (onsdag)', () => {
    expect(at('on 14.12.')).toBe('date.invalid');
    expect(at('ons 16.12.')).toBe('2026-12-16T07:00:00.000Z');
  });

  it('a day and month without a year waits for a leap year on 29.2.', () => {
    expect(at('29.2.')).toBe('2028-02-29T07:00:00.000Z');
  });

  it.each([
    ['31.02.2027', 'date.no-such-day', { last: '28.2.2027' }],
    ['31.4. klo 13', 'date.no-such-day', { last: '30.4.2027' }],
    ['2026-02-30', 'date.no-such-day', { last: '28.2.2026' }],
    ['14.13.2026', 'date.no-such-month', undefined],
    ['14.12.2026 klo 25', 'date.no-such-time', undefined],
    ['huomenna klo 13.75', 'date.no-such-time', undefined],
    ['ti 14.12.2026', 'date.wrong-weekday', { weekday: 1, date: '14.12.2026' }],
    ['tis 14.12.2026', 'date.wrong-weekday', { weekday: 1, date: '14.12.2026' }],
    ['Tue 14.12.2026', 'date.wrong-weekday', { weekday: 1, date: '14.12.2026' }],
  ])('refuses %s and says why', (text, code, params) => {
    const r = parseDate(text, { zone: 'Europe/Helsinki', now });
    expect(r).toEqual({ ok: false, code, ...(params ? { params } : {}) });
  });

  it.each([
    ['fi', '”31.02.2027 klo 13” ei ole päivämäärä: kuun viimeinen päivä on 28.2.2027.'],
    ['sv', '”31.02.2027 klo 13” är inget datum: månadens sista dag är 28.2.2027.'],
    ['en', '“31.02.2027 klo 13” is not a date: 28.2.2027 is the last day of that month.'],
  ] as const)('a command with an impossible date gets the reason in %s', (lang, text) => {
    const r = parseCommand('remind 31.02.2027 klo 13 Soita Annalle', { zone: 'Europe/Helsinki', now });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(translator(lang).t(r.error.code, r.error.params)).toBe(text);
  });

  it.each([
    ['fi', 'remind ensi tiistaina klo 13 Soita Annalle', '2026-11-24T11:00:00.000Z', 'Soita Annalle'],
    ['sv', 'remind nästa tisdag kl. 13 Ring Anna', '2026-11-24T11:00:00.000Z', 'Ring Anna'],
    ['en', 'remind next Tuesday at 13:00 Call Anna', '2026-11-24T11:00:00.000Z', 'Call Anna'],
    ['fi', 'remind huomenna Soita Annalle', '2026-11-23T07:00:00.000Z', 'Soita Annalle'],
    ['en', 'remind tomorrow at the office: call Anna', '2026-11-23T07:00:00.000Z', 'at the office: call Anna'],
    ['sv', 'remind tisdag den 24.11. kl. 13 Ring Anna', '2026-11-24T11:00:00.000Z', 'Ring Anna'],
  ])('%s: a reminder takes the words of its date and leaves the message: %s', (_lang, line, iso, message) => {
    const r = parseCommand(line, { zone: 'Europe/Helsinki', now });
    expect(r.ok && [(r.command.args.when as Date).toISOString(), r.command.args.message]).toEqual([iso, message]);
  });

  it('reads the new forms in keyed date options too', () => {
    const r = parseCommand('negotiation add "Talousarvio" at:ensi tiistaina klo 13 until:15:00', { zone: 'Europe/Helsinki', now });
    expect(r.ok && (r.command.args.at as Date).toISOString()).toBe('2026-11-24T11:00:00.000Z');
  });
});
