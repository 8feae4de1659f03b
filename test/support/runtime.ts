import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../adapters/runtime.js';
import type { Limits } from '../../src/app/limits.js';
import type { Clock } from '../../src/app/ports.js';
import { createTestDatabase } from './database.js';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The sealing secret of test runtimes (NEUVO_SECRET); processes on one database share it. */
export const TEST_SECRET = 'neuvo-test-secret-0123456789abcdefghijklmnop';

/** A quiet logger that still shows unexpected errors. */
export const testLog = {
  error: (obj: unknown, msg: string) => console.error(msg, obj),
  info: () => {},
};

/**
 * The real runtime (Postgres, Redis, BullMQ worker, core) on a database and a queue prefix of its
 * own, so test files can run side by side. `stop()` closes it and removes what it made.
 */
export async function startTestRuntime(opts: { clock?: Clock; reconcileEveryMs?: number; limits?: Partial<Limits>; log?: RuntimeOptions['log']; pacing?: RuntimeOptions['pacing'] } = {}): Promise<Runtime & { prefix: string; databaseUrl: string; stop(): Promise<void> }> {
  const database = await createTestDatabase();
  const prefix = `neuvo-test-${randomBytes(4).toString('hex')}`;
  const runtime = await startRuntime({
    databaseUrl: database.url,
    dataDir: '/nonexistent',
    redisUrl: TEST_REDIS_URL,
    queuePrefix: prefix,
    defaults: { lang: 'en', zone: 'Europe/Helsinki' },
    reconcileEveryMs: opts.reconcileEveryMs ?? 3_600_000,
    secret: TEST_SECRET,
    log: opts.log ?? testLog,
    ...(opts.clock ? { clock: opts.clock } : {}),
    ...(opts.limits ? { limits: opts.limits } : {}),
    ...(opts.pacing ? { pacing: opts.pacing } : {}),
  });
  return Object.assign(runtime, {
    prefix,
    databaseUrl: database.url,
    async stop() {
      await runtime.close();
      await deleteKeys(prefix);
      await database.drop();
    },
  });
}

/** Removes every Redis key under a queue prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
}

/**
 * Runs a nudge job and waits until the worker has run every DM job it fanned out (none is pending),
 * so that what was sent can be compared whole. Resolves with the nudge job's outcome.
 */
export async function runNudge(rt: Runtime, jobId: string, timeoutMs = 30_000): Promise<string> {
  const outcome = await rt.neuvo.runJob(jobId);
  const until = Date.now() + timeoutMs;
  for (;;) {
    const left = (await rt.deps.jobs.pending()).filter((j) => j.kind.endsWith('-dm'));
    if (left.length === 0) return outcome;
    if (Date.now() > until) throw new Error(`${left.length} nudge DM jobs still pending`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
