/**
 * How a job waits for a platform's limit without holding a worker slot: the messenger books its send
 * (`RedisPacer.reserve`), and when the slot is further off than {@link INLINE_WAIT_MS} and the job has
 * sent nothing yet, it throws {@link PaceLater}; the worker moves the job to BullMQ's delayed set until
 * the slot (keeping the booking in the job's data) and takes another tenant's job meanwhile.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** Waits shorter than this are slept in place: a delayed job comes back tens of ms late anyway. */
export const INLINE_WAIT_MS = 100;

/** Thrown by a paced send that has to wait: run the job again at `slotMs` (its send is booked there). */
export class PaceLater extends Error {
  constructor(readonly slotMs: number) {
    super(`paced: the platform's limit allows this send at ${new Date(slotMs).toISOString()}`);
    this.name = 'PaceLater';
  }
}

/** The job being run, as pacing sees it. */
export interface PacedJob {
  /** A slot booked by an earlier run of this job, used by its first send. */
  booked: number | undefined;
  /** Sends made so far in this run: after the first, deferring would send those again. */
  sends: number;
}

const current = new AsyncLocalStorage<PacedJob>();

/** Runs a job's work where paced sends can see it (see {@link pacedJob}). */
export function runPaced<T>(booked: number | undefined, work: () => Promise<T>): Promise<T> {
  return current.run({ booked, sends: 0 }, work);
}

/** The job the caller runs in, if any (a reply to a command runs in none, and waits in place). */
export function pacedJob(): PacedJob | undefined {
  return current.getStore();
}
