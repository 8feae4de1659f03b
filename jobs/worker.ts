import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { type JobData, QUEUE_NAME } from './bullmq-job-scheduler.js';

/** Runs queued jobs by id through `run` (the core's job runner). */
export function startWorker(opts: {
  connection: Redis;
  prefix: string;
  run: (jobId: string) => Promise<unknown>;
  concurrency?: number;
  onFailed?: (jobId: string | undefined, err: Error) => void;
}): Worker<JobData> {
  const worker = new Worker<JobData>(QUEUE_NAME, (job) => opts.run(job.data.id), {
    connection: opts.connection,
    prefix: opts.prefix,
    concurrency: opts.concurrency ?? 50,
  });
  worker.on('failed', (job, err) => opts.onFailed?.(job?.id, err));
  worker.on('error', (err) => opts.onFailed?.(undefined, err));
  return worker;
}
