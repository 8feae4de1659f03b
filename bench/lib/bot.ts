/**
 * The bot under test, in this process: the real runtime (Postgres on a fresh database, Redis under a
 * key prefix of its own, the BullMQ worker, the core) and the real Slack adapter (Bolt HTTP receiver)
 * pointed at a FakeSlack. `stop()` closes everything and removes the database and the Redis keys.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { type Runtime, startRuntime } from '../../adapters/runtime.js';
import { launchSlack, type RunningSlack } from '../../adapters/slack/slack-adapter.js';
import type { CommandContext } from '../../src/app/ports.js';
import type { View } from '../../src/views/view.js';
import { createTestDatabase } from '../../test/support/database.js';
import { deleteKeys, TEST_REDIS_URL, TEST_SECRET } from '../../test/support/runtime.js';

export const TEAM = 'T0BENCH001';
export const SIGNING_SECRET = 'bench-signing-secret';
export const COORDINATOR = 'U0BENCHCO1';

/** Log lines at warn or above, counted (a benchmark keeps its output for the figures). */
export class LogTally {
  warnings = 0;
  errors = 0;
  readonly samples: string[] = [];
  note(level: 'warn' | 'error', line: string): void {
    if (level === 'warn') this.warnings++;
    else this.errors++;
    if (this.samples.length < 5) this.samples.push(line.slice(0, 400));
  }
}

export interface Bot {
  readonly runtime: Runtime;
  readonly slack: RunningSlack;
  readonly eventsUrl: string;
  readonly databaseUrl: string;
  readonly prefix: string;
  readonly logs: LogTally;
  /** Runs a command line through the core as `user` in `channelId` (Slack), like the adapter does. */
  run(user: string, channelId: string, line: string): Promise<View>;
  stop(): Promise<void>;
}

export async function startBot(apiUrl: string): Promise<Bot> {
  const logs = new LogTally();
  const log = pino(
    { level: 'warn' },
    new Writable({
      write(chunk, _enc, cb) {
        const line = String(chunk);
        logs.note(/"level":(50|60)/.test(line) ? 'error' : 'warn', line);
        cb();
      },
    }),
  );
  const database = await createTestDatabase();
  const prefix = `neuvo-bench-${randomBytes(4).toString('hex')}`;
  let runtime: Runtime | undefined;
  try {
    runtime = await startRuntime({
      databaseUrl: database.url,
      dataDir: '/nonexistent',
      redisUrl: TEST_REDIS_URL,
      queuePrefix: prefix,
      defaults: { lang: 'en', zone: 'Europe/Helsinki' },
      reconcileEveryMs: 3_600_000,
      secret: TEST_SECRET,
      log: {
        error: (obj, msg) => logs.note('error', `${msg} ${safeJson(obj)}`),
        info: () => {},
      },
    });
    const slack = await launchSlack(runtime, { token: 'xoxb-bench-token', signingSecret: SIGNING_SECRET, apiUrl, port: 0, host: '127.0.0.1' }, log);
    const rt = runtime;
    return {
      runtime: rt,
      slack,
      eventsUrl: `http://127.0.0.1:${slack.address!.port}/slack/events`,
      databaseUrl: database.url,
      prefix,
      logs,
      run: (user, channelId, line) => rt.neuvo.handle(slackContext(user, channelId), line),
      async stop() {
        await slack.stop().catch(() => {});
        await rt.close().catch(() => {});
        await deleteKeys(prefix).catch(() => {});
        await database.drop();
      },
    };
  } catch (err) {
    await runtime?.close().catch(() => {});
    await deleteKeys(prefix).catch(() => {});
    await database.drop().catch(() => {});
    throw err;
  }
}

export function slackContext(user: string, channelId: string): CommandContext {
  return {
    actor: { platform: 'slack', workspaceId: TEAM, userId: user, isPlatformAdmin: false },
    space: { platform: 'slack', workspaceId: TEAM, channelId },
  };
}

/** Runs a setup step and fails loudly when the core answered with an error. */
export async function must(bot: Bot, user: string, channelId: string, line: string): Promise<View> {
  const view = await bot.run(user, channelId, line);
  if (view.error) throw new Error(`setup step failed: ${line} → ${JSON.stringify(view.blocks).slice(0, 300)}`);
  return view;
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x, (_k, v: unknown) => (v instanceof Error ? { message: v.message, stack: v.stack } : v));
  } catch {
    return String(x);
  }
}
