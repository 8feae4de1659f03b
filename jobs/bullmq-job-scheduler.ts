import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobScheduler, ScheduledJob } from '../src/app/ports.js';

/** The queue every scheduled job goes through. */
export const QUEUE_NAME = 'neuvo-jobs';

/** Job payloads carry only the id: the worker re-reads the job's state from Postgres. */
export interface JobData {
  readonly id: string;
}

/**
 * Puts scheduled jobs on a BullMQ queue under their database id, so adding the same job twice (the
 * reconcile step, a retry) is ignored by BullMQ.
 */
export class BullmqJobScheduler implements JobScheduler {
  readonly queue: Queue<JobData>;

  constructor(connection: Redis, prefix: string, private readonly now: () => Date = () => new Date()) {
    this.queue = new Queue<JobData>(QUEUE_NAME, {
      connection,
      prefix,
      defaultJobOptions: {
        attempts: 8,
        backoff: { type: 'exponential', delay: 1_000 },
        // Finished jobs leave Redis: Postgres remembers what ran, and a kept id would block a re-add.
        removeOnComplete: true,
        removeOnFail: true,
      },
    });
  }

  async schedule(job: Pick<ScheduledJob, 'id' | 'kind' | 'dueAt'>): Promise<void> {
    const delay = Math.max(0, job.dueAt.getTime() - this.now().getTime());
    await this.queue.add(job.kind, { id: job.id }, { jobId: job.id, delay });
  }

  async cancel(jobId: string): Promise<void> {
    // A job that is running cannot be removed; its handler sees the cancelled row and does nothing.
    await this.queue.remove(jobId).catch(() => 0);
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
