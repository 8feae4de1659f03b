import { expect } from 'vitest';
import type { AdapterDriver } from './driver.js';

/**
 * A full election on every adapter: nominations (one answered by button), voting with secret
 * ballots per organisation, bad ballots, turnout, the count and the published receipts.
 */
export async function electionScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  for (const [org, member] of [['Org A', 'alice'], ['Org B', 'bob'], ['Org C', 'coord']] as const) {
    await d.send('coord', `org add "${org}"`);
    await d.send('coord', `org member add "${org}" @${member}`);
  }
  expect((await d.send('alice', 'election new "Board 2027" seats:1 method:stv')).text).toBe('Only a coordinator of this network can do that.');
  const created = await d.send('coord', 'election new "Board 2027" seats:1 method:stv');
  expect(created).toMatchObject({ visibility: 'private', text: 'Election E1 created: its card is posted in the channel and kept up to date.' });
  const card = await d.nextPost();
  expect(card.visibility).toBe('public');
  expect(card.text).toContain('E1 · Board 2027');
  expect(card.text).toContain('STV, Scottish rules');
  expect(card.buttons.map((b) => b.command)).toEqual(['election accept E1', 'election decline E1', 'election open E1']);

  expect((await d.send('alice', 'election nominate E1 @alice org:"Org A"')).text).toBe('@alice is a candidate in E1 (number 1).');
  const nominated = await d.send('alice', 'election nominate E1 @bob');
  expect(nominated.text).toBe('@alice nominated @bob in E1 (number 2). @bob: accept or decline.');
  expect((await d.click('coord', nominated, 'Accept nomination')).text).toBe('You are not a nominee in E1.');
  expect((await d.click('bob', nominated, 'Accept nomination')).text).toBe('@bob accepted the nomination in E1.');

  expect((await d.send('alice', 'election open E1')).text).toBe('Only a coordinator of this network can do that.');
  const open = await d.send('coord', 'election open E1');
  expect(open.visibility).toBe('public');
  expect(open.text).toContain('Voting is open in E1 · Board 2027.');
  expect(open.text).toContain('Rank the candidates, first choice first: /neuvo vote E1 1 2');

  const receipts: string[] = [];
  for (const [user, ballot] of [['alice', '1 2'], ['bob', '2 1'], ['coord', '2']] as const) {
    const voted = await d.send(user, `vote E1 ${ballot}`);
    expect(voted.visibility).toBe('private');
    expect(voted.text).toMatch(/^Your secret ballot in E1 for “Org [ABC]” is counted\. Receipt: [A-Z0-9]{10}/);
    receipts.push(/Receipt: ([A-Z0-9]{10})/.exec(voted.text)![1]!);
  }
  expect((await d.send('alice', 'vote E1 2')).text).toBe('A ballot for “Org A” is already counted in E1; a secret ballot cannot be changed.');
  expect((await d.send('bob', 'vote E1 9')).text).toBe('“9” is not a candidate: use the numbers on the election card.');
  expect((await d.send('bob', 'vote E1 1 1')).text).toBe('“1” is on your ballot twice: name each candidate once.');
  expect((await d.send('coord', 'election turnout E1')).text).toContain('E1: 3 of 3 have voted');

  const result = await d.send('coord', 'election close E1');
  expect(result.visibility).toBe('public');
  expect(result.text).toContain('Result of E1 · Board 2027');
  expect(result.text).toContain('2. @bob');
  expect(result.text).toContain('Quota: 2.00000');
  for (const r of receipts) expect(result.text).toContain(r);
  expect((await d.send('alice', 'vote E1 1')).text).toBe('Voting in E1 has closed.');
}
