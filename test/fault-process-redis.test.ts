/**
 * Fault test: Redis restarted (killed, nothing kept) or flushed while reminders are pending. The real
 * runtime (Postgres, BullMQ worker, core) runs in this process against a private redis-server child;
 * reconcile (when the connections are back, or the periodic one) restores the jobs from Postgres and
 * every reminder is delivered exactly once.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../adapters/runtime.js';
import { waitUntil } from '../bench/lib/stats.js';
import type { CommandContext } from '../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../src/views/view.js';
import { createTestDatabase } from './support/database.js';
import { type PrivateRedis, startPrivateRedis } from './support/fault-redis.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { TEST_SECRET, testLog } from './support/runtime.js';

const N = 40;
let redis: PrivateRedis;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let rt: Runtime;
const messenger = new RecordingMessenger();

const ctx = (channelId: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: 'coord', isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const text = (v: View) => v.blocks.map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : '')).join(' ');
const run = async (channel: string, line: string) => text(await rt.neuvo.handle(ctx(channel), line));

beforeAll(async () => {
  redis = await startPrivateRedis();
  database = await createTestDatabase();
  rt = await startRuntime({
    databaseUrl: database.url,
    dataDir: '/nonexistent',
    redisUrl: redis.url,
    queuePrefix: 'neuvo-fault',
    defaults: { lang: 'en', zone: 'Europe/Helsinki' },
    // The periodic reconcile: what restores the queue in the "flushed" case without anyone's help.
    reconcileEveryMs: 1_000,
    secret: TEST_SECRET,
    // Redis errors while it is down are expected; anything else is still shown.
    log: {
      error: (obj, msg) => (/ECONNREFUSED|Connection is closed|ECONNRESET/.test(String((obj as { err?: unknown }).err)) ? undefined : testLog.error(obj, msg)),
      // The one line per outage.
      warn: () => {},
      info: () => {},
    },
  });
  rt.messenger.register('console', messenger);
}, 60_000);

afterAll(async () => {
  await rt?.close().catch(() => {});
  await redis?.stop().catch(() => {});
  await database?.drop().catch(() => {});
}, 60_000);

/** Sets N reminders due in `seconds` in a fresh channel; resolves with their texts. */
async function remindersIn(channel: string, seconds: number): Promise<string[]> {
  await run(channel, 'setup area:Lappi');
  const texts = Array.from({ length: N }, (_, i) => `${channel} reminder ${i}`);
  for (const t of texts) expect(await run(channel, `remind +${seconds}s "${t}"`)).toContain('set');
  return texts;
}

/**
 * Waits until every text was sent and no job is pending (a job done never runs again, so nothing can
 * follow), and checks each went out exactly once.
 */
async function deliveredOnce(texts: string[]): Promise<void> {
  const mine = () => messenger.sent.filter((m) => texts.some((t) => m.text.endsWith(`: ${t}`)));
  expect(await waitUntil(async () => mine().length >= texts.length && (await rt.deps.jobs.pending()).length === 0, 120_000)).toBe(true);
  const counts = new Map<string, number>();
  for (const m of mine()) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
  expect(counts.size).toBe(texts.length);
  expect([...counts.values()].every((c) => c === 1)).toBe(true);
}

describe('Redis loses its jobs while reminders are pending', () => {
  it('killed and restarted empty: reconcile restores every reminder by itself and each is delivered once', async () => {
    const texts = await remindersIn('restart', 4);
    // Reconnecting, the queue's connections find Redis empty; the runtime reconciles by itself.
    await redis.restart();
    await deliveredOnce(texts);
  }, 180_000);

  it('flushed: the periodic reconcile restores them, nothing is delivered twice', async () => {
    const texts = await remindersIn('flush', 3);
    const admin = new Redis(redis.url);
    await admin.flushall();
    admin.disconnect();
    await deliveredOnce(texts);
  }, 180_000);
});
