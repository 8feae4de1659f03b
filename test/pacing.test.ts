/**
 * Pacing (jobs/redis-pacer.ts, adapters/paced-messenger.ts, the worker's deferral): slots shared by
 * processes through Redis, and a large workspace's backlog that neither starves a small one nor
 * makes the platforms answer 429 much, with every message delivered once.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ARRIVAL_SPREAD_MS, BURST_MARGIN, platformLimits } from '../adapters/pacing-limits.js';
import { type Bucket, RedisPacer } from '../jobs/redis-pacer.js';
import { FakeSlack } from './fakes/slack-api.js';
import { DISCORD_RATES, type FakeRate, SLACK_RATES, SLACK_TIERS } from './fakes/rate-limits.js';
import { type Send, startPacedDelivery } from './support/paced-delivery.js';
import { deleteKeys, TEST_REDIS_URL } from './support/runtime.js';

/** Resolves once `check` holds, polling; rejects after `timeoutMs` saying what was awaited. */
async function until(what: string, check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const stop = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > stop) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('RedisPacer', () => {
  const prefix = `neuvo-test-pace-${randomBytes(4).toString('hex')}`;
  const conns: Redis[] = [];
  afterAll(async () => {
    conns.forEach((c) => c.disconnect());
    await deleteKeys(prefix);
  });
  const pacer = () => {
    const c = new Redis(TEST_REDIS_URL);
    conns.push(c);
    return new RedisPacer(c, prefix);
  };

  it('hands out a bucket burst at once, then one slot per interval, never one slot twice across processes', async () => {
    // An interval far longer than the test, so every slot past the burst lies ahead.
    const bucket = { key: 'two-procs', intervalMs: 60_000, burst: 3 };
    const [a, b] = [pacer(), pacer()];
    const booked = await Promise.all(Array.from({ length: 12 }, (_, i) => (i % 2 ? a : b).reserve([bucket])));
    const slots = booked.map((r) => r.slotMs).sort((x, y) => x - y);
    expect(booked.filter((r) => r.waitMs === 0)).toHaveLength(3);
    const later = slots.slice(3);
    for (let i = 1; i < later.length; i++) expect(later[i]! - later[i - 1]!).toBe(60_000);
    expect(new Set(later).size).toBe(later.length);
  });

  it('books a send at once in all its buckets, a later one only in the fullest, so the others keep their room', async () => {
    const p = pacer();
    const channel = { key: 'ch', intervalMs: 60_000, burst: 1 };
    const workspace = { key: 'ws', intervalMs: 1, burst: 100 };
    await p.reserve([channel, workspace]);
    const second = await p.reserve([channel, workspace]);
    expect(second.waitMs).toBeGreaterThan(50_000);
    // The workspace bucket was booked too, but it has room: another channel goes at once.
    expect((await p.reserve([{ key: 'other-ch', intervalMs: 60_000, burst: 1 }, workspace])).waitMs).toBe(0);
  });
});

describe('pacing limits', () => {
  it("stay below the fakes' limits, each burst leaving room for sends that reach the platform out of order", () => {
    for (const timeScale of [1, 10]) {
      const limits = platformLimits(timeScale);
      const slackSpace = { platform: 'slack', workspaceId: 'T0LIMITS01', channelId: 'C0LIMITS01' } as const;
      const discordSpace = { platform: 'discord', workspaceId: '1100000000000000001', channelId: '1200000000000000001' } as const;
      const pairs: [Bucket | undefined, FakeRate][] = [
        [limits.post(slackSpace)[0], SLACK_RATES.workspacePost],
        [limits.post(slackSpace)[1], SLACK_RATES.channelPost],
        [limits.update({ space: slackSpace, messageId: '1.2' })[0], SLACK_TIERS[SLACK_RATES.methodTiers['chat.update']!]],
        [limits.direct({ platform: 'slack', workspaceId: 'T0LIMITS01', userId: 'U0LIMITS01' })[0], SLACK_TIERS[SLACK_RATES.methodTiers['conversations.open']!]],
        [limits.post(discordSpace)[0], DISCORD_RATES.global],
        [limits.post(discordSpace)[1], DISCORD_RATES.channelMessages],
      ];
      for (const [bucket, rate] of pairs) {
        const what = `${bucket?.key} at ${timeScale}x`;
        expect(bucket, what).toBeDefined();
        expect(bucket!.intervalMs, what).toBeGreaterThan(rate.intervalMs / timeScale);
        // The part of the platform's burst pacing leaves free, in time: enough for the spread, or all but one request.
        const freeMs = (rate.burst - bucket!.burst) * bucket!.intervalMs;
        expect(bucket!.burst === 1 || (freeMs >= ARRIVAL_SPREAD_MS - 1e-9 && rate.burst - bucket!.burst >= BURST_MARGIN), what).toBe(true);
        // And no more than that: a smaller burst would cost a small network time.
        expect(rate.burst - bucket!.burst, what).toBeLessThanOrEqual(Math.max(BURST_MARGIN, ARRIVAL_SPREAD_MS / bucket!.intervalMs) + 1e-9);
      }
    }
  });
});

describe('paced delivery', () => {
  let slack: FakeSlack;
  let stop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    slack = await FakeSlack.start({ validate: false });
  });
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    slack.clear();
  });
  afterAll(async () => {
    await slack.close();
  });

  it("delivers a small workspace's DMs before half of a large workspace's backlog, each once, with few 429s", async () => {
    // Limits 10 times faster than Slack's (Tier 3, conversations.open: one per 120 ms), still slow
    // enough next to a local HTTP call that the limits, not the machine, set the pace.
    const timeScale = 10;
    slack.enforceRateLimits({ timeScale });
    const prefix = `neuvo-test-pace-${randomBytes(4).toString('hex')}`;
    // Few workers: a job that waited for its turn in a worker slot would soon block the small workspace.
    const delivery = await startPacedDelivery({ prefix, slack, timeScale, concurrency: 8 });
    stop = () => delivery.close();
    const big: Send[] = Array.from({ length: 60 }, (_, i) => ({ n: i, platform: 'slack', tenant: 'T0BIGTEAM1', kind: 'dm', target: `U0BIG${String(i).padStart(5, '0')}` }));
    const posts: Send[] = Array.from({ length: 8 }, (_, i) => ({ n: 2000 + i, platform: 'slack', tenant: 'T0BIGTEAM1', kind: 'post', target: 'C0BIGCHAN1' }));
    const small: Send[] = Array.from({ length: SLACK_TIERS[3].burst + 1 }, (_, i) => ({ n: 1000 + i, platform: 'slack', tenant: 'T0SMALLTM1', kind: 'dm', target: `U0SML${String(i).padStart(5, '0')}` }));
    // The large workspace's jobs first: the queue is first in, first out.
    await delivery.enqueue([...big, ...posts, ...small], new Date(Date.now() + 100));
    const all = big.length + small.length + posts.length;

    await until('the small workspace delivered', () => delivery.arrivals().filter((a) => a.n >= 1000 && a.n < 2000).length >= small.length);
    expect(delivery.arrivals().filter((a) => a.n < 1000).length).toBeLessThan(big.length / 2);

    await until('every message delivered', () => new Set(delivery.arrivals().map((a) => a.n)).size >= all);
    const arrivals = delivery.arrivals();
    expect(arrivals.map((a) => a.n).sort((x, y) => x - y)).toEqual([...big, ...small, ...posts].map((s) => s.n).sort((x, y) => x - y));
    const { total, limited } = delivery.calls();
    expect(limited).toBeLessThanOrEqual(Math.ceil(total * 0.01));
  });
});
