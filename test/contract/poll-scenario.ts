import { expect } from 'vitest';
import type { AdapterDriver, Outcome } from './driver.js';

/** The commands of an outcome's buttons; the console marks a form button's with a trailing “…”. */
const commands = (o: Outcome) => o.buttons.map((b) => b.command.replace(/ …$/, ''));

/**
 * Topic polls on every adapter: suggestions (one refused as a duplicate), a merge of two duplicates,
 * voting with picks (a changed vote, bad picks), the close with bars, and the agenda by theme.
 */
export async function pollScenario(d: AdapterDriver): Promise<void> {
  // Polls are open to everyone in the channel: no organisations needed.
  await d.send('coord', 'setup area:Kainuu');
  const created = await d.send('coord', 'poll new "What do we raise?" theme:goals pick:2');
  expect(created).toMatchObject({ visibility: 'private', text: 'Poll P1 created: its card is posted in the channel and kept up to date.' });
  const card = await d.nextPost();
  expect(card.visibility).toBe('public');
  expect(card.text).toContain('P1 · What do we raise?');
  expect(card.text).toContain('Goals');
  expect(commands(card)).toEqual(['poll suggest P1', 'poll open P1']);

  expect(await d.send('bob', 'vote P1 1')).toMatchObject({
    visibility: 'private',
    text: 'Voting in P1 has not opened yet: suggest topics with /neuvo poll suggest P1 "<topic>".',
  });
  expect((await d.send('alice', 'poll suggest P1 "Loneliness of the elderly"')).text).toBe('Topic 1 added to P1: Loneliness of the elderly');
  expect((await d.send('bob', 'poll suggest P1 "Public transport in villages"')).text).toBe('Topic 2 added to P1: Public transport in villages');
  expect((await d.send('coord', 'poll suggest P1 "Bus connections"')).text).toBe('Topic 3 added to P1: Bus connections');
  expect((await d.send('alice', 'poll suggest P1 "Youth mental health"')).text).toBe('Topic 4 added to P1: Youth mental health');
  expect((await d.send('bob', 'poll suggest P1 "youth mental health"')).text).toBe('“Youth mental health” is already topic 4 in P1.');

  expect((await d.send('coord', 'poll merge P1 3 3')).text).toBe('A topic cannot be merged into itself: give two different numbers, the topic to keep first.');
  const merged = await d.send('coord', 'poll merge P1 2 3');
  expect(merged).toMatchObject({ visibility: 'public', text: 'Topic 3 “Bus connections” was merged into topic 2 “Public transport in villages” in P1.' });

  const open = await d.send('coord', 'poll open P1');
  expect(open.visibility).toBe('public');
  expect(open.text).toContain('Voting is open in P1 · What do we raise?');
  expect(open.text).toContain('Pick up to 2 topics: /neuvo vote P1 1 2, or press Vote.');
  expect(commands(open)).toEqual(['vote P1']);
  expect((await d.send('alice', 'poll suggest P1 "Too late"')).text).toBe('Suggestions for P1 have ended.');

  expect((await d.send('alice', 'vote P1 1 2')).text).toBe(
    'Your vote in P1 is counted: 1. Loneliness of the elderly; 2. Public transport in villages. You can change it until voting closes.',
  );
  expect((await d.send('bob', 'vote P1 9')).text).toBe('“9” is not a topic of P1: use the numbers on the poll card.');
  expect((await d.send('bob', 'vote P1 1 2 4')).text).toBe('Too many topics: P1 takes up to 2.');
  expect((await d.send('bob', 'vote P1 3 4')).text).toContain('Your vote in P1 is counted: 2. Public transport in villages; 4. Youth mental health.');
  expect((await d.send('bob', 'vote P1 2')).text).toBe('Your vote in P1 was replaced: 2. Public transport in villages.');
  await d.send('coord', 'vote P1 4');

  const result = await d.send('coord', 'poll close P1');
  expect(result.visibility).toBe('public');
  expect(result.text).toContain('Result of P1 · What do we raise?');
  expect(result.text).toContain('3 people have voted.');
  expect(result.text).toContain('✓ 2. Public transport in villages — ██████▋ 67% (2)');
  // Topics 1 and 4 tie for the second place: both join the agenda.
  expect(result.text).toContain('✓ 1. Loneliness of the elderly — ███▍ 33% (1)');
  expect(result.text).toContain('✓ 4. Youth mental health — ███▍ 33% (1)');
  expect(result.text).toContain('These 3 topics join the agenda under Goals:');
  expect((await d.send('alice', 'vote P1 1')).text).toBe('Voting in P1 has closed.');

  // A second theme, with the topics given and voting at once.
  await d.send('coord', 'poll new "Which measure first?" theme:measures options:"Clubs|Meals" pick:1');
  expect((await d.nextPost()).text).toContain('P2 · Which measure first?');
  await d.send('alice', 'vote P2 2');
  await d.send('coord', 'poll close P2');

  const agenda = await d.send('bob', 'agenda');
  expect(agenda.visibility).toBe('private');
  const order = ['Agenda for the next negotiation', 'Goals (3)', 'Public transport in villages (P1, 2 votes)', 'Loneliness of the elderly (P1, 1 vote)', 'Youth mental health (P1, 1 vote)', 'Measures (1)', 'Meals (P2, 1 vote)'];
  const at = order.map((line) => agenda.text.indexOf(line));
  expect(at.every((i) => i >= 0), agenda.text).toBe(true);
  expect([...at].sort((a, b) => a - b)).toEqual(at);
}
