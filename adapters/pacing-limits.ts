/**
 * The limits Slack and Discord publish, as pacing buckets (`jobs/redis-pacer.ts`) per send.
 *
 * Slack (docs.slack.dev/apis/web-api/rate-limits): limits are per method, per app, per workspace;
 * Tier 3 is 50+ a minute, Tier 4 100+; chat.postMessage allows about 1 message a second per channel
 * ("short bursts >1 allowed") under a workspace-wide limit Slack does not publish, taken here as 300 a
 * minute. Slack tolerates bursts without saying how large: taken as about ten seconds' worth of a
 * tier's rate (4 s for the workspace-wide post limit), as the fake Slack of the tests does. Discord (docs.discord.com/developers/topics/rate-limits): 50 requests a second per bot
 * (interaction callbacks exempt) and per-route buckets keyed by the top-level resource; posting into a
 * channel is 5 per 5 s per channel (what the `X-RateLimit-*` headers report for that route).
 *
 * Pacing keeps just below them. Rates are at {@link HEADROOM} of the platform's, so a retry the
 * platform clients make by themselves after a 429 (unbooked) finds room instead of taking the next
 * send's turn and making it fail in turn. Bursts are the platform's less what sends booked in order
 * but reaching the platform out of order need ({@link ARRIVAL_SPREAD_MS}): a send comes back from the
 * queue's delayed set or out of a busy event loop up to that much later than the one booked after
 * it. Less is not kept: a smaller burst costs every small network its time (13 DMs in a workspace
 * whose Tier 3 burst is 9 take 4 intervals at the platform's limit, 8 with a burst of 5).
 * `timeScale` shortens every interval (a benchmark's faster fakes).
 */
import type { MessageRef, PersonRef, Space } from '../src/app/ports.js';
import type { Bucket } from '../jobs/redis-pacer.js';

/** The share of a published rate that pacing uses. */
export const HEADROOM = 0.95;

/**
 * How much later than the send booked after it a send may reach the platform: each burst keeps this
 * much of its bucket's time free (and at least {@link BURST_MARGIN} of a request).
 */
export const ARRIVAL_SPREAD_MS = 250;

/** The least part of a request each burst keeps free. */
export const BURST_MARGIN = 0.25;

/** A rate and the burst the platform tolerates. */
export interface Rate {
  readonly intervalMs: number;
  readonly burst: number;
}

const perMinute = (n: number, burst: number): Rate => ({ intervalMs: 60_000 / n, burst });

/** The published limits (see the module comment). */
export const PLATFORM_RATES = {
  slack: {
    /** chat.postMessage into one channel. */
    channelPost: { intervalMs: 1_000, burst: 4 },
    /** chat.postMessage in one workspace, all channels. */
    workspacePost: perMinute(300, 20),
    /** conversations.open, chat.update: Tier 3. */
    tier3: perMinute(50, 9),
  },
  discord: {
    /** Every request of the bot. */
    global: { intervalMs: 20, burst: 50 },
    /** POST or PATCH of messages in one channel. */
    channelMessages: { intervalMs: 1_000, burst: 5 },
  },
} as const;

/** The buckets a send takes, by kind of send. */
export interface PacingLimits {
  post(space: Space): Bucket[];
  update(ref: MessageRef): Bucket[];
  direct(person: PersonRef): Bucket[];
}

/** Pacing by {@link PLATFORM_RATES}; console sends are not paced. */
export function platformLimits(timeScale = 1): PacingLimits {
  const b = (key: string, rate: Rate, cost?: number): Bucket => {
    const intervalMs = rate.intervalMs / HEADROOM / timeScale;
    const burst = Math.max(1, rate.burst - Math.max(BURST_MARGIN, ARRIVAL_SPREAD_MS / intervalMs));
    return { key, intervalMs, burst, ...(cost ? { cost } : {}) };
  };
  const s = PLATFORM_RATES.slack;
  const d = PLATFORM_RATES.discord;
  return {
    post: (space) =>
      space.platform === 'slack'
        ? [b(`s:${space.workspaceId}:post`, s.workspacePost), b(`s:${space.workspaceId}:c:${space.channelId}`, s.channelPost)]
        : space.platform === 'discord'
          ? [b('d:global', d.global), b(`d:c:${space.channelId}:post`, d.channelMessages)]
          : [],
    update: ({ space }) =>
      space.platform === 'slack'
        ? [b(`s:${space.workspaceId}:chat.update`, s.tier3)]
        : space.platform === 'discord'
          ? [b('d:global', d.global), b(`d:c:${space.channelId}:edit`, d.channelMessages)]
          : [],
    // A DM opens (or finds) the conversation first: conversations.open on Slack, POST /users/@me/channels on
    // Discord (counted, though a known DM channel skips it); the new DM channel's own bucket is empty.
    direct: (person) =>
      person.platform === 'slack'
        ? [b(`s:${person.workspaceId}:conversations.open`, s.tier3), b(`s:${person.workspaceId}:post`, s.workspacePost)]
        : person.platform === 'discord'
          ? [b('d:global', d.global, 2)]
          : [],
  };
}
