import type { JobScheduler, ScheduledJobRepository } from '../src/app/ports.js';

/**
 * Re-adds every pending job from Postgres to the queue under its own id. BullMQ ignores ids it
 * already holds, so running this at start, periodically and when Redis is back restores a wiped
 * Redis and never duplicates a job. While the queue is unreachable it adds nothing and returns 0.
 */
export async function reconcile(jobs: ScheduledJobRepository, scheduler: JobScheduler): Promise<number> {
  if (!scheduler.available()) return 0;
  const pending = await jobs.pending();
  for (const job of pending) await scheduler.schedule(job);
  return pending.length;
}

/** Runs {@link reconcile} now and then every `everyMs`; returns a stop function. */
export function reconcileEvery(everyMs: number, run: () => Promise<unknown>, onError: (err: unknown) => void): () => void {
  const timer = setInterval(() => run().catch(onError), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
