import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { JobScheduler, ScheduledJob } from '../src/app/ports.js';
import type { Booking } from './pacing.js';

/** The queue every scheduled job goes through. */
export const QUEUE_NAME = 'neuvo-jobs';

/**
 * How long an enqueue may wait for Redis. ioredis queues commands while it reconnects, and BullMQ
 * waits for the connection without end; the command's row is committed by then, and the reconcile
 * after the outage adds the job, so waiting longer only keeps the person waiting.
 */
const ENQUEUE_WAIT_MS = 1_500;

/** Resolves with `work` or after `ms`, whichever comes first; a later failure of `work` is ignored. */
function atMost(ms: number, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
  });
  return Promise.race([work.then(() => {}), waited]).finally(() => clearTimeout(timer));
}

/** Job payloads carry only the id: the worker re-reads the job's state from Postgres. */
export interface JobData {
  readonly id: string;
  /** What a paced send of this job booked before the job was put back to wait for it (`jobs/pacing.ts`). */
  readonly paced?: Booking;
}

/**
 * Puts scheduled jobs on a BullMQ queue under their database id, so adding the same job twice (the
 * reconcile step, a retry) is ignored by BullMQ.
 */
export class BullmqJobScheduler implements JobScheduler {
  readonly queue: Queue<JobData>;

  /** `isUp` says whether Redis answers (by default, whether `connection` is ready). */
  constructor(
    connection: Redis,
    prefix: string,
    private readonly now: () => Date = () => new Date(),
    private readonly isUp: () => boolean = () => connection.status === 'ready',
  ) {
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

  /** Whether Redis answers, so an enqueue goes out at once. */
  available(): boolean {
    return this.isUp();
  }

  /**
   * Adds the job, or, when Redis does not answer, leaves it to the reconcile that follows the outage
   * (the job's row is committed before this is called). Never waits more than {@link ENQUEUE_WAIT_MS}.
   */
  async schedule(job: Pick<ScheduledJob, 'id' | 'kind' | 'dueAt'>): Promise<void> {
    if (!this.available()) return;
    const delay = Math.max(0, job.dueAt.getTime() - this.now().getTime());
    await atMost(ENQUEUE_WAIT_MS, this.queue.add(job.kind, { id: job.id }, { jobId: job.id, delay }));
  }

  async cancel(jobId: string): Promise<void> {
    // A job that is running, or one Redis cannot be asked about now, is not removed: its handler sees
    // the cancelled row and does nothing.
    if (!this.available()) return;
    await atMost(ENQUEUE_WAIT_MS, this.queue.remove(jobId).catch(() => 0));
  }

  close(): Promise<void> {
    return this.queue.close();
  }
}
