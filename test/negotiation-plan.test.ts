import { describe, expect, it } from 'vitest';
import { budgetPlan, endOf, negotiationPlan, nextBudgetReminder, readWallTime, reminderLead, resolveUntil } from '../src/domain/negotiation.js';

const ZONE = 'Europe/Helsinki';
const DEFAULT = [14 * 86_400, 86_400, 3_600];
const at = (iso: string) => new Date(iso);
const plan = (startsAt: string, now = '2026-11-22T10:00:00Z', endsAt: string | null = null, offsets = DEFAULT) =>
  negotiationPlan({ startsAt: at(startsAt), endsAt: endsAt ? at(endsAt) : null }, offsets, ZONE, at(now)).map((j) => [j.kind, j.detail, j.dueAt.toISOString()]);

describe('the reminder plan of a negotiation', () => {
  it('GIVEN a Monday after the March change THEN day reminders keep 10:00 local, the hour one is exact, follow-ups come at 09:00', () => {
    // Mon 29.3.2027 10:00 EEST (07:00Z); clocks moved forward on Sun 28.3.2027.
    expect(plan('2027-03-29T07:00:00Z')).toEqual([
      ['negotiation.remind', '1209600', '2027-03-15T08:00:00.000Z'], // Mon 15.3 10:00 EET, not 09:00
      ['negotiation.remind', '86400', '2027-03-28T07:00:00.000Z'], // Sun 28.3 10:00 EEST
      ['negotiation.remind', '3600', '2027-03-29T06:00:00.000Z'],
      ['negotiation.follow-up', 'next-day', '2027-03-30T06:00:00.000Z'],
      ['negotiation.follow-up', 'month', '2027-04-28T06:00:00.000Z'],
      ['negotiation.follow-up', 'next-round', '2028-02-29T07:00:00.000Z'], // 09:00 EET again
    ]);
  });

  it('GIVEN a negotiation on the day of the March change THEN “1 day before” is 24 local hours, 23 real ones', () => {
    // Sun 28.3.2027 12:00 EEST = 09:00Z; the day before, 12:00 EET = 10:00Z.
    expect(plan('2027-03-28T09:00:00Z')[1]).toEqual(['negotiation.remind', '86400', '2027-03-27T10:00:00.000Z']);
  });

  it('GIVEN the last Sunday of October THEN the day before keeps the wall clock across the change back', () => {
    // Sun 31.10.2027 12:00 EET = 10:00Z; Sat 30.10 12:00 EEST = 09:00Z (25 real hours earlier).
    expect(plan('2027-10-31T10:00:00Z')[1]).toEqual(['negotiation.remind', '86400', '2027-10-30T09:00:00.000Z']);
    // Mon 1.11.2027 10:00 EET = 08:00Z; 14 days before is Mon 18.10 10:00 EEST = 07:00Z.
    expect(plan('2027-11-01T08:00:00Z')[0]).toEqual(['negotiation.remind', '1209600', '2027-10-18T07:00:00.000Z']);
  });

  it('GIVEN reminders already in the past THEN they are left out, later ones stay', () => {
    expect(plan('2027-03-29T07:00:00Z', '2027-03-20T00:00:00Z').map((j) => j[1])).toEqual(['86400', '3600', 'next-day', 'month', 'next-round']);
  });

  it('GIVEN an end on a later day THEN the next-day follow-up comes the morning after the end', () => {
    expect(plan('2027-10-14T10:00:00Z', undefined, '2027-10-15T12:00:00Z').find((j) => j[1] === 'next-day')![2]).toBe('2027-10-16T06:00:00.000Z');
  });

  it('takes two hours when no end was given', () => {
    expect(endOf({ startsAt: at('2027-10-14T10:00:00Z'), endsAt: null }).toISOString()).toBe('2027-10-14T12:00:00.000Z');
  });
});

