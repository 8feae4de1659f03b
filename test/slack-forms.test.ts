/**
 * Form buttons on Slack end to end: real Bolt (HTTP mode) on the real core, FakeSlack checking every
 * call. The election card's Vote button opens the ballot as a modal (views.open with the click's
 * trigger_id); submitting it votes as the submitter, answered with chat.postEphemeral.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formAnswer, formModal } from '../adapters/slack/form-modal.js';
import type { Form } from '../src/views/view.js';
import { readableText, SLACK_SECRET, SLACK_TEAM, SlackHarness, type SlackReply } from './contract/slack-driver.js';
import type { FakeSlackCall } from './fakes/slack-api.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload, type ViewStateValue } from './fakes/slack-signing.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const COORD = 'U0COORD001';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const NAMES: Record<string, string> = { [COORD]: 'coord', [ALICE]: 'alice', [BOB]: 'bob' };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let channelSeq = 0;
/** A channel per test, so each has a network and an election E1 of its own. */
const newChannel = () => `C0FORM${String(++channelSeq).padStart(4, '0')}`;
let triggerSeq = 0;
let viewSeq = 0;

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await SlackHarness.start(rt);
  h.fake.setUser(COORD, { name: 'coord', real_name: 'Coord', locale: 'en-US' });
  // Alice has no display name: her real name shows. Bob's display name wins over his real name.
  h.fake.setUser(ALICE, { name: 'alice', real_name: 'Alice Aalto', locale: 'en-US', profile: { display_name: '' } });
  h.fake.setUser(BOB, { name: 'bob', real_name: 'Robert Berg', locale: 'en-US', profile: { display_name: 'bobby' } });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

async function run(user: string, text: string, channel: string): Promise<string> {
  const { status, key } = await h.command(user, text, { channel });
  expect(status).toBe(200);
  return readableText(await h.reply(key, channel), NAMES);
}

/**
 * A network with Org A (alice), Org B (bob), Org C (coord), and E1 with alice (1) and bob (2)
 * accepted, opened; resolves with the announcement that voting is open (it has a Vote button too).
 */
async function election(channel: string, settings: string, more = 0): Promise<SlackReply> {
  expect(await run(COORD, 'setup area:Kainuu', channel)).toContain('Neuvo is set up');
  for (const [org, member] of [['Org A', ALICE], ['Org B', BOB], ['Org C', COORD]] as const) {
    await run(COORD, `org add "${org}"`, channel);
    await run(COORD, `org member add "${org}" <@${member}|x>`, channel);
  }
  await run(COORD, `election new "Board 2027" ${settings}`, channel);
  // The card is posted beside the private answer: taken here, so it is not mistaken for a later reply.
  expect(readableText(await h.nextPost())).toContain('E1 · Board 2027');
  expect(await run(ALICE, `election nominate E1 <@${ALICE}|alice> org:"Org A"`, channel)).toContain('(number 1)');
  await run(ALICE, `election nominate E1 <@${BOB}|bob>`, channel);
  expect(await run(BOB, 'election accept E1', channel)).toContain('accepted the nomination');
  // `more` people nominate themselves (3, 4, …), straight through the core: the ballot is under test, not nominating.
  for (let n = 3; n < 3 + more; n++) {
    const user = `U0P${String(n).padStart(7, '0')}`;
    h.fake.setUser(user, { name: `p${n}`, real_name: `P${n}`, locale: 'en-US' });
    await rt.neuvo.handle({ actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: user, isPlatformAdmin: false }, space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel } }, `election nominate E1 <@${user}>`);
  }
  const { status, key } = await h.command(COORD, 'election open E1', { channel });
  expect(status).toBe(200);
  const opened = await h.reply(key, channel);
  expect(readableText(opened)).toContain('Voting is open in E1');
  return opened;
}

/** The election card as it stands (posted, then updated in place with chat.update). */
function card(channel: string): SlackReply {
  const isCard = (c: FakeSlackCall) =>
    (c.method === 'chat.postMessage' || c.method === 'chat.update') &&
    c.params.channel === channel &&
    ((c.params.blocks ?? []) as Json[]).some((b) => b.type === 'header' && String(b.text.text).startsWith('E1 ·'));
  const last = h.fake.calls.filter(isCard).at(-1);
  if (!last) throw new Error(`no election card in ${channel}`);
  return { via: 'post', channel, blocks: last.params.blocks as Json[], text: String(last.params.text ?? '') };
}

