import { expect } from 'vitest';
import type { AdapterDriver } from './driver.js';

/**
 * A negotiation on every adapter: the coordinator announces it (a card in the channel), members read
 * it, it is moved, gets its results and is cancelled; the calendar file; who may do what; bad dates.
 * Dates are in 2027 and quoted, as Discord's typed options carry them.
 */
export async function negotiationScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Pirkanmaa');

  expect((await d.send('alice', 'negotiation add "HYTE-neuvottelut 2027" at:"14.10.2027 klo 13"')).text).toBe('Only a coordinator of this network can do that.');
  const added = await d.send('coord', 'negotiation add "HYTE-neuvottelut 2027" at:"14.10.2027 klo 13" until:15:30 where:"Tampere-talo, Sali 1" link:https://www.pirha.fi/hyte about:"Goals and measures for 2028 @everyone"');
  expect(added.visibility).toBe('private');
  expect(added.text).toContain('Negotiation N1 added: its card is posted in the channel and kept up to date.');
  expect(added.text).toContain('Reminders before it starts: 14 days, 1 day and 1 hour.');

  const card = await d.nextPost();
  expect(card.visibility).toBe('public');
  expect(card.to).toBe('#general');
  for (const part of ['N1 · HYTE-neuvottelut 2027', 'Tampere-talo, Sali 1', 'https://www.pirha.fi/hyte', 'Goals and measures for 2028 @everyone']) expect(card.text).toContain(part);
  expect(card.buttons).toEqual([{ label: 'Calendar (.ics)', command: 'negotiation ics' }]);

  const shown = await d.send('alice', 'negotiation show N1');
  expect(shown.visibility).toBe('private');
  expect(shown.text).toContain('N1 · HYTE-neuvottelut 2027');
  const list = await d.send('bob', 'negotiation list');
  expect(list.visibility).toBe('private');
  expect(list.text).toContain('1 negotiation');
  expect(list.text).toContain('N1 · HYTE-neuvottelut 2027 · ');

  // Moving it: members may not; the coordinator's move is announced and the card follows.
  expect((await d.send('alice', 'negotiation edit N1 where:"Online"')).text).toBe('Only a coordinator of this network can do that.');
  const moved = await d.send('coord', 'negotiation edit N1 at:"15.10.2027 kl. 9" where:"Teams"');
  expect(moved.visibility).toBe('public');
  expect(moved.text).toContain('Negotiation N1 · HYTE-neuvottelut 2027 was updated: see its card.');
  expect(moved.text).toContain('its reminders and follow-ups were rescheduled.');
  const after = await d.send('bob', 'negotiation show N1');
  expect(after.text).toContain('Teams');
  expect(after.text).not.toContain('Tampere-talo');

  // Bad input: what was expected, and nothing changes.
  expect((await d.send('coord', 'negotiation add "Extra" at:someday')).text).toContain('“someday” is not a date: expected 2026-10-14T13:00');
  expect((await d.send('coord', 'negotiation add "Extra" at:"28.3.2027 klo 3.30"')).text).toContain('does not exist in Europe/Helsinki');
  expect((await d.send('coord', 'negotiation add "Extra" at:"1.1.2020 klo 10"')).text).toContain('is in the past: choose a later time.');
  expect((await d.send('coord', 'negotiation add "Extra" at:"14.10.2027 klo 13" link:ftp://example.org')).text).toContain('link: “ftp://example.org” is not a web address');
  expect((await d.send('coord', 'negotiation edit N1 until:08:00')).text).toContain('must be after the start');
  expect((await d.send('coord', 'negotiation show N9')).text).toBe('There is no negotiation N9: see /neuvo negotiation list.');
  expect((await d.send('bob', 'negotiation list')).text).toContain('1 negotiation');

  expect((await d.send('alice', 'negotiation result N1 link:https://www.pirha.fi/hyte/2027')).text).toBe('Only a coordinator of this network can do that.');
  const result = await d.send('coord', 'negotiation result N1 link:https://www.pirha.fi/hyte/2027 summary:"Joint measures for loneliness agreed"');
  expect(result.visibility).toBe('public');
  expect(result.text).toContain('Results of N1 · HYTE-neuvottelut 2027: https://www.pirha.fi/hyte/2027');
  expect(result.text).toContain('Joint measures for loneliness agreed');

  const ics = await d.send('bob', 'negotiation ics');
  expect(ics.visibility).toBe('private');
  expect(ics.text).toContain('The calendar of Pirkanmaa: 1 negotiation.');
  // An attachment on Slack and Discord, printed in the console: every driver reads it as `📎 name`.
  expect(ics.text).toContain('📎 neuvo-pirkanmaa.ics');

  expect((await d.send('bob', 'negotiation cancel N1')).text).toBe('Only a coordinator of this network can do that.');
  const cancelled = await d.send('coord', 'negotiation cancel N1');
  expect(cancelled.visibility).toBe('public');
  expect(cancelled.text).toContain('Negotiation N1 · HYTE-neuvottelut 2027 (');
  expect(cancelled.text).toContain(') is cancelled.');
  expect((await d.send('coord', 'negotiation cancel N1')).text).toBe('N1 is already cancelled.');
  expect((await d.send('coord', 'negotiation edit N1 where:"Elsewhere"')).text).toBe('N1 is cancelled: it can no longer be changed.');
  expect((await d.send('alice', 'negotiation list')).text).toContain('(cancelled, results posted)');
}
