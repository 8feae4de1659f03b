/**
 * The poll card's form buttons on Slack, end to end (real Bolt, the real core, FakeSlack): Suggest
 * opens a text modal, Vote a multi-select of the standing topics with at most `pick` choices. A
 * submission Slack delivers twice is counted once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readableText, SLACK_SECRET, SLACK_TEAM, SlackHarness, type SlackReply } from './contract/slack-driver.js';
import type { FakeSlackCall } from './fakes/slack-api.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload, type ViewStateValue } from './fakes/slack-signing.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const COORD = 'U0COORD001';
const ALICE = 'U0ALICE001';
const CHANNEL = 'C0POLLFORM';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await SlackHarness.start(rt);
  h.fake.setUser(COORD, { name: 'coord', real_name: 'Coord', locale: 'en-US' });
  h.fake.setUser(ALICE, { name: 'alice', real_name: 'Alice', locale: 'en-US' });
});
afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

async function run(user: string, text: string): Promise<string> {
  const { status, key } = await h.command(user, text, { channel: CHANNEL });
  expect(status).toBe(200);
  return readableText(await h.reply(key, CHANNEL));
}

/** The poll card as it stands: posted, then updated in place. */
function card(): SlackReply {
  const calls = h.fake.calls.filter(
    (c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && ((c.params.blocks ?? []) as Json[]).some((b) => b.type === 'header' && String(b.text.text).startsWith('P1 ·')),
  );
  const last = calls.at(-1);
  if (!last) throw new Error('no poll card');
  return { via: 'post', channel: CHANNEL, blocks: last.params.blocks as Json[], text: String(last.params.text ?? '') };
}

/** Clicks the card's button labelled `label` as `user`; resolves with the modal opened. */
async function open(user: string, label: string): Promise<Json> {
  const button = card()
    .blocks.filter((b) => b.type === 'actions')
    .flatMap((b) => b.elements as Json[])
    .find((e) => e.text.text === label)!;
  const before = h.fake.calls.length;
  const payload = blockActionsPayload({ user, channel: CHANNEL, team: SLACK_TEAM, actionId: button.action_id, value: button.value, responseUrl: h.responseUrl().url, buttonText: label, triggerId: `${Date.now()}${++seq}.1.poll` });
  expect((await postInteraction(h.eventsUrl, SLACK_SECRET, payload)).status).toBe(200);
  const call = await h.fake.waitFor((c) => c.method === 'views.open' && h.fake.calls.indexOf(c) >= before);
  return call.params.view as Json;
}

/** Submits a modal as `user` (with the given view id, so a re-delivery can be sent); resolves with the ephemeral answer. */
async function submit(user: string, view: Json, answer: ViewStateValue, viewId: string): Promise<string> {
  const before = h.fake.calls.length;
  const payload = viewSubmissionPayload({ user, team: SLACK_TEAM, callbackId: view.callback_id, privateMetadata: view.private_metadata, viewId, values: { 'answer-0': { answer } } });
  expect((await postInteraction(h.eventsUrl, SLACK_SECRET, payload)).status).toBe(200);
  const call: FakeSlackCall = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.params.user === user && h.fake.calls.indexOf(c) >= before);
  return readableText({ via: 'post', blocks: call.params.blocks as Json[], text: String(call.params.text) });
}

describe('poll forms on Slack', () => {
  it('suggests a topic through the text modal, and votes through a multi-select of up to `pick` topics, once per submission', async () => {
    await run(COORD, 'setup area:Kainuu');
    await run(COORD, 'poll new "Topics" theme:goals pick:2');
    await h.nextPost();

    const suggest = await open(ALICE, 'Suggest a topic');
    expect(suggest).toMatchObject({ type: 'modal', title: { text: 'Suggest a topic for P1' }, submit: { text: 'Suggest' } });
    expect(suggest.blocks[0].element).toMatchObject({ type: 'plain_text_input', max_length: 150 });
    expect(await submit(ALICE, suggest, { type: 'plain_text_input', value: 'Say "no" to cuts' }, 'V0POLL0001')).toBe('Topic 1 added to P1: Say "no" to cuts');
    for (const topic of ['Transport', 'Culture']) await run(COORD, `poll suggest P1 "${topic}"`);
    await run(COORD, 'poll open P1');

    const ballot = await open(ALICE, 'Vote');
    expect(ballot).toMatchObject({ title: { text: 'Vote in P1' } });
    expect(ballot.blocks[0]).toMatchObject({ label: { text: 'Up to 2 topics' }, element: { type: 'multi_static_select', max_selected_items: 2 } });
    expect(ballot.blocks[0].element.options.map((o: Json) => [o.text.text, o.value])).toEqual([
      ['1. Say "no" to cuts', '1'],
      ['2. Transport', '2'],
      ['3. Culture', '3'],
    ]);
    const picks: ViewStateValue = { type: 'multi_static_select', selected_options: ['3', '1'].map((value) => ({ text: { type: 'plain_text', text: value }, value })) };
    expect(await submit(ALICE, ballot, picks, 'V0POLL0002')).toBe('Your vote in P1 is counted: 1. Say "no" to cuts; 3. Culture. You can change it until voting closes.');
    // Slack delivers the same submission again: the view id is the idempotency key.
    expect(await submit(ALICE, ballot, picks, 'V0POLL0002')).toBe('That vote in P1 was already counted once.');
    expect(await run(COORD, 'poll close P1')).toContain('✓ 1. Say "no" to cuts — ██████████ 100% (1)');
    expect(h.fake.violations).toEqual([]);
  });
});
