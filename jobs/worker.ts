import { type Processor, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobData, QUEUE_NAME } from './bullmq-job-scheduler.js';

/**
 * Runs queued jobs by id through `run` (the core's job runner). A job that `run` hands back (it sent
 * nothing, the process is stopping) goes straight back to waiting, for another worker, without
 * counting as a failed attempt.
 */
export function startWorker(opts: {
  connection: Redis;
  prefix: string;
  run: (jobId: string) => Promise<unknown>;
  concurrency?: number;
  /** Take no job until `worker.run()` (default: at once). */
  held?: boolean;
  /** A job's handler failed (the queue retries it). */
  onFailed?: (jobId: string | undefined, err: Error) => void;
  /** The worker itself met an error, such as Redis being unreachable. */
  onError?: (err: Error) => void;
}): Worker<JobData> {
  const runJob: Processor<JobData> = async (job, token) => {
    const outcome = await opts.run(job.data.id);
    if (outcome !== 'handed-back') return outcome;
    await job.moveToWait(token);
    throw new WaitingError();
  };
  const worker = new Worker<JobData>(QUEUE_NAME, runJob, {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 50,
    autorun: !opts.held,
  });
  worker.on('failed', (job, err) => opts.onFailed?.(job?.id, err));
  worker.on('error', (err) => (opts.onError ? opts.onError(err) : opts.onFailed?.(undefined, err)));
  return worker;
}
