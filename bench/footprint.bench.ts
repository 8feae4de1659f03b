/**
 * Benchmark: the compiled bot's footprint (what `npm run start:prod` runs). Builds `dist/` (`npm run
 * build`), then starts `node <start:prod's flags> dist/adapters/main.js` as a child process with Slack pointed at a FakeSlack
 * and Discord at a FakeDiscord (both in this process, on loopback), a fresh Postgres database and Redis
 * under a key prefix of its own, and measures
 *   - the time from spawn until both adapters logged that they are ready (JSON log lines on stderr:
 *     "slack adapter ready", "discord adapter ready"): on a new database (its first start runs the
 *     migrations) and again on restart (the usual case), with a timeline of where the time went;
 *   - the resident memory (VmRSS in /proc/<pid>/status) of the restarted bot after 5 s idle with Slack,
 *     Discord and the worker up;
 *   - `neuvo-tally` (`node dist/adapters/tally-cli/main.js`) as a whole process, spawn to exit, on the
 *     tally bench's 100,000-ballot election written as a BLT file (Scottish STV), median (and least) of 5.
 * Baselines, same run: a bare `node` (RSS idle; spawn to its first stderr line; spawn to exit), and, to
 * show where the rest goes, what importing each heavy dependency alone costs a bare node (ms, RSS).
 * Targets (issue #12): idle RSS ≤ 150 MiB, ready ≤ 1.5 s, tally process ≤ 0.35 s.
 *
 * Run alone: npx tsx bench/footprint.bench.ts   (prints one JSON line)
 */
import { onLogLines } from './lib/log-lines.js';
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { FakeDiscord } from '../test/fakes/discord-api.js';
import { FakeSlack } from '../test/fakes/slack-api.js';
import { createTestDatabase } from '../test/support/database.js';
import { deleteKeys, TEST_REDIS_URL, TEST_SECRET } from '../test/support/runtime.js';
import { writeBlt } from '../src/domain/tally/index.js';
import { now, percentile, progress, ratio, round, sleep, waitUntil } from './lib/stats.js';
import { generate } from './tally.bench.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What `npm run start:prod` gives node: V8 flags, then the compiled entry point. */
const START_PROD_ARGS = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts['start:prod']!.split(' ').slice(1);
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

const TARGETS = { rssMiB: 150, readyMs: 1_500, tallyProcessMs: 350 } as const;
/** What the bot loads that a bare node does not; each imported alone shows where start time and memory go. */
const HEAVY_IMPORTS = ['discord.js', '@slack/bolt', 'bullmq', 'drizzle-orm/postgres-js', '@electric-sql/pglite', 'pino'];

/** Spawn → the first stderr line containing `marker`, in ms; null if it never came. */
async function firstLineMs(args: string[], marker: string): Promise<number | null> {
  const t0 = now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  let at: number | null = null;
  child.stderr!.on('data', (chunk: Buffer) => {
    if (at === null && chunk.toString().includes(marker)) at = now() - t0;
  });
  if (!(await exited(child, 30_000))) await stopTree(child, [child.pid!]);
  return at === null ? null : round(at, 0);
}

