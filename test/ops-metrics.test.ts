/**
 * `GET /metrics` on the real runtime: counts of commands, votes, job lateness, deliveries and queue
 * depth rise as the bot works, and no label carries an id or a person's text.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import { startFeedServer, type FeedServer } from '../adapters/feed-server.js';
import { metricsRoute } from '../adapters/metrics.js';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let open: FeedServer;
let guarded: FeedServer;
const messenger = new RecordingMessenger();
const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId: 'c-metrics' },
});
const SECRET_WORDS = 'Kahvikassa-salasana';

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  open = await startFeedServer([metricsRoute(rt.metrics.registry)], 0, '127.0.0.1');
  guarded = await startFeedServer([metricsRoute(rt.metrics.registry, 'scrape-token')], 0, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await open?.stop();
  await guarded?.stop();
  await rt?.stop();
}, 30_000);

const scrape = async (server: FeedServer, headers: Record<string, string> = {}) => {
  const res = await fetch(`http://127.0.0.1:${server.address.port}/metrics`, { headers });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
};
/** The value of one sample line, `name{labels} value`, or 0 when absent. */
const sample = (text: string, line: string) => Number(text.split('\n').find((l) => l.startsWith(`${line} `))?.slice(line.length + 1) ?? 0);

describe('GET /metrics', () => {
  it('counts commands, votes, job lateness, deliveries and queue depth, with no ids or user text in labels', async () => {
    const run = (user: string, line: string) => rt.neuvo.handle(ctx(user), line);
    await run('coord', 'setup area:Lappi');
    await run('coord', `remind +1s "${SECRET_WORDS} @here"`);
    await run('coord', `remind +2h "${SECRET_WORDS} later"`);
    await run('alice', `poll new "${SECRET_WORDS}?" theme:goals options:"A|B"`);
    await run('coord', `poll new "${SECRET_WORDS}?" theme:goals options:"A|B" anonymous:yes`);
    await run('coord', 'poll open P1');
    await run('alice', 'vote P1 1');
    await run('alice', 'vote P1 2');
    await run('alice', 'no-such-command 42');
    // The poll cards are posted at once; wait for the reminder itself.
    expect(await waitUntil(async () => messenger.sent.some((m) => m.text.startsWith('⏰')), 30_000, 50)).toBe(true);

    const { status, type, text } = await scrape(open);
    expect(status).toBe(200);
    expect(type).toMatch(/^text\/plain/);
    expect(sample(text, 'neuvo_commands_total{command="setup",outcome="ok"}')).toBe(1);
    expect(sample(text, 'neuvo_commands_total{command="remind",outcome="ok"}')).toBe(2);
    // A coordinator-only command from a member is refused, as is an unknown one.
    expect(sample(text, 'neuvo_commands_total{command="poll.new",outcome="refused"}')).toBe(1);
    expect(sample(text, 'neuvo_commands_total{command="unknown",outcome="refused"}')).toBe(1);
    // The second vote replaces the first: one vote.
    expect(sample(text, 'neuvo_votes_total{kind="poll",secret="true"}')).toBe(1);
    expect(sample(text, 'neuvo_job_lateness_seconds_count{kind="reminder"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'neuvo_deliveries_total{platform="console",outcome="ok"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'neuvo_queue_jobs{state="delayed"}')).toBeGreaterThanOrEqual(1);
    // Labels are fixed words: no user, channel, network id or message text.
    const labels = text.split('\n').filter((l) => !l.startsWith('#')).flatMap((l) => [...l.matchAll(/="([^"]*)"/g)].map((m) => m[1]));
    for (const value of labels) expect(value).toMatch(/^[a-z0-9.+_-]*$/i);
    for (const leak of [SECRET_WORDS, 'coord', 'alice', 'c-metrics', 'Lappi', '42']) expect(labels.join(' ')).not.toContain(leak);
  }, 60_000);

  it('asks for the bearer token when METRICS_TOKEN is set', async () => {
    expect((await scrape(guarded)).status).toBe(401);
    expect((await scrape(guarded, { authorization: 'Bearer wrong-token!' })).status).toBe(401);
    const ok = await scrape(guarded, { authorization: 'Bearer scrape-token' });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('neuvo_commands_total');
  });
});
