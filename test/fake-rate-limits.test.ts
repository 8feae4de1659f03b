/**
 * The fakes' rate-limit mode: Slack's and Discord's published limits (test/fakes/rate-limits.ts),
 * answered the way each platform documents (429, Retry-After, Discord's X-RateLimit-* headers), per
 * fake instance and off by default.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fakes/discord-api.js';
import { DISCORD_RATES, SLACK_RATES, SLACK_TIERS } from './fakes/rate-limits.js';
import { FakeSlack } from './fakes/slack-api.js';

/**
 * Intervals 100 times longer than published: the limits are the same shape, and no bucket refills
 * while a test sends its burst, however busy the machine.
 */
const SLOW = { timeScale: 0.01 };

/** A Web API call as the WebClient makes it (form body, bearer token). */
function slackCall(fake: FakeSlack, method: string, token: string, params: Record<string, string>) {
  return fetch(`${fake.apiUrl}${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params).toString(),
  });
}

/** Sends `n` calls one after another; the statuses in order. */
async function statuses(n: number, call: (i: number) => Promise<Response>): Promise<Response[]> {
  const out: Response[] = [];
  for (let i = 0; i < n; i++) out.push(await call(i));
  return out;
}

describe('fake Slack rate limits', () => {
  let fake: FakeSlack;
  beforeAll(async () => {
    fake = await FakeSlack.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('are off by default: a burst into one channel is all posted', async () => {
    const answers = await statuses(SLACK_RATES.channelPost.burst + 3, (i) => slackCall(fake, 'chat.postMessage', 'xoxb-off', { channel: 'C0OFFCHAN1', text: `m${i}` }));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  it('refuse chat.postMessage past its burst in one channel with 429, Retry-After in seconds and "ratelimited", while other channels and workspaces post', async () => {
    fake.enforceRateLimits(SLOW);
    const burst = SLACK_RATES.channelPost.burst;
    const answers = await statuses(burst + 1, (i) => slackCall(fake, 'chat.postMessage', 'xoxb-team-a', { channel: 'C0LIMITED1', text: `m${i}` }));
    expect(answers.slice(0, burst).map((a) => a.status)).toEqual(Array(burst).fill(200));
    const refused = answers[burst]!;
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect((await slackCall(fake, 'chat.postMessage', 'xoxb-team-a', { channel: 'C0LIMITED2', text: 'other channel' })).status).toBe(200);
    expect((await slackCall(fake, 'chat.postMessage', 'xoxb-team-b', { channel: 'C0LIMITED1', text: 'other workspace' })).status).toBe(200);
    expect(fake.rateLimited.map((r) => [r.method, r.workspace])).toEqual([['chat.postMessage', 'token:xoxb-team-a']]);
    fake.enforceRateLimits(false);
  });

  it('hold each method to its tier per workspace (conversations.open: Tier 3)', async () => {
    fake.enforceRateLimits(SLOW);
    const burst = SLACK_TIERS[3].burst;
    const answers = await statuses(burst + 1, (i) => slackCall(fake, 'conversations.open', 'xoxb-team-c', { users: `U0TIER${String(i).padStart(4, '0')}` }));
    expect(answers.map((a) => a.status)).toEqual([...Array(burst).fill(200), 429]);
    expect((await slackCall(fake, 'conversations.open', 'xoxb-team-d', { users: 'U0TIERX001' })).status).toBe(200);
    fake.enforceRateLimits(false);
  });

  it('let the workspace-wide chat.postMessage limit refuse a burst spread over many channels', async () => {
    fake.enforceRateLimits(SLOW);
    const burst = SLACK_RATES.workspacePost.burst;
    const answers = await statuses(burst + 1, (i) => slackCall(fake, 'chat.postMessage', 'xoxb-team-e', { channel: `C0SPREAD${String(i).padStart(3, '0')}`, text: 'x' }));
    expect(answers.map((a) => a.status)).toEqual([...Array(burst).fill(200), 429]);
    fake.enforceRateLimits(false);
  });

  it('refill at the published rate: after the wait the channel takes a post again', async () => {
    // Scaled 100 times faster, so the 1 s interval is 10 ms and the test waits on the fake, not on a clock.
    fake.enforceRateLimits({ timeScale: 100 });
    const channel = { channel: 'C0REFILL01', text: 'x' };
    await statuses(SLACK_RATES.channelPost.burst, () => slackCall(fake, 'chat.postMessage', 'xoxb-team-f', channel));
    let status = 429;
    for (let i = 0; i < 100 && status === 429; i++) status = (await slackCall(fake, 'chat.postMessage', 'xoxb-team-f', channel)).status;
    expect(status).toBe(200);
    fake.enforceRateLimits(false);
  });
});

describe('fake Discord rate limits', () => {
  let fake: FakeDiscord;
  const post = (channel: string, content = 'hello') =>
    fetch(`${fake.apiBase}/v10/channels/${channel}/messages`, {
      method: 'POST',
      headers: { authorization: 'Bot test-token', 'content-type': 'application/json' },
      body: JSON.stringify({ content }),
    });
  beforeAll(async () => {
    fake = await FakeDiscord.start();
  });
  afterAll(async () => {
    await fake.close();
  });

  it('are off by default', async () => {
    const answers = await statuses(DISCORD_RATES.channelMessages.burst + 2, () => post('645027906669510001'));
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
  });

  it('count down a channel bucket in X-RateLimit-* headers and answer 429 with Retry-After and scope user past it', async () => {
    fake.enforceRateLimits(SLOW);
    const burst = DISCORD_RATES.channelMessages.burst;
    const answers = await statuses(burst + 1, () => post('645027906669510002'));
    expect(answers.slice(0, burst).map((a) => a.status)).toEqual(Array(burst).fill(200));
    expect(answers.slice(0, burst).map((a) => Number(a.headers.get('x-ratelimit-remaining')))).toEqual(Array.from({ length: burst }, (_, i) => burst - 1 - i));
    expect(answers[0]!.headers.get('x-ratelimit-limit')).toBe(String(burst));
    expect(Number(answers[0]!.headers.get('x-ratelimit-reset-after'))).toBeGreaterThan(0);
    const refused = answers[burst]!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-scope')).toBe('user');
    expect(refused.headers.get('x-ratelimit-global')).toBeNull();
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await refused.json()) as { global: boolean; retry_after: number };
    expect(body.global).toBe(false);
    expect(body.retry_after).toBeGreaterThan(0);
    // Another channel has its own bucket.
    expect((await post('645027906669510003')).status).toBe(200);
    fake.enforceRateLimits(false);
  });

  it('answer past 50 requests a second with a global 429 (X-RateLimit-Global, "global": true)', async () => {
    fake.enforceRateLimits(SLOW);
    const n = DISCORD_RATES.global.burst;
    const answers = await statuses(n + 1, (i) => post(`6450279066695${String(20000 + i)}`));
    expect(answers.slice(0, n).every((a) => a.status === 200)).toBe(true);
    const refused = answers[n]!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('x-ratelimit-global')).toBe('true');
    expect(refused.headers.get('x-ratelimit-scope')).toBe('global');
    expect(((await refused.json()) as { global: boolean }).global).toBe(true);
    expect(fake.rateLimited.at(-1)?.global).toBe(true);
    fake.enforceRateLimits(false);
  });
});
