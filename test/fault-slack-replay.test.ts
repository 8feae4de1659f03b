/**
 * Fault tests, replayed Slack requests: the real adapter (Bolt HTTPReceiver + replay guard in Redis) on
 * a real runtime. A correctly signed request delivered a second time within its five minutes is
 * refused (401) and not run; Slack's own retry (`X-Slack-Retry-Num`) of a delivery already handled is
 * acknowledged (200) and not run; a forged copy is refused before it reaches the guard, so it cannot
 * use up the real request's place; a timestamp more than five minutes ahead is refused (401) like a stale
 * one. Bad signatures and stale timestamps in general: `slack-e2e.test.ts`.
 */
import { randomBytes } from 'node:crypto';
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { judge, type SeenStore } from '../adapters/slack/replay-guard.js';
import { reminders } from '../db/schema.js';
import { SLACK_SECRET, SLACK_TEAM, SlackHarness } from './contract/slack-driver.js';
import { signSlackRequest } from './fakes/slack-signing.js';
import { startTestRuntime } from './support/runtime.js';

const ADMIN = 'U0ADMIN001';
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let seq = 0;

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await SlackHarness.start(rt);
  h.fake.setUser(ADMIN, { name: 'admin', is_admin: true, locale: 'en-GB' });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

/** A signed `/neuvo <text>` as raw bytes and headers, so a test can send exactly the same request again. */
function slashRequest(channel: string, text: string, opts: { triggerId?: string; timestamp?: number } = {}) {
  const key = `replay${++seq}`;
  const body = new URLSearchParams({
    token: 'verification_token',
    team_id: SLACK_TEAM,
    team_domain: 'test-domain',
    channel_id: channel,
    channel_name: 'general',
    user_id: ADMIN,
    user_name: 'admin',
    command: '/neuvo',
    text,
    response_url: h.fake.responseUrl(key),
    trigger_id: opts.triggerId ?? `${Date.now()}${seq}.1.${randomBytes(4).toString('hex')}`,
  }).toString();
  return { key, body, headers: ({ ...signSlackRequest(SLACK_SECRET, body, opts.timestamp) }) as Record<string, string> };
}

/** Sends a signed request; an answer in its ack is filed under `key`, like a response_url post. */
async function send(key: string, body: string, headers: Record<string, string>): Promise<number> {
  const res = await fetch(h.eventsUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });
  return h.fake.answerInAck(key, res);
}

const remindersIn = async (channel: string) =>
  (await rt.database.db.select({ n: count() }).from(reminders).where(eq(reminders.channelId, channel)))[0]!.n;
/** Answers that reached Slack for a request: its response_url posts and the channel's posts since `from`. */
const answersTo = (key: string, channel: string, from: number) =>
  h.fake.responses.filter((r) => r.id === key).length + h.fake.calls.slice(from).filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel).length;
// A request answered (200 or 401) was handed to Bolt, if at all, before its answer: once Bolt is idle it did all it would.
const settle = () => h.idle();

/** Sets up a network in `channel`; resolves with the fake's call count after its answer. */
async function setUp(channel: string): Promise<number> {
  const r = slashRequest(channel, 'setup area:Pirkanmaa');
  expect(await send(r.key, r.body, r.headers)).toBe(200);
  await h.reply(r.key, channel);
  return h.fake.calls.length;
}