describe('until: a time on the start day, or a date', () => {
  it('reads the times people type', () => {
    expect(readWallTime('15:30')).toEqual({ hour: 15, minute: 30 });
    expect(readWallTime('15.30')).toEqual({ hour: 15, minute: 30 });
    expect(readWallTime('klo 15')).toEqual({ hour: 15, minute: 0 });
    expect(readWallTime('kl. 9.15')).toEqual({ hour: 9, minute: 15 });
    for (const bad of ['15', '25:00', '12:60', 'noon', '2027-10-14']) expect(readWallTime(bad)).toBeUndefined();
  });

  it('puts a time on the day the negotiation starts, in the network’s zone', () => {
    const r = resolveUntil({ hour: 15, minute: 30 }, at('2027-10-14T10:00:00Z'), ZONE);
    expect(r.ok && r.value.toISOString()).toBe('2027-10-14T12:30:00.000Z');
  });

  it('refuses a time the clocks skip', () => {
    expect(resolveUntil({ hour: 3, minute: 30 }, at('2027-03-28T00:00:00Z'), ZONE)).toEqual({ ok: false, code: 'date.nonexistent' });
  });
});

describe('the budget-season reminder', () => {
  it('comes on MM-DD at 09:00 in the network’s zone, next year once this year’s has passed', () => {
    expect(nextBudgetReminder('06-01', ZONE, at('2026-11-22T10:00:00Z')).toISOString()).toBe('2027-06-01T06:00:00.000Z');
    expect(nextBudgetReminder('06-01', ZONE, at('2027-06-01T06:00:00Z')).toISOString()).toBe('2028-06-01T06:00:00.000Z');
    expect(nextBudgetReminder('06-01', 'America/New_York', at('2026-11-22T10:00:00Z')).toISOString()).toBe('2027-06-01T13:00:00.000Z');
  });

  it('falls on 28 February in years without a 29th', () => {
    expect(nextBudgetReminder('02-29', ZONE, at('2026-11-22T10:00:00Z')).toISOString()).toBe('2027-02-28T07:00:00.000Z');
    expect(nextBudgetReminder('02-29', ZONE, at('2027-03-01T00:00:00Z')).toISOString()).toBe('2028-02-29T07:00:00.000Z');
  });

  it('is no job at all when the setting is off', () => {
    expect(budgetPlan(null, ZONE, at('2026-11-22T10:00:00Z'))).toBeNull();
    expect(budgetPlan('09-15', ZONE, at('2026-11-22T10:00:00Z'))).toEqual({ kind: 'budget.remind', detail: '09-15', dueAt: at('2027-09-15T06:00:00Z') });
  });
});

describe('what a reminder may say when it runs', () => {
  const starts = at('2026-12-10T10:00:00Z');
  const dayBefore = at('2026-12-09T10:00:00Z');
  it('on time (within a minute): its planned lead', () => {
    expect(reminderLead(starts, 86_400, dayBefore, at('2026-12-09T10:00:50Z'))).toBe(86_400);
  });
  it('late: the time actually left, in whole days, else hours, else minutes, rounded down', () => {
    expect(reminderLead(starts, 14 * 86_400, at('2026-11-26T10:00:00Z'), at('2026-11-27T09:00:00Z'))).toBe(13 * 86_400);
    expect(reminderLead(starts, 86_400, dayBefore, at('2026-12-09T13:00:00Z'))).toBe(21 * 3_600);
    expect(reminderLead(starts, 3_600, at('2026-12-10T09:00:00Z'), at('2026-12-10T09:47:30Z'))).toBe(12 * 60);
    expect(reminderLead(starts, 3_600, at('2026-12-10T09:00:00Z'), at('2026-12-10T09:59:30Z'))).toBe(60);
  });
  it('once the negotiation has started: nothing', () => {
    expect(reminderLead(starts, 60, at('2026-12-10T09:59:00Z'), starts)).toBeNull();
    expect(reminderLead(starts, 60, at('2026-12-10T09:59:00Z'), at('2026-12-10T10:04:00Z'))).toBeNull();
  });
});
