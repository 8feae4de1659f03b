import { DateTime, Duration, IANAZone } from 'luxon';
import type { Mention, RichText } from '../views/view.js';

/** Where a typed date is read: the network's zone and the current instant. */
export interface DateContext {
  readonly zone: string;
  readonly now: Date;
}

export type DateResult =
  | { readonly ok: true; readonly value: Date }
  | { readonly ok: false; readonly code: 'date.invalid' | 'date.nonexistent' | 'parse.date-out-of-range' };

/**
 * How far from now a typed date may be. Nothing Neuvo schedules is that far off, and the bound keeps
 * every date inside what luxon, JS `Date` and Postgres can hold (`+300000000d` is none of them).
 */
export const MAX_DATE_YEARS = 100;

const RELATIVE = /^\+(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?:in)?)?(?:(\d+)s)?$/i;
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
// 14.10.2026 13:00 | 14.10.2026 klo 13 | 14.10.2026 kl. 13.30 | 14.10.2026
const NORDIC = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:\s+(?:klo|kl\.?)?\s*(\d{1,2})(?:[:.](\d{2}))?)?$/i;

/** The hour a date typed without a time means, in the network's zone. */
export const DEFAULT_HOUR = 9;

/**
 * Reads a date as people type it: ISO (`2026-10-14T13:00`, `2026-10-14 13:00`), Finnish or Swedish
 * (`14.10.2026 13:00`, `14.10.2026 klo 13`, `14.10.2026 kl. 13.30`) or relative (`+3d`, `+2h`, `+30m`,
 * `+45s`, `+1d2h`). Local times are in `ctx.zone`. A local time that does not exist (the hour the
 * clocks skip in spring) is refused rather than silently moved; an ambiguous one (the hour repeated
 * in autumn) means its first occurrence, as a person reading a clock would assume.
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
  if (iso) return local(ctx.zone, +iso[1]!, +iso[2]!, +iso[3]!, iso[4], iso[5], iso[6]);
  const nordic = NORDIC.exec(text);
  if (nordic) return local(ctx.zone, +nordic[3]!, +nordic[2]!, +nordic[1]!, nordic[4], nordic[5]);
  return { ok: false, code: 'date.invalid' };
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