const vote = (reply: SlackReply): Json =>
  reply.blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]).find((e) => e.text.text === 'Vote')!;

/**
 * Clicks the Vote button of `on` (the election card by default) as `user`; resolves with the
 * views.open call (unless no modal is expected), the click's response_url key and its trigger_id.
 */
async function clickVote(user: string, channel: string, opts: { on?: SlackReply; modal?: boolean } = {}): Promise<{ open: FakeSlackCall | undefined; key: string; triggerId: string }> {
  const button = vote(opts.on ?? card(channel));
  const { key, url } = h.responseUrl();
  const triggerId = `${Date.now()}${++triggerSeq}.1.form`;
  const before = h.fake.calls.length;
  const payload = blockActionsPayload({ user, channel, team: SLACK_TEAM, actionId: button.action_id, value: button.value, responseUrl: url, buttonText: 'Vote', triggerId });
  expect((await postInteraction(h.eventsUrl, SLACK_SECRET, payload)).status).toBe(200);
  if (opts.modal === false) return { open: undefined, key, triggerId };
  const open = await h.fake.waitFor((c) => c.method === 'views.open' && h.fake.calls.indexOf(c) >= before);
  return { open, key, triggerId };
}

const chosen = (value: string): ViewStateValue => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } });

/** Submits an opened modal as `user` with `values` (block_id → the `answer` input's state); resolves with the ephemeral answer. */
async function submit(user: string, open: FakeSlackCall, values: Record<string, ViewStateValue>): Promise<{ call: FakeSlackCall; text: string }> {
  const view = open.params.view as Json;
  const before = h.fake.calls.length;
  const payload = viewSubmissionPayload({
    user,
    team: SLACK_TEAM,
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    viewId: `V0FORM${String(++viewSeq).padStart(4, '0')}`,
    values: Object.fromEntries(Object.entries(values).map(([block, state]) => [block, { answer: state }])),
  });
  const res = await postInteraction(h.eventsUrl, SLACK_SECRET, payload);
  // Bolt acks with an empty 200, which closes the modal.
  expect(res.status).toBe(200);
  expect(await res.text()).toBe('');
  const call = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.params.user === user && h.fake.calls.indexOf(c) >= before);
  return { call, text: readableText({ via: 'post', blocks: call.params.blocks as Json[], text: String(call.params.text) }, NAMES) };
}

const inputs = (open: FakeSlackCall): Json[] => ((open.params.view as Json).blocks as Json[]).filter((b) => b.type === 'input');

