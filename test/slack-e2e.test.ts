/**
 * The Slack adapter end to end: real Bolt (HTTP mode) on a real runtime (Postgres, Redis, BullMQ
 * worker), talking to FakeSlack. Requests are signed like Slack's; every Web API call and
 * response_url message is checked against Slack's spec by the fake.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { count, eq } from 'drizzle-orm';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidSlackRequest, verifySlackRequest } from '@slack/bolt';
import { startSlack } from '../adapters/slack/slack-adapter.js';
import { auditLog, reminders } from '../db/schema.js';
import { loadConfig } from '../src/config.js';
import { readableText, SLACK_SECRET, SLACK_TEAM, SlackHarness, type SlackReply } from './contract/slack-driver.js';
import { REFERENCE_DIR } from './support/reference.js';
import { startTestRuntime, TEST_SECRET } from './support/runtime.js';

const ADMIN = 'U0ADMIN001';
const OWNER = 'U0OWNER001';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';
const SVEN = 'U0SVEN0001';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let channelSeq = 0;
/** A fresh channel per test, so each starts without a network. */
const newChannel = () => `C0TEST${String(++channelSeq).padStart(4, '0')}`;

type J = Record<string, any>;
const auditRows = async () => (await rt.database.db.select({ n: count() }).from(auditLog))[0]!.n;

/** Runs `/neuvo <text>` (in Slack's wire form) and returns the answer as it reached Slack. */
async function run(user: string, text: string, channel: string): Promise<SlackReply> {
  const { status, key } = await h.command(user, text, { channel });
  expect(status).toBe(200);
  return h.reply(key, channel);
}

/** Sets up a network in `channel` with ADMIN (a workspace admin) as its first coordinator. */
async function setUp(channel: string): Promise<void> {
  const r = await run(ADMIN, 'setup area:Pirkanmaa', channel);
  expect(readableText(r)).toContain('Neuvo is set up for the organisation network of Pirkanmaa');
}

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await SlackHarness.start(rt);
  h.fake.setUser(ADMIN, { name: 'admin', is_admin: true, locale: 'en-GB' });
  h.fake.setUser(OWNER, { name: 'owner', is_owner: true, locale: 'en-US' });
  h.fake.setUser(ALICE, { name: 'alice', locale: 'en-US' });
  h.fake.setUser(BOB, { name: 'bob', locale: 'en-US' });
  h.fake.setUser(SVEN, { name: 'sven', locale: 'sv-SE' });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

describe('answers in the ack', () => {
  it('a private answer rides on the ack, sent only once the command’s work is committed', async () => {
    const channel = newChannel();
    await setUp(channel);
    const { status, key } = await h.command(ALICE, 'remind +1h "Bring the agenda"', { channel });
    expect(status).toBe(200);
    // Nothing is awaited after the ack: the reminder must already be in Postgres.
    expect(await rt.database.db.select({ n: count() }).from(reminders).where(eq(reminders.channelId, channel))).toEqual([{ n: 1 }]);
    expect(h.fake.responses.filter((r) => r.id === key)).toEqual([expect.objectContaining({ via: 'ack', body: expect.objectContaining({ response_type: 'ephemeral' }) })]);
    expect(readableText(await h.reply(key, channel))).toMatch(/^Reminder R1 set for /);
  });

  it('refuses a person typed as plain text (not picked from Slack’s list), saying how to pick them', async () => {
    const channel = newChannel();
    await setUp(channel);
    await run(ADMIN, 'org add "Org A"', channel);
    const refused = await run(ADMIN, 'org member add "Org A" @alice', channel);
    expect(readableText(refused)).toMatch(/^“@alice” is only text: pick the person or channel from the list that opens as you type @ or #\./);
    const added = await run(ADMIN, `org member add "Org A" <@${ALICE}|alice>`, channel);
    expect(readableText(added)).not.toContain('only text');
  });

  it('a public answer follows an empty ack as a message in the channel', async () => {
    const channel = newChannel();
    const { key } = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel });
    expect(h.fake.responses.filter((r) => r.id === key && r.via === 'ack')).toEqual([]);
    expect(await h.reply(key, channel)).toMatchObject({ via: 'post', channel });
  });
});

