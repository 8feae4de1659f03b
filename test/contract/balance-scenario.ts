import { expect } from 'vitest';
import type { AdapterDriver } from './driver.js';

/**
 * Issue #15 on every adapter: a 2-seat STV election with personal deputies and balance:40 where the
 * two strongest candidates are men. Pairs accept by typing and by the gender buttons, opening is
 * refused until a woman stands, statements show on the card; the result elects the strongest woman
 * to the second seat, names both deputies and who the rule passed over.
 */
export async function balanceScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  // Every member votes (per:person): three organisations of two.
  for (const [org, members] of [['Org A', ['alice', 'dora']], ['Org B', ['bob', 'dana']], ['Org C', ['coord', 'dave']]] as const) {
    await d.send('coord', `org add "${org}"`);
    for (const m of members) await d.send('coord', `org member add "${org}" @${m}`);
  }
  const created = await d.send('coord', 'election new "Representatives 2027" seats:2 method:stv per:person deputies:yes balance:40 term:"2027–2028"');
  expect(created.text).toBe('Election E1 created: its card is posted in the channel and kept up to date.');
  const card = await d.nextPost();
  expect(card.text).toContain('Personal deputies: yes, each candidate with their own');
  expect(card.text).toContain('Gender balance: at least 40% of women and of men');
  expect(card.text).toContain('Term: 2027–2028');
  expect(card.buttons.map((b) => b.command)).toEqual(['election accept E1 gender:woman', 'election accept E1 gender:man', 'election accept E1 gender:other', 'election decline E1', 'election open E1']);

  expect((await d.send('alice', 'election nominate E1 @matti')).text).toBe('Candidates in E1 stand with a personal deputy: add deputy:@name.');
  const first = await d.send('alice', 'election nominate E1 @matti deputy:@dora statement:"Chair of Org A @everyone"');
  expect(first.visibility).toBe('public');
  expect(first.text).toBe('@alice nominated @matti with personal deputy @dora in E1 (number 1). @matti and @dora: accept or decline; the pair stands once both have accepted.');
  expect(first.buttons.map((b) => b.label)).toEqual(['Accept (woman)', 'Accept (man)', 'Accept (other)', 'Decline nomination']);
  // Both answer by the buttons; the gender a press states is not in the public reply.
  expect((await d.click('matti', first, 'Accept (man)')).text).toBe('@matti accepted the nomination in E1.');
  expect((await d.click('dora', first, 'Accept (woman)')).text).toBe('@dora accepted to be the personal deputy of @matti in E1 (number 1).');
  expect((await d.send('bob', 'election nominate E1 @mikko deputy:@dora')).text).toBe('@dora is already a candidate or deputy in E1: a person stands in one pair of an election.');
  await d.send('bob', 'election nominate E1 @mikko deputy:@dana');
  expect((await d.send('mikko', 'election accept E1')).text).toBe('E1 is counted under a gender balance rule: accept with gender:woman|man|other.');
  await d.send('mikko', 'election accept E1 gender:man');
  await d.send('dana', 'election accept E1 gender:woman');
  // Two men stand: the 40% rule cannot be met, so voting does not open.
  expect((await d.send('coord', 'election open E1')).text).toBe(
    'E1 cannot open: balance:40 needs at least 1 accepted women and 1 accepted men for 2 seats; it has 0 women and 2 men.',
  );
  await d.send('coord', 'election nominate E1 @wilma deputy:@dave');
  await d.send('wilma', 'election accept E1 gender:nainen');
  await d.send('dave', 'election accept E1 gender:man');

  const shown = await d.send('alice', 'election show E1');
  expect(shown.text).toContain('1. @matti + @dora — “Chair of Org A @everyone”');
  expect(shown.text).not.toContain('(man)');
  expect((await d.send('coord', 'election show E1')).text).toContain('1. @matti (man) + @dora (woman)');

  const open = await d.send('coord', 'election open E1');
  expect(open.text).toContain('Voting is open in E1 · Representatives 2027.');
  // First preferences: matti 3, mikko 2, wilma 1; quota ⌊6/3⌋+1 = 3.
  for (const [user, ballot] of [['alice', '1 2 3'], ['bob', '1 2 3'], ['coord', '1 2 3'], ['dora', '2 1 3'], ['dana', '2 3'], ['dave', '3 1']] as const) {
    expect((await d.send(user, `vote E1 ${ballot}`)).text).toMatch(/^Your secret ballot in E1 for yourself is counted\. Receipt: [A-Z0-9]{10}/);
  }
  const result = await d.send('coord', 'election close E1');
  expect(result.visibility).toBe('public');
  const text = result.text;
  // matti is elected first; with one seat left and no woman elected, the men left are excluded: wilma takes it.
  // (The elected are listed before the method; the chart's table below names every pair.)
  const elected = text.slice(0, text.indexOf('Method:'));
  expect(elected.indexOf('1. @matti + @dora')).toBeGreaterThan(-1);
  expect(elected.indexOf('3. @wilma + @dave')).toBeGreaterThan(elected.indexOf('1. @matti + @dora'));
  expect(elected).not.toContain('2. @mikko + @dana');
  expect(text).toContain('@mikko excluded (by the 40% rule)');
  expect(text).toContain('Passed over by the 40% rule in round 2: @mikko');
  expect(text).toContain('2027–2028');
  expect(text).not.toContain('(man)');
  // The proposal is a coordinator's, by the result's button or typed.
  expect(result.buttons).toEqual([{ label: 'Proposal (PDF)', command: 'election proposal E1' }]);
  expect((await d.click('alice', result, 'Proposal (PDF)')).text).toBe('Only a coordinator of this network can do that.');
}

