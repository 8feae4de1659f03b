/**
 * Fault test: Postgres unavailable for 10 s. The real runtime (postgres.js pool, BullMQ worker, core)
 * talks to Postgres through a loopback TCP proxy that the test cuts: open connections are destroyed and
 * new ones closed at once. Meanwhile commands get the localized "try again" answer, quickly, and nothing
 * crashes; once the proxy is back, commands work again by themselves and the reminders that came due
 * during the outage are delivered (once) by the queue's retries.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../adapters/runtime.js';
import { sleep, waitUntil } from '../bench/lib/stats.js';
import type { CommandContext } from '../src/app/ports.js';
import { en } from '../src/i18n/en.js';
import { createTestDatabase } from './support/database.js';
import { startTcpProxy, type TcpProxy } from './support/fault-pg-proxy.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { deleteKeys, TEST_REDIS_URL, TEST_SECRET, testLog } from './support/runtime.js';

const prefix = `neuvo-fault-${randomBytes(4).toString('hex')}`;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let proxy: TcpProxy;
let rt: Runtime;
const messenger = new RecordingMessenger();
/**
 * Errors that say the database could not be reached (expected: the outage), and any other (not
 * expected). Told apart by their cause, not by when they came: a job attempt begun during the outage
 * can fail just after it.
 */
const outageErrors: string[] = [];
const otherErrors: string[] = [];
function reachability(err: unknown): boolean {
  for (let e = err as { code?: unknown; message?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (/ECONNRESET|ECONNREFUSED|EPIPE|CONNECTION_|CONNECT_TIMEOUT/.test(`${String(e.code)} ${String(e.message)}`)) return true;
  }
  return false;
}

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId: 'pg' },
});
/** The whole answer (text, list and field blocks alike) as one string. */
const run = async (line: string, user = 'coord') => JSON.stringify(await rt.neuvo.handle(ctx(user), line));

beforeAll(async () => {
  database = await createTestDatabase();
  const target = new URL(database.url);
  proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
  rt = await startRuntime({
    databaseUrl: proxy.via(database.url),
    dataDir: '/nonexistent',
    redisUrl: TEST_REDIS_URL,
    queuePrefix: prefix,
    defaults: { lang: 'en', zone: 'Europe/Helsinki' },
    reconcileEveryMs: 1_000,
    secret: TEST_SECRET,
    log: {
      error: (obj, msg) => {
        const { err } = obj as { err?: unknown };
        const line = `${msg} ${String(err)}`;
        if (reachability(err)) outageErrors.push(line);
        else if (otherErrors.length < 10) otherErrors.push(line);
      },
      info: () => {},
    },
  });
  rt.messenger.register('console', messenger);
}, 60_000);

afterAll(async () => {
  await rt?.close().catch(() => {});
  await proxy?.close().catch(() => {});
  await deleteKeys(prefix).catch(() => {});
  await database?.drop().catch((err: unknown) => testLog.error(err, 'drop'));
}, 60_000);

describe('Postgres unavailable for 10 s', () => {
  it('answers "try again" meanwhile, recovers by itself and still delivers the pending reminders', async () => {
    expect(await run('setup area:Lappi')).not.toContain('went wrong');
    // Due during the outage, and after it.
    expect(await run('remind +3s "during"')).toContain('set');
    expect(await run('remind +13s "after"')).toContain('set');

    proxy.cut();
    const cutAt = Date.now();
    const answers: { text: string; ms: number }[] = [];
    let n = 0;
    // At least 10 s and 8 commands, however slow the machine.
    while (Date.now() - cutAt < 10_000 || answers.length < 8) {
      const t0 = Date.now();
      const line = ['reminders', `remind +1h "while down ${n}"`, `org add "Down ${n}"`, 'status'][n++ % 4]!;
      answers.push({ text: await run(line, n % 2 ? 'coord' : 'someone'), ms: Date.now() - t0 });
      await sleep(250);
    }
    for (const a of answers) {
      expect(a.text).toContain(en['error.internal']);
      // An answer, not a wait for the database (bounded loosely: 2 busy cores).
      expect(a.ms).toBeLessThan(15_000);
    }
    expect(outageErrors.length).toBeGreaterThan(0);

    proxy.restore();
    // The very next commands work: the pool reconnects on its own.
    const backAt = Date.now();
    // (Not its content: on a slow machine the outage loop can outlast the later reminder's due time.)
    expect(await run('reminders')).not.toContain(en['error.internal']);
    expect(Date.now() - backAt).toBeLessThan(15_000);
    expect(await run('org add "Back Org"')).not.toContain('went wrong');
    expect(await run('org list')).toContain('Back Org');

    // The reminder due while the database was down is delivered by the queue's retries; the later one on
    // time. Once no job is pending none can run again, so a duplicate would have shown by then.
    const settled = async () => messenger.sent.length >= 2 && (await rt.deps.jobs.pending()).length === 0;
    expect(await waitUntil(settled, 120_000)).toBe(true);
    expect(messenger.sent.map((m) => m.text).sort()).toEqual(['⏰ Reminder from @coord: after', '⏰ Reminder from @coord: during']);
    expect(otherErrors).toEqual([]);
  }, 180_000);
});
