import { and, asc, eq, sql } from 'drizzle-orm';
import type { JobOutcome, JobState, ScheduledJob, ScheduledJobRepository } from '../../src/app/ports.js';
import { DeliveryRefused } from '../../src/domain/errors.js';
import type { Database } from '../client.js';
import { scheduledJobs } from '../schema.js';

const toJob = (r: typeof scheduledJobs.$inferSelect): ScheduledJob => ({
  id: r.id,
  kind: r.kind as ScheduledJob['kind'],
  entityId: r.entityId,
  dueAt: r.dueAt,
  state: r.state as JobState,
});

export class DrizzleScheduledJobRepository implements ScheduledJobRepository {
  constructor(private readonly db: Database) {}

  async get(jobId: string): Promise<ScheduledJob | undefined> {
    const [row] = await this.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobId));
    return row ? toJob(row) : undefined;
  }

  async pending(): Promise<ScheduledJob[]> {
    const rows = await this.db.select().from(scheduledJobs).where(eq(scheduledJobs.state, 'pending')).orderBy(asc(scheduledJobs.dueAt));
    return rows.map(toJob);
  }

  async finish(jobId: string): Promise<void> {
    await this.db.update(scheduledJobs).set({ state: 'done', doneAt: sql`now()` }).where(and(eq(scheduledJobs.id, jobId), eq(scheduledJobs.state, 'pending')));
  }

  runOnce(jobId: string, work: () => Promise<void>): Promise<JobOutcome> {
    return this.db.transaction(async (tx) => {
      // SKIP LOCKED: a second worker running the same job (a stalled lock, a second process) skips it.
      const claimed = await tx
        .select({ id: scheduledJobs.id })
        .from(scheduledJobs)
        .where(and(eq(scheduledJobs.id, jobId), eq(scheduledJobs.state, 'pending')))
        .for('update', { skipLocked: true });
      if (claimed.length === 0) return 'skipped';
      try {
        await work();
      } catch (err) {
        // Any other error rolls back: the job stays pending and the queue retries it.
        if (!(err instanceof DeliveryRefused)) throw err;
        await tx.update(scheduledJobs).set({ state: 'failed', doneAt: sql`now()` }).where(eq(scheduledJobs.id, jobId));
        return 'failed';
      }
      await tx.update(scheduledJobs).set({ state: 'done', doneAt: sql`now()` }).where(eq(scheduledJobs.id, jobId));
      return 'done';
    });
  }
}
