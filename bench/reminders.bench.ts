/**
 * Benchmark: 10,000 reminders due at the same instant, through the real worker to the (fake) Slack API.
 *
 * The reminders are created through the reminder repository (each a `reminders` row and its
 * `scheduled_jobs` row, in one transaction, as `remind` does), spread over 10 networks (channels).
 * Then all their jobs get the same due time a few seconds ahead — in Postgres and on the BullMQ
 * queue, through the runtime's own scheduler — and the real worker (the runtime's, concurrency as
 * configured) delivers them with chat.postMessage to a FakeSlack that checks nothing and limits
 * nothing (its `validate: false` mode; it runs in a thread of its own).
 *
 * Figures: time from the due instant until the last reminder reached the fake; lateness p50/p99 of
 * each delivery (receive time − due). Checked: exactly one post per reminder, every job `done`.
 * Baseline, same run: as many no-op BullMQ jobs, delayed to one instant, through a worker with the
 * same concurrency. Ratio = baseline time / our time. A second baseline is the ceiling of any
 * delivery to Slack: as many chat.postMessage calls through the WebClient alone, same concurrency,
 * same fake; issue #12's target is its time ≥ 0.6 of ours. A third, the same with each post a
 * reminder's own message (the Slack renderer's blocks): what of our time the message itself costs.
 *
 * Run alone: npx tsx bench/reminders.bench.ts   (prints one JSON line)
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { webApi } from '@slack/bolt';
import { Queue, Worker } from 'bullmq';
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import type { Database } from '../db/client.js';
import { DrizzleReminderRepository } from '../db/repositories/drizzle-reminder-repository.js';
import * as schema from '../db/schema.js';
import { bullConnection } from '../jobs/redis.js';
import { renderSlack } from '../adapters/slack/render.js';
import { translator } from '../src/i18n/translator.js';
import { deleteKeys, TEST_REDIS_URL } from '../test/support/runtime.js';
import { COORDINATOR, must, startBot, TEAM, type Bot } from './lib/bot.js';
import { profiled } from './lib/profile.js';
import { SlackSide } from './lib/slack-side-client.js';
import { percentile, progress, ratio, round, waitUntil } from './lib/stats.js';

export interface RemindersOptions {
  readonly count?: number;
  /** How far ahead of the scheduling step the common due time is. */
  readonly leadMs?: number;
  /** Give up waiting for deliveries after this long past the due time. */
  readonly limitMs?: number;
}

const NETWORKS = 10;

/** Runs `fn` over `items` with at most `limit` at a time. */
async function pool<T>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        await fn(items[i]!, i);
      }
    }),
  );
}

/** The message a reminder posts (the Slack renderer's blocks and text, as `SlackMessenger` sends them). */
function reminderPayload(i: number): { text: string; blocks?: unknown[]; unfurl_links?: boolean } {
  const text = translator('en').r('remind.fired', { user: { user: COORDINATOR }, message: `Bench reminder ${i + 1}` });
  const { blocks, text: fallback } = renderSlack({ private: false, blocks: [{ type: 'text', text }] });
  return { blocks, text: fallback, unfurl_links: false };
}

/**
 * The second baseline, the ceiling of any Slack delivery: `count` chat.postMessage calls through
 * Slack's WebClient alone (no queue, no database), `concurrency` at a time, to the same fake; each
 * posts `payload(i)` (by default a line of plain text).
 */
async function webClientPosts(
  side: SlackSide,
  apiUrl: string,
  count: number,
  concurrency: number,
  channels: readonly string[],
  payload: (i: number) => { text: string; blocks?: unknown[] } = (i) => ({ text: `Baseline post ${i + 1}` }),
) {
  await side.clear();
  const client = new webApi.WebClient('xoxb-bench-token', { slackApiUrl: apiUrl });
  const t0 = Date.now();
  await pool(
    Array.from({ length: count }, (_, i) => i),
    concurrency,
    async (i) => {
      await client.chat.postMessage({ channel: channels[i % channels.length]!, ...payload(i) } as webApi.ChatPostMessageArguments);
    },
  );
  const ms = Date.now() - t0;
  return { posts: ((await side.stats()).calls['chat.postMessage'] ?? 0), concurrency, allPostedMs: ms };
}

