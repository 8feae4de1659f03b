/**
 * Form buttons on Discord end to end: a real discord.js client on FakeDiscord and the real core on
 * Postgres. The ballot of an election is the form: a step-by-step ranking (STV) or a select (approval),
 * carried entirely in custom_ids. Every REST call is checked by the fake against Discord's spec.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickMessage, stepMessage, textModal } from '../adapters/discord/form-render.js';
import type { CommandContext } from '../src/app/ports.js';
import type { Form, Mention } from '../src/views/view.js';
import { DISCORD_GUILD, DISCORD_USERS, DiscordHarness, ORDINARY, readableText } from './contract/discord-driver.js';
import type { FakeUserInput } from './fakes/discord-api.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const { coord, alice, bob } = DISCORD_USERS;
const NAMES: Record<string, string> = { [coord.id]: 'coord', [alice.id]: 'alice', [bob.id]: 'bob' };
let channelSeq = 10;
/** A channel per test, so each has a network and an election E1 of its own. */
const freshChannel = () => `11000000000000003${String(channelSeq++).padStart(2, '0')}`;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: DiscordHarness;

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await DiscordHarness.start(rt);
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

const where = (user: FakeUserInput, channelId: string) => ({ guildId: DISCORD_GUILD, channelId, user, memberPermissions: ORDINARY.toString(), locale: 'en-US' as const });
const errorLogs = () => h.logs.map((l) => JSON.parse(l) as Json).filter((l) => l.level >= 50);

/**
 * The first response Discord got for an interaction: its type (4 reply, 7 update, 9 modal), its data,
 * and the message it made or updated (the one to use the next components on).
 */
