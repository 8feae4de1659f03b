/**
 * Fault test: SIGTERM while reminders are being delivered. The real bot runs as a child process (Slack
 * HTTP mode against a FakeSlack, a fresh database, Redis under a private prefix). Many reminders come
 * due at once; once some are posted the bot gets SIGTERM, then it is started again on the same
 * database and queue: every reminder is posted exactly once, none lost and none twice.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import { FakeSlack } from './fakes/slack-api.js';
import { createTestDatabase } from './support/database.js';
import { slash, spawnBot, type SpawnedBot } from './support/fault-bot.js';
import { deleteKeys, TEST_REDIS_URL } from './support/runtime.js';

const TEAM = 'T0FAULTS01';
const where = { team: TEAM, channel: 'C0FAULTS01' };
const COORD = 'U0FAULTSC1';
const REMINDERS = 300;
const run = randomBytes(3).toString('hex');
const marker = (i: number) => `st${run}n${i}end`;

let fake: FakeSlack;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
let bot: SpawnedBot | undefined;
const prefix = `neuvo-fault-${randomBytes(4).toString('hex')}`;

beforeAll(async () => {
  fake = await FakeSlack.start({ teamId: TEAM, validate: false });
  database = await createTestDatabase();
  sql = postgres(database.url, { max: 1, onnotice: () => {} });
  bot = await spawnBot({ apiUrl: fake.apiUrl, databaseUrl: database.url, redisUrl: TEST_REDIS_URL, prefix });
}, 120_000);

afterAll(async () => {
  await bot?.stop().catch(() => {});
  await sql?.end().catch(() => {});
  await fake?.close().catch(() => {});
  await deleteKeys(prefix).catch(() => {});
  await database?.drop().catch(() => {});
}, 60_000);

/** How many times each reminder was posted to the fake Slack. */
function postsPer(): number[] {
  const counts = Array.from({ length: REMINDERS }, () => 0);
  for (const c of fake.calls) {
    if (c.method !== 'chat.postMessage') continue;
    const m = new RegExp(`st${run}n(\\d+)end`).exec(JSON.stringify(c.params));
    if (m) counts[Number(m[1])]! += 1;
  }
  return counts;
}
const posted = () => postsPer().filter((n) => n > 0).length;
const pending = async () => (await sql<{ n: number }[]>`select count(*)::int as n from scheduled_jobs where state = 'pending'`)[0]!.n;

describe('SIGTERM while reminders are being delivered', () => {
  it('finishes or hands back every in-flight delivery: after a restart each reminder is posted exactly once', async () => {
    let n = 0;
    expect(await slash(bot!, fake, where, COORD, 'setup area:Lappi lang:en', `st${run}.setup`)).toBe(200);
    expect(await waitUntil(async () => (await sql`select 1 from networks`).length === 1, 30_000, 20)).toBe(true);
    // All due at the same second (an ISO time with seconds, in the network's zone), 45 s ahead so that
    // setting them all up ends first; rounding up to a whole minute would wait up to a minute more.
    const due = new Date(Date.now() + 45_000);
    const at = due.toLocaleString('sv-SE', { timeZone: 'Europe/Helsinki' }).replace(' ', 'T');
    for (let i = 0; i < REMINDERS; i += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, REMINDERS - i) }, (_, j) => slash(bot!, fake, where, COORD, `remind ${at} "${marker(i + j)}"`, `st${run}.${++n}`)),
      );
    }
    expect(await waitUntil(async () => (await pending()) === REMINDERS, 60_000, 50)).toBe(true);

    // SIGTERM once the first deliveries are out, while the rest are being delivered.
    expect(await waitUntil(() => posted() >= 10, 180_000, 5)).toBe(true);
    expect(await bot!.term(10_000)).toBe(true);
    const atStop = posted();
    bot = undefined;
    expect(postsPer().filter((c) => c > 1)).toEqual([]);

    // Restarted: what was not delivered goes out at once, not after the 5-minute lease.
    bot = await spawnBot({ apiUrl: fake.apiUrl, databaseUrl: database.url, redisUrl: TEST_REDIS_URL, prefix });
    expect(await waitUntil(async () => posted() === REMINDERS && (await pending()) === 0, 90_000, 50)).toBe(true);
    const counts = postsPer();
    expect(counts.filter((c) => c !== 1)).toEqual([]);
    if (process.env.FAULT_VERBOSE) console.log(`posted before SIGTERM returned: ${atStop}`);
    expect(bot.errors).toEqual([]);
  }, 400_000);
});