/** The baseline: `count` no-op jobs delayed to one instant, through a worker of `concurrency`. */
async function noopJobs(count: number, concurrency: number, leadMs: number, limitMs: number, prefix: string) {
  const queueConn = bullConnection(TEST_REDIS_URL);
  const workerConn = bullConnection(TEST_REDIS_URL);
  const queue = new Queue('bench-noop', { connection: queueConn, prefix });
  const completions: number[] = [];
  const worker = new Worker('bench-noop', async () => {}, { connection: workerConn, prefix, concurrency });
  worker.on('completed', () => completions.push(Date.now()));
  try {
    await worker.waitUntilReady();
    const dueAt = Date.now() + leadMs;
    const t0 = Date.now();
    for (let i = 0; i < count; i += 1_000) {
      const delay = Math.max(0, dueAt - Date.now());
      await queue.addBulk(
        Array.from({ length: Math.min(1_000, count - i) }, () => ({
          name: 'noop',
          data: { id: randomUUID() },
          opts: { jobId: randomUUID(), delay, removeOnComplete: true, removeOnFail: true },
        })),
      );
    }
    const scheduledMs = Date.now() - t0;
    await waitUntil(() => completions.length >= count, leadMs + limitMs, 20);
    const lateness = completions.map((at) => at - dueAt);
    return {
      jobs: count,
      completed: completions.length,
      concurrency,
      allDoneMs: completions.length ? Math.max(...completions) - dueAt : null,
      latenessP50Ms: round(percentile(lateness, 50), 0),
      latenessP99Ms: round(percentile(lateness, 99), 0),
      scheduledBeforeDue: scheduledMs < leadMs,
    };
  } finally {
    await worker.close();
    await queue.close();
    queueConn.disconnect();
    workerConn.disconnect();
    await deleteKeys(prefix);
  }
}

