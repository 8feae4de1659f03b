/**
 * Fault tests, an unreliable platform: the fake Slack and Discord APIs answer about 20% of message
 * posts with 429 (Retry-After) or 500, chosen by a seeded generator. N reminders go through the real
 * worker and the real adapter; each reaches the platform exactly once, and after a 429 the client
 * waited at least Retry-After before trying again.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import type { CommandContext } from '../src/app/ports.js';
import { DISCORD_CHANNEL, DISCORD_GUILD, DISCORD_USERS, DiscordHarness } from './contract/discord-driver.js';
import { SLACK_TEAM, SlackHarness } from './contract/slack-driver.js';
import type { FakeSlackFault } from './fakes/slack-api.js';
import { startTestRuntime } from './support/runtime.js';
import { seededRandom } from './support/seeded-random.js';

const N = 30;
const RETRY_AFTER_S = 1;

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
let stopHarness: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopHarness?.();
  await rt?.stop();
  stopHarness = undefined;
  rt = undefined;
});

const texts = Array.from({ length: N }, (_, k) => `Fault reminder ${String(k + 1).padStart(2, '0')}`);

/**
 * Sets up a network and N reminders due together, through the core as `user` on `platform`. The faults
 * are in place before: on a busy machine the first reminders can come due while the last are set.
 */
async function scheduleReminders(ctx: CommandContext): Promise<void> {
  const setup = await rt!.neuvo.handle(ctx, 'setup area:Pirkanmaa');
  expect(JSON.stringify(setup)).toContain('Pirkanmaa');
  for (const t of texts) expect(JSON.stringify(await rt!.neuvo.handle(ctx, `remind +3s "${t}"`))).toContain('R');
}

/** The runtime's `neuvo_rate_limited_total` for a platform, as /metrics shows it. */
async function rateLimitedCount(platform: string): Promise<number> {
  const line = (await rt!.metrics.registry.metrics()).split('\n').find((l) => l.startsWith(`neuvo_rate_limited_total{platform="${platform}"} `));
  return Number(line?.split(' ').at(-1) ?? 0);
}

/** Waits until `cond` holds and no job is pending (a job done never posts again, so every duplicate has shown). */
async function settled(cond: () => boolean, ms: number): Promise<boolean> {
  return waitUntil(async () => cond() && (await rt!.deps.jobs.pending()).length === 0, ms);
}

describe('the platform answers 429 or 5xx to ~20% of message posts', () => {
  it('Slack: every reminder is posted exactly once, and a rate-limited post is retried no sooner than Retry-After', async () => {
    rt = await startTestRuntime();
    const h = await SlackHarness.start(rt);
    stopHarness = () => h.stop();
    const user = 'U0ALICE001';
    h.fake.setUser(user, { name: 'alice', is_admin: true });
    const channel = 'C0FAULT001';
    const random = seededRandom(20_261_122);
    const faults: { text: string; status: number; at: number }[] = [];
    h.fake.faultWhen = (method, raw) => {
      if (method !== 'chat.postMessage') return undefined;
      const roll = random();
      const fault: FakeSlackFault | undefined = roll < 0.1 ? { status: 429, retryAfter: RETRY_AFTER_S } : roll < 0.2 ? { status: 500 } : undefined;
      if (fault) faults.push({ text: texts.find((t) => decodeURIComponent(raw.replaceAll('+', ' ')).includes(t)) ?? '?', status: fault.status, at: Date.now() });
      return fault;
    };
    await scheduleReminders({
      actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: user, isPlatformAdmin: true },
      space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel },
    });

    const posts = () => h.fake.calls.filter((c) => c.method === 'chat.postMessage' && c.params.channel === channel);
    const delivered = () => new Set(posts().map((c) => texts.find((t) => String(c.params.text).includes(t))));
    expect(await settled(() => delivered().size === N, 120_000)).toBe(true);

    for (const t of texts) expect(posts().filter((c) => String(c.params.text).includes(t)), t).toHaveLength(1);
    expect(faults.filter((f) => f.status === 429).length).toBeGreaterThan(0);
    expect(faults.filter((f) => f.status === 500).length).toBeGreaterThan(0);
    // /metrics counts every 429 the platform answered.
    expect(await rateLimitedCount('slack')).toBe(faults.filter((f) => f.status === 429).length);
    // After a 429, the next attempt of that message came no sooner than Retry-After.
    for (const f of faults.filter((x) => x.status === 429)) {
      const next = [...faults.filter((x) => x.text === f.text && x.at > f.at).map((x) => x.at), ...posts().filter((c) => String(c.params.text).includes(f.text)).map((c) => c.at)]
        .filter((at) => at > f.at)
        .sort((a, b) => a - b)[0];
      expect(next, f.text).toBeDefined();
      expect(next! - f.at, f.text).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
    }
    expect(h.fake.violations).toEqual([]);
  }, 180_000);

  it('Discord: every reminder is posted exactly once, and a rate-limited post is retried no sooner than Retry-After', async () => {
    rt = await startTestRuntime();
    const h = await DiscordHarness.start(rt);
    stopHarness = () => h.stop();
    const user = DISCORD_USERS.alice.id;

    const random = seededRandom(7_2026);
    const isPost = (c: { method: string; route: string | undefined }) => c.method === 'POST' && c.route === '/channels/{channel_id}/messages';
    // Two standing faults: the generator's roll decides whether one applies to a post (about 10% each).
    let roll = 1;
    h.fake.failNext((c) => isPost(c) && (roll = random()) < 0.1, { status: 429, retryAfter: RETRY_AFTER_S }, Number.MAX_SAFE_INTEGER);
    h.fake.failNext((c) => isPost(c) && roll >= 0.1 && roll < 0.2, { status: 500 }, Number.MAX_SAFE_INTEGER);
    await scheduleReminders({
      actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: user, isPlatformAdmin: true },
      space: { platform: 'discord', workspaceId: DISCORD_GUILD, channelId: DISCORD_CHANNEL },
    });

    const posts = () => h.fake.calls.filter(isPost);
    const ok = () => posts().filter((c) => c.status === 200);
    const textOf = (c: { body: unknown }) => JSON.stringify(c.body);
    expect(await settled(() => new Set(ok().map((c) => texts.find((t) => textOf(c).includes(t)))).size === N, 120_000)).toBe(true);

    for (const t of texts) expect(ok().filter((c) => textOf(c).includes(t)), t).toHaveLength(1);
    const limited = posts().filter((c) => c.status === 429);
    expect(limited.length).toBeGreaterThan(0);
    expect(posts().filter((c) => c.status === 500).length).toBeGreaterThan(0);
    expect(await rateLimitedCount('discord')).toBe(limited.length);
    // After a 429, the next attempt of that message came no sooner than Retry-After. (A request the
    // fake saw in the same millisecond was sent before the client could read the 429, as other
    // messages may still arrive just after it.)
    for (const l of limited) {
      const text = texts.find((t) => textOf(l).includes(t));
      const next = posts().find((c) => c.at > l.at && text !== undefined && textOf(c).includes(text));
      expect(next, `a retry of ${text}`).toBeDefined();
      expect(next!.at - l.at, text).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000 - 5);
    }
    expect(h.fake.violations).toEqual([]);
  }, 180_000);
});
