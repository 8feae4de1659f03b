/**
 * Benchmark: the bot's footprint. Starts the real bot as a child process (`npx tsx adapters/main.ts`)
 * with Slack pointed at a FakeSlack and Discord at a FakeDiscord (both in this process, on loopback),
 * a fresh Postgres database and Redis under a key prefix of its own, and measures
 *   - the time from spawn until both adapters logged that they are ready (JSON log lines on stderr:
 *     "slack adapter ready", "discord adapter ready");
 *   - the resident memory (VmRSS in /proc/<pid>/status) of the node process that runs the bot — not
 *     the npx and tsx wrappers, reported apart — after 5 s idle with Slack, Discord and the worker up.
 * Baselines, same run: a bare `node -e 'setInterval(()=>{},1000)'` (RSS, for scale) and
 * `npx tsx -e …` printing one line (start time of the same launcher, for scale).
 *
 * Run alone: npx tsx bench/footprint.bench.ts   (prints one JSON line)
 */
import { onLogLines } from './lib/log-lines.js';
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord-api.js';
import { FakeSlack } from '../test/fakes/slack-api.js';
import { createTestDatabase } from '../test/support/database.js';
import { deleteKeys, TEST_REDIS_URL, TEST_SECRET } from '../test/support/runtime.js';
import { now, progress, ratio, round, sleep, waitUntil } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TEAM = 'T0BENCHFP1';
const DISCORD_APP = '1300000000000000001';
const DISCORD_GUILD = '1100000000000000001';

export interface FootprintOptions {
  readonly idleMs?: number;
  /** Give up when the bot is not ready within this long. */
  readonly readyLimitMs?: number;
}

/** A field of /proc/<pid>/status in kB (VmRSS, VmHWM), or undefined when the process is gone. */
function statusKb(pid: number, field: string): number | undefined {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** `pid` and all its descendants, parents first. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const visit = (p: number) => {
    out.push(p);
    for (const c of children.get(p) ?? []) visit(c);
  };
  visit(pid);
  return out;
}

const cmdline = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
};

