import type { Redis } from 'ioredis';

const CONNECTION_ERROR = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|Connection is closed|Stream isn't writeable/;

/** Whether `err` says Redis could not be reached (rather than that a command or a job went wrong). */
export function isConnectionError(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null | undefined;
  return CONNECTION_ERROR.test(`${String(e?.code ?? '')} ${String(e?.message ?? err)}`);
}

/**
 * Follows the queue's Redis connections by their own events. An outage is reported once, when the
 * first connection fails (ioredis keeps reconnecting and would otherwise report every attempt), and
 * its end once, when every connection is ready again.
 */
export class RedisHealth {
  private down = false;
  private stopped = false;

  constructor(
    private readonly connections: readonly Redis[],
    private readonly on: { down(err: unknown): void; up(): void },
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

  /** Whether an outage is going on (reported and not yet over). */
  get inOutage(): boolean {
    return this.down;
  }

  /** Reports an error the queue or worker met: one that says Redis is unreachable counts as an outage. */
  lost(err: unknown): void {
    if (this.down || this.stopped) return;
    this.down = true;
    this.on.down(err);
  }

  /** No more reports: the connections are being closed on purpose. */
  stop(): void {
    this.stopped = true;
  }

  private ready(): void {
    if (!this.down || this.stopped || !this.up) return;
    this.down = false;
    this.on.up();
  }
}
