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
    const job = pacedJob();
    if (buckets.length === 0) return send();
    if (job && job.sends === 0 && job.booked !== undefined) {
      // This run was deferred to a slot booked for this very send: it is ours, book nothing again.
      const wait = job.booked - Date.now();
      job.booked = undefined;
      if (wait > 0) await sleep(wait);
    } else {
      // Redis away: send unpaced rather than not at all; the platform clients wait out a 429 themselves.
      const { waitMs } = await this.pacer.reserve(buckets).catch((err: unknown) => {
        this.onPacerError(err);
        return { waitMs: 0 };
      });
      if (waitMs > INLINE_WAIT_MS && job && job.sends === 0) throw new PaceLater(Date.now() + waitMs);
      if (waitMs > 0) await sleep(waitMs);
    }
    if (job) job.sends += 1;
    return send();
  }
}
