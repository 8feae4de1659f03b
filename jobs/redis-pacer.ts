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
// arrival time (TAT, epoch ms). When every bucket has room now, the send is booked in all of them.
// Otherwise only the buckets that set the slot (the fullest) book it there, in their time order; the
// others are asked again when the send comes back at its slot, so a send waiting on one channel does
// not hold its workspace's room meanwhile. Redis's own clock is the one clock all processes share.
const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local slot = now
local tats = {}
local allows = {}
for i = 1, #KEYS do
  local interval = tonumber(ARGV[i * 3 - 2])
  local burst = tonumber(ARGV[i * 3 - 1])
  local cost = tonumber(ARGV[i * 3])
  local tat = tonumber(redis.call('GET', KEYS[i]) or now)
  if tat < now then tat = now end
  tats[i] = tat
  allows[i] = tat + cost * interval - burst * interval
  if allows[i] > slot then slot = allows[i] end
end
local booked = {}
for i = 1, #KEYS do
  if slot == now or allows[i] == slot then
    local tat = tats[i] + tonumber(ARGV[i * 3]) * tonumber(ARGV[i * 3 - 2])
    redis.call('SET', KEYS[i], tat, 'PX', math.max(1, math.ceil(tat - now) + 1000))
    booked[#booked + 1] = i
  end
end
return {slot, now, booked}
`;

/** When a send may go (`waitMs` from now), and the buckets that booked it (all of them when at once). */
export interface Reservation {
  /** The slot on Redis's clock (epoch ms). */
  readonly slotMs: number;
  readonly waitMs: number;
  readonly booked: readonly string[];
}

/** Books sends into the buckets' time slots (see {@link RESERVE}). */
export class RedisPacer {
  private sha: string | undefined;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Finds the first slot every bucket allows and books it (see {@link RESERVE}): at once (`waitMs` 0)
   * in all buckets, else in the fullest ones only, which then hold the slot for this send; the caller
   * asks the other buckets again at the slot, leaving out those that `booked` it.
   */
  async reserve(buckets: readonly Bucket[]): Promise<Reservation> {
    if (buckets.length === 0) return { slotMs: Date.now(), waitMs: 0, booked: [] };
    const keys = buckets.map((b) => `${this.prefix}:pace:${b.key}`);
    const args = buckets.flatMap((b) => [String(b.intervalMs), String(b.burst), String(b.cost ?? 1)]);
    const [slot, now, booked] = (await this.eval(keys, args)) as [number, number, number[]];
    return { slotMs: slot, waitMs: Math.max(0, slot - now), booked: booked.map((i) => buckets[i - 1]!.key) };
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