describe('request signing', () => {
  const vector = JSON.parse(readFileSync(join(REFERENCE_DIR, 'slack', 'request_signing_vector.json'), 'utf8')) as J;
  const options = (body: string, nowSeconds: number) => ({
    signingSecret: vector.signing_secret as string,
    body,
    headers: { 'x-slack-signature': vector.expected_signature as string, 'x-slack-request-timestamp': Number(vector.headers['X-Slack-Request-Timestamp']) },
    nowMilliseconds: nowSeconds * 1000,
  });

  it('accepts Slack’s documented signing example with the verifier Bolt uses, and refuses it tampered or stale', () => {
    const ts = Number(vector.clock_for_positive_case);
    expect(() => verifySlackRequest(options(vector.raw_body, ts))).not.toThrow();
    expect(isValidSlackRequest(options(vector.raw_body + vector.negative_cases_from_same_test[0].raw_body_suffix, ts))).toBe(false);
    expect(isValidSlackRequest(options(vector.raw_body, ts + 6 * 60))).toBe(false);
  });

  it('answers 401 to a slash command with a bad signature or a 6-minute-old timestamp, and neither reaches the core', async () => {
    const channel = newChannel();
    const before = { audit: await auditRows(), calls: h.fake.calls.length, responses: h.fake.responses.length };
    const forged = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel, sign: { signature: `v0=${'0'.repeat(64)}` } });
    const stale = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel, sign: { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 } });
    expect([forged.status, stale.status]).toEqual([401, 401]);
    await h.idle();
    expect(await rt.deps.networks.findBySpace({ platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel })).toBeUndefined();
    expect(await auditRows()).toBe(before.audit);
    expect(h.fake.calls.length).toBe(before.calls);
    expect(h.fake.responses.length).toBe(before.responses);
  });
});

