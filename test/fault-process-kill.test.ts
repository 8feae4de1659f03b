/**
 * Fault test: kill -9 of the bot while votes are in flight. The real bot runs as a child process
 * (`npx tsx adapters/main.ts`, Slack HTTP mode against a FakeSlack in this process, a fresh database,
 * Redis under a private prefix). 500 voters send signed `/neuvo vote E1 …` slash commands at once and
 * the bot is SIGKILLed mid-way. Every vote whose reply said "is counted" must be in Postgres, nobody
 * has two ballots; after a restart on the same database, Slack's retries (same trigger_id) count
 * nothing twice and the votes that were lost are counted once.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import { FakeSlack, type FakeSlackResponsePost } from './fakes/slack-api.js';
import { createTestDatabase } from './support/database.js';
import { slash, slashAsSlack, spawnBot, type SpawnedBot } from './support/fault-bot.js';
import { deleteKeys, TEST_REDIS_URL } from './support/runtime.js';

const TEAM = 'T0FAULTK01';
const CHANNEL = 'C0FAULTK01';
const where = { team: TEAM, channel: CHANNEL };
const COORD = 'U0FAULTCO1';
const VOTERS = Array.from({ length: 500 }, (_, i) => `U0FV${String(i).padStart(4, '0')}`);
const run = randomBytes(3).toString('hex');
const voteTrigger = (i: number) => `kv${run}.${i}`;
const voterOf = (trigger: string) => Number(trigger.split('.').at(-1));

let fake: FakeSlack;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let sql: postgres.Sql;
let bot: SpawnedBot | undefined;
const prefix = `neuvo-fault-${randomBytes(4).toString('hex')}`;

const textOf = (r: FakeSlackResponsePost) => JSON.stringify(r.body);
let setupN = 0;
/** A setup command (public answers go to chat.postMessage, so completion is read from the database). */
async function step(user: string, text: string, done: string): Promise<void> {
  expect(await slash(bot!, fake, where, user, text, `ks${run}.${++setupN}`)).toBe(200);
  await until(done);
}
/** Waits until the query answers true. */
async function until(query: string): Promise<void> {
  const ok = await waitUntil(async () => (await sql.unsafe<{ ok: boolean }[]>(query))[0]!.ok, 60_000, 20);
  if (!ok) throw new Error(`not reached: ${query}`);
}

beforeAll(async () => {
  fake = await FakeSlack.start({ teamId: TEAM, validate: false });
  database = await createTestDatabase();
  sql = postgres(database.url, { max: 2, onnotice: () => {} });
  bot = await spawnBot({ apiUrl: fake.apiUrl, databaseUrl: database.url, redisUrl: TEST_REDIS_URL, prefix });
}, 120_000);

afterAll(async () => {
  await bot?.stop().catch(() => {});
  await sql?.end().catch(() => {});
  await fake?.close().catch(() => {});
  await deleteKeys(prefix).catch(() => {});
  await database?.drop().catch(() => {});
}, 60_000);

