/**
 * Fault tests: the real bot as a child process (`npx tsx adapters/main.ts`, Slack in HTTP mode against a
 * FakeSlack), and signed slash commands to it. Process-tree helpers come from the footprint benchmark.
 */
import { onLogLines } from '../../bench/lib/log-lines.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { botProcess, processTree, stopTree } from '../../bench/footprint.bench.js';
import { waitUntil } from '../../bench/lib/stats.js';
import { postSlashCommand } from '../fakes/slack-signing.js';
import { TEST_SECRET } from './runtime.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const FAULT_SECRET = 'fault-signing-secret';

export interface SpawnedBot {
  readonly eventsUrl: string;
  /** The node process that runs adapters/main.ts (under the npx and tsx wrappers). */
  readonly pid: number;
  /** Error-level log lines and anything on stderr that is not a log line. */
  readonly errors: string[];
  /** The message of every log line, in order. */
  readonly logs: string[];
  /** Kills the bot's own node process with SIGKILL and waits until the wrappers are gone. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL to what is left. */
  stop(): Promise<void>;
  /** SIGTERM to the bot's own process; resolves whether it exited by itself within `limitMs`. */
  term(limitMs: number): Promise<boolean>;
}

function exited(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** Starts the bot and resolves once Slack is ready (its port read from the "slack adapter ready" log line). */
export async function spawnBot(opts: { apiUrl: string; databaseUrl: string; redisUrl: string; prefix: string; readyLimitMs?: number }): Promise<SpawnedBot> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATABASE_URL: opts.databaseUrl,
    NEUVO_SECRET: TEST_SECRET,
    REDIS_URL: opts.redisUrl,
    NEUVO_QUEUE_PREFIX: opts.prefix,
    PORT: '0',
    LOG_LEVEL: 'info',
    SLACK_BOT_TOKEN: 'xoxb-fault-token',
    SLACK_SIGNING_SECRET: FAULT_SECRET,
    SLACK_API_URL: opts.apiUrl,
    // The fake Slack here limits nothing, and hundreds of reminders into one channel would take minutes
    // paced at Slack's 1 a second; pacing has its own tests (pacing.test.ts).
    NEUVO_PACING: 'off',
  };
  const child = spawn('npx', ['tsx', 'adapters/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const errors: string[] = [];
  const logs: string[] = [];
  let port: number | undefined;
  onLogLines(
    child.stderr!,
    (entry, line) => {
      if (entry.msg === 'slack adapter ready') port = entry.port;
      logs.push(entry.msg ?? '');
      if ((entry.level ?? 0) >= 50 && errors.length < 20) errors.push(line.slice(0, 500));
    },
    (line) => errors.length < 20 && errors.push(line.slice(0, 500)),
  );
  const ready = await waitUntil(() => port !== undefined || child.exitCode !== null, opts.readyLimitMs ?? 90_000, 20);
  const pid = port !== undefined ? botProcess(child.pid!) : undefined;
  if (!ready || port === undefined || pid === undefined) {
    await stopTree(child, processTree(child.pid!));
    throw new Error(`the bot did not start: ${errors.join(' | ') || 'no error logged'}`);
  }
  const tree = processTree(child.pid!);
  return {
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    pid,
    errors,
    logs,
    async kill9() {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
      if (!(await exited(child, 10_000))) await stopTree(child, tree);
    },
    stop: () => stopTree(child, tree, pid),
    async term(limitMs) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
      return exited(child, limitMs);
    },
  };
}

/**
 * A signed `/neuvo <text>` from `user`; the answer (in the ack or on the response_url) is filed under
 * `triggerId`. With `retryNum`, it is Slack's retry of that delivery.
 */
export async function slash(
  bot: { eventsUrl: string },
  fake: { responseUrl(key: string): string; answerInAck(key: string, res: Response): Promise<number> },
  where: { team: string; channel: string },
  user: string,
  text: string,
  triggerId: string,
  retryNum?: number,
): Promise<number> {
  const res = await postSlashCommand(bot.eventsUrl, FAULT_SECRET, {
    text,
    user_id: user,
    channel_id: where.channel,
    team_id: where.team,
    response_url: fake.responseUrl(triggerId),
    trigger_id: triggerId,
  }, retryNum ? { retryNum } : {});
  return fake.answerInAck(triggerId, res);
}

/**
 * Delivers a slash command as Slack does: one that got no 200 (a refused connection, Bolt's own 404
 * after 3 s without an ack on a busy machine) is sent again with `X-Slack-Retry-Num`, up to 3 times.
 * Resolves with the last status.
 */
export async function slashAsSlack(
  bot: Parameters<typeof slash>[0],
  fake: Parameters<typeof slash>[1],
  where: Parameters<typeof slash>[2],
  user: string,
  text: string,
  triggerId: string,
): Promise<number> {
  let status = 0;
  for (let attempt = 0; attempt <= 3 && status !== 200; attempt++) status = await slash(bot, fake, where, user, text, triggerId, attempt || undefined).catch(() => 0);
  return status;
}