/** Spawn → exit of `node …args`, in ms, median and least of `times`; throws when it exits non-zero. */
async function processMs(args: string[], times = 5): Promise<{ ms: number; minMs: number }> {
  const runs: number[] = [];
  for (let i = 0; i < times; i++) {
    const t0 = now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    runs.push(now() - t0);
    if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${err.slice(0, 300)}`);
  }
  return { ms: round(percentile(runs, 50), 0)!, minMs: round(Math.min(...runs), 0)! };
}

/** What importing `names` (one after another) costs a bare node: the time and the process's RSS after it. */
function importCost(names: readonly string[]): { ms: number | null; rssMiB: number | null } {
  const imports = names.map((name) => `await import(${JSON.stringify(name)});`).join('');
  const script = `const t=performance.now();${imports}const ms=performance.now()-t;process.stdout.write(JSON.stringify({ms,rss:process.memoryUsage().rss}))`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) return { ms: null, rssMiB: null };
  const { ms, rss } = JSON.parse(r.stdout) as { ms: number; rss: number };
  return { ms: round(ms, 0), rssMiB: round(rss / 2 ** 20, 1) };
}

/** `neuvo-tally` from dist/ on the tally bench's election (Scottish STV), whole process. */
async function tallyProcess(): Promise<{ ms: number; minMs: number; ballots: number; fileMiB: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'neuvo-bench-tally-'));
  try {
    const election = generate('neuvo-bench');
    const text = writeBlt(election);
    const file = join(dir, 'bench.blt');
    writeFileSync(file, text);
    const times = await processMs([join(ROOT, 'dist/adapters/tally-cli/main.js'), file, '--rule', 'scottish']);
    return { ...times, ballots: election.ballots.length, fileMiB: round(Buffer.byteLength(text) / 2 ** 20, 1) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Spawns the bot as `npm run start:prod` does and waits until both adapters logged that they are ready. The
 * timeline has every log line until then (ms after spawn) and, from the bot's own clock, when its
 * modules were loaded and its runtime (database, Redis, worker) had started.
 */
async function startBot(env: NodeJS.ProcessEnv, readyLimitMs: number) {
  const t0 = now();
  const child = spawn(process.execPath, START_PROD_ARGS, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const ready: Record<string, number> = {};
  const failures: string[] = [];
  const timeline: [string, number][] = [];
  onLogLines(
    child.stderr!,
    (entry, line) => {
      if (ready.slack === undefined || ready.discord === undefined) {
        const own = JSON.parse(line) as { loadedMs?: number; startedMs?: number };
        if (own.loadedMs !== undefined) timeline.push(['modules loaded (bot clock)', own.loadedMs]);
        if (own.startedMs !== undefined) timeline.push(['runtime started (bot clock)', own.startedMs]);
        timeline.push([entry.msg ?? '?', round(now() - t0, 0)!]);
      }
      if (entry.msg === 'slack adapter ready') ready.slack = now() - t0;
      if (entry.msg === 'discord adapter ready') ready.discord = now() - t0;
      if ((entry.level ?? 0) >= 50 && failures.length < 5) failures.push(line.slice(0, 300));
    },
    (line) => failures.length < 5 && failures.push(line.slice(0, 300)),
  );
  if (!(await waitUntil(() => ready.slack !== undefined && ready.discord !== undefined, readyLimitMs, 10))) {
    await stopTree(child, [child.pid!]);
    throw new Error(`the bot was not ready within ${readyLimitMs} ms: ${failures.join(' | ') || 'no error logged'}`);
  }
  return {
    child,
    readyMs: round(Math.max(ready.slack!, ready.discord!), 0)!,
    slackReadyMs: round(ready.slack!, 0),
    discordReadyMs: round(ready.discord!, 0),
    timeline,
    failures,
  };
}

export async function runFootprint(opts: FootprintOptions = {}) {
  const idleMs = opts.idleMs ?? 5_000;
  const readyLimitMs = opts.readyLimitMs ?? 60_000;
  progress('footprint: npm run build (dist/)');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`npm run build failed: ${(build.stdout + build.stderr).slice(0, 500)}`);
  progress('footprint: bare node baselines (spawn to first line, spawn to exit)');
  const bareStartMs = await firstLineMs(['-e', "process.stderr.write('ready\\n')"], 'ready');
  const bareProcessMs = await processMs(['-e', '']);
  progress('footprint: neuvo-tally from dist/ on 100,000 ballots');
  const tally = await tallyProcess();

  const slack = await FakeSlack.start({ teamId: TEAM });
  const discord = await FakeDiscord.start({ applicationId: DISCORD_APP });
  const database = await createTestDatabase();
  const prefix = `neuvo-bench-${randomBytes(4).toString('hex')}`;
  let child: ChildProcess | undefined;
  let bare: ChildProcess | undefined;
  let bot;
  try {
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
    progress('footprint: first start, on a new database (migrations run)');
    const first = await startBot(env, readyLimitMs);
    await stopTree(first.child, [first.child.pid!]);
    progress(`footprint: first start ready after ${first.readyMs} ms; restart on the migrated database`);
    const restart = await startBot(env, readyLimitMs);
    child = restart.child;
    const readyMs = restart.readyMs;

    progress(`footprint: ready after ${round(readyMs, 0)} ms; idle ${idleMs} ms (and a bare node for scale)`);
    bare = spawn(process.execPath, ['-e', 'setInterval(()=>{},1000)'], { stdio: 'ignore' });
    await sleep(idleMs);
    const rssKb = statusKb(child.pid!, 'VmRSS');
    const peakKb = statusKb(child.pid!, 'VmHWM');
    const bareKb = statusKb(bare.pid!, 'VmRSS');
    if (rssKb === undefined || bareKb === undefined) throw new Error('a process ended before its memory was read');
    const mib = (kb: number) => round(kb / 1024, 1)!;
    bot = {
      readyMs,
      slackReadyMs: restart.slackReadyMs,
      discordReadyMs: restart.discordReadyMs,
      timeline: restart.timeline,
      firstStart: { readyMs: first.readyMs, timeline: first.timeline },
      rssMiB: mib(rssKb),
      peakRssMiB: peakKb === undefined ? null : mib(peakKb),
      idleMs,
      baselineBareNodeRssMiB: mib(bareKb),
      ratios: { rssOverBareNode: ratio(rssKb, bareKb), readyOverBareNodeStart: bareStartMs ? ratio(readyMs, bareStartMs) : null },
      fakeViolations: slack.violations.length + discord.violations.length,
      ...(first.failures.length + restart.failures.length ? { logErrors: [...first.failures, ...restart.failures] } : {}),
    };
  } finally {
    if (bare) await stopTree(bare, [bare.pid!]);
    if (child) await stopTree(child, [child.pid!]);
    await discord.close().catch(() => {});
    await slack.close().catch(() => {});
    await deleteKeys(prefix).catch(() => {});
    await database.drop().catch((err: unknown) => progress(`footprint: dropping the database failed: ${String(err)}`));
  }
  progress('footprint: what importing each heavy dependency alone costs a bare node');
  const imports = { all: importCost(HEAVY_IMPORTS), ...Object.fromEntries(HEAVY_IMPORTS.map((name) => [name, importCost([name])])) };
  return {
    compiled: `node ${START_PROD_ARGS.join(' ')}`,
    ...bot,
    baselineBareNodeStartMs: bareStartMs,
    tallyProcess: { ...tally, rule: 'scottish', baselineBareNodeProcess: bareProcessMs },
    importAloneInBareNode: imports,
    targets: {
      [`rssMiB <= ${TARGETS.rssMiB}`]: bot.rssMiB <= TARGETS.rssMiB,
      [`readyMs <= ${TARGETS.readyMs}`]: bot.readyMs <= TARGETS.readyMs,
      [`firstStart.readyMs <= ${TARGETS.readyMs}`]: bot.firstStart.readyMs <= TARGETS.readyMs,
      [`tallyProcess.ms <= ${TARGETS.tallyProcessMs}`]: tally.ms <= TARGETS.tallyProcessMs,
    },
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runFootprint();
  console.log(JSON.stringify({ bench: 'footprint', ...result }));
  process.exit(0);
}