describe('replayed, retried and forged Slack requests', () => {
  it('refuses a replayed signed slash command with 401, and the core runs it once (one reminder)', async () => {
    const channel = `C0RPLY${String(++seq).padStart(4, '0')}`;
    const from = await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "Replay me"');
    expect(await send(r.key, r.body, r.headers)).toBe(200);
    await h.reply(r.key, channel);
    // Replayed byte for byte, headers and all, twice and at once.
    const replays = await Promise.all([send(r.key, r.body, r.headers), send(r.key, r.body, r.headers)]);
    expect(replays).toEqual([401, 401]);
    await settle();
    expect(await remindersIn(channel)).toBe(1);
    expect(answersTo(r.key, channel, from)).toBe(1);
  });

  it('acknowledges Slack’s retry of a delivery already handled with 200 and does not run it again', async () => {
    const channel = `C0RTRY${String(++seq).padStart(4, '0')}`;
    const from = await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "Retry me"');
    expect(await send(r.key, r.body, r.headers)).toBe(200);
    await h.reply(r.key, channel);
    // Slack retries the same delivery (same trigger_id), signed afresh, with its retry headers…
    const again = ({ ...signSlackRequest(SLACK_SECRET, r.body, Number(r.headers['x-slack-request-timestamp']) + 1) }) as Record<string, string>;
    expect(again['x-slack-signature']).not.toBe(r.headers['x-slack-signature']);
    expect(await send(r.key, r.body, { ...again, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    // …and the very same bytes with a retry header are a retry too, not a replay.
    expect(await send(r.key, r.body, { ...r.headers, 'x-slack-retry-num': '2', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
    await settle();
    expect(await remindersIn(channel)).toBe(1);
    expect(answersTo(r.key, channel, from)).toBe(1);
  });

  it('runs a retry whose first delivery never arrived', async () => {
    const channel = `C0RLST${String(++seq).padStart(4, '0')}`;
    const from = await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "First attempt lost"');
    expect(await send(r.key, r.body, { ...r.headers, 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' })).toBe(200);
    await h.reply(r.key, channel);
    expect(await remindersIn(channel)).toBe(1);
    expect(answersTo(r.key, channel, from)).toBe(1);
  });

  it('refuses a forged copy with 401 before the guard sees it, so the genuine request still runs', async () => {
    const channel = `C0RFRG${String(++seq).padStart(4, '0')}`;
    const from = await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "Genuine"');
    const forged = { ...r.headers, 'x-slack-signature': `v0=${'0'.repeat(64)}` };
    expect(await send(r.key, r.body, forged)).toBe(401);
    // A forged signature copied from the genuine request onto other bytes is refused too.
    expect(await send(r.key, r.body.replace('Genuine', 'Forged'), r.headers)).toBe(401);
    expect(await send(r.key, r.body, r.headers)).toBe(200);
    await h.reply(r.key, channel);
    await settle();
    expect(await remindersIn(channel)).toBe(1);
    expect(answersTo(r.key, channel, from)).toBe(1);
  });
});

describe('Slack timestamps ahead of our clock', () => {
  const nowSec = () => Math.floor(Date.now() / 1000);

  it('refuses a signed command stamped more than five minutes ahead with 401, and the core does not run it', async () => {
    const channel = `C0RFUT${String(++seq).padStart(4, '0')}`;
    const from = await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "From the future"', { timestamp: nowSec() + 5 * 60 + 30 });
    expect(await send(r.key, r.body, r.headers)).toBe(401);
    await settle();
    expect(await remindersIn(channel)).toBe(0);
    expect(answersTo(r.key, channel, from)).toBe(0);
  });

  it('runs a signed command stamped a little ahead (clock skew within five minutes)', async () => {
    const channel = `C0RSKW${String(++seq).padStart(4, '0')}`;
    await setUp(channel);
    const r = slashRequest(channel, 'remind +1h "Slightly ahead"', { timestamp: nowSec() + 4 * 60 });
    expect(await send(r.key, r.body, r.headers)).toBe(200);
    await h.reply(r.key, channel);
    expect(await remindersIn(channel)).toBe(1);
  });
});

describe('the replay guard’s decisions', () => {
  const memory = (): SeenStore & { keys: Map<string, number> } => {
    const keys = new Map<string, number>();
    return { keys, claim: async (k, ttl) => (keys.has(k) ? false : (keys.set(k, ttl), true)), close: async () => {} };
  };
  const signed = { timestamp: '1700000000', signature: 'v0=abc' };

  it('runs a first delivery, refuses its replay, and remembers both keys as long as the signature verifies', async () => {
    const store = memory();
    expect(await judge(store, signed, undefined, { trigger_id: 't1' })).toBe('run');
    expect(await judge(store, signed, undefined, { trigger_id: 't1' })).toBe('replay');
    // A request stamped five minutes ahead verifies until five minutes after its stamp: ten minutes.
    expect([...store.keys.values()].every((ttl) => ttl >= 600_000)).toBe(true);
  });

  it('drops a retry of a delivery seen, runs one of a delivery not seen, and never drops a request without the retry header', async () => {
    const store = memory();
    expect(await judge(store, signed, undefined, { event_id: 'Ev1' })).toBe('run');
    expect(await judge(store, { ...signed, signature: 'v0=def' }, 1, { event_id: 'Ev1' })).toBe('retry-seen');
    expect(await judge(store, { ...signed, signature: 'v0=ghi' }, 1, { event_id: 'Ev2' })).toBe('run');
    expect(await judge(store, { ...signed, signature: 'v0=jkl' }, undefined, { event_id: 'Ev1' })).toBe('run');
  });
});

describe('a slash command whose ack comes after Bolt has answered', () => {
  it('still answers, by the response_url, when the guard held the request past Slack’s 3 s', async () => {
    // Redis slow to answer the guard: past Bolt's 3001 ms, so Bolt has answered the HTTP request itself.
    let held = 0;
    const slow: SeenStore = {
      claim: async () => {
        held++;
        await new Promise((r) => setTimeout(r, 3_200));
        return true;
      },
      close: async () => {},
    };
    const late = await SlackHarness.start(rt, { seen: slow });
    late.fake.setUser(ADMIN, { name: 'admin', is_admin: true, locale: 'en-GB' });
    try {
      const { key } = await late.command(ADMIN, 'reminders', { channel: 'C0LATE0001' });
      const answer = await late.reply(key, 'C0LATE0001', 30_000);
      expect(held).toBeGreaterThan(0);
      expect(answer.text).toContain('has no network yet');
      expect(late.logs.filter((l) => l.includes('slack listener failed'))).toEqual([]);
    } finally {
      await late.stop();
    }
  }, 60_000);
});

