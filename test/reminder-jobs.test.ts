import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DrizzleScheduledJobRepository, JOB_LEASE_SECONDS } from '../db/repositories/drizzle-scheduled-job-repository.js';
import { scheduledJobs, spaces } from '../db/schema.js';
import type { CommandContext } from '../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../src/views/view.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { deleteKeys, startTestRuntime } from './support/runtime.js';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
const messenger = new RecordingMessenger();
let channel = 0;
let ctx: (user: string) => CommandContext;

const text = (v: View) =>
  v.blocks
    .map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : b.type === 'heading' ? b.text : b.type === 'list' ? b.items.map((i) => plainText(i, mentionPlain)).join(' ') : ''))
    .join(' ');
const run = async (user: string, line: string) => text(await rt.neuvo.handle(ctx(user), line));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

beforeAll(async () => {
  // Small quotas, so the limits are reached in a few commands (coordinators are exempt per person).
  rt = await startTestRuntime({ limits: { pendingRemindersPerPerson: 3, pendingRemindersPerNetwork: 6 } });
  rt.messenger.register('console', messenger);
});
afterAll(async () => rt.stop());

beforeEach(async () => {
  // Each test gets a channel (and so a network) of its own.
  const channelId = `c${++channel}`;
  ctx = (user) => ({
    actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
    space: { platform: 'console', workspaceId: 'w', channelId },
  });
  messenger.sent.length = 0;
  messenger.failing = false;
  await run('coord', 'setup area:Lappi');
});

