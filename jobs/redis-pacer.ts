/**
 * Per-tenant pacing on Redis: a GCRA (generic cell rate algorithm) bucket per limit a platform
 * enforces (a Slack workspace's method, a channel, Discord's global limit), shared by every process
 * through Redis. BullMQ's own limiter (`limiter`, `worker.rateLimit`) holds the whole queue, so one
 * workspace's limit would stop every other tenant's jobs; these buckets stop only the sends that
 * would break their own limit.
 */
import type { Redis } from 'ioredis';

/** One limit: `cost` units of a bucket that refills one unit per `intervalMs` and holds `burst`. */
export interface Bucket {
  readonly key: string;
  readonly intervalMs: number;
  readonly burst: number;
  readonly cost?: number;
}

// KEYS: the buckets' keys; ARGV: interval, burst, cost per key. Each key holds its theoretical
// arrival time (TAT, epoch ms). The slot is the first instant every bucket allows the send; the send
// is booked there in all of them at once, so a slot once handed out is never handed out again.
// Redis's own clock is the one clock all processes share.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local slot = now
local tats = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[i * 3 - 2])
  local burst = tonumber(ARGV[i * 3 - 1])
  local cost = tonumber(ARGV[i * 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  tats[i] = tat
  local allow = tat + cost * interval - burst * interval
  if allow > slot then slot = allow end
end
for i = 1, #KEYS do
  local interval = tonumber(ARGV[i * 3 - 2])
  local cost = tonumber(ARGV[i * 3])
  local tat = tats[i]
  if tat < slot then tat = slot end
  tat = tat + cost * interval
  redis.call('SET', KEYS[i], tat, 'PX', math.max(1, tat - now + 1000))
end
return {slot, now}
`;

/** When a booked send may go: `slotMs` on Redis's clock, `waitMs` from now. */
export interface Reservation {
  readonly slotMs: number;
  readonly waitMs: number;
}

/** Books sends into the buckets' time slots (see {@link RESERVE}). */
export class RedisPacer {
  private sha: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Books a send in every bucket at the first slot all allow, and says when that is. A wait of 0 means
   * at once. The booking stands whether or not the caller sends, so callers send at the slot.
   */
  async reserve(buckets: readonly Bucket[]): Promise<Reservation> {
    if (buckets.length === 0) return { slotMs: Date.now(), waitMs: 0 };
    const keys = buckets.map((b) => `${this.prefix}:pace:${b.key}`);
    const args = buckets.flatMap((b) => [String(b.intervalMs), String(b.burst), String(b.cost ?? 1)]);
    const [slot, now] = (await this.eval(keys, args)) as [number, number];
    return { slotMs: slot, waitMs: Math.max(0, slot - now) };
  }

  private async eval(keys: string[], args: string[]): Promise<unknown> {
    if (this.sha) {
      try {
        return await this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
      } catch (err) {
        if (!String(err).includes('NOSCRIPT')) throw err;
      }
    }
    this.sha = (await this.redis.script('LOAD', RESERVE)) as string;
    return this.redis.evalsha(this.sha, keys.length, ...keys, ...args);
  }
}
