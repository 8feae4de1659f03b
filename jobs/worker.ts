import { DelayedError, type Job, WaitingError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobData, QUEUE_NAME } from './bullmq-job-scheduler.js';
import { EARLY_MS, PaceLater, runPaced } from './pacing.js';

/**
 * Runs queued jobs by id through `run` (the core's job runner). A job that `run` hands back (it sent
 * nothing, the process is stopping) goes straight back to waiting, for another worker, without
 * counting as a failed attempt.
 */
export function startWorker(opts: {
  connection: Redis;
  prefix: string;
  /** Runs a job by its id; `name` is what it was queued as (its kind). */
  run: (jobId: string, name: string) => Promise<unknown>;
  concurrency?: number;
  /** Take no job until `worker.run()` (default: at once). */
  held?: boolean;
  /** A job's handler failed (the queue retries it). */
  onFailed?: (jobId: string | undefined, err: Error) => void;
  /** The worker itself met an error, such as Redis being unreachable. */
  onError?: (err: Error) => void;
}): Worker<JobData> {
  const worker = new Worker<JobData>(QUEUE_NAME, (job, token) => runJob(job, token, opts.run), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 50,
    autorun: !opts.held,
  });
  worker.on('failed', (job, err) => opts.onFailed?.(job?.id, err));
  worker.on('error', (err) => (opts.onError ? opts.onError(err) : opts.onFailed?.(undefined, err)));
  return worker;
}

/**
 * Runs a job; one whose first send has to wait for a platform's limit (`PaceLater`) goes back to the
 * delayed set until just before its booked slot (`EARLY_MS`), the booking riding in its data, instead
 * of sleeping in a worker slot; one the runner hands back goes back to waiting.
 * Neither is an attempt: BullMQ counts a `DelayedError` or `WaitingError` neither as failed nor as done.
 */
async function runJob(job: Job<JobData>, token: string | undefined, run: (jobId: string, name: string) => Promise<unknown>): Promise<unknown> {
  let outcome: unknown;
  try {
    outcome = await runPaced(job.data.paced, () => run(job.data.id, job.name));
  } catch (err) {
    if (!(err instanceof PaceLater) || token === undefined) throw err;
    await job.updateData({ ...job.data, paced: err.booking });
    await job.moveToDelayed(Math.max(Date.now(), err.booking.at - EARLY_MS), token);
    throw new DelayedError();
  }
  if (outcome !== 'handed-back' || token === undefined) return outcome;
  await job.moveToWait(token);
  throw new WaitingError();
}