describe('the ballot modal for STV', () => {
  it('opens rank selects naming the candidates, records a 2-then-1 ballot, and refuses a second one with the core’s message', async () => {
    const channel = newChannel();
    await election(channel, 'seats:1 method:stv');
    expect(vote(card(channel))).toMatchObject({ action_id: expect.stringMatching(/^neuvo-form:\d+$/), value: 'vote E1', style: 'primary' });

    const { open, triggerId } = await clickVote(ALICE, channel);
    const view = open!.params.view as Json;
    expect(open!.params.trigger_id).toBe(triggerId);
    expect(view).toMatchObject({ type: 'modal', callback_id: 'neuvo-form', title: { type: 'plain_text', text: 'Ballot E1' }, submit: { type: 'plain_text', text: 'Vote' } });
    expect(JSON.parse(view.private_metadata)).toEqual({ command: 'vote E1', channel, team: SLACK_TEAM });
    // Two candidates: two rank selects, only the first required, each listing everyone by name.
    expect(inputs(open!).map((b) => [b.label.text, b.optional, b.element.type])).toEqual([
      ['Your choices, first preference first', false, 'static_select'],
      ['Choice 2', true, 'static_select'],
    ]);
    for (const b of inputs(open!)) {
      expect(b.element.options.map((o: Json) => [o.text.text, o.value])).toEqual([
        ['1. Alice Aalto (Org A)', '1'],
        ['2. bobby', '2'],
      ]);
    }

    const voted = await submit(ALICE, open!, { 'answer-0': chosen('2'), 'answer-1': chosen('1') });
    expect(voted.call.params.channel).toBe(channel);
    expect(voted.text).toMatch(/^Your secret ballot in E1 for “Org A” is counted\. Receipt: [A-Z0-9]{10}/);
    const turnout = await run(COORD, 'election turnout E1', channel);
    expect(turnout).toContain('E1: 1 of 3 have voted');
    expect(turnout).toContain('Org A');

    // Another modal, another submission: the secret ballot is already counted.
    const second = await clickVote(ALICE, channel);
    const refused = await submit(ALICE, second.open!, { 'answer-0': chosen('1') });
    expect(refused.text).toBe('A ballot for “Org A” is already counted in E1; a secret ballot cannot be changed.');
    expect(h.fake.violations).toEqual([]);
  });

  it('skips empty ranks and answers a click with no form to show (voting closed) ephemerally instead of opening a modal', async () => {
    const channel = newChannel();
    const announcement = await election(channel, 'seats:1 method:stv secret:no');
    const { open } = await clickVote(BOB, channel);
    const voted = await submit(BOB, open!, { 'answer-0': chosen('2'), 'answer-1': { type: 'static_select', selected_option: null } });
    expect(voted.text).toMatch(/^Your vote in E1 for “Org B” is counted: 2\./);

    await run(COORD, 'election close E1', channel);
    const opensBefore = h.fake.calls.filter((c) => c.method === 'views.open').length;
    // The card lost its Vote button when voting closed; the announcement still has one.
    const { key } = await clickVote(ALICE, channel, { on: announcement, modal: false });
    const answer = await h.reply(key, channel);
    expect(answer).toMatchObject({ via: 'response_url', responseType: 'ephemeral', replaceOriginal: false });
    expect(readableText(answer)).toBe('Voting in E1 has closed.');
    expect(h.fake.calls.filter((c) => c.method === 'views.open').length).toBe(opensBefore);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('a ballot of 30 candidates', () => {
  it('lists all 30 in the modal’s select, and a vote for candidate 30 counts', async () => {
    const channel = newChannel();
    await election(channel, 'seats:1 method:plurality secret:no', 28);
    const { open } = await clickVote(ALICE, channel);
    expect(inputs(open!)[0]!.element.options.map((o: Json) => o.value)).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));
    const voted = await submit(ALICE, open!, { 'answer-0': chosen('30') });
    expect(voted.text).toMatch(/^Your vote in E1 for “Org A” is counted: 30\./);
    expect(await run(COORD, 'election close E1', channel)).toMatch(/Elected:\n• 30\. /);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the ballot modal for plurality and approval', () => {
  it('asks a plurality ballot with one static_select and records the one choice', async () => {
    const channel = newChannel();
    await election(channel, 'seats:1 method:plurality secret:no');
    const { open } = await clickVote(ALICE, channel);
    expect(inputs(open!).map((b) => [b.label.text, b.optional, b.element.type])).toEqual([['Your candidate', false, 'static_select']]);
    const voted = await submit(ALICE, open!, { 'answer-0': chosen('2') });
    expect(voted.text).toMatch(/^Your vote in E1 for “Org A” is counted: 2\./);
    expect(h.fake.violations).toEqual([]);
  });

  it('asks an approval ballot with one multi_static_select (up to every candidate) and records the set', async () => {
    const channel = newChannel();
    await election(channel, 'seats:1 method:approval secret:no');
    const { open } = await clickVote(BOB, channel);
    const [only, ...rest] = inputs(open!);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ label: { text: 'Every candidate you approve of' }, optional: false, element: { type: 'multi_static_select', max_selected_items: 2 } });
    expect(only!.element.options.map((o: Json) => o.text.text)).toEqual(['1. Alice Aalto (Org A)', '2. bobby']);
    const both: ViewStateValue = { type: 'multi_static_select', selected_options: ['2', '1'].map((v) => ({ text: { type: 'plain_text', text: v }, value: v })) };
    const voted = await submit(BOB, open!, { 'answer-0': both });
    expect(voted.text).toMatch(/^Your vote in E1 for “Org B” is counted: [12] [12]\./);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the modal within Slack’s limits', () => {
  const meta = { command: 'vote E1', channel: 'C0FORM9999', team: SLACK_TEAM };
  const many = Array.from({ length: 120 }, (_, i) => ({ label: [`${i + 1}. `, { user: `U0PERSON${i}` }, ` (${'Long organisation name '.repeat(4)})`], value: String(i + 1) }));

  it('cuts the title to 24, keeps 100 options of at most 75 characters, names people by the given names or ids', () => {
    const form: Form = { title: 'Ballot E1 of the very long election title', submit: 'Vote now, or never at all!', command: 'vote E1', field: { kind: 'rank', label: 'Rank', max: 10, options: many, choiceLabels: Array.from({ length: 10 }, (_, i) => `Choice ${i + 1}`), startOver: 'Start over' } };
    const modal = formModal(form, meta, (m) => ('user' in m && m.user === 'U0PERSON0' ? 'Pia' : 'user' in m ? m.user : ''))!;
    expect(modal.title.text).toHaveLength(24);
    expect(modal.submit!.text).toHaveLength(24);
    expect(modal.blocks).toHaveLength(10);
    // The first select carries the field's label; the others are named by their position.
    expect(modal.blocks.map((b) => (b as Json).label.text)).toEqual(['Rank', ...Array.from({ length: 9 }, (_, i) => `Choice ${i + 2}`)]);
    const options = (modal.blocks[0] as Json).element.options as Json[];
    expect(options).toHaveLength(100);
    expect(options.every((o) => o.text.text.length <= 75)).toBe(true);
    expect(options[0]!.text.text).toMatch(/^1\. Pia \(Long organisation name.*…$/);
    expect(options[1]!.text.text).toMatch(/^2\. U0PERSON1 \(/);
  });

  it('shows a candidate’s statement as the option’s plain_text description, cut to 75', () => {
    const statement = `Chair since 2019 <!channel> *bold* ${'ä'.repeat(100)}`;
    const form: Form = { title: 'Ballot E1', submit: 'Vote', command: 'vote E1', field: { kind: 'pick', label: 'L', min: 1, max: 1, options: [{ label: ['1. ', { user: 'U0A' }], value: '1', description: statement }, { label: ['2. ', { user: 'U0B' }], value: '2' }] } };
    const [first, second] = (formModal(form, meta, () => 'Pia')!.blocks[0] as Json).element.options as Json[];
    expect(first!.description).toMatchObject({ type: 'plain_text' });
    expect(first!.description.text).toHaveLength(75);
    expect(first!.description.text.startsWith('Chair since 2019 <!channel> *bold* ää')).toBe(true);
    expect(second!.description).toBeUndefined();
  });

  it('asks a text form with one plain_text_input within 3000 characters, and reads the answers in block order', () => {
    const form: Form = { title: 'Note', submit: 'Send', command: 'remind +1d', field: { kind: 'text', label: 'What', maxLength: 5000 } };
    expect(formModal(form, meta, () => '')!.blocks).toEqual([
      { type: 'input', block_id: 'answer-0', label: { type: 'plain_text', text: 'What', emoji: true }, optional: false, element: { type: 'plain_text_input', action_id: 'answer', max_length: 3000, multiline: true } },
    ]);
    expect(formAnswer({ 'answer-0': { answer: { type: 'plain_text_input', value: 'Call Org A' } } })).toBe('Call Org A');
    expect(formAnswer({ 'answer-2': { answer: chosen('3') }, 'answer-0': { answer: chosen('1') }, 'answer-1': { answer: { type: 'static_select', selected_option: null } } })).toEqual(['1', '3']);
  });

  it('opens nothing for a command too long for private_metadata or a choice without options', () => {
    const base: Form = { title: 'T', submit: 'S', command: 'vote E1', field: { kind: 'pick', label: 'L', min: 1, max: 1, options: [] } };
    expect(formModal(base, meta, () => '')).toBeUndefined();
    expect(formModal({ ...base, field: { kind: 'text', label: 'L', maxLength: 10 } }, { ...meta, command: 'x'.repeat(3000) }, () => '')).toBeUndefined();
  });
});
