/** Messages between the benchmark's main thread and the "Slack side" thread (FakeSlack + load). */

/** Signed `/neuvo` slash commands from many people at once. */
export interface LoadSpec {
  /** Bolt's endpoint, e.g. `http://127.0.0.1:P/slack/events`. */
  readonly url: string;
  readonly signingSecret: string;
  readonly teamId: string;
  readonly channelId: string;
  /** One concurrent sender per user id; each sends its next command once the previous one was answered. */
  readonly users: readonly string[];
  /** Command texts (after `/neuvo`), used in turn by each sender. */
  readonly texts: readonly string[];
  /** Each sender stops starting commands after this long… */
  readonly durationMs?: number;
  /** …or after this many commands. */
  readonly perUser?: number;
  /** Where the commands' response_urls point (the fake's `/response/` base), or any URL. */
  readonly responseUrlBase: string;
  /** Trigger ids are `<prefix>.<sender>.<n>`: unique per run, so the core's idempotency keys are too. */
  readonly triggerPrefix: string;
}

export interface LoadResult {
  /** Trigger ids of the commands answered 200 (acknowledged). */
  readonly acked: string[];
  /** Trigger ids of commands that failed (non-200 or a network error). */
  readonly failed: string[];
  /** Ack latency of each acknowledged command, ms. */
  readonly latenciesMs: number[];
  readonly statuses: Record<string, number>;
  /** Epoch ms of the first request and of the last answer. */
  readonly startedAt: number;
  readonly endedAt: number;
}

/** What the fake saw (since its last clear). */
export interface FakeStats {
  readonly calls: Record<string, number>;
  readonly responses: number;
  /** response_url messages by text (digits as #). */
  readonly replyKinds?: Record<string, number>;
  /** chat.postMessage: receive times (epoch ms) and how many distinct texts. */
  readonly postAts?: number[];
  readonly distinctPostTexts?: number;
}

export type Request =
  | { readonly kind: 'startFake'; readonly teamId: string }
  | { readonly kind: 'load'; readonly spec: LoadSpec }
  | { readonly kind: 'stats'; readonly detail: boolean }
  | { readonly kind: 'clear' }
  | { readonly kind: 'close' };

export type Answer =
  | { readonly kind: 'startFake'; readonly apiUrl: string; readonly responseUrlBase: string }
  | { readonly kind: 'load'; readonly result: LoadResult }
  | { readonly kind: 'stats'; readonly stats: FakeStats }
  | { readonly kind: 'clear' }
  | { readonly kind: 'close' };

export interface Envelope<T> {
  readonly id: number;
  readonly body?: T;
  readonly error?: string;
}
