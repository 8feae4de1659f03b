import { expect } from 'vitest';
import type { AdapterDriver } from './driver.js';

/**
 * The foundation scenario: the same lines, run on every adapter, give the same outcome. Each step
 * states what a user sees: who sees it, the words, the buttons.
 */
export async function foundationScenario(d: AdapterDriver): Promise<void> {
  const before = await d.send('alice', 'org list');
  expect(before.visibility).toBe('private');
  expect(before.text).toContain('This channel has no network yet');

  const help = await d.send('alice', 'help');
  expect(help.visibility).toBe('private');
  for (const usage of ['/neuvo setup', '/neuvo org member add "<organisation>" @user', '/neuvo remind <date> "<message>"', '/neuvo org join']) {
    expect(help.text).toContain(usage);
  }

  const setup = await d.send('coord', 'setup area:Pirkanmaa');
  expect(setup.visibility).toBe('public');
  expect(setup.text).toContain('Neuvo is set up for the organisation network of Pirkanmaa');
  expect(setup.text).toContain('@coord is the coordinator');

  const refused = await d.send('alice', 'org add "Alice’s own club"');
  expect(refused).toMatchObject({ visibility: 'private', text: 'Only a coordinator of this network can do that.' });

  expect(await d.send('coord', 'org add "Pirkanmaan Sydänyhdistys"')).toMatchObject({
    visibility: 'public',
    text: 'Organisation “Pirkanmaan Sydänyhdistys” added.',
  });

  const join = await d.send('alice', 'org join "pirkanmaan sydänyhdistys"');
  expect(join.visibility).toBe('public');
  expect(join.text).toContain('@alice asks to join “Pirkanmaan Sydänyhdistys” (J1)');
  expect(join.buttons).toEqual([
    { label: 'Approve', command: 'org approve J1' },
    { label: 'Decline', command: 'org decline J1' },
  ]);

  // A member pressing the coordinators' button is refused; the coordinator's press approves.
  expect((await d.click('alice', join, 'Approve')).text).toBe('Only a coordinator of this network can do that.');
  const approved = await d.click('coord', join, 'Approve');
  expect(approved.text).toBe('@alice joined “Pirkanmaan Sydänyhdistys” (J1, approved by @coord).');
  // The double click: the request is already decided, nothing changes.
  expect((await d.click('coord', join, 'Approve')).text).toBe('Request J1 has already been decided.');

  const list = await d.send('bob', 'org list');
  expect(list.visibility).toBe('private');
  expect(list.text).toContain('1 organisation');
  expect(list.text).toContain('Pirkanmaan Sydänyhdistys — @alice');

  expect((await d.send('coord', 'coordinator add @bob')).text).toBe('@bob is now a coordinator.');
  expect((await d.send('bob', 'coordinator list')).text).toContain('2 coordinators');

  const bad = await d.send('coord', 'setup lang:de');
  expect(bad.visibility).toBe('private');
  expect(bad.text).toContain('lang: “de” is not one of fi, sv, en.');
  const unknown = await d.send('coord', 'frobnicate');
  expect(unknown.text).toContain('Unknown command “frobnicate”.');
  const missing = await d.send('coord', 'org member add "Pirkanmaan Sydänyhdistys"');
  expect(missing.text).toContain('Missing @user. Expected:');
  expect(missing.text).toContain('/neuvo org member add "<organisation>" @user');

  const set = await d.send('alice', 'remind +2s "Negotiations next week @everyone"');
  expect(set.visibility).toBe('private');
  expect(set.text).toContain('Reminder R1 set for');
  expect(set.buttons).toEqual([{ label: 'Cancel R1', command: 'remind cancel R1' }]);
  const fired = await d.nextPost(10_000);
  expect(fired.visibility).toBe('public');
  expect(fired.text).toBe('⏰ Reminder from @alice: Negotiations next week @everyone');

  const status = await d.send('alice', '');
  expect(status.visibility).toBe('private');
  expect(status.text).toContain('Neuvo · Pirkanmaa');
  expect(status.text).toContain('Pirkanmaan Sydänyhdistys');
}
