/**
 * `ScheduledJobRepository.failPendingFor`: when the bot leaves a Discord server or is uninstalled
 * from a Slack workspace, the pending jobs of that workspace's networks fail for good, with the reason,
 * and nothing of another workspace changes.
 */
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, scheduledJobs } from '../db/schema.js';
import type { CommandContext, Platform } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const REASON = 'bot removed from server';

const ctx = (platform: Platform, workspaceId: string, channelId: string): CommandContext => ({
  actor: { platform, workspaceId, userId: 'coord', isPlatformAdmin: false },
  space: { platform, workspaceId, channelId },
});

/** Sets up a network in the channel with one pending job of every kind; resolves with the new jobs' ids. */
async function networkWithEveryJob(platform: Platform, workspaceId: string, channelId: string): Promise<string[]> {
  const before = new Set((await rt.deps.jobs.pending()).map((j) => j.id));
  const run = (line: string) => rt.neuvo.handle(ctx(platform, workspaceId, channelId), line);
  await run('setup area:Lappi budget-reminder:06-01');
  await run('remind +1d "Kokous"');
  await run('election new "Board" seats:1 method:plurality per:person nominate-until:+2d vote-until:+3d');
  await run('poll new "Topics" theme:goals suggest-until:+2d vote-until:+3d');
  await run('negotiation add "HYTE" at:+20d');
  return (await rt.deps.jobs.pending()).map((j) => j.id).filter((id) => !before.has(id));
}

const rows = (ids: string[]) => rt.database.db.select().from(scheduledJobs).where(inArray(scheduledJobs.id, ids));

beforeAll(async () => {
  rt = await startTestRuntime();
  for (const platform of ['console', 'discord'] as const) rt.messenger.register(platform, new RecordingMessenger());
});
afterAll(async () => rt?.stop());

describe('failPendingFor', () => {
  let gone: string[];
  let other: string[];
  let otherPlatform: string[];

  beforeAll(async () => {
    gone = [...(await networkWithEveryJob('discord', 'g1', 'c1')), ...(await networkWithEveryJob('discord', 'g1', 'c2'))];
    other = await networkWithEveryJob('discord', 'g2', 'c3');
    // The same workspace id on another platform is another workspace.
    otherPlatform = await networkWithEveryJob('console', 'g1', 'c4');
  });

  it('fails every pending job of the workspace’s networks, of every kind, with the reason', async () => {
    // Each kind finds its network another way (see pendingJobsOf): all of them are here.
    expect([...new Set((await rows(gone)).map((r) => r.kind))].sort()).toEqual([
      'budget.remind',
      'election.close',
      'election.nominee-nudge',
      'election.nudge',
      'election.open',
      'negotiation.follow-up',
      'negotiation.remind',
      'poll.close',
      'poll.open',
      'reminder',
    ]);

    expect(await rt.deps.jobs.failPendingFor({ platform: 'discord', workspaceId: 'g1' }, REASON)).toBe(gone.length);

    for (const r of await rows(gone)) expect(r, r.kind).toMatchObject({ state: 'failed', failureReason: REASON, leaseUntil: null });
    for (const r of await rows([...other, ...otherPlatform])) expect(r, r.kind).toMatchObject({ state: 'pending', failureReason: null });
  });

  it('writes one audit entry per network, as `neuvo`', async () => {
    const audit = await rt.database.db.select().from(auditLog).where(eq(auditLog.action, 'jobs.failed'));
    expect(audit).toHaveLength(2);
    expect(audit.map((a) => a.userId)).toEqual(['neuvo', 'neuvo']);
    expect(audit.map((a) => (a.detail as { jobs: number }).jobs).reduce((a, b) => a + b)).toBe(gone.length);
    expect(audit.every((a) => (a.detail as { reason: string }).reason === REASON)).toBe(true);
  });

  it('changes nothing when run again (another process saw the same event)', async () => {
    expect(await rt.deps.jobs.failPendingFor({ platform: 'discord', workspaceId: 'g1' }, 'again')).toBe(0);
    expect(await rt.database.db.select().from(auditLog).where(eq(auditLog.action, 'jobs.failed'))).toHaveLength(2);
    expect(new Set((await rows(gone)).map((r) => r.failureReason))).toEqual(new Set([REASON]));
  });

  it('never runs a failed job: the worker’s run skips it', async () => {
    for (const id of gone) expect(await rt.neuvo.runJob(id)).toBe('skipped');
    expect((await rows(gone)).every((r) => r.state === 'failed')).toBe(true);
  });

  it('leaves done and cancelled jobs as they are', async () => {
    const [done, cancelled] = other;
    await rt.deps.jobs.finish(done!);
    await rt.database.db.update(scheduledJobs).set({ state: 'cancelled' }).where(eq(scheduledJobs.id, cancelled!));
    await rt.deps.jobs.failPendingFor({ platform: 'discord', workspaceId: 'g2' }, REASON);
    const states = new Map((await rows(other)).map((r) => [r.id, r.state]));
    expect(states.get(done!)).toBe('done');
    expect(states.get(cancelled!)).toBe('cancelled');
    expect(await rt.database.db.select().from(scheduledJobs).where(and(inArray(scheduledJobs.id, other), eq(scheduledJobs.state, 'pending')))).toEqual([]);
  });
});
