/**
 * Fault test: scale-out. Two runtimes (each with its own Redis connections, BullMQ worker and periodic
 * reconcile, as two processes behind a load balancer) share one Postgres database and one queue. Every
 * reminder is delivered once, and every vote counts once even when the same request reaches both.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../adapters/runtime.js';
import { waitUntil } from '../bench/lib/stats.js';
import type { CommandContext } from '../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../src/views/view.js';
import { createTestDatabase } from './support/database.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { deleteKeys, TEST_REDIS_URL, TEST_SECRET, testLog } from './support/runtime.js';

const prefix = `neuvo-fault-${randomBytes(4).toString('hex')}`;
let database: Awaited<ReturnType<typeof createTestDatabase>>;
const runtimes: Runtime[] = [];
const messengers = [new RecordingMessenger(), new RecordingMessenger()];

const ctx = (user: string, channelId: string, requestId?: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
  ...(requestId ? { requestId } : {}),
});
const text = (v: View) => v.blocks.map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : '')).join(' ');
const on = async (i: number, user: string, channel: string, line: string, requestId?: string) => text(await runtimes[i]!.neuvo.handle(ctx(user, channel, requestId), line));

beforeAll(async () => {
  // An empty database, both starting at once, as two processes would (the migration takes an advisory lock).
  database = await createTestDatabase({ empty: true });
  runtimes.push(
    ...(await Promise.all(
      [0, 1].map(() =>
        startRuntime({
          databaseUrl: database.url,
          dataDir: '/nonexistent',
          redisUrl: TEST_REDIS_URL,
          queuePrefix: prefix,
          defaults: { lang: 'en', zone: 'Europe/Helsinki' },
          reconcileEveryMs: 1_000,
          secret: TEST_SECRET,
          log: testLog,
        }),
      ),
    )),
  );
  runtimes.forEach((rt, i) => rt.messenger.register('console', messengers[i]!));
}, 120_000);

afterAll(async () => {
  for (const rt of runtimes) await rt.close().catch(() => {});
  await deleteKeys(prefix).catch(() => {});
  await database?.drop().catch(() => {});
}, 60_000);

describe('two runtimes on the same Postgres and Redis', () => {
  it('delivers every reminder once', async () => {
    const N = 100;
    await on(0, 'coord', 'rem', 'setup area:Lappi');
    const texts = Array.from({ length: N }, (_, i) => `reminder ${i}`);
    // Half set through each runtime, all due at about the same time.
    await Promise.all(texts.map((t, i) => on(i % 2, 'coord', 'rem', `remind +3s "${t}"`).then((r) => expect(r).toContain('set'))));
    const sent = () => messengers.flatMap((m) => m.sent).filter((m) => m.to === '#rem');
    // Both reconcile loops keep running meanwhile; once no job is pending none can run again, so
    // every duplicate there could be has shown by then.
    const none = async () => (await runtimes[0]!.deps.jobs.pending()).length === 0;
    expect(await waitUntil(async () => sent().length >= N && (await none()), 120_000)).toBe(true);
    const counts = new Map<string, number>();
    for (const m of sent()) counts.set(m.text, (counts.get(m.text) ?? 0) + 1);
    expect(counts.size).toBe(N);
    expect([...counts.values()].filter((c) => c !== 1)).toEqual([]);
  }, 180_000);

  it('counts every vote once, also when the same request reaches both', async () => {
    const voters = Array.from({ length: 100 }, (_, i) => `v${i}`);
    const ch = 'vote';
    expect(await on(0, 'coord', ch, 'setup area:Lappi')).not.toContain('went wrong');
    expect(await on(1, 'coord', ch, 'org add "Scale Org"')).not.toContain('went wrong');
    for (let i = 0; i < voters.length; i += 20) {
      await Promise.all(voters.slice(i, i + 20).map((v, j) => on((i + j) % 2, 'coord', ch, `org member add "Scale Org" @${v}`)));
    }
    await on(0, 'coord', ch, 'election new "Scale" seats:1 method:plurality per:person');
    await on(1, 'v0', ch, 'election nominate E1 @v0');
    await on(0, 'v1', ch, 'election nominate E1 @v1');
    expect(await on(1, 'coord', ch, 'election open E1')).not.toContain('went wrong');
    const network = await runtimes[0]!.deps.networks.findBySpace({ platform: 'console', workspaceId: 'w', channelId: ch });
    const election = (await runtimes[0]!.deps.elections.find(network!.id, 1))!;
    expect(election.phase).toBe('voting');
    expect(await runtimes[0]!.deps.elections.roll(election.id)).toHaveLength(voters.length);

    // Each voter's vote goes to one runtime (half to each), and a retry of the same request to the other.
    const replies = await Promise.all(
      voters.map((v, i) =>
        Promise.all([on(i % 2, v, ch, `vote E1 ${1 + (i % 2)}`, `req-${v}`), on((i + 1) % 2, v, ch, `vote E1 ${1 + (i % 2)}`, `req-${v}`)]),
      ),
    );
    for (const [i, pair] of replies.entries()) {
      expect(pair.filter((r) => r.includes('is counted')), voters[i]).toHaveLength(1);
      expect(pair.filter((r) => !r.includes('is counted') && !/already counted/.test(r)), voters[i]).toEqual([]);
    }
    const voted = await runtimes[1]!.deps.elections.voted(election.id);
    expect(voted).toHaveLength(voters.length);
    // A late retry after the fact counts nothing either.
    expect(await on(0, 'v5', ch, 'vote E1 1', 'req-v5')).toContain('already counted once');
    expect(await on(1, 'coord', ch, 'election close E1')).not.toContain('went wrong');
    // One ballot per voter, and one idempotency key per request.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const [row] = await sql<{ ballots: number; keys: number }[]>`select (select count(*)::int from election_ballots where election_id = ${election.id}) as ballots, (select count(*)::int from vote_keys where key like 'req-%') as keys`;
      expect(row).toEqual({ ballots: voters.length, keys: voters.length });
    } finally {
      await sql.end();
    }
  }, 180_000);
});
