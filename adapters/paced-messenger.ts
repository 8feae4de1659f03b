import { setTimeout as sleep } from 'node:timers/promises';
import type { MessageRef, Messenger, PersonRef, Space } from '../src/app/ports.js';
import type { View } from '../src/views/view.js';
import { INLINE_WAIT_MS, PaceLater, pacedJob } from '../jobs/pacing.js';
import type { Bucket, RedisPacer } from '../jobs/redis-pacer.js';
import type { PacingLimits } from './pacing-limits.js';

/**
 * Keeps sends within the platforms' limits (`pacing-limits.ts`) across every process: each send books
 * its slot in Redis first (`RedisPacer`). A job's first send whose slot is further off than
 * `INLINE_WAIT_MS` defers the whole job to that slot (`PaceLater`; the worker delays it), so the worker
 * slot serves another tenant meanwhile. Later sends of a job, and sends outside jobs, wait in place:
 * deferring the job then would send again what it already sent.
 */
export class PacedMessenger implements Messenger {
  constructor(
    private readonly inner: Messenger,
    private readonly pacer: Pick<RedisPacer, 'reserve'>,
    private readonly limits: PacingLimits,
    private readonly onPacerError: (err: unknown) => void = () => {},
  ) {}

  post(space: Space, view: View): Promise<MessageRef> {
    return this.paced(this.limits.post(space), () => this.inner.post(space, view));
  }

  update(ref: MessageRef, view: View): Promise<void> {
    return this.paced(this.limits.update(ref), () => this.inner.update(ref, view));
  }

  direct(person: PersonRef, view: View): Promise<void> {
    return this.paced(this.limits.direct(person), () => this.inner.direct(person, view));
  }

  private async paced<T>(buckets: Bucket[], send: () => Promise<T>): Promise<T> {
    if (buckets.length === 0) return send();
    const job = pacedJob();
    let ask = buckets;
    let held: readonly string[] = [];
    if (job && job.sends === 0 && job.booked) {
      // This run was deferred to a slot its first send booked in the fullest buckets: those are ours;
      // the others are asked now.
      const { at, keys } = job.booked;
      job.booked = undefined;
      if (at > Date.now()) await sleep(at - Date.now());
      // Even when it comes back late: asking again would send it to the back of the line and waste
      // its booking, and when the workers are that busy the platform's burst and a client retry take it.
      held = keys;
      ask = buckets.filter((b) => !held.includes(b.key));
    }
    for (;;) {
      // Redis away: send unpaced rather than not at all; the platform clients wait out a 429 themselves.
      const { waitMs, booked } = ask.length === 0 ? { waitMs: 0, booked: [] } : await this.pacer.reserve(ask).catch((err: unknown) => {
        this.onPacerError(err);
        return { waitMs: 0, booked: [] as string[] };
      });
      if (waitMs === 0) break;
      // What was held for an earlier slot is given up (spent, unused): at the new slot all is asked again.
      if (waitMs > INLINE_WAIT_MS && job && job.sends === 0) throw new PaceLater({ at: Date.now() + waitMs, keys: booked });
      await sleep(waitMs);
      held = [...held, ...booked];
      ask = ask.filter((b) => !booked.includes(b.key));
    }
    if (job) job.sends += 1;
    return send();
  }
}
