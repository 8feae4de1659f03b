/**
 * Refuses replayed Slack requests. Bolt checks the signature and refuses timestamps older than five
 * minutes ({@link futureGuard} refuses those more than five minutes ahead), but a correctly signed
 * request copied off the wire verifies again for as long as its timestamp is in that window. So the
 * first time a (timestamp, signature) pair is seen it is remembered in Redis, shared by every bot
 * process behind the same URL (`SET key 1 NX PX …`), and a second delivery is refused with 401.
 *
 * Slack's own retries are different: Slack sets `X-Slack-Retry-Num` and is waiting for a 200, and the
 * delivery it retries has already reached us (or it is a retry of one that never did). A retry is
 * recognised by the delivery's identity, which stays the same across retries (`event_id` for Events
 * API callbacks, otherwise the `trigger_id` of the command or click): when that delivery was seen it is
 * acknowledged with 200 and not run again; when it was not (the first attempt never arrived) it runs.
 * Requests without the header are never dropped by identity: a new signature can only come from Slack,
 * and the core's own idempotency (votes keyed by the request id) decides what a repeat means.
 */
import type { IncomingMessage } from 'node:http';
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import { Redis } from 'ioredis';

/**
 * How far ahead of our clock a request's timestamp may be. Bolt refuses only old timestamps; without
 * this limit a request stamped hours ahead would verify for hours, long after its seen key expired.
 */
export const FUTURE_SKEW_MS = 5 * 60_000;
/**
 * How long a seen request is remembered: Bolt accepts a timestamp up to five minutes old
 * (verify-request.ts) and we accept one up to {@link FUTURE_SKEW_MS} ahead, so a signature verifies for
 * at most ten minutes after it is first seen; plus a minute of clock skew between Slack and us.
 */
export const REPLAY_WINDOW_MS = 5 * 60_000 + FUTURE_SKEW_MS + 60_000;
/** How long a Redis answer may take before the request goes on unguarded (Slack waits 3 s for the ack). */
const REDIS_TIMEOUT_MS = 1_000;

/** Where seen requests are remembered; {@link RedisSeenStore} in production. */
export interface SeenStore {
  /** Remembers `key` for `ttlMs`; true when it was not already there. */
  claim(key: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * Claims every key it is given: `SET key 1 PX ttl NX` each, answering 1 for a key it set and 0 for one
 * that was there. One script call instead of one command per key costs the bot less parsing and
 * garbage per request (about a tenth of a vote's, as two pipelined commands each).
 */
const CLAIM_ALL = `local out = {}
for i, key in ipairs(KEYS) do
  out[i] = redis.call('SET', key, '1', 'PX', ARGV[i], 'NX') and 1 or 0
end
return out`;

/**
 * Seen keys in Redis, so several bot processes share them. The claims of one event-loop turn (every
 * request that arrived together) go as one script call: one socket write and one timer per turn, not
 * per request (with auto-pipelining each request flushed on its own tick, about 7% of the vote path's
 * CPU in socket writes).
 */
export class RedisSeenStore implements SeenStore {
  private readonly redis: Redis & { neuvoClaimAll(keys: number, ...keysThenTtls: (string | number)[]): Promise<number[]> };
  private waiting: { key: string; ttlMs: number; resolve(first: boolean): void; reject(err: unknown): void }[] = [];
  constructor(
    url: string,
    private readonly prefix: string,
  ) {
    // Fails fast when Redis is away instead of queueing the check behind a reconnect.
    const redis = new Redis(url, { maxRetriesPerRequest: 1, connectTimeout: REDIS_TIMEOUT_MS });
    redis.on('error', () => {}); // reported per request by the guard
    // Sent as EVALSHA; ioredis sends the script itself when Redis does not know it (NOSCRIPT).
    redis.defineCommand('neuvoClaimAll', { lua: CLAIM_ALL });
    this.redis = redis as typeof this.redis;
  }
  claim(key: string, ttlMs: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ key, ttlMs, resolve, reject });
      if (this.waiting.length === 1) setImmediate(() => void this.flush());
    });
  }
  private async flush(): Promise<void> {
    const batch = this.waiting;
    this.waiting = [];
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`redis did not answer within ${REDIS_TIMEOUT_MS} ms`)), REDIS_TIMEOUT_MS);
    });
    try {
      const claimed = this.redis.neuvoClaimAll(batch.length, ...batch.map((c) => `${this.prefix}:slack-seen:${c.key}`), ...batch.map((c) => c.ttlMs));
      const results = await Promise.race([claimed, late]);
      if (!Array.isArray(results) || results.length !== batch.length) throw new Error('redis gave no answer for a claim');
      batch.forEach((c, i) => c.resolve(results[i] === 1));
    } catch (err) {
      for (const c of batch) c.reject(err);
    } finally {
      clearTimeout(timer);
    }
  }
  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/** The headers the guard needs, taken by the receiver's `customPropertiesExtractor`. */