/**
 * Issue #15's balance:pairs on every adapter: two seats, two women and two men standing with their
 * deputies; the same ballots are counted among the women and among the men, and the result proposes
 * a woman and a man for each seat.
 */
export async function pairsScenario(d: AdapterDriver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  for (const [org, member] of [['Org A', 'alice'], ['Org B', 'bob'], ['Org C', 'coord']] as const) {
    await d.send('coord', `org add "${org}"`);
    await d.send('coord', `org member add "${org}" @${member}`);
  }
  await d.send('coord', 'election new "Representatives 2027" seats:2 method:stv deputies:yes balance:pairs');
  await d.nextPost();
  // 1 and 2 are women, 3 and 4 men; each with a deputy of the other gender.
  for (const [main, mainGender, deputy, deputyGender] of [
    ['wilma', 'woman', 'dave', 'man'],
    ['dora', 'woman', 'bob', 'man'],
    ['matti', 'man', 'dana', 'woman'],
    ['mikko', 'man', 'alice', 'woman'],
  ] as const) {
    await d.send('coord', `election nominate E1 @${main} deputy:@${deputy}`);
    await d.send(main, `election accept E1 gender:${mainGender}`);
    await d.send(deputy, `election accept E1 gender:${deputyGender}`);
  }
  expect((await d.send('coord', 'election open E1')).text).toContain('Voting is open in E1 · Representatives 2027.');
  for (const [user, ballot] of [['alice', '1 3 2 4'], ['bob', '4 2 3 1'], ['coord', '3 1']] as const) {
    expect((await d.send(user, `vote E1 ${ballot}`)).text).toMatch(/^Your secret ballot in E1 for “Org [ABC]” is counted\./);
  }
  const { text } = await d.send('coord', 'election close E1');
  const women = text.slice(text.indexOf('Count among the women:'), text.indexOf('Count among the men:'));
  const men = text.slice(text.indexOf('Count among the men:'));
  expect(women).toContain('1. @wilma + @dave');
  expect(women).toContain('2. @dora + @bob');
  expect(women).not.toContain('@matti');
  expect(men).toContain('3. @matti + @dana');
  expect(men).toContain('4. @mikko + @alice');
  expect(men).not.toContain('@wilma');
  expect(text).toContain('Gender balance: a woman and a man for each seat');
}
