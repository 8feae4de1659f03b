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
import { startTestRuntime } from './support/runtime.js';

type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;
let rt: TestRuntime;
const messenger = new RecordingMessenger();
const ctx: CommandContext = {
  actor: { platform: 'slack', workspaceId: 'T0PACEDRT1', userId: 'U0COORD001', isPlatformAdmin: false },
  space: { platform: 'slack', workspaceId: 'T0PACEDRT1', channelId: 'C0PACEDRT1' },
};

beforeAll(async () => {
  // Slack's limits 20 times faster: one post per ~50 ms in the channel after a burst of 3.
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
});