export interface SignedRequest {
  readonly timestamp: string;
  readonly signature: string;
}
/** The context property the extractor fills; Bolt spreads custom properties into the context. */
export const SIGNED_REQUEST = 'neuvoSignedRequest';

/** For HTTPReceiver's `customPropertiesExtractor`: the request's signature headers. */
export function signedRequestOf(req: IncomingMessage): Record<string, SignedRequest> {
  const header = (name: string) => {
    const v = req.headers[name];
    return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
  };
  return { [SIGNED_REQUEST]: { timestamp: header('x-slack-request-timestamp'), signature: header('x-slack-signature') } };
}

/** A signed request the guards refuse; the receiver's error handler answers it with 401. */
export abstract class RefusedRequestError extends Error {
  // Bolt passes errors that have a `code` through unwrapped.
  abstract readonly code: string;
}

/** Thrown by the replay guard for a replay. */
export class ReplayedRequestError extends RefusedRequestError {
  readonly code = 'neuvo_slack_replayed_request';
  constructor() {
    super('a signed Slack request was delivered a second time (replay); refused');
  }
}

/** Thrown by the future guard for a timestamp more than {@link FUTURE_SKEW_MS} ahead. */
export class FutureRequestError extends RefusedRequestError {
  readonly code = 'neuvo_slack_future_request';
  constructor() {
    super('a signed Slack request is stamped more than five minutes ahead; refused');
  }
}

/**
 * A global Bolt middleware (before the replay guard, so such a request claims nothing): throws
 * {@link FutureRequestError} for a signed request stamped more than {@link FUTURE_SKEW_MS} ahead.
 */
export function futureGuard(nowMs: () => number = Date.now): Middleware<AnyMiddlewareArgs> {
  return async ({ context, next }) => {
    const signed = context[SIGNED_REQUEST] as SignedRequest | undefined;
    if (signed && Number(signed.timestamp) * 1000 > nowMs() + FUTURE_SKEW_MS) throw new FutureRequestError();
    return next();
  };
}

/** The delivery's identity, the same across Slack's retries of it. */
function deliveryId(body: Record<string, unknown>): string | undefined {
  const id = body.event_id ?? body.trigger_id;
  return typeof id === 'string' && id !== '' ? id : undefined;
}

export type Verdict = 'run' | 'retry-seen' | 'replay';

/** What to do with one signed request. Redis errors let the request run (logged by the caller). */
export async function judge(store: SeenStore, signed: SignedRequest, retryNum: number | undefined, body: Record<string, unknown>): Promise<Verdict> {
  const id = deliveryId(body);
  // Both claims at once (one round trip); every delivery records its identity, so a later retry of it
  // can be recognised.
  const [first, firstOfDelivery] = await Promise.all([
    store.claim(`sig:${signed.timestamp}:${signed.signature}`, REPLAY_WINDOW_MS),
    id === undefined ? true : store.claim(`delivery:${id}`, REPLAY_WINDOW_MS),
  ]);
  const isRetry = retryNum !== undefined && retryNum > 0;
  if (!first) return isRetry ? 'retry-seen' : 'replay';
  if (isRetry && !firstOfDelivery) return 'retry-seen';
  return 'run';
}

/**
 * A global Bolt middleware (registered before every listener): runs the request, acknowledges a
 * retry of a delivery already handled without running it, or throws {@link ReplayedRequestError}.
 * `onStoreError` hears of the first failure of the store after it last answered: once per outage.
 */
export function replayGuard(store: SeenStore, onStoreError: (err: unknown) => void): Middleware<AnyMiddlewareArgs> {
  let failing = false;
  return async (args) => {
    const { context, next, body } = args;
    const signed = context[SIGNED_REQUEST] as SignedRequest | undefined;
    if (!signed || !signed.signature) return next();
    let verdict: Verdict;
    try {
      verdict = await judge(store, signed, context.retryNum, body as unknown as Record<string, unknown>);
      failing = false;
    } catch (err) {
      // Redis away: Bolt's signature and five-minute checks still hold; availability wins over replay protection.
      if (!failing) onStoreError(err);
      failing = true;
      return next();
    }
    if (verdict === 'run') return next();
    if (verdict === 'retry-seen') {
      if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
      return;
    }
    throw new ReplayedRequestError();
  };
}
