import { expect } from 'vitest';
import type { AdapterDriver, Outcome } from './driver.js';

/** The commands of an outcome's buttons; the console marks a form button's with a trailing “…”. */
const commands = (o: Outcome) => o.buttons.map((b) => b.command.replace(/ …$/, ''));

/**
 * People's data on every adapter: `privacy` answers privately with a JSON attachment, its button
 * leads to `privacy forget` and its confirmation; the last coordinator is refused; `network delete`
 * warns, refuses another area's name and, with the right one, releases the channel (and cancels the
 * platform's own events of its negotiations).
 */
export async function privacyScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  await d.send('coord', 'org add "Red Cross"');
  await d.send('coord', 'org member add "Red Cross" @alice');

  const shown = await d.send('alice', 'privacy');
  expect(shown.visibility).toBe('private');
  expect(shown.text).toContain('What Neuvo holds about you in Kainuu');
  expect(shown.text).toContain('Red Cross');
  expect(shown.text).toContain('Neuvo only records that you voted (0 such records).');
  // An attachment on Slack and Discord, printed in the console: every driver reads it as `📎 name`.
  expect(shown.text).toContain('📎 neuvo-privacy.json');
  expect(commands(shown)).toEqual(['privacy forget']);

  const preview = await d.click('alice', shown, 'Forget me…');
  expect(preview.visibility).toBe('private');
  expect(preview.text).toContain('This will be removed from the network:');
  expect(preview.text).toContain('1 organisation membership');
  expect(commands(preview)).toEqual(['privacy forget confirm:yes']);
  expect((await d.send('bob', 'org list')).text).toContain('alice');
  const done = await d.click('alice', preview, 'Yes, forget me');
  expect(done.visibility).toBe('private');
  expect(done.text).toContain('Done. Removed from this network:');
  expect((await d.send('bob', 'org list')).text).not.toContain('alice');

  expect((await d.send('coord', 'privacy forget')).text).toBe('You are this network’s last coordinator: add another coordinator first, or delete the whole network with /neuvo network delete.');

  // A negotiation, which Discord mirrors as a server event: the delete cancels it there too.
  expect((await d.send('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"')).text).toContain('Negotiation N1 added');
  expect((await d.send('alice', 'network delete')).text).toBe('Only a coordinator of this network can do that.');
  const warning = await d.send('coord', 'network delete');
  expect(warning.visibility).toBe('private');
  expect(warning.text).toContain('Delete the network of Kainuu?');
  expect(commands(warning)).toEqual(['network delete']);
  expect((await d.send('coord', 'network delete "Pirkanmaa"')).text).toBe('“Pirkanmaa” is not this network’s welfare area: type “Kainuu” to delete it. Nothing was deleted.');
  const deleted = await d.send('coord', 'network delete "Kainuu"');
  expect(deleted).toMatchObject({ visibility: 'public', text: 'The network of Kainuu and all its data were deleted. /neuvo setup starts a new one here.' });
  expect((await d.send('bob', 'org list')).text).toContain('This channel has no network yet.');
}
