import type { Redis } from 'ioredis';

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|Stream isn't writeable/;

/** Whether `err` says Redis could not be reached (rather than that a command or a job went wrong). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  return CONNECTION_ERROR.test(`${String(e?.code ?? '')} ${String(e?.message ?? err)}`);
}

/**
 * Follows the queue's Redis connections by their own events. An outage is reported once, when the
 * first connection fails (ioredis keeps reconnecting and would otherwise report every attempt).
 * `up` is called whenever every connection is ready after not all were: at the first connect too,
 * with `afterOutage` false.
 */
export class RedisHealth {
  /** Not every connection is ready (as at the start). */
  private down = true;
  private reported = false;
  private stopped = false;
  private known: (() => void) | undefined;
  private readonly first = new Promise<void>((resolve) => (this.known = resolve));

  constructor(
    private readonly connections: readonly Redis[],
    private readonly on: { down(err: unknown): void; up(afterOutage: boolean): void },
  ) {
    for (const c of connections) {
      c.on('ready', () => this.ready());
      c.on('close', () => this.lost(new Error('Connection is closed.')));
      // Listening also keeps ioredis from printing an "Unhandled error event" per reconnect attempt.
      c.on('error', (err: unknown) => isConnectionError(err) && this.lost(err));
    }
  }

  /** Every connection is ready now. */
  get up(): boolean {
    return this.connections.every((c) => c.status === 'ready');
  }

  /** Redis answers: no outage reported since every connection was last ready, and every one is. */
  get healthy(): boolean {
    return !this.down && this.up;
  }

  /** Reports an error the queue or worker met: one that says Redis is unreachable counts as an outage. */
  lost(err: unknown): void {
    // Every connection answers: the error is a late one from before they reconnected.
    if (this.up) return;
    this.down = true;
    if (this.reported || this.stopped) return;
    this.reported = true;
    this.known?.();
    this.on.down(err);
  }

  /**
   * Resolves once Redis answered or an outage was reported, or after `ms`: so start-up neither
   * refuses the first commands while the connections are still opening nor waits on a dead Redis.
   */
  settled(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
    return Promise.race([this.first, late]).finally(() => clearTimeout(timer));
  }

  /** No more reports: the connections are being closed on purpose. */
  stop(): void {
    this.stopped = true;
  }

  private ready(): void {
    if (!this.down || this.stopped || !this.up) return;
    const afterOutage = this.reported;
    this.down = this.reported = false;
    this.known?.();
    this.on.up(afterOutage);
  }
}
