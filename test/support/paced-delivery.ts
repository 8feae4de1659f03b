/**
 * The delivery path from the queue to the platforms, for the pacing test and the `fairDelivery`
 * benchmark: BullMQ queue and worker (`jobs/`), `PacedMessenger` on `RedisPacer`, the real
 * `SlackMessenger` (a WebClient per workspace) and `DiscordMessenger` (@discordjs/rest), against the
 * fakes in their rate-limit mode. A job is one send, found by id (no Postgres: what is measured is
 * pacing; the reminders benchmark and the fault tests cover the jobs' rows).
 */
import { webApi } from '@slack/bolt';
import { REST } from 'discord.js';
import type { Worker } from 'bullmq';
import { pino } from 'pino';
import { DiscordMessenger } from '../../adapters/discord/discord-messenger.js';
import { PacedMessenger } from '../../adapters/paced-messenger.js';
import { platformLimits } from '../../adapters/pacing-limits.js';
import { RoutingMessenger } from '../../adapters/routing-messenger.js';
import { SlackMessenger } from '../../adapters/slack/slack-messenger.js';
import { BullmqJobScheduler } from '../../jobs/bullmq-job-scheduler.js';
import { bullConnection } from '../../jobs/redis.js';
import { RedisPacer } from '../../jobs/redis-pacer.js';
import { startWorker } from '../../jobs/worker.js';
import type { View } from '../../src/views/view.js';
import type { FakeDiscord } from '../fakes/discord-api.js';
import type { FakeSlack } from '../fakes/slack-api.js';
import { deleteKeys, TEST_REDIS_URL } from './runtime.js';

/** One message to deliver: a DM to `target` (a user) or a post into `target` (a channel). */
export interface Send {
  readonly n: number;
  readonly platform: 'slack' | 'discord';
  /** The Slack workspace or Discord server. */
  readonly tenant: string;
  readonly kind: 'dm' | 'post';
  readonly target: string;
}

/** The text that identifies send `n` at the fake: letters and digits, which no renderer escapes. */
export const markerOf = (n: number): string => `dlv${n}x`;
const MARKER = /dlv(\d+)x/g;

export interface PacedDelivery {
  /** Queues every send, due at `dueAt`, in the order given. */
  enqueue(sends: readonly Send[], dueAt: Date): Promise<void>;
  /** Arrival times (epoch ms) of each send's marker at the fakes, all arrivals in order (so duplicates show). */
  arrivals(): { n: number; at: number }[];
  /** Calls the fakes answered, and those they refused with 429 (by kind of bucket). */
  calls(): { total: number; limited: number; limitedBy: Record<string, number> };
  close(): Promise<void>;
}

/** Starts a worker of `concurrency` that delivers through the pacing to the fakes; `timeScale` as theirs. */
export async function startPacedDelivery(opts: {
  prefix: string;
  slack: FakeSlack;
  discord?: FakeDiscord;
  timeScale: number;
  concurrency: number;
}): Promise<PacedDelivery> {
  const log = pino({ level: 'silent' });
  const queueConn = bullConnection(TEST_REDIS_URL);
  const workerConn = bullConnection(TEST_REDIS_URL);
  const scheduler = new BullmqJobScheduler(queueConn, opts.prefix);
  const clients = new Map<string, webApi.WebClient>();
  // A token per workspace: the fake keys its limits by token, as Slack does by installation.
  const clientFor = async (team: string) => {
    let c = clients.get(team);
    if (!c) clients.set(team, (c = new webApi.WebClient(`xoxb-${team}`, { slackApiUrl: opts.slack.apiUrl, logLevel: webApi.LogLevel.ERROR })));
    return c;
  };
  const routing = new RoutingMessenger();
  routing.register('slack', new SlackMessenger(clientFor, log));
  let rest: REST | undefined;
  if (opts.discord) {
    // @discordjs/rest keeps its own 50/s per process; scaled like the fake's.
    rest = new REST({ api: opts.discord.apiBase, globalRequestsPerSecond: 50 * opts.timeScale }).setToken('bench-bot-token');
    routing.register('discord', new DiscordMessenger(rest, log));
  }
  const paced = new PacedMessenger(routing, new RedisPacer(queueConn, opts.prefix), platformLimits(opts.timeScale));
  const sends = new Map<string, Send>();
  const deliver = async (id: string) => {
    const s = sends.get(id);
    if (!s) throw new Error(`no send ${id}`);
    const view: View = { private: false, blocks: [{ type: 'text', text: [`Nudge ${markerOf(s.n)}`] }] };
    if (s.kind === 'dm') await paced.direct({ platform: s.platform, workspaceId: s.tenant, userId: s.target }, view);
    else await paced.post({ platform: s.platform, workspaceId: s.tenant, channelId: s.target }, view);
  };
  const worker: Worker = startWorker({ connection: workerConn, prefix: opts.prefix, concurrency: opts.concurrency, run: deliver });
  await worker.waitUntilReady();

  return {
    async enqueue(list, dueAt) {
      for (const s of list) sends.set(`send-${s.n}`, s);
      // In order, so the queue holds them in the order given; in bulk, as the reconcile would.
      for (let i = 0; i < list.length; i += 1_000) {
        const delay = Math.max(0, dueAt.getTime() - Date.now());
        await scheduler.queue.addBulk(list.slice(i, i + 1_000).map((s) => ({ name: 'reminder', data: { id: `send-${s.n}` }, opts: { jobId: `send-${s.n}`, delay } })));
      }
    },
    arrivals() {
      const out: { n: number; at: number }[] = [];
      for (const c of opts.slack.calls) {
        if (c.method !== 'chat.postMessage') continue;
        for (const m of String(c.params.text ?? '').matchAll(MARKER)) out.push({ n: Number(m[1]), at: c.at });
      }
      for (const c of opts.discord?.calls ?? []) {
        if (c.method !== 'POST' || c.status !== 200 || !/^\/channels\/\d+\/messages$/.test(c.path)) continue;
        for (const m of JSON.stringify(c.body ?? '').matchAll(MARKER)) out.push({ n: Number(m[1]), at: c.at });
      }
      return out.sort((a, b) => a.at - b.at);
    },
    calls() {
      const discordCalls = opts.discord?.calls.length ?? 0;
      const limited = opts.slack.rateLimited.length + (opts.discord?.rateLimited.length ?? 0);
      // The fake Slack lists refused calls apart; the fake Discord records them among its calls.
      const limitedBy: Record<string, number> = {};
      // Bucket kinds, not ids: `chat.postMessage`, `c` (a channel), `conversations.open`, Discord `global` / `route`.
      for (const r of opts.slack.rateLimited) {
        const kind = `slack ${r.bucket.split(':').at(-1)?.startsWith('C') || r.bucket.split(':').at(-2) === 'c' ? 'channel' : r.bucket.split(':').at(-1)}`;
        limitedBy[kind] = (limitedBy[kind] ?? 0) + 1;
      }
      for (const r of opts.discord?.rateLimited ?? []) {
        const kind = `discord ${r.global ? 'global' : 'route'}`;
        limitedBy[kind] = (limitedBy[kind] ?? 0) + 1;
      }
      return { total: opts.slack.calls.length + opts.slack.rateLimited.length + discordCalls, limited, limitedBy };
    },
    async close() {
      await worker.close();
      await scheduler.close();
      queueConn.disconnect();
      workerConn.disconnect();
      await deleteKeys(opts.prefix);
    },
  };
}
