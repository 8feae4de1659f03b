/**
 * A delivery the platform refuses for good (the channel is gone, the person takes no DMs) fails its
 * job once: it is not retried by the queue nor re-added by reconcile, and the reminder no longer
 * shows as pending; the job keeps the platform's reason. A transient error (a 500) is still retried.
 */
import postgres from 'postgres';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { DISCORD_GUILD, DiscordHarness } from './contract/discord-driver.js';
import { SLACK_TEAM, SlackHarness } from './contract/slack-driver.js';
import { viewText } from './support/view-text.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>> | undefined;
let stopHarness: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stopHarness?.();
  await rt?.stop();
  stopHarness = undefined;
  rt = undefined;
});

async function reminderJobs(): Promise<{ state: string; failure_reason: string | null }[]> {
  const sql = postgres(rt!.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    return [...(await sql<{ state: string; failure_reason: string | null }[]>`select state, failure_reason from scheduled_jobs where kind = 'reminder' order by due_at`)];
  } finally {
    await sql.end();
  }
}

const jobStates = async (): Promise<string[]> => (await reminderJobs()).map((r) => r.state);

async function waitFor(cond: () => Promise<boolean>, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether the queue holds no job (waiting, delayed, running): no attempt can follow. */
async function queueEmpty(): Promise<boolean> {
  const counts = await rt!.scheduler.queue.getJobCounts('active', 'delayed', 'waiting', 'prioritized');
  return Object.values(counts).every((n) => n === 0);
}

async function remindTwice(ctx: CommandContext): Promise<void> {
  await rt!.neuvo.handle(ctx, 'setup area:Lappi');
  expect(viewText(await rt!.neuvo.handle(ctx, 'remind +1s "to a channel that is gone"'))).toContain('Reminder R1 set');
  expect(viewText(await rt!.neuvo.handle(ctx, 'remind +1s "after a passing outage"'))).toContain('Reminder R2 set');
}

describe('a delivery the platform refuses for good', () => {
  it('Slack channel_not_found fails the job once; a 500 is retried and delivered', async () => {
    rt = await startTestRuntime();
    const h = await SlackHarness.start(rt);
    stopHarness = () => h.stop();
    const channel = 'C0GONE0001';
    let calls = 0;
    h.fake.faultWhen = (method, raw) => {
      if (method !== 'chat.postMessage') return undefined;
      calls++;
      if (raw.includes('gone')) return { status: 200, error: 'channel_not_found' };
      return calls <= 3 ? { status: 500 } : undefined;
    };
    await remindTwice({
      actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: 'U0ALICE001', isPlatformAdmin: true },
      space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel },
    });
    await waitFor(async () => (await jobStates()).every((s) => s !== 'pending'), 90_000);
    expect((await reminderJobs()).map((j) => [j.state, j.failure_reason]).sort()).toEqual([
      ['done', null],
      ['failed', 'slack channel_not_found'],
    ]);
    expect(await rt.reconcile()).toBe(0);
    const refused = h.fake.faultsServed.filter((f) => f.method === 'chat.postMessage' && f.status === 200);
    // Nothing left in the queue: no attempt can follow.
    await waitFor(queueEmpty, 90_000);
    expect(h.fake.faultsServed.filter((f) => f.method === 'chat.postMessage' && f.status === 200)).toHaveLength(refused.length);
    expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('passing outage'))).toHaveLength(1);
  }, 120_000);

  it('Discord Unknown Channel (10003) fails the job once', async () => {
    rt = await startTestRuntime();
    const h = await DiscordHarness.start(rt);
    stopHarness = () => h.stop();
    const channel = '1100000000000000099';
    h.fake.failNext((c) => c.method === 'POST' && c.path.includes(`/channels/${channel}/messages`), { status: 404, code: 10003, message: 'Unknown Channel' }, 100);
    const ctx: CommandContext = {
      actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: '1200000000000000001', isPlatformAdmin: true },
      space: { platform: 'discord', workspaceId: DISCORD_GUILD, channelId: channel },
    };
    await rt.neuvo.handle(ctx, 'setup area:Lappi');
    await rt.neuvo.handle(ctx, 'remind +1s "to a channel that is gone"');
    await waitFor(async () => (await jobStates()).every((s) => s !== 'pending'), 90_000);
    expect(await reminderJobs()).toEqual([{ state: 'failed', failure_reason: 'discord 10003' }]);
    expect(await rt.reconcile()).toBe(0);
    expect(viewText(await rt.neuvo.handle(ctx, 'reminders'))).toContain('No pending reminders');
  }, 120_000);
});
