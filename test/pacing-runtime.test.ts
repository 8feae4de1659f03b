/**
 * Pacing inside the real runtime (Postgres, BullMQ worker, the core): reminders into one Slack channel
 * past its burst are deferred to their turns and each is still delivered once, its job `done`: a
 * deferral gives the job's lease back like any failed try, and is not counted as one.
 */
import { inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLATFORM_RATES } from '../adapters/pacing-limits.js';
import { scheduledJobs } from '../db/schema.js';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { runNudge, startTestRuntime } from './support/runtime.js';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
const messenger = new RecordingMessenger();
const ctx: CommandContext = {
  actor: { platform: 'slack', workspaceId: 'T0PACEDRT1', userId: 'U0COORD001', isPlatformAdmin: false },
  space: { platform: 'slack', workspaceId: 'T0PACEDRT1', channelId: 'C0PACEDRT1' },
};

beforeAll(async () => {
  // Slack's limits 20 times faster: one post per ~53 ms in a channel, one conversations.open per ~63 ms
  // after a burst of about 5 (at this speed the 250 ms left for arrival spread takes most of each burst).
  rt = await startTestRuntime({ pacing: { timeScale: 20 } });
  rt.messenger.register('slack', messenger);
});
afterAll(async () => rt.stop());

describe('pacing in the runtime', () => {
  it("defers a channel's reminders past its burst to their turns; each is posted once and its job done", async () => {
    await rt.neuvo.handle(ctx, 'setup area:Lappi');
    const count = PLATFORM_RATES.slack.channelPost.burst + 7;
    for (let i = 0; i < count; i++) await rt.neuvo.handle(ctx, `remind +1s "paced ${i}"`);
    const deferred = new Set<string>();
    rt.worker.on('active', (job) => {
      if (job.data.paced) deferred.add(job.data.id);
    });
    await messenger.waitFor(count);
    expect(new Set(messenger.sent.map((m) => m.text)).size).toBe(count);
    // Some ran again at their booked turn (the booking rides in the job's data).
    expect(deferred.size).toBeGreaterThan(0);
    const ids = [...deferred];
    const until = Date.now() + 10_000;
    let done = 0;
    while (done < ids.length && Date.now() < until) {
      done = (await rt.database.db.select().from(scheduledJobs).where(inArray(scheduledJobs.id, ids))).filter((j) => j.state === 'done').length;
      if (done < ids.length) await new Promise((r) => setTimeout(r, 50));
    }
    expect(done).toBe(ids.length);
    expect(messenger.sent).toHaveLength(count);
  });

  it("defers a nudge's DMs past the workspace's burst one by one; each person gets one", async () => {
    await rt.neuvo.handle(ctx, 'setup area:Lappi');
    const members = Array.from({ length: 15 }, (_, i) => `U0NUDGE${String(i).padStart(3, '0')}`);
    await rt.neuvo.handle(ctx, 'org add "Everyone"');
    for (const m of members) await rt.neuvo.handle(ctx, `org member add "Everyone" <@${m}>`);
    await rt.neuvo.handle(ctx, 'election new "Board" seats:1 method:plurality per:person vote-until:+5d');
    // Each nominates themself (accepted at once).
    for (const m of members.slice(0, 2)) await rt.neuvo.handle({ ...ctx, actor: { ...ctx.actor, userId: m } }, `election nominate E1 <@${m}>`);
    expect((await rt.neuvo.handle(ctx, 'election open E1')).error).toBeFalsy();
    const nudge = (await rt.deps.jobs.pending()).find((j) => j.kind === 'election.nudge')!;
    await rt.scheduler.cancel(nudge.id);
    const deferred = new Set<string>();
    rt.worker.on('active', (job) => {
      if (job.data.paced) deferred.add(job.data.id);
    });
    messenger.sent.length = 0;
    await runNudge(rt, nudge.id);
    expect(messenger.sent.map((m) => m.to).sort()).toEqual(members.map((m) => `@${m}`).sort());
    // Past the burst, DM jobs went back to the queue for their turns instead of waiting in a worker slot.
    expect(deferred.size).toBeGreaterThan(0);
  });
});
