import { DateTime } from 'luxon';
import { DEFAULT_HOUR, parseDate, type DateResult } from '../commands/dates.js';

/**
 * Rules of the negotiation calendar: when a negotiation ends, when its reminders and follow-ups are
 * due, and when the yearly budget-season reminder comes. Pure: times in, times out.
 */

/** A time of day typed without a date (`until:15:30`): on the day the negotiation starts. */
export interface WallTime {
  readonly hour: number;
  readonly minute: number;
}

/** How long a negotiation is taken to last when no `until:` was given (Discord events need an end). */
export const DEFAULT_DURATION_MS = 2 * 3_600_000;

/** The follow-ups after a negotiation: post the results, what became of our topics, next year's round. */
export const FOLLOW_UPS = ['next-day', 'month', 'next-round'] as const;
export type FollowUp = (typeof FOLLOW_UPS)[number];

/** Job kinds of the negotiation calendar. */
export const NEGOTIATION_JOB_KINDS = ['negotiation.remind', 'negotiation.follow-up', 'budget.remind'] as const;
export type NegotiationJobKind = (typeof NEGOTIATION_JOB_KINDS)[number];

/** One planned job: `detail` says which (a reminder's offset in seconds, a follow-up's name, a budget day). */
export interface PlannedJob {
  readonly kind: NegotiationJobKind;
  readonly dueAt: Date;
  readonly detail: string;
}

const TIME = /^(?:(?:klo|kl\.?)\s*)?(\d{1,2})(?:[:.](\d{2}))?$/i;

/** Reads `15:30`, `15.30`, `klo 15`, `kl. 15.30` as a time of day; undefined when it is not one. */
export function readWallTime(text: string): WallTime | undefined {
  const m = TIME.exec(text.trim());
  // A bare number is not a time: `until:15` reads too much like a date typo.
  if (!m || (m[2] === undefined && !/^kl/i.test(text.trim()))) return undefined;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  return hour <= 23 && minute <= 59 ? { hour, minute } : undefined;
}

/**
 * The end of a negotiation from `until:`: a date as given, or a time of day on the day it starts (in
 * the network's zone, refusing the hour the clocks skip, like every typed date).
 */
export function resolveUntil(until: Date | WallTime, startsAt: Date, zone: string): DateResult {
  if (until instanceof Date) return { ok: true, value: until };
  const day = DateTime.fromJSDate(startsAt, { zone }).toISODate();
  const hhmm = `${String(until.hour).padStart(2, '0')}:${String(until.minute).padStart(2, '0')}`;
  return parseDate(`${day}T${hhmm}`, { zone, now: startsAt });
}

/** When a negotiation is over: its end, or {@link DEFAULT_DURATION_MS} after it starts. */
export function endOf(n: { readonly startsAt: Date; readonly endsAt: Date | null }): Date {
  return n.endsAt ?? new Date(n.startsAt.getTime() + DEFAULT_DURATION_MS);
}

/**
 * `offset` seconds before `at`, in `zone`: whole days are calendar days, so a reminder "1 day before"
 * keeps the wall-clock time across a DST change; the rest is exact.
 */
export function before(at: Date, offset: number, zone: string): Date {
  const days = Math.floor(offset / 86_400);
  return DateTime.fromJSDate(at, { zone }).minus({ days }).minus({ seconds: offset - days * 86_400 }).toJSDate();
}

/** The morning (Neuvo's default hour) of a day in `zone`. */
function morning(day: DateTime): Date {
  return day.set({ hour: DEFAULT_HOUR, minute: 0, second: 0, millisecond: 0 }).toJSDate();
}

/** When each follow-up is due: the morning after, 30 days later, 11 months later. */
export function followUpAt(kind: FollowUp, n: { readonly startsAt: Date; readonly endsAt: Date | null }, zone: string): Date {
  const start = DateTime.fromJSDate(n.startsAt, { zone });
  switch (kind) {
    case 'next-day':
      return morning(DateTime.fromJSDate(endOf(n), { zone }).plus({ days: 1 }));
    case 'month':
      return morning(start.plus({ days: 30 }));
    case 'next-round':
      return morning(start.plus({ months: 11 }));
  }
}

/**
 * A negotiation's jobs: a reminder `offsets` seconds before it starts (largest first), and the three
 * follow-ups. Jobs whose time has passed are left out: a reminder that can no longer come in time is
 * not sent late.
 */
export function negotiationPlan(n: { readonly startsAt: Date; readonly endsAt: Date | null }, offsets: readonly number[], zone: string, now: Date): PlannedJob[] {
  const jobs: PlannedJob[] = [
    ...[...offsets].sort((a, b) => b - a).map((s): PlannedJob => ({ kind: 'negotiation.remind', dueAt: before(n.startsAt, s, zone), detail: String(s) })),
    ...FOLLOW_UPS.map((f): PlannedJob => ({ kind: 'negotiation.follow-up', dueAt: followUpAt(f, n, zone), detail: f })),
  ];
  return jobs.filter((j) => j.dueAt.getTime() > now.getTime());
}

/** A job that runs more than this after its moment runs late (a reconcile restored it, the queue was away). */
export const LATE_AFTER_MS = 60_000;

/**
 * What a reminder planned `offset` seconds before `startsAt` (due at `dueAt`) may say at `now`: null
 * once the negotiation has started (nothing true is left to say), the time actually left when it runs
 * late (so a restored "in 1 day" does not promise a day that has passed), else `offset`. Whole days,
 * else whole hours, else minutes, rounded down, as offsets are written.
 */
export function reminderLead(startsAt: Date, offset: number, dueAt: Date, now: Date): number | null {
  const left = Math.floor((startsAt.getTime() - now.getTime()) / 1000);
  if (left <= 0) return null;
  if (now.getTime() - dueAt.getTime() <= LATE_AFTER_MS) return offset;
  for (const unit of [86_400, 3_600, 60]) if (left >= unit) return left - (left % unit);
  return 60;
}

/**
 * The next budget-season reminder strictly after `after`: `MM-DD` at Neuvo's default hour in `zone`,
 * every year. 29 February falls on the 28th in other years.
 */
export function nextBudgetReminder(monthDay: string, zone: string, after: Date): Date {
  const [month, day] = monthDay.split('-').map(Number) as [number, number];
  const from = DateTime.fromJSDate(after, { zone });
  for (let year = from.year; ; year++) {
    const first = DateTime.fromObject({ year, month, day: 1 }, { zone });
    const at = morning(first.set({ day: Math.min(day, first.daysInMonth ?? day) }));
    if (at.getTime() > after.getTime()) return at;
  }
}

/** The budget-season job of a network's setting, or null when the setting is off. */
export function budgetPlan(monthDay: string | null, zone: string, now: Date): PlannedJob | null {
  return monthDay ? { kind: 'budget.remind', dueAt: nextBudgetReminder(monthDay, zone, now), detail: monthDay } : null;
}

/** The largest unit an offset is written in: `{ unit: 'd', n: 14 }`. */
export function offsetUnit(secs: number): { unit: 'd' | 'h' | 'm'; n: number } {
  if (secs % 86_400 === 0) return { unit: 'd', n: secs / 86_400 };
  if (secs % 3_600 === 0) return { unit: 'h', n: secs / 3_600 };
  return { unit: 'm', n: Math.round(secs / 60) };
}
