/**
 * How a job waits for a platform's limit without holding a worker slot: the messenger books its send
 * (`RedisPacer.reserve`), and when the slot is further off than {@link INLINE_WAIT_MS} and the job has
 * sent nothing yet, it throws {@link PaceLater}; the worker moves the job to BullMQ's delayed set until
 * the slot (keeping the booking in the job's data) and takes another tenant's job meanwhile.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Waits up to this are slept in place; longer ones give the worker slot up. Small on purpose: with
 * every slot sleeping a little, a queue of one tenant's jobs would be worked through in order and
 * the other tenants' jobs behind it would wait, while the pacer's bookings never grew long enough to
 * defer anything.
 */
export const INLINE_WAIT_MS = 20;

/**
 * A deferred job is put back this much before its slot and sleeps the rest in its worker slot:
 * BullMQ hands a delayed job out tens of ms late, and a send that comes late bunches up with the
 * ones booked after it.
 */
export const EARLY_MS = 100;

/** A job's first send, booked at `at` (epoch ms) in the buckets `keys`. */
export interface Booking {
  readonly at: number;
  readonly keys: readonly string[];
}

/** Thrown by a paced send that has to wait: run the job again at the booking's time. */
export class PaceLater extends Error {
  constructor(readonly booking: Booking) {
    super(`paced: the platform's limit allows this send at ${new Date(booking.at).toISOString()}`);
    this.name = 'PaceLater';
  }
}

/** The job being run, as pacing sees it. */
export interface PacedJob {
  /** What an earlier run of this job booked for its first send. */
  booked: Booking | undefined;
  /** Sends made so far in this run: after the first, deferring would send those again. */
  sends: number;
}

const current = new AsyncLocalStorage<PacedJob>();

/** Runs a job's work where paced sends can see it (see {@link pacedJob}). */
export function runPaced<T>(booked: Booking | undefined, work: () => Promise<T>): Promise<T> {
  return current.run({ booked, sends: 0 }, work);
}

/** The job the caller runs in, if any (a reply to a command runs in none, and waits in place). */
export function pacedJob(): PacedJob | undefined {
  return current.getStore();
}
