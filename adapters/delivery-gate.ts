import { AsyncLocalStorage } from 'node:async_hooks';
import { DeliveryWithheld } from '../src/domain/errors.js';

/**
 * Decides, as the process stops, which jobs may still send. A job that has sent nothing yet is handed
 * back (its first send throws {@link DeliveryWithheld}, and the job repository gives its lease back),
 * so another worker runs it at once. A job that has sent something goes on to its end: sending it
 * again elsewhere could repeat what reached the platform. A send already on its way is never
 * withheld; whether it arrived is only known from its answer.
 */
export class DeliveryGate {
  private readonly jobs = new AsyncLocalStorage<{ sent: boolean }>();
  private withholding = false;

  /** Runs a job's work, its sends tracked as the job's. */
  readonly run = <T>(work: () => Promise<T>): Promise<T> => this.jobs.run({ sent: false }, work);

  /** From now on, a job's first send is withheld. */
  withhold(): void {
    this.withholding = true;
  }

  /** Called just before a send goes to a platform; throws when it is a job's first and the process is stopping. */
  pass(): void {
    const job = this.jobs.getStore();
    if (!job) return;
    if (this.withholding && !job.sent) throw new DeliveryWithheld();
    job.sent = true;
  }
}
