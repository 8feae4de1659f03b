/**
 * The rate limits the fake Slack and fake Discord enforce when asked (`enforceRateLimits`), as their
 * documentation publishes them, with a GCRA per bucket (a bucket of `burst` requests refilled one per
 * `intervalMs`), which is how both platforms describe their limits: a steady rate with short bursts.
 *
 * Slack (https://docs.slack.dev/apis/web-api/rate-limits): per method, per app, per workspace. Tier 1
 * 1+/min, Tier 2 20+/min, Tier 3 50+/min, Tier 4 100+/min, bursts tolerated; chat.postMessage is
 * "1 per second per channel, short bursts >1 allowed", under a workspace-wide limit it does not publish
 * (taken as 300/min, burst 20). Over a limit: HTTP 429, `Retry-After` in whole seconds,
 * `{"ok":false,"error":"ratelimited"}`. Method tiers from each method's reference page.
 *
 * Discord (https://docs.discord.com/developers/topics/rate-limits): 50 requests/s per bot, interaction
 * endpoints exempt; per-route buckets keyed by the top-level resource (channel), reported in
 * `X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket`; over a limit: 429, `Retry-After`,
 * `X-RateLimit-Scope` (`user` or `global`), `X-RateLimit-Global` on the global limit, and a body
 * `{ message, retry_after, global }`. Message create and edit: 5 per 5 s per channel (the headers
 * Discord sends for that route).
 */

/** A bucket: `burst` requests at once, refilled one per `intervalMs`. */
export interface FakeRate {
  readonly intervalMs: number;
  readonly burst: number;
}

const perMinute = (n: number, burst: number): FakeRate => ({ intervalMs: 60_000 / n, burst });

export const SLACK_TIERS = { 1: perMinute(1, 1), 2: perMinute(20, 3), 3: perMinute(50, 9), 4: perMinute(100, 17) } as const;

/** Slack's published limits (see the module comment). */
export const SLACK_RATES = {
  /** chat.postMessage into one channel. */
  channelPost: { intervalMs: 1_000, burst: 4 },
  /** chat.postMessage in one workspace. */
  workspacePost: perMinute(300, 20),
  /** The tier of each method Neuvo calls (chat.postMessage is special: see above). */
  methodTiers: {
    'conversations.open': 3,
    'conversations.info': 3,
    'chat.update': 3,
    'chat.delete': 3,
    'chat.postEphemeral': 4,
    'conversations.members': 4,
    'users.info': 4,
    'views.open': 4,
    'views.update': 4,
    'views.push': 4,
    'views.publish': 4,
    'files.getUploadURLExternal': 4,
    'files.completeUploadExternal': 4,
  } as Record<string, keyof typeof SLACK_TIERS>,
} as const;

/** Discord's published limits (see the module comment). */
export const DISCORD_RATES = {
  global: { intervalMs: 20, burst: 50 },
  channelMessages: { intervalMs: 1_000, burst: 5 },
} as const;

/** What a request did to its buckets. */
export type Take =
  | { readonly ok: true; readonly remaining: number; readonly resetAfterMs: number }
  | { readonly ok: false; readonly retryAfterMs: number; readonly key: string };

/** GCRA buckets by key; `timeScale` divides every interval (a faster platform for benchmarks). */
export class FakeLimiter {
  private readonly tats = new Map<string, number>();

  constructor(readonly timeScale = 1) {}

  /** Takes one request from every bucket, or from none when one is empty (then says which and how long). */
  take(buckets: readonly { key: string; rate: FakeRate }[], now = Date.now()): Take {
    let last: Take = { ok: true, remaining: Number.POSITIVE_INFINITY, resetAfterMs: 0 };
    const next: [string, number][] = [];
    for (const { key, rate } of buckets) {
      const t = rate.intervalMs / this.timeScale;
      const tat = Math.max(this.tats.get(key) ?? now, now);
      const allowAt = tat + t - rate.burst * t;
      if (now < allowAt) return { ok: false, retryAfterMs: allowAt - now, key };
      const newTat = tat + t;
      next.push([key, newTat]);
      last = { ok: true, remaining: Math.max(0, Math.floor((now - (newTat - rate.burst * t)) / t)), resetAfterMs: newTat - now };
    }
    for (const [key, tat] of next) this.tats.set(key, tat);
    return last;
  }
}
