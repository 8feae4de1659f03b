/**
 * `GET /readyz` on the real runtime (Postgres, and a private redis-server the test stops): 200 while
 * both answer, 503 naming Redis once it is gone.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import { startFeedServer, type FeedServer } from '../adapters/feed-server.js';
import { readyRoute } from '../adapters/ops-routes.js';
import { type Runtime, startRuntime } from '../adapters/runtime.js';
import { createTestDatabase } from './support/database.js';
import { type PrivateRedis, startPrivateRedis } from './support/fault-redis.js';
import { TEST_SECRET } from './support/runtime.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let redis: PrivateRedis;
let rt: Runtime;
let server: FeedServer;
const quiet = { error: () => {}, warn: () => {}, info: () => {} };

beforeAll(async () => {
  database = await createTestDatabase();
  redis = await startPrivateRedis();
  rt = await startRuntime({
    databaseUrl: database.url,
    dataDir: '/nonexistent',
    redisUrl: redis.url,
    queuePrefix: `neuvo-ready-${randomBytes(3).toString('hex')}`,
    defaults: { lang: 'en', zone: 'Europe/Helsinki' },
    reconcileEveryMs: 3_600_000,
    secret: TEST_SECRET,
    log: quiet,
  });
  server = await startFeedServer([readyRoute(() => rt.ready())], 0, '127.0.0.1');
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await rt?.close();
  await redis?.stop().catch(() => {});
  await database?.drop();
}, 30_000);

const readyz = async () => {
  const res = await fetch(`http://127.0.0.1:${server.address.port}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('GET /readyz', () => {
  it('is 200 while Postgres and Redis answer, and 503 naming Redis when it is down', async () => {
    expect(await readyz()).toEqual({ status: 200, body: { ok: true } });
    await redis.stop();
    let last: Awaited<ReturnType<typeof readyz>> | undefined;
    expect(await waitUntil(async () => (last = await readyz()).status === 503, 20_000, 100)).toBe(true);
    expect(last?.body).toEqual({ ok: false, down: ['redis'] });
  }, 60_000);
});