export async function runReminders(opts: RemindersOptions = {}) {
  const count = opts.count ?? 10_000;
  const leadMs = opts.leadMs ?? 5_000;
  const limitMs = opts.limitMs ?? 60_000;
  const side = SlackSide.start();
  let bot: Bot | undefined;
  let sql: postgres.Sql | undefined;
  let creator: postgres.Sql | undefined;
  try {
    const fake = await side.startFake(TEAM);
    bot = await startBot(fake.apiUrl);
    sql = postgres(bot.databaseUrl, { max: 2, onnotice: () => {} });
    const concurrency = bot.runtime.worker.opts.concurrency ?? 1;

    progress(`reminders: creating ${count} reminders through the repository`);
    const networks: { id: string; channelId: string }[] = [];
    for (let k = 1; k <= NETWORKS; k++) {
      const channelId = `C0BENCHR${String(k).padStart(2, '0')}`;
      await must(bot, COORDINATOR, channelId, 'setup area:Pirkanmaa lang:en');
      const network = await bot.runtime.deps.networks.findBySpace({ platform: 'slack', workspaceId: TEAM, channelId });
      networks.push({ id: network!.id, channelId });
    }
    const placeholder = new Date(Date.now() + 3_600_000);
    const jobIds: string[] = new Array(count);
    const createStart = Date.now();
    const rt = bot.runtime;
    // The repository the runtime uses, on a pool of its own so that setup goes faster than the
    // runtime's pool of 10 would allow (it is not what is measured).
    creator = postgres(bot.databaseUrl, { max: 20, onnotice: () => {} });
    const reminders = new DrizzleReminderRepository(drizzle(creator, { schema }) as unknown as Database);
    await pool(
      Array.from({ length: count }, (_, i) => i),
      40,
      async (i) => {
        const { id, channelId } = networks[i % NETWORKS]!;
        const space = { platform: 'slack' as const, workspaceId: TEAM, channelId };
        const r = await reminders.create(
          id,
          { message: `Bench reminder ${i + 1}`, dueAt: placeholder, space, target: { kind: 'channel', id: channelId }, createdBy: COORDINATOR },
          // Delivery is what is measured: the load is past any real network's quota on purpose.
          { perNetwork: Number.MAX_SAFE_INTEGER, perPerson: undefined },
          { actor: { platform: 'slack', workspaceId: TEAM, userId: COORDINATOR }, action: 'remind.create', detail: { bench: true } },
        );
        jobIds[i] = r.jobId;
      },
    );
    const createMs = Date.now() - createStart;
    await creator.end({ timeout: 5 });
    creator = undefined;
    await side.clear();

    // One due instant for all: in Postgres (the source of truth) and on the queue.
    const dueAt = new Date(Date.now() + leadMs);
    await sql`update scheduled_jobs set due_at = ${dueAt} where id = any(${jobIds}::uuid[])`;
    const scheduleStart = Date.now();
    await pool(jobIds, 200, (id) => rt.scheduler.schedule({ id, kind: 'reminder', dueAt }));
    const scheduledAt = Date.now();
    progress(`reminders: created in ${createMs} ms, queued in ${scheduledAt - scheduleStart} ms; all due at +${dueAt.getTime() - scheduledAt} ms`);

    const allIn = await profiled('reminders', () =>
      waitUntil(async () => ((await side.stats()).calls['chat.postMessage'] ?? 0) >= count, dueAt.getTime() - Date.now() + limitMs, 100),
    );
    const stats = await side.stats(true);
    const ats = stats.postAts ?? [];
    const lateness = ats.map((at) => at - dueAt.getTime());
    // Give the last transactions a moment to mark their jobs done.
    const doneCount = async () => Number((await sql!`select count(*)::int as c from scheduled_jobs where id = any(${jobIds}::uuid[]) and state = 'done'`)[0]!.c);
    if (allIn) await waitUntil(async () => (await doneCount()) >= count, 5_000, 100);
    const done = await doneCount();
    const lastMs = ats.length ? Math.max(...ats) - dueAt.getTime() : Number.NaN;
    const ours = {
      delivered: ats.length,
      distinctMessages: stats.distinctPostTexts ?? 0,
      jobsDoneInPostgres: done,
      // Null when not all arrived within the limit: then the time is at least `limitMs`.
      allDeliveredMs: allIn ? lastMs : null,
      latenessP50Ms: round(percentile(lateness, 50), 0),
      latenessP99Ms: round(percentile(lateness, 99), 0),
      deliveredPerSec: ats.length ? round(ats.length / (lastMs / 1000), 0) : null,
      ...(allIn ? {} : { notDeliveredWithinLimit: count - ats.length, limitMs }),
    };
    progress(
      allIn
        ? `reminders: ${ours.delivered}/${count} delivered, the last ${ours.allDeliveredMs} ms after due (p50 ${ours.latenessP50Ms} ms, p99 ${ours.latenessP99Ms} ms)`
        : `reminders: only ${ours.delivered}/${count} delivered within ${limitMs} ms after due; stopping there`,
    );

    progress(`reminders: baseline, ${count} no-op BullMQ jobs (concurrency ${concurrency})`);
    const baseline = await noopJobs(count, concurrency, 3_000, limitMs, `${bot.prefix}-noop`);
    progress(`reminders: baseline done ${baseline.allDoneMs} ms after due (p99 ${baseline.latenessP99Ms} ms)`);
    progress(`reminders: ceiling, ${count} chat.postMessage through the WebClient alone (concurrency ${concurrency})`);
    const ceiling = await webClientPosts(side, fake.apiUrl, count, concurrency, networks.map((n) => n.channelId));
    progress(`reminders: WebClient alone posted ${ceiling.posts} in ${ceiling.allPostedMs} ms; again, each a reminder's message (blocks)`);
    const sameMessages = await webClientPosts(side, fake.apiUrl, count, concurrency, networks.map((n) => n.channelId), reminderPayload);
    progress(`reminders: WebClient alone posted ${sameMessages.posts} reminder messages in ${sameMessages.allPostedMs} ms`);

    // When ours did not finish, its time is more than the limit, so the ratio is at most this.
    const r = ratio(baseline.allDoneMs ?? Number.NaN, ours.allDeliveredMs ?? limitMs);
    const noDuplicates = ours.distinctMessages === ours.delivered;
    return {
      reminders: count,
      networks: NETWORKS,
      workerConcurrency: concurrency,
      setup: { createMs, queueMs: scheduledAt - scheduleStart, scheduledBeforeDue: scheduledAt < dueAt.getTime() },
      ...ours,
      verified: { ok: allIn && noDuplicates && ours.delivered === count && done === count, allDelivered: ours.delivered === count, noDuplicates, everyJobDone: done === count },
      baselineNoopJobs: baseline,
      baselineWebClientPosts: { ...ceiling, ratioItsTimeOverOurs: allIn ? ratio(ceiling.allPostedMs, ours.allDeliveredMs ?? limitMs) : null },
      // The same ceiling for the messages reminders post (blocks, not a line of text): what of our time
      // the message itself costs the WebClient. The target is judged on the plain-text ceiling above.
      baselineWebClientReminderMessages: { ...sameMessages, ratioItsTimeOverOurs: allIn ? ratio(sameMessages.allPostedMs, ours.allDeliveredMs ?? limitMs) : null },
      ...(allIn ? { ratioBaselineTimeOverOurs: r } : { ratioBaselineTimeOverOurs: null, ratioAtMost: r }),
      target: { webClientAloneTimeOverOurs: 0.6 },
      targetMet: allIn && (ratio(ceiling.allPostedMs, ours.allDeliveredMs ?? limitMs) ?? 0) >= 0.6,
      logWarnings: bot.logs.warnings,
      logErrors: bot.logs.errors,
      ...(bot.logs.samples.length ? { logSamples: bot.logs.samples } : {}),
    };
  } finally {
    await creator?.end({ timeout: 5 }).catch(() => {});
    await sql?.end({ timeout: 5 }).catch(() => {});
    await bot?.stop().catch((err: unknown) => progress(`reminders cleanup failed: ${String(err)}`));
    await side.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runReminders();
  console.log(JSON.stringify({ bench: 'reminders', ...result }));
  process.exit(0);
}