async function callbackOf(payload: Json): Promise<{ type: number; data: Json; messageId: string }> {
  const call = await h.fake.waitFor((c) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback' && c.path.startsWith(`/interactions/${String(payload.id)}/`));
  const body = call.body as Json;
  return { type: Number(body.type), data: (body.data ?? {}) as Json, messageId: String(h.fake.originalResponse(String(payload.id))?.id) };
}

/** Every component of a message body, flattened out of its rows. */
const componentsOf = (body: Json): Json[] => ((body.components ?? []) as Json[]).flatMap((row) => (row.components ?? []) as Json[]);
const customIds = (body: Json): string[] => componentsOf(body).map((c) => String(c.custom_id));
const selectOf = (body: Json): Json => componentsOf(body).find((c) => c.type === 3)!;

/** Clicks the component `customId` on stored message `messageId` as `user`. */
function click(user: FakeUserInput, channelId: string, messageId: string, customId: string): Json {
  return h.fake.dispatchInteraction(h.fake.buttonClick({ ...where(user, channelId), customId, message: messageId })) as Json;
}

/** Chooses `values` in the select `customId` on stored message `messageId` as `user`. */
function select(user: FakeUserInput, channelId: string, messageId: string, customId: string, values: string[]): Json {
  return h.fake.dispatchInteraction(h.fake.selectMenu({ ...where(user, channelId), customId, values, message: messageId })) as Json;
}

async function run(user: FakeUserInput, text: string, channelId: string): Promise<string> {
  return readableText((await h.command(user, text, { channelId })).body, NAMES);
}

/** A network with Org A (alice), Org B (bob), Org C (coord), and E1 with alice (1) and bob (2) accepted. */
async function election(channelId: string, settings: string, open = true): Promise<void> {
  expect(await run(coord, 'setup area:Kainuu', channelId)).toContain('Neuvo is set up');
  for (const [org, member] of [['Org A', 'alice'], ['Org B', 'bob'], ['Org C', 'coord']] as const) {
    await run(coord, `org add "${org}"`, channelId);
    await run(coord, `org member add "${org}" @${member}`, channelId);
  }
  await run(coord, `election new "Board 2027" ${settings}`, channelId);
  expect(await run(alice, 'election nominate E1 @alice org:"Org A"', channelId)).toContain('(number 1)');
  await run(alice, 'election nominate E1 @bob', channelId);
  expect(await run(bob, 'election accept E1', channelId)).toContain('accepted the nomination');
  if (open) expect(await run(coord, 'election open E1', channelId)).toContain('Voting is open in E1');
}

/** The election card in the channel (posted, then edited in place): the message with E1's title and the Vote form button. */
function card(channelId: string): Json {
  const found = h.fake
    .channelMessages(channelId)
    .filter((m) => ((m.embeds ?? []) as Json[]).some((e) => String(e.title ?? '').startsWith('E1 ·')) && customIds(m).includes('neuvo-form:vote E1'))
    .at(-1);
  if (!found) throw new Error(`no election card with a Vote button in ${channelId}`);
  return found;
}

describe('rendering', () => {
  it('gives the card’s Vote button custom_id neuvo-form:<command>, apart from the ordinary neuvo:<command> buttons', async () => {
    const channelId = freshChannel();
    await election(channelId, 'seats:1 method:stv');
    const buttons = componentsOf(card(channelId)).map((c) => ({ label: c.label, custom_id: c.custom_id, style: c.style }));
    expect(buttons).toEqual([
      { label: 'Vote', custom_id: 'neuvo-form:vote E1', style: 1 },
      { label: 'Turnout', custom_id: 'neuvo:election turnout E1', style: 2 },
      { label: 'Close voting', custom_id: 'neuvo:election close E1', style: 4 },
    ]);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('an STV ballot, ranked step by step', () => {
  it('walks Choice 1 → 2 in custom_ids, starts over in place, and records the ballot when Vote is pressed', async () => {
    const channelId = freshChannel();
    await election(channelId, 'seats:1 method:stv');
    const opened = await callbackOf(click(alice, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    expect(opened.type).toBe(4);
    expect(opened.data.flags).toBe(64);
    expect(opened.data.embeds[0].title).toBe('Ballot E1');
    // Choice 1: every candidate, named as Discord shows them (a select cannot show a mention).
    expect(customIds(opened.data)).toEqual(['neuvo-rank:vote E1']);
    expect(selectOf(opened.data)).toMatchObject({ min_values: 1, max_values: 1, placeholder: '1️⃣ Your choices, first preference first' });
    expect(selectOf(opened.data).options).toEqual([
      { label: '1. Alice (Org A)', value: '1' },
      { label: '2. Bob', value: '2' },
    ]);
    const ballotId = opened.messageId;

    // Choice 2 after picking 2: the ranking so far is in the custom_ids; 2 is no longer offered.
    const second = await callbackOf(select(alice, channelId, ballotId, 'neuvo-rank:vote E1', ['2']));
    expect(second.type).toBe(7);
    expect(customIds(second.data)).toEqual(['neuvo-rank:vote E1 2', 'neuvo:vote E1 2', 'neuvo-form:vote E1']);
    expect(selectOf(second.data).options).toEqual([{ label: '1. Alice (Org A)', value: '1' }]);
    expect(readableText(second.data, NAMES)).toContain('1️⃣ 2. @bob');

    // All chosen: only Vote and start over remain.
    const done = await callbackOf(select(alice, channelId, ballotId, 'neuvo-rank:vote E1 2', ['1']));
    expect(done.type).toBe(7);
    expect(customIds(done.data)).toEqual(['neuvo:vote E1 2 1', 'neuvo-form:vote E1']);
    expect(componentsOf(done.data).map((c) => [c.label, c.emoji?.name])).toEqual([['Vote', undefined], ['Start over', '🔄']]);
    expect(readableText(done.data, NAMES)).toMatch(/1️⃣ 2\. @bob\n2️⃣ 1\. @alice \(Org A\)/);

    // Start over resets the same ephemeral message to Choice 1.
    const again = await callbackOf(click(alice, channelId, ballotId, 'neuvo-form:vote E1'));
    expect(again.type).toBe(7);
    expect(customIds(again.data)).toEqual(['neuvo-rank:vote E1']);
    await callbackOf(select(alice, channelId, ballotId, 'neuvo-rank:vote E1', ['2']));
    await callbackOf(select(alice, channelId, ballotId, 'neuvo-rank:vote E1 2', ['1']));

    // Vote is an ordinary command button: the ballot is counted, the receipt shown to alice only.
    const voted = await h.answerTo(click(alice, channelId, ballotId, 'neuvo:vote E1 2 1'));
    expect(voted.ephemeral).toBe(true);
    expect(readableText(voted.body)).toMatch(/^Your secret ballot in E1 for “Org A” is counted\. Receipt: [A-Z0-9]{10}/);
    const turnout = await run(coord, 'election turnout E1', channelId);
    expect(turnout).toContain('E1: 1 of 3 have voted');
    expect(turnout).toContain('Org A');

    // A second ballot for Org A through the form is refused by the core.
    const retry = await callbackOf(click(alice, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    const retryId = retry.messageId;
    await callbackOf(select(alice, channelId, retryId, 'neuvo-rank:vote E1', ['1']));
    const refused = await h.answerTo(click(alice, channelId, retryId, 'neuvo:vote E1 1'));
    expect(refused.ephemeral).toBe(true);
    expect(readableText(refused.body)).toBe('A ballot for “Org A” is already counted in E1; a secret ballot cannot be changed.');
    expect(h.fake.violations).toEqual([]);
    expect(errorLogs()).toEqual([]);
  });
});

describe('a ranking step that fails', () => {
  it('is logged without the ranking so far (a secret ballot in the making)', async () => {
    const channelId = freshChannel();
    await election(channelId, 'seats:1 method:stv secret:yes');
    const opened = await callbackOf(click(alice, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    const form = rt.neuvo.form.bind(rt.neuvo);
    rt.neuvo.form = () => Promise.reject(new Error('the database went away'));
    try {
      await callbackOf(select(alice, channelId, opened.messageId, 'neuvo-rank:vote E1', ['2']));
    } finally {
      rt.neuvo.form = form;
    }
    const failed = errorLogs().filter((l) => l.msg === 'discord: building a form failed');
    // This failure was on purpose: the other tests check that nothing else was logged as an error.
    h.logs.splice(h.logs.findIndex((l) => l.includes('building a form failed')), 1);
    expect(failed).toHaveLength(1);
    expect(JSON.stringify(failed)).not.toContain('E1 2');
    expect(failed[0]!.command).toBe('vote');
  });
});

describe('an approval ballot', () => {
  it('offers a multi-select of the candidates and records the chosen set', async () => {
    const channelId = freshChannel();
    // Not secret, so the answer shows the ballot as recorded.
    await election(channelId, 'seats:1 method:approval secret:no');
    const opened = await callbackOf(click(bob, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    expect(opened.data.flags).toBe(64);
    expect(customIds(opened.data)).toEqual(['neuvo-pick:vote E1']);
    expect(selectOf(opened.data)).toMatchObject({ min_values: 1, max_values: 2, placeholder: 'Every candidate you approve of' });
    expect(selectOf(opened.data).options.map((o: Json) => o.label)).toEqual(['1. Alice (Org A)', '2. Bob']);
    const voted = await h.answerTo(select(bob, channelId, opened.messageId, 'neuvo-pick:vote E1', ['2', '1']));
    expect(voted.ephemeral).toBe(true);
    expect(readableText(voted.body)).toMatch(/^Your vote in E1 for “Org B” is counted: [12] [12]\./);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('a ballot of 30 candidates: every one can be chosen', () => {
  /** E1 with alice (1), bob (2) and 28 people who nominated themselves (3–30), open. */
  async function bigElection(channelId: string, settings: string): Promise<void> {
    await election(channelId, settings, false);
    for (let n = 3; n <= 30; n++) {
      const user = { id: `12000000000000009${String(n).padStart(2, '0')}`, username: `p${n}`, global_name: `P${n}` };
      h.fake.addUser(user);
      const space = { platform: 'discord' as const, workspaceId: DISCORD_GUILD, channelId };
      await rt.neuvo.handle({ actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: user.id, isPlatformAdmin: false }, space }, `election nominate E1 <@${user.id}>`);
    }
    expect(await run(coord, 'election open E1', channelId)).toContain('Voting is open in E1');
  }
  const optionValues = (c: Json) => (c.options as Json[]).map((o) => String(o.value));
  const selects = (body: Json) => componentsOf(body).filter((c) => c.type === 3);

  it('an STV ranking offers 26–30 in a second select, and candidate 30 ranked first wins', async () => {
    const channelId = freshChannel();
    await bigElection(channelId, 'seats:1 method:stv secret:no');
    const opened = await callbackOf(click(alice, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    expect(customIds(opened.data)).toEqual(['neuvo-rank:vote E1', 'neuvo-rank2:vote E1']);
    expect(selects(opened.data).map(optionValues)).toEqual([Array.from({ length: 25 }, (_, i) => String(i + 1)), ['26', '27', '28', '29', '30']]);
    expect(selects(opened.data)[1]).toMatchObject({ min_values: 1, max_values: 1, placeholder: '1️⃣ Your choices, first preference first · 26–30' });
    const next = await callbackOf(select(alice, channelId, opened.messageId, 'neuvo-rank2:vote E1', ['30']));
    expect(customIds(next.data)).toEqual(['neuvo-rank:vote E1 30', 'neuvo-rank2:vote E1 30', 'neuvo:vote E1 30', 'neuvo-form:vote E1']);
    expect(optionValues(selects(next.data)[1]!)).toEqual(['26', '27', '28', '29']);
    const voted = await h.answerTo(click(alice, channelId, opened.messageId, 'neuvo:vote E1 30'));
    expect(readableText(voted.body)).toMatch(/^Your vote in E1 for “Org A” is counted: 30\./);
    expect(await run(coord, 'election close E1', channelId)).toMatch(/Elected:\n• 30\. /);
    expect(h.fake.violations).toEqual([]);
    expect(errorLogs()).toEqual([]);
  });

  it('a plurality ballot picks candidate 30 from the second select', async () => {
    const channelId = freshChannel();
    await bigElection(channelId, 'seats:1 method:plurality secret:no');
    const opened = await callbackOf(click(bob, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    expect(customIds(opened.data)).toEqual(['neuvo-pick:vote E1', 'neuvo-pick2:vote E1']);
    expect(selects(opened.data).map((c) => [c.options.length, c.min_values, c.max_values])).toEqual([[25, 1, 1], [5, 1, 1]]);
    const voted = await h.answerTo(select(bob, channelId, opened.messageId, 'neuvo-pick2:vote E1', ['30']));
    expect(readableText(voted.body)).toMatch(/^Your vote in E1 for “Org B” is counted: 30\./);
    expect(await run(coord, 'election close E1', channelId)).toMatch(/Elected:\n• 30\. /);
    expect(h.fake.violations).toEqual([]);
  });

  it('an approval ballot collects choices from both selects before Vote', async () => {
    const channelId = freshChannel();
    await bigElection(channelId, 'seats:1 method:approval secret:no');
    const opened = await callbackOf(click(bob, channelId, String(card(channelId).id), 'neuvo-form:vote E1'));
    expect(customIds(opened.data)).toEqual(['neuvo-rank:vote E1', 'neuvo-rank2:vote E1']);
    expect(selects(opened.data).map((c) => [c.min_values, c.max_values])).toEqual([[1, 25], [1, 5]]);
    const first = await callbackOf(select(bob, channelId, opened.messageId, 'neuvo-rank:vote E1', ['2', '1']));
    expect(customIds(first.data)).toEqual(['neuvo-rank:vote E1 2 1', 'neuvo-rank2:vote E1 2 1', 'neuvo:vote E1 2 1', 'neuvo-form:vote E1']);
    expect(readableText(first.data, NAMES)).toContain('✓ 2. @bob\n✓ 1. @alice (Org A)');
    await callbackOf(select(bob, channelId, opened.messageId, 'neuvo-rank2:vote E1 2 1', ['30']));
    const voted = await h.answerTo(click(bob, channelId, opened.messageId, 'neuvo:vote E1 2 1 30'));
    expect(readableText(voted.body)).toMatch(/^Your vote in E1 for “Org B” is counted: 2 1 30\./);
    expect(h.fake.violations).toEqual([]);
    expect(errorLogs()).toEqual([]);
  });
});

describe('no form to show', () => {
  it('answers a Vote click before voting opens with the core’s error, ephemerally', async () => {
    const channelId = freshChannel();
    await election(channelId, 'seats:1 method:stv', false);
    // A Vote button for E1 while it still takes nominations (as on a stale or copied message).
    const base = h.fake.channelMessages(channelId).at(-1)!;
    const message = { ...base, components: [{ type: 1, id: 1, components: [{ type: 2, id: 2, style: 1, label: 'Vote', custom_id: 'neuvo-form:vote E1' }] }] };
    const payload = h.fake.dispatchInteraction(h.fake.buttonClick({ ...where(alice, channelId), customId: 'neuvo-form:vote E1', message }));
    const answer = await h.answerTo(payload as Json);
    expect(answer.ephemeral).toBe(true);
    expect(readableText(answer.body)).toBe('Voting in E1 has not opened yet.');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('a text form', () => {
  it('opens a modal neuvo-modal:<command> and runs the command completed with the quoted text', async () => {
    const seen: string[] = [];
    const form: Form = { title: 'A note', submit: 'Send', command: 'remind +1d', field: { kind: 'text', label: 'What to remind of', maxLength: 500 } };
    const neuvo = {
      form: async () => form,
      handle: async (_ctx: CommandContext, text: string) => (seen.push(text), { private: true, blocks: [{ type: 'text' as const, text: [`ran ${text}`] }] }),
    };
    const stub = await DiscordHarness.start({ neuvo, messenger: { register: () => {} } });
    try {
      const channelId = freshChannel();
      // The button sits on a message the stub fake holds: post one through the stub's own messenger.
      const posted = await stub.discord.messenger.post({ platform: 'discord', workspaceId: DISCORD_GUILD, channelId }, { private: false, blocks: [{ type: 'actions', buttons: [{ label: 'Note', command: 'remind +1d', form: true }] }] });
      const click = stub.fake.dispatchInteraction(stub.fake.buttonClick({ ...where(alice, channelId), customId: 'neuvo-form:remind +1d', message: posted.messageId }));
      const modal = await stub.fake.waitFor((c) => c.path.startsWith(`/interactions/${String(click.id)}/`));
      expect(modal.body).toEqual({
        type: 9,
        data: {
          custom_id: 'neuvo-modal:remind +1d',
          title: 'A note',
          components: [{ type: 18, label: 'What to remind of', component: { type: 4, custom_id: 'answer', style: 2, max_length: 500, required: true } }],
        },
      });
      const submit = stub.fake.dispatchInteraction(stub.fake.modalSubmit({ ...where(alice, channelId), customId: 'neuvo-modal:remind +1d', fields: { answer: 'Call "Org A"' }, message: posted.messageId }));
      const answer = await stub.answerTo(submit as Json);
      expect(answer.ephemeral).toBe(true);
      expect(seen).toEqual(['remind +1d «Call "Org A"»']);
      expect(stub.fake.violations).toEqual([]);
    } finally {
      await stub.stop();
    }
  });
});

describe('within Discord’s limits', () => {
  const options = Array.from({ length: 30 }, (_, i) => ({ label: [`${i + 1}. `, { user: `12000000000000001${String(i).padStart(2, '0')}` }, ` (${'Organisation '.repeat(10)})`], value: String(i + 1) }));
  const names = (m: Mention) => ('user' in m ? `Person ${m.user.slice(-2)}` : '');

  it('keeps each select to 25 options with labels of at most 100 and max_values within them', () => {
    const field = { kind: 'pick', label: 'Pick', min: 1, max: 1, options } as const;
    const [first, second] = pickMessage({ title: 'Ballot E1', submit: 'Vote', command: 'vote E1', field }, field, names)!.components.map((r) => r.components[0] as Json);
    expect(first!.options).toHaveLength(25);
    expect(second!.options).toHaveLength(5);
    expect(first!.options.every((o: Json) => o.label.length <= 100)).toBe(true);
    expect(first!.options[0].label).toMatch(/^1\. Person 00 \(Organisation.*…$/);
    expect(first).toMatchObject({ min_values: 1, max_values: 1 });
  });

  it('shows a candidate’s statement as the option’s description, cut to 100', () => {
    const field = { kind: 'pick', label: 'Pick', min: 1, max: 1, options: [{ label: ['1. ', { user: '1200000000000000100' }], value: '1', description: `Chair @everyone ${'ä'.repeat(200)}` }, { label: ['2.'], value: '2' }] } as const;
    const [select] = pickMessage({ title: 'Ballot E1', submit: 'Vote', command: 'vote E1', field }, field, names)!.components.map((r) => r.components[0] as Json);
    expect(select!.options[0].description).toHaveLength(100);
    expect(select!.options[0].description.startsWith('Chair @everyone ää')).toBe(true);
    expect(select!.options[1].description).toBeUndefined();
  });

  it('offers no more choices at once than the Vote button’s custom_id can carry', () => {
    const field = { kind: 'pick', label: 'Pick', min: 1, max: 30, options } as const;
    const command = `vote E1 org:"${'x'.repeat(60)}"`;
    const select = stepMessage({ title: 'Ballot E1', submit: 'Vote', command, field }, field, [], names)!.components[0]!.components[0] as Json;
    // 100 − "neuvo:" − the command leaves 17 characters: five more numbers of two digits and a space.
    expect(select.max_values).toBe(Math.floor((100 - `neuvo:${command}`.length) / 3));
  });

  it('refuses a command whose custom_id would exceed 100 characters, and cuts a modal title to 45', () => {
    const command = `vote E1 org:"${'x'.repeat(85)}"`;
    const rank = { kind: 'rank', label: 'Rank', max: 3, options, choiceLabels: ['Choice 1', 'Choice 2', 'Choice 3'], startOver: 'Start over' } as const;
    expect(stepMessage({ title: 'Ballot', submit: 'Vote', command, field: rank }, rank, [], names)).toBeUndefined();
    const text = { kind: 'text', label: 'L'.repeat(60), maxLength: 9000 } as const;
    const form: Form = { title: 'T'.repeat(60), submit: 'Send', command: 'remind +1d', field: text };
    const modal = textModal(form, text)!;
    expect(modal.title).toHaveLength(45);
    expect(modal.components[0]).toMatchObject({ label: expect.stringMatching(/^L{44}…$/), component: { max_length: 4000, style: 2 } });
    expect(textModal({ ...form, command: 'x'.repeat(90) }, text)).toBeUndefined();
  });
});

describe('the whole file', () => {
  it('made no call Discord would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });
});