describe('kill -9 while 500 votes are in flight', () => {
  it('keeps every vote it said was counted, counts nothing twice, and retries after a restart count once', async () => {
    const t0 = Date.now();
    // An open per-person election with 500 people on the roll, set up through signed slash commands.
    await step(COORD, 'setup area:Pirkanmaa lang:en', 'select count(*) = 1 as ok from networks');
    await step(COORD, 'org add "Fault Org"', 'select count(*) = 1 as ok from organisations');
    for (let i = 0; i < VOTERS.length; i += 100) {
      await Promise.all(VOTERS.slice(i, i + 100).map((v, j) => slash(bot!, fake, where, COORD, `org member add "Fault Org" <@${v}>`, `km${run}.${i + j}`)));
      await until(`select count(*) = ${i + Math.min(100, VOTERS.length - i)} as ok from org_members`);
    }
    await step(COORD, 'election new "Fault 500" seats:1 method:plurality per:person secret:no', 'select count(*) = 1 as ok from elections');
    await step(VOTERS[0]!, `election nominate E1 <@${VOTERS[0]}>`, 'select count(*) = 1 as ok from election_candidates');
    await step(VOTERS[1]!, `election nominate E1 <@${VOTERS[1]}>`, 'select count(*) = 2 as ok from election_candidates');
    await step(COORD, 'election open E1', "select count(*) = 1 as ok from elections where phase = 'voting'");
    const [rollRow] = await sql<{ roll: number }[]>`select count(*)::int as roll from election_roll`;
    expect(rollRow!.roll).toBe(VOTERS.length);
    const t = (what: string) => process.env.FAULT_VERBOSE && console.log(`${what} ${Date.now() - t0} ms`);
    t('set up');
    fake.clear();

    // 500 votes: a first wave of 250 at once, and once 100 replies said "counted" (commits run ahead
    // of the replies) the second, 25 at a time. The bot is SIGKILLed while that wave is being committed
    // (and the first wave's replies are still going out); what was not sent by then is lost with it,
    // so some votes are lost however fast the machine commits.
    const counted = () => fake.responses.filter((r) => textOf(r).includes('is counted'));
    const send = (i: number) => slash(bot!, fake, where, VOTERS[i]!, `vote E1 ${1 + (i % 2)}`, voteTrigger(i)).catch(() => 0);
    const half = VOTERS.length / 2;
    const sends = VOTERS.slice(0, half).map((_, i) => send(i));
    expect(await waitUntil(() => counted().length >= 100, 60_000, 2)).toBe(true);
    let killed = false;
    const secondWave = (async () => {
      for (let i = half; i < VOTERS.length && !killed; i += 25) await Promise.all(VOTERS.slice(i, i + 25).map((_, j) => send(i + j)));
    })();
    const committed = async () => (await sql<{ n: number }[]>`select count(*)::int as n from vote_keys where key like ${`slack:kv${run}.%`}`)[0]!.n;
    expect(await waitUntil(async () => (await committed()) >= half + 20, 60_000, 2)).toBe(true);
    killed = true;
    await bot!.kill9();
    bot = undefined;
    await Promise.all([...sends, secondWave]);
    const told = new Set(counted().map((r) => r.id));
    expect(told.size).toBeGreaterThanOrEqual(100);

    // Every vote the platform was told counted is committed: its key and its ballot.
    const keys = new Set((await sql<{ key: string }[]>`select key from vote_keys`).map((r) => r.key));
    for (const t of told) expect(keys.has(`slack:${t}`), t).toBe(true);
    const ballots = await sql<{ voter_key: string }[]>`select voter_key from election_ballots`;
    const ballotVoters = ballots.map((b) => b.voter_key);
    expect(new Set(ballotVoters).size).toBe(ballotVoters.length);
    const [partRow] = await sql<{ n: number }[]>`select count(*)::int as n from election_participations`;
    expect(partRow!.n).toBe(ballots.length);
    // Nothing half-written: a key exactly for each ballot.
    const keyed = [...keys].filter((k) => k.startsWith(`slack:kv${run}.`));
    expect(keyed.length).toBe(ballots.length);
    if (process.env.FAULT_VERBOSE) console.log(`told counted: ${told.size}, committed at kill: ${keyed.length}`);
    // Killed mid-way: some votes were lost with the process (their senders saw no reply).
    expect(keyed.length).toBeLessThan(VOTERS.length);
    const keyedVoters = new Set(keyed.map((k) => VOTERS[voterOf(k)]));
    for (const v of ballotVoters) expect(keyedVoters.has(v.replace(/^.*:/, '')) || keyedVoters.has(v), v).toBe(true);

    t('killed and checked');
    // Restart on the same database; Slack retries every vote with the same trigger_id.
    bot = await spawnBot({ apiUrl: fake.apiUrl, databaseUrl: database.url, redisUrl: TEST_REDIS_URL, prefix });
    t('restarted');
    fake.clear();
    // 500 at once on a busy machine: some acks may miss Slack's 3 s, and Slack then retries them.
    const statuses = await Promise.all(VOTERS.map((v, i) => slashAsSlack(bot!, fake, where, v, `vote E1 ${1 + (i % 2)}`, voteTrigger(i))));
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await waitUntil(() => new Set(fake.responses.map((r) => r.id)).size >= VOTERS.length, 120_000, 20)).toBe(true);
    // One answer per vote: Slack's retries of a delivery already running are acknowledged, not run again.
    expect(fake.responses).toHaveLength(VOTERS.length);
    for (const r of fake.responses) {
      const text = textOf(r);
      if (keys.has(`slack:${r.id}`)) expect(text, r.id).toContain('already counted once');
      else expect(text, r.id).toContain('is counted');
    }
    const after = await sql<{ voter_key: string }[]>`select voter_key from election_ballots`;
    expect(after).toHaveLength(VOTERS.length);
    expect(new Set(after.map((b) => b.voter_key)).size).toBe(VOTERS.length);
    const [keysRow] = await sql<{ n: number }[]>`select count(*)::int as n from vote_keys where key like ${`slack:kv${run}.%`}`;
    expect(keysRow!.n).toBe(VOTERS.length);
    expect(bot.errors).toEqual([]);
  }, 300_000);
});
