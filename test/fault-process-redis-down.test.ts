/**
 * Fault test: the bot's Redis unreachable. The real bot runs as a child process (Slack HTTP mode
 * against a FakeSlack, a fresh database, a private redis-server the test stops and starts). While Redis
 * is away, commands that schedule answer "try again" (nothing saved), the log has one warning for the
 * outage, and SIGTERM is honoured; when it is back, the bot recovers by itself and delivers what came
 * due meanwhile. The console, piped, answers and exits with Redis on a closed port.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import { en } from '../src/i18n/en.js';
import { FakeSlack } from './fakes/slack-api.js';
import { createTestDatabase } from './support/database.js';
import { slash, spawnBot, type SpawnedBot } from './support/fault-bot.js';
import { freePort, type PrivateRedis, startPrivateRedis } from './support/fault-redis.js';
import { TEST_SECRET } from './support/runtime.js';

const TEAM = 'T0FAULTR01';
const where = { team: TEAM, channel: 'C0FAULTR01' };
const COORD = 'U0FAULTRC1';
const run = randomBytes(3).toString('hex');
const UNREACHABLE = /^Redis is unreachable/;

let fake: FakeSlack;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
let redis: PrivateRedis;
let bot: SpawnedBot | undefined;

let n = 0;
/** Sends `/neuvo <text>` and resolves with the answer (in the ack or on the response_url). */
async function ask(text: string): Promise<string> {
  const trigger = `rd${run}.${++n}`;
  expect(await slash(bot!, fake, where, COORD, text, trigger)).toBe(200);
  return JSON.stringify((await fake.waitForResponse((r) => r.id === trigger, 60_000)).body);
}
const outages = () => bot!.logs.filter((m) => UNREACHABLE.test(m)).length;
const posted = (message: string) => fake.calls.some((c) => c.method === 'chat.postMessage' && JSON.stringify(c.params).includes(`: ${message}`));

beforeAll(async () => {
  fake = await FakeSlack.start({ teamId: TEAM, validate: false });
  database = await createTestDatabase();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  redis = await startPrivateRedis();
  bot = await spawnBot({ apiUrl: fake.apiUrl, databaseUrl: database.url, redisUrl: redis.url, prefix: `neuvo-fault-${run}` });
}, 120_000);

afterAll(async () => {
  await bot?.stop().catch(() => {});
  await redis?.stop().catch(() => {});
  await sql?.end().catch(() => {});
  await fake?.close().catch(() => {});
  await database?.drop().catch(() => {});
}, 60_000);

describe('the bot while its Redis is away', () => {
  it('answers "try again", warns once per outage, recovers by itself and honours SIGTERM', async () => {
    expect(await slash(bot!, fake, where, COORD, 'setup area:Lappi lang:en', `rd${run}.setup`)).toBe(200);
    expect(await waitUntil(async () => (await sql`select 1 from networks`).length === 1, 60_000)).toBe(true);
    // Due while Redis is away: the queue loses it with Redis, the reconcile after the outage restores it.
    expect(await ask('remind +2s "during"')).toContain('set for');

    await redis.stop();
    expect(await waitUntil(() => outages() === 1, 60_000)).toBe(true);
    for (let i = 0; i < 3; i++) expect(await ask(`remind +1h "down ${i}"`)).toContain(en['error.queue-down']);
    // Commands that schedule nothing still work.
    expect(await ask('reminders')).toContain('during');
    expect(outages()).toBe(1);
    // The replay guard, on its own connection, says so once too.
    expect(bot!.logs.filter((m) => m.startsWith('slack replay guard'))).toHaveLength(1);
    // Nothing was saved by the refused commands.
    expect(await sql`select 1 from reminders where message like 'down %'`).toHaveLength(0);

    await redis.restart();
    expect(await waitUntil(() => bot!.logs.includes('Redis is back'), 60_000)).toBe(true);
    expect(await ask('remind +1s "after"')).toContain('set for');
    expect(await waitUntil(() => posted('during') && posted('after'), 60_000)).toBe(true);
    expect(bot!.errors).toEqual([]);

    // Redis away again, and a SIGTERM: the bot exits by itself.
    await redis.stop();
    expect(await waitUntil(() => outages() === 2, 60_000)).toBe(true);
    expect(await bot!.term(10_000)).toBe(true);
    bot = undefined;
  }, 240_000);
});

describe('the console with Redis on a closed port', () => {
  it('answers piped commands, "try again" for a reminder, and exits', async () => {
    const closed = await freePort();
    const child = spawn('npx', ['tsx', 'adapters/main.ts'], {
      cwd: new URL('..', import.meta.url),
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: database.url, NEUVO_SECRET: TEST_SECRET, REDIS_URL: `redis://127.0.0.1:${closed}`, NEUVO_CONSOLE: '1', NEUVO_QUEUE_PREFIX: `neuvo-fault-c${run}` },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const code = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.stdin.end('/neuvo setup area:Lappi\n/neuvo remind +1h "x"\n/neuvo status\n');
    expect(await code).toBe(0);
    expect(out).toContain(en['error.queue-down']);
    expect(out).toContain('Neuvo · Lappi');
    // One warning line for the outage, no stack traces.
    expect(err.trim().split('\n').filter((l) => l.trim() && !l.startsWith('npm warn'))).toEqual([expect.stringMatching(/Redis is unreachable/)]);
  }, 120_000);
});
