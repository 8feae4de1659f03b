/**
 * When Neuvo is removed from a workspace, its pending jobs (reminders, election and poll schedules,
 * the budget-season reminder) are failed with the reason, on real Postgres; another workspace's jobs,
 * and the networks' data, stay.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { elections, networks, reminders, scheduledJobs, spaces } from '../db/schema.js';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;

beforeAll(async () => {
  rt = await startTestRuntime();
  // Election cards are posted; where does not matter here.
  rt.messenger.register('slack', new RecordingMessenger());
});
afterAll(async () => rt?.stop());

const ctx = (workspaceId: string, channelId: string): CommandContext => ({
  actor: { platform: 'slack', workspaceId, userId: 'U0SAME0001', isPlatformAdmin: true },
  space: { platform: 'slack', workspaceId, channelId },
});

/** A network in `workspace` with a reminder, an election with its schedule and a budget reminder. */
async function busyNetwork(workspace: string): Promise<void> {
  const c = ctx(workspace, 'C0SAME0001');
  for (const line of ['setup area:Lappi budget-reminder:09-15', 'remind +1d "tomorrow"', 'election new "Board" seats:1 method:plurality nominate-until:+2d vote-until:+5d']) {
    await rt.neuvo.handle(c, line);
  }
}

const pendingOf = async (workspace: string) => {
  const [space] = await rt.database.db.select().from(spaces).where(eq(spaces.workspaceId, workspace));
  const ids = [
    ...(await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.workspaceId, workspace))).map((r) => r.id),
    ...(await rt.database.db.select({ id: scheduledJobs.id }).from(scheduledJobs).innerJoin(elections, eq(elections.id, scheduledJobs.entityId)).where(eq(elections.workspaceId, workspace))).map((r) => r.id),
    ...(await rt.database.db.select({ id: scheduledJobs.id }).from(scheduledJobs).where(eq(scheduledJobs.entityId, space!.networkId))).map((r) => r.id),
  ];
  return rt.database.db.select().from(scheduledJobs).where(inArray(scheduledJobs.id, ids));
};

describe('failing the jobs of a workspace Neuvo was removed from', () => {
  it('fails every pending job there with the reason, once, and leaves the other workspace’s and the data', async () => {
    await busyNetwork('T0GONE0001');
    await busyNetwork('T0STAY0001');
    const gone = await pendingOf('T0GONE0001');
    expect(new Set(gone.map((j) => j.kind))).toEqual(new Set(['reminder', 'election.open', 'election.close', 'election.nudge', 'election.nominee-nudge', 'budget.remind']));
    expect(gone.every((j) => j.state === 'pending')).toBe(true);

    expect(await rt.deps.jobs.failPendingFor({ platform: 'slack', workspaceId: 'T0GONE0001' }, 'slack:app_uninstalled')).toBe(gone.length);
    const after = await pendingOf('T0GONE0001');
    expect(after).toHaveLength(gone.length);
    expect(after.every((j) => j.state === 'failed' && j.failureReason === 'slack:app_uninstalled')).toBe(true);
    expect((await pendingOf('T0STAY0001')).every((j) => j.state === 'pending' && j.failureReason === null)).toBe(true);
    // A repeat (the other event) finds nothing left, and keeps the first reason.
    expect(await rt.deps.jobs.failPendingFor({ platform: 'slack', workspaceId: 'T0GONE0001' }, 'slack:tokens_revoked')).toBe(0);
    expect(await rt.database.db.select().from(spaces).where(eq(spaces.workspaceId, 'T0GONE0001'))).toHaveLength(1);
    expect((await rt.database.db.select().from(networks)).length).toBe(2);
  });
});
