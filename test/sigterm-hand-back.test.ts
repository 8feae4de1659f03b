/**
 * Stopping with jobs running, in process: a job taken whose work has not started is handed back
 * (lease cleared, back to waiting on the queue) and another worker delivers it at once; a job whose
 * send is on its way at the platform keeps its lease and finishes here, so nothing is sent twice.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Runtime, startRuntime } from '../adapters/runtime.js';
import { waitUntil } from '../bench/lib/stats.js';
import type { MessageRef, Messenger, PersonRef, Space } from '../src/app/ports.js';
import { plainText, mentionPlain, type View } from '../src/views/view.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime, TEST_REDIS_URL, TEST_SECRET } from './support/runtime.js';

const textOf = (v: View) => v.blocks.map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : '')).join(' ');

/** Posts whose text says "hold" stay on their way until released, like a platform that has not answered yet. */
class HoldingMessenger implements Messenger {
  readonly posted: string[] = [];
  private release: (() => void)[] = [];
  async post(space: Space, view: View): Promise<MessageRef> {
    const text = textOf(view);
    this.posted.push(text);
    if (text.includes('hold')) await new Promise<void>((resolve) => this.release.push(resolve));
    return { space, messageId: String(this.posted.length) };
  }
  async update(): Promise<void> {}
  async direct(_person: PersonRef, view: View): Promise<void> {
    this.posted.push(textOf(view));
  }
  answer(): void {
    this.release.splice(0).forEach((r) => r());
  }
}

const errors: string[] = [];
const log = { error: (_obj: unknown, msg: string) => void errors.push(msg), info: () => {} };
let a: Awaited<ReturnType<typeof startTestRuntime>>;
let b: Runtime | undefined;
let sql: postgres.Sql;
const held = new HoldingMessenger();
const other = new RecordingMessenger();
const ctx = {
  actor: { platform: 'console' as const, workspaceId: 'w', userId: 'coord', isPlatformAdmin: false },
  space: { platform: 'console' as const, workspaceId: 'w', channelId: 'c1' },
};

beforeAll(async () => {
  a = await startTestRuntime({ log });
  a.messenger.register('console', held);
  sql = postgres(a.databaseUrl, { max: 2, onnotice: () => {} });
});
afterAll(async () => {
  held.answer();
  await b?.close();
  await sql?.end();
  await a?.stop();
});

const jobOf = async (text: string) => (await sql<{ id: string }[]>`select job_id as id from reminders where message = ${text}`)[0]!.id;
const row = async (id: string) => (await sql<{ state: string; leased: boolean }[]>`select state, lease_until > now() as leased from scheduled_jobs where id = ${id}`)[0]!;

describe('stopping while jobs run', () => {
  it('hands back a job not yet started, to another worker at once, and lets a send on its way finish', async () => {
    expect((await a.neuvo.handle(ctx, 'setup area:Lappi')).error).toBeFalsy();
    await a.neuvo.handle(ctx, 'remind +1s "hold: on its way"');
    await a.neuvo.handle(ctx, 'remind +2s "not sent yet"');
    const [onItsWay, notSent] = [await jobOf('hold: on its way'), await jobOf('not sent yet')];

    // The second job's lease cannot be taken while this transaction holds its row: it is taken, not started.
    let unlock!: () => void;
    const locked = new Promise<void>((resolve) => (unlock = resolve));
    let lockTaken = false;
    const tx = sql.begin(async (t) => {
      await t`select 1 from scheduled_jobs where id = ${notSent} for update`;
      lockTaken = true;
      await locked;
    });
    expect(await waitUntil(() => lockTaken, 10_000, 10)).toBe(true);
    expect(await waitUntil(() => held.posted.some((p) => p.includes('hold')), 30_000, 10)).toBe(true);
    const waitingForLock = async () =>
      (await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)[0]!.n > 0;
    expect(await waitUntil(waitingForLock, 30_000, 20)).toBe(true);

    // SIGTERM's first step; then the taken job gets its lease, as the process is stopping.
    const draining = a.drainJobs();
    unlock();
    await tx;
    await draining;

    expect(held.posted.filter((p) => p.includes('not sent yet'))).toEqual([]);
    expect(await row(notSent)).toEqual({ state: 'pending', leased: null });
    expect(await a.scheduler.queue.getJobState(notSent)).toBe('waiting');
    expect((await a.scheduler.queue.getJob(notSent))?.attemptsMade).toBe(0);
    // The send on its way may have reached the platform: its job keeps the lease.
    expect(await row(onItsWay)).toEqual({ state: 'pending', leased: true });

    // Another worker on the same database and queue delivers the handed-back job, not after the lease.
    b = await startRuntime({
      databaseUrl: a.databaseUrl,
      dataDir: '/nonexistent',
      redisUrl: TEST_REDIS_URL,
      queuePrefix: a.prefix,
      defaults: { lang: 'en', zone: 'Europe/Helsinki' },
      reconcileEveryMs: 3_600_000,
      secret: TEST_SECRET,
      log,
    });
    b.messenger.register('console', other);
    await other.waitFor(1);
    expect(other.sent.map((s) => s.text)).toEqual([expect.stringContaining('not sent yet')]);
    expect(await waitUntil(async () => (await row(notSent)).state === 'done', 10_000, 20)).toBe(true);

    // The platform answers the first send: that job finishes where it ran, sent once.
    held.answer();
    expect(await waitUntil(async () => (await row(onItsWay)).state === 'done', 10_000, 20)).toBe(true);
    expect(held.posted.filter((p) => p.includes('on its way'))).toHaveLength(1);
    expect(other.sent.filter((s) => s.text.includes('on its way'))).toEqual([]);
    expect(errors).toEqual([]);
  }, 120_000);
});