describe('reminders through the real BullMQ worker', () => {
  it('fires on time in the channel, once', async () => {
    const start = Date.now();
    expect(await run('coord', 'remind +1s "Budget talks @here"')).toContain('Reminder R1 set');
    await messenger.waitFor(1);
    expect(Date.now() - start).toBeGreaterThanOrEqual(900);
    expect(messenger.sent).toEqual([{ to: `#c${channel}`, text: '⏰ Reminder from @coord: Budget talks @here' }]);
    await sleep(300);
    expect(messenger.sent).toHaveLength(1);
    expect(await run('coord', 'reminders')).toContain('No pending reminders');
  });

  it('sends a reminder to a person by direct message', async () => {
    await run('coord', 'remind +1s "Sign the statement" to:@alice');
    await messenger.waitFor(1);
    expect(messenger.sent[0]).toEqual({ to: '@alice', text: '⏰ Reminder from @coord: Sign the statement' });
  });

  it('a cancelled reminder never fires', async () => {
    await run('coord', 'remind +1s "never"');
    expect(await run('coord', 'remind cancel R1')).toContain('Reminder R1 cancelled');
    await sleep(1_500);
    expect(messenger.sent).toEqual([]);
    expect(await run('coord', 'remind cancel R1')).toContain('already been sent or cancelled');
  });

  it('after Redis loses its jobs, reconcile restores exactly the pending ones and none runs twice', async () => {
    await run('coord', 'remind +2s "first"');
    await run('coord', 'remind +2s "second"');
    await run('coord', 'remind +2s "third"');
    await run('coord', 'remind cancel R2');
    await deleteKeys(rt.prefix);
    expect(await rt.reconcile()).toBe(2);
    // A second reconcile (the periodic one, another process) adds nothing new.
    expect(await rt.reconcile()).toBe(2);
    await messenger.waitFor(2);
    await sleep(500);
    expect(messenger.sent.map((m) => m.text).sort()).toEqual(['⏰ Reminder from @coord: first', '⏰ Reminder from @coord: third']);
  });

  it('running the same job twice at once delivers it once', async () => {
    await run('coord', 'remind +1h "soon"');
    const [job] = await rt.deps.jobs.pending().then((all) => all.filter((j) => j.state === 'pending').slice(-1));
    // As the worker runs it (named by its kind, which saves a read) and without the name, at once.
    const results = await Promise.all([rt.neuvo.runJob(job!.id, 'reminder'), rt.neuvo.runJob(job!.id), rt.neuvo.runJob(job!.id, 'reminder')]);
    expect(results.filter((r) => r === 'done')).toHaveLength(1);
    expect(messenger.sent).toHaveLength(1);
    await rt.scheduler.cancel(job!.id);
  });

  it('a job leased by a worker that died is left alone until the lease lapses, then delivered once', async () => {
    await run('coord', 'remind +1h "held"');
    const [job] = await rt.deps.jobs.pending().then((all) => all.slice(-1));
    await rt.scheduler.cancel(job!.id);
    const setLease = (seconds: number) =>
      rt.database.db.update(scheduledJobs).set({ leaseUntil: new Date(Date.now() + seconds * 1000) }).where(eq(scheduledJobs.id, job!.id));
    // As a worker leaves it when killed in the middle of the delivery.
    await setLease(JOB_LEASE_SECONDS);
    expect(await rt.neuvo.runJob(job!.id, 'reminder')).toBe('skipped');
    expect(messenger.sent).toEqual([]);
    await setLease(-1);
    expect(await rt.neuvo.runJob(job!.id, 'reminder')).toBe('done');
    expect(await rt.neuvo.runJob(job!.id, 'reminder')).toBe('skipped');
    expect(messenger.sent.map((m) => m.text)).toEqual(['⏰ Reminder from @coord: held']);
  });

  it('a job sent whose “done” did not reach the database is only recorded by the retry, not sent again', async () => {
    await run('coord', 'remind +1h "once"');
    const [job] = await rt.deps.jobs.pending().then((all) => all.slice(-1));
    await rt.scheduler.cancel(job!.id);
    // The database fails the first write after the work (the job's `done`), as in an outage.
    let failNextUpdate = false;
    const db = rt.database.db;
    const flaky = new Proxy(db, {
      get(target, prop) {
        if (prop === 'update' && failNextUpdate) {
          failNextUpdate = false;
          return () => {
            throw new Error('database away');
          };
        }
        const value = Reflect.get(target, prop) as unknown;
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const jobs = new DrizzleScheduledJobRepository(flaky);
    let sent = 0;
    const work = async () => {
      sent++;
      failNextUpdate = true;
    };
    await expect(jobs.runOnce(job!.id, work)).rejects.toThrow('database away');
    expect((await rt.deps.jobs.get(job!.id))!.state).toBe('pending');
    expect(await jobs.runOnce(job!.id, work)).toBe('done');
    expect(sent).toBe(1);
    expect((await rt.deps.jobs.get(job!.id))!.state).toBe('done');
  });

  it('a delivery that fails stays pending and is retried until it goes through', async () => {
    messenger.failing = true;
    await run('coord', 'remind +1s "retry me"');
    await sleep(1_600);
    expect(messenger.sent).toEqual([]);
    messenger.failing = false;
    await messenger.waitFor(1, 15_000);
    expect(messenger.sent[0]!.text).toBe('⏰ Reminder from @coord: retry me');
  });

  it('only a coordinator may remind someone else by DM, and only the setter or a coordinator cancels', async () => {
    expect(await run('member', 'remind +1h "hi" to:@alice')).toContain('Only a coordinator can remind someone else');
    expect(await run('member', 'remind +1h "mine"')).toContain('Reminder R1 set');
    expect(await run('other', 'remind cancel R1')).toContain('Only the person who set R1');
    expect(await run('coord', 'remind cancel R1')).toContain('cancelled');
  });

  it('refuses past dates and bad dates with what was expected', async () => {
    expect(await run('coord', 'remind 2020-01-01T10:00 "late"')).toContain('is in the past');
    expect(await run('coord', 'remind someday "late"')).toContain('expected 2026-10-14T13:00');
    expect(await run('coord', 'remind 2027-03-28T03:30 "gap"')).toContain('does not exist in Europe/Helsinki');
  });

  it('tags every answer with the network’s language, for the words adapters add', async () => {
    expect((await rt.neuvo.handle(ctx('coord'), 'help')).lang).toBe('en');
    await run('coord', 'setup lang:sv');
    expect((await rt.neuvo.handle(ctx('coord'), 'reminders')).lang).toBe('sv');
    expect((await rt.neuvo.handle(ctx('coord'), 'frobnicate')).lang).toBe('sv');
  });
});

describe('reminders stay inside their network', () => {
  /** A context in another channel of the same console workspace. */
  const inChannel = (channelId: string) => (user: string): CommandContext => ({ ...ctx(user), space: { ...ctx(user).space, channelId } });
  const runIn = async (channelId: string, user: string, line: string) => text(await rt.neuvo.handle(inChannel(channelId)(user), line));
  /** Binds a second channel to the test's network, as a network with several channels has. */
  const bindSecond = async () => {
    const network = await rt.deps.networks.findBySpace(ctx('x').space);
    const channelId = `c${channel}b`;
    await rt.database.db.insert(spaces).values({ platform: 'console', workspaceId: 'w', channelId, networkId: network!.id });
    return channelId;
  };

  it('refuses a channel of another network, or of none, even to a coordinator; accepts one of its own', async () => {
    await runIn(`x${channel}`, 'other', 'setup area:Kainuu');
    expect(await run('member', `remind +1h "phish" to:#x${channel}`)).toContain('only in this network’s own channels');
    expect(await run('coord', `remind +1h "phish" to:#private${channel}`)).toContain('only in this network’s own channels');
    const second = await bindSecond();
    expect(await run('member', `remind +1h "standup" to:#${second}`)).toContain('Reminder R1 set');
    expect(await runIn(`x${channel}`, 'other', 'reminders')).toContain('No pending reminders');
  });

  it('a channel that left the network before the reminder is due fails the job instead of posting', async () => {
    const second = await bindSecond();
    await run('member', `remind +1h "standup" to:#${second}`);
    const [job] = await rt.deps.jobs.pending().then((all) => all.slice(-1));
    await rt.scheduler.cancel(job!.id);
    await rt.database.db.delete(spaces).where(eq(spaces.channelId, second));
    expect(await rt.neuvo.runJob(job!.id)).toBe('failed');
    expect(messenger.sent).toEqual([]);
    expect((await rt.deps.jobs.get(job!.id))!.state).toBe('failed');
  });

  it('lists someone else’s channel reminder only in the channel it was set in and is for', async () => {
    const second = await bindSecond();
    await run('alice', `remind +1h "for the other channel" to:#${second}`);
    await run('alice', 'remind +1h "for here"');
    await runIn(second, 'alice', 'remind +1h "set there, for here" to:#c' + channel);
    const here = await run('bob', 'reminders');
    expect(here).toContain('1 pending reminder');
    expect(here).toContain('“for here”');
    expect(await runIn(second, 'bob', 'reminders')).toContain('No pending reminders');
    expect(await run('alice', 'reminders')).toContain('3 pending reminders');
    expect(await run('coord', 'reminders')).toContain('3 pending reminders');
  });
});

describe('quotas on pending reminders', () => {
  const refusals = (answers: string[], phrase: string) => answers.filter((a) => a.includes(phrase)).length;

  it('a burst of parallel requests sets no more than a person’s quota, and a cancel frees a place', async () => {
    const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => run('member', `remind +1h "burst ${i}"`)));
    expect(refusals(answers, 'Reminder R')).toBe(3);
    expect(refusals(answers, 'You already have 3 pending reminders')).toBe(7);
    const mine = await run('member', 'reminders');
    expect(mine).toContain('3 pending reminders');
    const [first] = /R\d+/.exec((answers.find((a) => a.includes('Reminder R')))!)!;
    await run('member', `remind cancel ${first}`);
    expect(await run('member', 'remind +1h "again"')).toContain('Reminder R');
  });

  it('holds coordinators to the network’s quota, not the person’s, under parallel requests too', async () => {
    await Promise.all([1, 2].map((i) => run('member', `remind +1h "m${i}"`)));
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => run('coord', `remind +1h "c${i}"`)));
    expect(refusals(answers, 'Reminder R')).toBe(4);
    expect(refusals(answers, 'This network already has 6 pending reminders')).toBe(4);
    expect(await run('member', 'remind +1h "one more"')).toContain('This network already has 6 pending reminders');
  });

  it('names the limit in the network’s language', async () => {
    await Promise.all([1, 2, 3].map((i) => run('member', `remind +1h "m${i}"`)));
    await run('coord', 'setup lang:fi');
    expect(await run('member', 'remind +1h "m4"')).toContain('Sinulla on jo 3 odottavaa muistutusta');
    await run('coord', 'setup lang:sv');
    expect(await run('member', 'remind +1h "m4"')).toContain('Du har redan 3 väntande påminnelser');
  });
});