describe('HTTP routes', () => {
  it('answers GET /healthz with 200 {"ok":true}', async () => {
    const res = await fetch(`${h.baseUrl}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('who may do what', () => {
  it('lets a workspace admin set up a network and refuses a member’s coordinator command', async () => {
    const channel = newChannel();
    await setUp(channel);
    const refused = await run(BOB, 'org add "Bob’s club"', channel);
    expect(refused).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    expect(readableText(refused)).toBe('Only a coordinator of this network can do that.');
    // The owner never ran setup, but workspace owners are coordinators everywhere.
    const added = await run(OWNER, 'org add "Owner’s club"', channel);
    expect(added).toMatchObject({ via: 'post', channel });
    expect(readableText(added)).toBe('Organisation “Owner’s club” added.');
    expect(h.fake.calls.filter((c) => c.method === 'users.info' && c.params.user === OWNER)).toEqual([
      expect.objectContaining({ params: expect.objectContaining({ include_locale: 'true' }) }),
    ]);
  });

  it('asks users.info once per person for a while (cached)', async () => {
    const channel = newChannel();
    await setUp(channel);
    await run(ADMIN, 'org list', channel);
    await run(ADMIN, 'coordinator list', channel);
    expect(h.fake.calls.filter((c) => c.method === 'users.info' && c.params.user === ADMIN)).toHaveLength(1);
  });

  it('treats a person as no admin when users.info fails, and answers anyway', async () => {
    const channel = newChannel();
    await setUp(channel);
    const flaky = 'U0FLAKY001';
    h.fake.setUser(flaky, { is_admin: true, locale: 'en-US' });
    // The first try and both retries fail.
    for (let i = 0; i < 3; i++) h.fake.failNext('users.info', { status: 500 });
    const refused = await run(flaky, 'org add "Flaky club"', channel);
    expect(readableText(refused)).toBe('Only a coordinator of this network can do that.');
    expect(h.logs.some((l) => l.includes('users.info failed'))).toBe(true);
  }, 20_000);

  it('answers in the person’s Slack language before the network has chosen one', async () => {
    const reply = await run(SVEN, 'org list', newChannel());
    expect(readableText(reply)).toContain('Kanalen har inget nätverk ännu.');
  });
});

describe('replies', () => {
  it('posts a public answer with chat.postMessage in the channel, link previews off', async () => {
    const channel = newChannel();
    await setUp(channel);
    const reply = await run(ADMIN, 'org add "Tampereen Seudun Sydänyhdistys"', channel);
    expect(reply).toMatchObject({ via: 'post', channel, unfurlLinks: 'false' });
    expect(reply.text).toBe('Organisation “Tampereen Seudun Sydänyhdistys” added.');
    expect(reply.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: 'Organisation “Tampereen Seudun Sydänyhdistys” added.', verbatim: true } }]);
  });

  it('sends a private answer to the response_url as an ephemeral message', async () => {
    const channel = newChannel();
    await setUp(channel);
    const postsBefore = h.fake.calls.filter((c) => c.method === 'chat.postMessage').length;
    const reply = await run(ALICE, 'help', channel);
    expect(reply).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    expect(readableText(reply)).toContain('/neuvo org member add "<organisation>" @user');
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(postsBefore);
  });

  it('answers through the response_url, in_channel, where the bot may not post; logs other failures and keeps serving', async () => {
    const channel = newChannel();
    await setUp(channel);
    const closed = newChannel();
    const archived = newChannel();
    let tsSeq = 0;
    // The fake's own answer for other channels, rebuilt: a handler replaces the built-in one.
    h.fake.setHandler('chat.postMessage', (p) => {
      const ch = String(p.channel);
      if (ch === closed) return { ok: false, error: 'not_in_channel' };
      if (ch === archived) return { ok: false, error: 'is_archived' };
      const ts = `${Math.floor(Date.now() / 1000)}.${String(++tsSeq).padStart(6, '0')}`;
      const message = { type: 'message', text: String(p.text ?? ''), user: h.fake.botUserId, bot_id: h.fake.botId, ts, team: SLACK_TEAM, ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}) };
      return { ok: true, channel: ch, ts, message };
    });
    // Binding a network to the closed channel is a public answer the bot cannot post there.
    const sent = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel: closed });
    expect(sent.status).toBe(200);
    // Waiting on the response_url itself: the refused chat.postMessage is in the fake's calls too.
    const inChannel = (await h.fake.waitForResponse((r) => r.id === sent.key)).body as J;
    expect(inChannel).toMatchObject({ response_type: 'in_channel' });
    expect(readableText({ via: 'response_url', blocks: inChannel.blocks, text: inChannel.text })).toContain('Neuvo is set up');

    const { status } = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel: archived });
    expect(status).toBe(200);
    await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === archived);
    await expect.poll(() => h.logs.some((l) => l.includes('slack reply failed') && l.includes('is_archived'))).toBe(true);
    // Still serving.
    expect(readableText(await run(ADMIN, 'org add "Still here"', channel))).toBe('Organisation “Still here” added.');
  });
});

describe('buttons', () => {
  it('runs a button’s command as the person who clicked, refusing and then approving a join request', async () => {
    const channel = newChannel();
    await setUp(channel);
    await run(ADMIN, 'org add "Pirkanmaan Sydänyhdistys"', channel);
    const join = await run(ALICE, 'org join "Pirkanmaan Sydänyhdistys"', channel);
    expect(join.via).toBe('post');
    const approve = (join.blocks.find((b) => b.type === 'actions') as J).elements[0];
    expect(approve).toMatchObject({ action_id: 'neuvo:0', value: 'org approve J1', text: { text: 'Approve' } });

    const byAlice = await h.click(ALICE, join, 'Approve', channel);
    expect(byAlice.status).toBe(200);
    const refused = await h.reply(byAlice.key, channel);
    // An answer beside the card, not in place of it: the coordinator still needs its buttons.
    expect(refused).toMatchObject({ via: 'response_url', responseType: 'ephemeral', replaceOriginal: false });
    expect(readableText(refused)).toBe('Only a coordinator of this network can do that.');

    const byAdmin = await h.click(ADMIN, join, 'Approve', channel);
    const approved = await h.reply(byAdmin.key, channel);
    expect(approved).toMatchObject({ via: 'post', channel });
    expect(approved.text).toBe(`<@${ALICE}> joined “Pirkanmaan Sydänyhdistys” (J1, approved by <@${ADMIN}>).`);
  });
});

describe('reminders through the real worker', () => {
  it('delivers `remind +1s` to the channel with chat.postMessage', async () => {
    const channel = newChannel();
    await setUp(channel);
    const set = await run(ALICE, 'remind +1s "Budget meeting &amp; coffee"', channel);
    expect(set).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    expect(readableText(set)).toContain('Reminder R1 set for');
    const fired = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === channel && String(c.params.text).startsWith('⏰'), 10_000);
    expect(fired.params.text).toBe(`⏰ Reminder from <@${ALICE}>: Budget meeting &amp; coffee`);
    expect(fired.params.unfurl_links).toBe('false');
  });

  it('delivers a reminder to a person by DM: conversations.open, then chat.postMessage in the DM', async () => {
    const channel = newChannel();
    await setUp(channel);
    const set = await run(ALICE, `remind +1s "Send the minutes" to:<@${ALICE}|alice>`, channel);
    expect(readableText(set)).toContain('Reminder R1 set for');
    const open = await h.fake.waitFor((c) => c.method === 'conversations.open' && c.params.users === ALICE, 10_000);
    const dm = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && String(c.params.channel).startsWith('D') && String(c.params.text).includes('Send the minutes'), 10_000);
    expect(dm.at).toBeGreaterThanOrEqual(open.at);
    expect(dm.params.text).toBe(`⏰ Reminder from <@${ALICE}>: Send the minutes`);
  });
});

describe('reminders stay inside their network', () => {
  it('refuses a person’s id typed as a channel (`to:<#U…>`, which Slack sends escaped) and sends nothing', async () => {
    const channel = newChannel();
    await setUp(channel);
    const start = h.fake.calls.length;
    const refused = await run(ALICE, 'remind +1s "Log in here: https://phish.example" to:&lt;#U0VICTIM1&gt;', channel);
    expect(readableText(refused)).toMatch(/^“<#U0VICTIM1>” is a person, not a channel/);
    expect(await rt.database.db.select({ n: count() }).from(reminders).where(eq(reminders.channelId, channel))).toEqual([{ n: 0 }]);
    expect(h.fake.calls.slice(start).filter((c) => c.method === 'chat.postMessage' || c.method === 'conversations.open')).toEqual([]);
  });

  it('refuses a channel of another network, picked or typed, to a member and to a coordinator', async () => {
    const [mine, theirs] = [newChannel(), newChannel()];
    await setUp(mine);
    await setUp(theirs);
    for (const [user, to] of [[ALICE, `<#${theirs}|other>`], [ADMIN, `&lt;#${theirs}&gt;`], [ALICE, '<#G0PRIVATE1|secret>']] as const) {
      const refused = await run(user, `remind +1h "Hello" to:${to}`, mine);
      expect(readableText(refused)).toBe('Reminders can be posted only in this network’s own channels, and that channel is not one of them.');
    }
    expect(await rt.database.db.select({ n: count() }).from(reminders).where(eq(reminders.channelId, mine))).toEqual([{ n: 0 }]);
  });
});

describe('user text never pings', () => {
  it('echoes <!channel> @here <!everyone> in an organisation name and a reminder without an unescaped <!', async () => {
    const channel = newChannel();
    await setUp(channel);
    const start = h.fake.calls.length;
    // Typed as plain text, Slack escapes it …
    const org = await run(ADMIN, 'org add "&lt;!channel&gt; @here &lt;!everyone&gt;"', channel);
    expect(readableText(org)).toBe('Organisation “<!channel> @here <!everyone>” added.');
    const list = await run(ALICE, 'org list', channel);
    expect(readableText(list)).toContain('<!channel> @here <!everyone>');
    // … picked from autocomplete, it arrives as Slack's special mentions.
    await run(ALICE, 'remind +1s "<!channel> @here <!everyone> meeting"', channel);
    const fired = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === channel && String(c.params.text).startsWith('⏰'), 10_000);
    expect(fired.params.text).toBe(`⏰ Reminder from <@${ALICE}>: @channel @here @everyone meeting`);

    const sent = [...h.fake.calls.slice(start).map((c) => c.params), ...[org, list].map((r) => ({ blocks: r.blocks, text: r.text }))];
    for (const s of sent) expect(JSON.stringify(s)).not.toContain('<!');
  });
});

describe('composition root', () => {
  it('starts from the configuration with startSlack, routes the runtime’s Slack posts through it, and stops', async () => {
    const config = loadConfig({ NEUVO_SECRET: TEST_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_API_URL: h.fake.apiUrl, PORT: '0' });
    expect(config.slack).toBe(true);
    const stop = await startSlack(config, rt, pino({ level: 'silent' }));
    try {
      await rt.messenger.post({ platform: 'slack', workspaceId: SLACK_TEAM, channelId: 'C0ROOT0001' }, { private: false, blocks: [{ type: 'text', text: ['From the root'] }] });
      const post = await h.fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === 'C0ROOT0001');
      expect(post.params.text).toBe('From the root');
    } finally {
      await stop();
      rt.messenger.register('slack', h.slack.messenger);
    }
  });
});

describe('the fake', () => {
  it('saw no call or message that real Slack would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });
});
