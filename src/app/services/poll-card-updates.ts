import type { CardUpdates } from '../ports.js';

/**
 * The default gap between two updates of one card. Slack allows chat.update at Tier 3 (about 50 a
 * minute per workspace) and Discord edits a channel's messages from a small per-route bucket (about
 * 5 per 5 s); one update per card per 3 s is 20 a minute, which leaves room for a second busy card
 * and the election cards. The platform clients back off on a 429 for anything beyond.
 */
export const CARD_UPDATE_INTERVAL_MS = 3_000;

interface CardState {
  run: () => Promise<void>;
  /** A refresh was asked for and has not started yet. */
  dirty: boolean;
  /** Skip the wait (a phase change: the card must show it now). */
  urgent: boolean;
  inFlight: boolean;
  lastStart: number;
  timer: ReturnType<typeof setTimeout> | undefined;
  /** Callers of `now` waiting for the next run to finish. */
  waiters: (() => void)[];
}

/**
 * An in-process throttle for card updates: the first request updates at once (leading), requests
 * within the interval are folded into one update at its end (trailing, always made, so the card
 * ends on the exact totals), and a card never has two updates in flight, so an older render cannot
 * land after a newer one. Each `run` re-reads the state, so folding requests loses nothing.
 *
 * Why in process and not on the queue: a vote must not wait for Redis to coalesce a cosmetic
 * update, and a lost trailing update (the process stopping) is repaired by the next vote or phase
 * change. With several processes each throttles its own share of the updates.
 */
export class ThrottledCardUpdates implements CardUpdates {
  private readonly cards = new Map<string, CardState>();

  constructor(
    private readonly intervalMs = CARD_UPDATE_INTERVAL_MS,
    private readonly onError: (err: unknown, key: string) => void = () => {},
    private readonly nowMs: () => number = () => Date.now(),
  ) {}

  request(key: string, run: () => Promise<void>): void {
    const s = this.state(key, run);
    s.dirty = true;
    this.pump(key, s);
  }

  now(key: string, run: () => Promise<void>): Promise<void> {
    const s = this.state(key, run);
    s.dirty = true;
    s.urgent = true;
    return new Promise((resolve) => {
      s.waiters.push(resolve);
      this.pump(key, s);
    });
  }

  /** Cards with an update pending or in flight (for tests and shutdown). */
  get busy(): number {
    return [...this.cards.values()].filter((s) => s.dirty || s.inFlight).length;
  }

  private state(key: string, run: () => Promise<void>): CardState {
    let s = this.cards.get(key);
    if (!s) {
      s = { run, dirty: false, urgent: false, inFlight: false, lastStart: -Infinity, timer: undefined, waiters: [] };
      this.cards.set(key, s);
    }
    // The newest closure: any of them re-reads the state, the newest may know more (a new card ref).
    s.run = run;
    return s;
  }

  private pump(key: string, s: CardState): void {
    if (s.inFlight) return; // the run in flight pumps again when it ends
    if (!s.dirty) {
      // Idle: forget the card once a new request would run at once anyway.
      if (!s.timer) s.timer = this.later(() => this.forget(key, s), Math.max(0, s.lastStart + this.intervalMs - this.nowMs()));
      return;
    }
    const wait = s.urgent ? 0 : s.lastStart + this.intervalMs - this.nowMs();
    if (wait > 0) {
      // A fired timer is forgotten before pumping: a timer may fire a little before the clock says
      // the wait is over, and the pump must then be able to arm the next one.
      if (!s.timer)
        s.timer = this.later(() => {
          s.timer = undefined;
          this.pump(key, s);
        }, wait);
      return;
    }
    if (s.timer) clearTimeout(s.timer);
    s.timer = undefined;
    s.dirty = false;
    s.urgent = false;
    s.inFlight = true;
    s.lastStart = this.nowMs();
    const waiters = s.waiters.splice(0);
    void s
      .run()
      .catch((err: unknown) => this.onError(err, key))
      .finally(() => {
        s.inFlight = false;
        waiters.forEach((w) => w());
        this.pump(key, s);
      });
  }

  private forget(key: string, s: CardState): void {
    s.timer = undefined;
    if (s.dirty || s.inFlight) return this.pump(key, s);
    if (this.cards.get(key) === s) this.cards.delete(key);
  }

  private later(fn: () => void, ms: number): ReturnType<typeof setTimeout> {
    const t = setTimeout(() => {
      fn();
    }, ms);
    // A pending cosmetic update must not keep the process alive at shutdown.
    (t as { unref?: () => void }).unref?.();
    return t;
  }
}
