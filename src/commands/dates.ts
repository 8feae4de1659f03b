import { DateTime, Duration, IANAZone } from 'luxon';
import type { Mention, RichText } from '../views/view.js';

/** Where a typed date is read: the network's zone and the current instant. */
export interface DateContext {
  readonly zone: string;
  readonly now: Date;
}

/** Why a typed date was refused; each code is an i18n key whose params the result carries. */
export type DateErrorCode =
  | 'date.invalid'
  | 'date.nonexistent'
  | 'parse.date-out-of-range'
  | 'date.no-such-day'
  | 'date.no-such-month'
  | 'date.no-such-time'
  | 'date.wrong-weekday';

export type DateResult =
  | { readonly ok: true; readonly value: Date }
  | { readonly ok: false; readonly code: DateErrorCode; readonly params?: Readonly<Record<string, string | number>> };

/**
 * How far from now a typed date may be. Nothing Neuvo schedules is that far off, and the bound keeps
 * every date inside what luxon, JS `Date` and Postgres can hold (`+300000000d` is none of them).
 */
export const MAX_DATE_YEARS = 100;

/** The most words one typed date takes: `tisdag den 14.12. kl. 13`. */
export const MAX_DATE_WORDS = 5;

const RELATIVE = /^\+(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
// 14.10.2026 | 14.10.26 | 14.10. (the next 14 October)
const DAY_MONTH = /^(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?$/;
const TIME = /^(\d{1,2})(?:[:.](\d{2}))?$/;
const TIME_WORDS = new Set(['klo', 'kello', 'kl', 'kl.', 'at']);
const NEXT_WORDS = new Set(['ensi', 'nästa', 'next']);

/** Weekday words in fi, sv and en (short, full, Finnish essive), ISO numbered: Monday is 1. */
const WEEKDAYS: Readonly<Record<string, number>> = Object.fromEntries(
  [
    ['ma maanantai maanantaina må mån måndag mon monday', 1],
    ['ti tiistai tiistaina tis tisdag tue tues tuesday', 2],
    // Not Swedish `on` for onsdag: `on 14.12.` is English.
    ['ke keskiviikko keskiviikkona ons onsdag wed wednesday', 3],
    ['to torstai torstaina tor torsdag thu thur thurs thursday', 4],
    ['pe perjantai perjantaina fr fre fredag fri friday', 5],
    ['la lauantai lauantaina lö lör lördag sat saturday', 6],
    ['su sunnuntai sunnuntaina sö sön söndag sun sunday', 7],
  ].flatMap(([words, n]) => (words as string).split(' ').map((w) => [w, n as number])),
);

/** Days from today that `huomenna`, `i morgon`, `tomorrow` and their kin mean. */
const DAY_WORDS: Readonly<Record<string, number>> = {
  tänään: 0,
  idag: 0,
  'i dag': 0,
  today: 0,
  huomenna: 1,
  imorgon: 1,
  'i morgon': 1,
  tomorrow: 1,
  ylihuomenna: 2,
  'i övermorgon': 2,
};

/** The hour a date typed without a time means, in the network's zone. */
export const DEFAULT_HOUR = 9;

/**
 * Reads a date as people type it in fi, sv or en: ISO (`2026-10-14T13:00`), day and month (`14.10.2026`,
 * `14.10.26`, `14.10.` the next such day) with an optional weekday before (`ti 14.10.`, checked) and a
 * time after (`13:00`, `klo 13`, `kello 13.30`, `kl. 13`, `at 13`), words (`huomenna`, `i morgon`,
 * `tomorrow`; `ensi tiistaina`, `nästa tisdag`, `next Tuesday`: the first such day after today; a time
 * alone, `klo 13`: the next 13.00) or relative (`+3d`, `+2h`, `+30m`, `+45s`, `+1d2h`). Local times are
 * in `ctx.zone`. A local time that does not exist (the hour the clocks skip in spring) is refused
 * rather than silently moved; an ambiguous one (the hour repeated in autumn) means its first
 * occurrence, as a person reading a clock would assume. An impossible date says why.
 */
export function parseDate(input: string, ctx: DateContext): DateResult {
  const r = readDate(input, ctx);
  return r.ok && !withinRange(r.value, ctx.now) ? { ok: false, code: 'parse.date-out-of-range' } : r;
}

function withinRange(at: Date, now: Date): boolean {
  const t = at.getTime();
  if (Number.isNaN(t)) return false;
  const from = DateTime.fromJSDate(now, { zone: 'utc' });
  return t >= from.minus({ years: MAX_DATE_YEARS }).toMillis() && t <= from.plus({ years: MAX_DATE_YEARS }).toMillis();
}

function readDate(input: string, ctx: DateContext): DateResult {
  const text = input.trim().replace(/\s+/g, ' ');
  const rel = RELATIVE.exec(text);
  if (rel && text.length > 1) {
    const [d, h, m, s] = rel.slice(1).map((x) => Number(x ?? 0));
    const ms = Duration.fromObject({ days: d, hours: h, minutes: m, seconds: s }).as('milliseconds');
    // Days are calendar days in the zone, so "+1d" keeps the wall-clock time across a DST change.
    const at = DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).plus({ days: d }).plus(ms - (d ?? 0) * 86_400_000);
    return { ok: true, value: at.toJSDate() };
  }
  const iso = ISO.exec(text);
  if (iso) return checked(ctx.zone, +iso[1]!, +iso[2]!, +iso[3]!, iso[4], iso[5], iso[6]);
  return readWords(text.toLowerCase().replace(/\b(klo|kl\.?)(?=\d)/, '$1 ').split(' '), ctx);
}

type YMD = { year: number; month: number; day: number };
const invalid: DateResult = { ok: false, code: 'date.invalid' };

/** `[weekday] day.month.[year] [time]`, `<day word> [time]`, `<next> <weekday> [time]` or `<time word> time`. */
function readWords(words: readonly string[], ctx: DateContext): DateResult {
  const today = DateTime.fromJSDate(ctx.now, { zone: ctx.zone }).startOf('day');
  let i = 0;
  let day: YMD | undefined;
  let weekday: number | undefined;
  let numeric = false;
  const dayWord = DAY_WORDS[`${words[0]} ${words[1]}`] !== undefined ? `${words[0]} ${words[1]}` : words[0]!;
  if (DAY_WORDS[dayWord] !== undefined) {
    day = today.plus({ days: DAY_WORDS[dayWord] }).toObject() as YMD;
    i = dayWord.split(' ').length;
  } else if (NEXT_WORDS.has(words[0]!) && WEEKDAYS[words[1] ?? ''] !== undefined) {
    const ahead = ((WEEKDAYS[words[1]!]! - today.weekday + 6) % 7) + 1;
    day = today.plus({ days: ahead }).toObject() as YMD;
    i = 2;
  } else {
    const wd = WEEKDAYS[words[0]!.replace(/,$/, '')];
    if (wd !== undefined) {
      weekday = wd;
      i = words[1] === 'den' ? 2 : 1;
    }
    const m = DAY_MONTH.exec(words[i] ?? '');
    if (m) {
      numeric = true;
      i++;
      const [d, mo] = [Number(m[1]), Number(m[2])];
      if (mo < 1 || mo > 12) return { ok: false, code: 'date.no-such-month' };
      const year = m[3] === undefined ? nextYearWith(today, mo, d) : m[3].length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
      day = { year, month: mo, day: d };
    } else if (weekday !== undefined) {
      return invalid;
    }
  }
  // A time: `13:00` or `13.30`; a bare hour only after a time word (`klo 13`) or a date in digits (`14.10.2026 13`).
  const timeWord = TIME_WORDS.has(words[i] ?? '');
  if (timeWord) i++;
  const t = TIME.exec(words[i] ?? '');
  if (words[i] !== undefined && (!t || !(timeWord || numeric || t[2] !== undefined))) return invalid;
  if (timeWord && !t) return invalid;
  // `14.12` alone is more likely a date missing its last dot than a time: a lone time needs `klo` or a colon.
  if (!day && !(t && (timeWord || words[i]!.includes(':')))) return invalid;
  if (t) i++;
  if (i < words.length) return invalid;
  const [hour, minute] = t ? [Number(t[1]), Number(t[2] ?? 0)] : [DEFAULT_HOUR, 0];
  if (hour > 23 || minute > 59) return { ok: false, code: 'date.no-such-time' };
  if (!day) {
    // A time alone is the next such time: today if it is still ahead, else tomorrow.
    const at = today.set({ hour, minute });
    day = (at.toMillis() > ctx.now.getTime() ? today : today.plus({ days: 1 })).toObject() as YMD;
  }
  const r = checked(ctx.zone, day!.year, day!.month, day!.day, String(hour), String(minute));
  if (r.ok && weekday !== undefined) {
    const actual = DateTime.fromJSDate(r.value, { zone: ctx.zone }).weekday;
    if (actual !== weekday) return { ok: false, code: 'date.wrong-weekday', params: { weekday: actual, date: `${day!.day}.${day!.month}.${day!.year}` } };
  }
  return r;
}

/** The year of the next `day.month.` on or after today (29.2. waits for a leap year; 31.4., which never comes, is this month's year). */
function nextYearWith(today: DateTime, month: number, day: number): number {
  for (let year = today.year; year < today.year + 8; year++) {
    const at = DateTime.fromObject({ year, month, day }, { zone: today.zone });
    if (at.isValid && at.month === month && at >= today) return year;
  }
  return month >= today.month ? today.year : today.year + 1;
}

/** A local date after checking that its month, day and time exist, saying which does not. */
function checked(zone: string, year: number, month: number, day: number, hour?: string, minute?: string, second?: string): DateResult {
  if (month < 1 || month > 12) return { ok: false, code: 'date.no-such-month' };
  const last = DateTime.fromObject({ year, month }, { zone }).daysInMonth;
  if (last !== undefined && (day < 1 || day > last)) return { ok: false, code: 'date.no-such-day', params: { last: `${last}.${month}.${year}` } };
  if (Number(hour ?? 0) > 23 || Number(minute ?? 0) > 59 || Number(second ?? 0) > 59) return { ok: false, code: 'date.no-such-time' };
  return local(zone, year, month, day, hour, minute, second);
}

function local(zone: string, year: number, month: number, day: number, hour?: string, minute?: string, second?: string): DateResult {
  const wanted = {
    year,
    month,
    day,
    hour: hour === undefined ? DEFAULT_HOUR : Number(hour),
    minute: Number(minute ?? 0),
    second: Number(second ?? 0),
  };
  const at = DateTime.fromObject(wanted, { zone });
  if (!at.isValid) return { ok: false, code: 'date.invalid' };
  // Luxon moves a skipped local time forward; we detect that by reading the wall clock back.
  const back = at.toObject();
  if (back.day !== wanted.day || back.hour !== wanted.hour || back.minute !== wanted.minute) {
    return { ok: false, code: 'date.nonexistent' };
  }
  // In the repeated autumn hour Luxon picks the later instant; a person means the first one.
  const hourEarlier = at.minus({ hours: 1 });
  if (hourEarlier.hour === wanted.hour && hourEarlier.minute === wanted.minute && hourEarlier.day === wanted.day) {
    return { ok: true, value: hourEarlier.toJSDate() };
  }
  return { ok: true, value: at.toJSDate() };
}

/** Whether a name is an IANA time zone that this runtime knows. */
export function isZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

/** A moment as a rich-text span: Discord shows it natively, other platforms the network-zone text. */
export function timeSpan(at: Date, zone: string, lang: string): Mention {
  return { time: Math.floor(at.getTime() / 1000), text: formatDate(at, zone, lang) };
}

/**
 * A span from `start` to `end`: on one day the end is only its time (`14.12.2026 klo 13.00–15.00`),
 * as a Finnish notice writes it; across days both in full, spaced (`… – …`).
 */
export function rangeSpans(start: Date, end: Date, zone: string, lang: string): RichText {
  const sameDay = DateTime.fromJSDate(start, { zone }).hasSame(DateTime.fromJSDate(end, { zone }), 'day');
  if (!sameDay) return [timeSpan(start, zone, lang), ' – ', timeSpan(end, zone, lang)];
  return [timeSpan(start, zone, lang), '–', { time: Math.floor(end.getTime() / 1000), text: formatTime(end, zone, lang), timeOnly: true }];
}

/**
 * A date as the network reads it, in the network's zone: `5.12.2026 klo 23.24` (fi), `5.12.2026 kl. 23.24`
 * (sv, as Finland-Swedish writes it), `5 Dec 2026, 23:24` (en).
 */
export function formatDate(at: Date, zone: string, lang: string): string {
  const t = DateTime.fromJSDate(at, { zone });
  if (lang === 'fi') return t.toFormat("d.M.yyyy 'klo' H.mm");
  if (lang === 'sv') return t.toFormat("d.M.yyyy 'kl.' H.mm");
  return t.setLocale('en-GB').toLocaleString(DateTime.DATETIME_MED);
}

/** A time of day as the network reads it: `15.00` (fi, sv), `15:00` (en). */
export function formatTime(at: Date, zone: string, lang: string): string {
  return DateTime.fromJSDate(at, { zone }).toFormat(lang === 'en' ? 'HH:mm' : 'H.mm');
}