/** The process that runs the bot's code: the deepest node process of the tree running adapters/main.ts. */
export function botProcess(root: number): number | undefined {
  const tree = processTree(root);
  return tree.filter((p) => cmdline(p).includes('adapters/main.ts')).at(-1);
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

/** Stops a child and everything under it: SIGTERM to `first` (or the child), then SIGKILL to what is left. */
export async function stopTree(child: ChildProcess, pids: number[], first?: number): Promise<void> {
  try {
    process.kill(first ?? child.pid!, 'SIGTERM');
  } catch {
    // already gone
  }
  if (await exited(child, 10_000)) return;
  for (const pid of [...pids].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await exited(child, 5_000);
}

/** Spawn → the first stderr line containing `marker`, in ms (the launcher's own start cost). */
async function tsxStartMs(): Promise<number | null> {
  const t0 = now();
  const child = spawn('npx', ['tsx', '-e', "process.stderr.write('ready\\n')"], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let at: number | null = null;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (at === null && chunk.toString().includes('ready')) at = now() - t0;
  });
  if (!(await exited(child, 30_000))) await stopTree(child, processTree(child.pid!));
  return at === null ? null : round(at, 0);
}

export async function runFootprint(opts: FootprintOptions = {}) {
  const idleMs = opts.idleMs ?? 5_000;
  const readyLimitMs = opts.readyLimitMs ?? 60_000;
  progress('footprint: launcher baseline (npx tsx -e)');
  const tsxMs = await tsxStartMs();

  const slack = await FakeSlack.start({ teamId: TEAM });
  const discord = await FakeDiscord.start({ applicationId: DISCORD_APP });
  const database = await createTestDatabase();
  const prefix = `neuvo-bench-${randomBytes(4).toString('hex')}`;
  let child: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let treePids: number[] = [];
  let botPid: number | undefined;
  try {
    progress('footprint: starting the bot (npx tsx adapters/main.ts) with Slack and Discord');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: database.url,
      NEUVO_SECRET: TEST_SECRET,
      REDIS_URL: TEST_REDIS_URL,
      NEUVO_QUEUE_PREFIX: prefix,
      PORT: '0',
      LOG_LEVEL: 'info',
      SLACK_BOT_TOKEN: 'xoxb-bench-token',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: slack.apiUrl,
      DISCORD_TOKEN: 'bench-bot-token',
      DISCORD_APPLICATION_ID: DISCORD_APP,
      DISCORD_GUILD_ID: DISCORD_GUILD,
      DISCORD_API_URL: discord.apiBase,
    };
    const t0 = now();
    child = spawn('npx', ['tsx', 'adapters/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
    const ready: Record<string, number> = {};
    const failures: string[] = [];
    onLogLines(
      child.stderr!,
      (entry, line) => {
        if (entry.msg === 'slack adapter ready') ready.slack = now() - t0;
        if (entry.msg === 'discord adapter ready') ready.discord = now() - t0;
        if ((entry.level ?? 0) >= 50 && failures.length < 5) failures.push(line.slice(0, 300));
      },
      (line) => failures.length < 5 && failures.push(line.slice(0, 300)),
    );
    const started = await waitUntil(() => ready.slack !== undefined && ready.discord !== undefined, readyLimitMs, 10);
    if (!started) throw new Error(`the bot was not ready within ${readyLimitMs} ms: ${failures.join(' | ') || 'no error logged'}`);
    const readyMs = Math.max(ready.slack!, ready.discord!);
    treePids = processTree(child.pid!);
    botPid = botProcess(child.pid!);
    if (botPid === undefined) throw new Error('cannot find the bot’s node process');

    progress(`footprint: ready after ${round(readyMs, 0)} ms; idle ${idleMs} ms (and a bare node for scale)`);
    bare = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
    await sleep(idleMs);
    const rssKb = statusKb(botPid, 'VmRSS');
    const peakKb = statusKb(botPid, 'VmHWM');
    const treeKb = treePids.reduce((sum, p) => sum + (statusKb(p, 'VmRSS') ?? 0), 0);
    const bareKb = statusKb(bare.pid!, 'VmRSS');
    if (rssKb === undefined || bareKb === undefined) throw new Error('a process ended before its memory was read');
    const mib = (kb: number) => round(kb / 1024, 1)!;
    return {
      readyMs: round(readyMs, 0),
      slackReadyMs: round(ready.slack!, 0),
      discordReadyMs: round(ready.discord!, 0),
      rssMiB: mib(rssKb),
      peakRssMiB: peakKb === undefined ? null : mib(peakKb),
      launcherTreeRssMiB: mib(treeKb),
      launcherTree: treePids.map((p) => (p === botPid ? 'node (the bot)' : cmdline(p).split(' ').slice(0, 2).join(' ').replace(/\S*\/node_modules\/\.bin\//, ''))),
      idleMs,
      baselineBareNodeRssMiB: mib(bareKb),
      baselineTsxStartMs: tsxMs,
      ratios: { rssOverBareNode: ratio(rssKb, bareKb), readyOverTsxStart: tsxMs ? ratio(readyMs, tsxMs) : null },
      fakeViolations: slack.violations.length + discord.violations.length,
      ...(failures.length ? { logErrors: failures } : {}),
    };
  } finally {
    if (bare) await stopTree(bare, [bare.pid!]);
    if (child) await stopTree(child, treePids.length ? treePids : processTree(child.pid!), botPid);
    await discord.close().catch(() => {});
    await slack.close().catch(() => {});
    await deleteKeys(prefix).catch(() => {});
    await database.drop().catch((err: unknown) => progress(`footprint: dropping the database failed: ${String(err)}`));
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runFootprint();
  console.log(JSON.stringify({ bench: 'footprint', ...result }));
  process.exit(0);
}
