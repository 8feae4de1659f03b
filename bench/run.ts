/**
 * `npm run bench`: every benchmark in turn, on this machine, each figure with a baseline measured in
 * the same run (the machine is shared and noisy, so the ratios are what to compare). Progress goes
 * to stderr; the last line on stdout is one JSON object with all figures.
 *
 *   tally      Scottish STV, 100,000 ballots (baseline: plurality on the same ballots)
 *   footprint  the compiled bot (`node dist/adapters/main.js`, built first) as a child process: start
 *              to ready, idle RSS; `neuvo-tally` from dist/ on the tally's 100,000 ballots, whole
 *              process (baselines: bare node; each heavy dependency imported alone)
 *   votePath   signed Slack votes through Bolt into Postgres at 50 and 200 voters
 *              (baselines: bare Bolt acking, postgres.js INSERT … ON CONFLICT)
 *   reminders  10,000 reminders due at once through the worker to FakeSlack
 *              (baselines: 10,000 no-op BullMQ jobs; 10,000 posts through the WebClient alone, plain
 *              text and again each a reminder's message)
 *   render5000 a list of 5,000 reminders of 1,000 characters rendered by the console, Slack and Discord
 *              renderers, ms per render (baseline: each rendering only the items it shows)
 *   secretElection  a secret STV election at 2,000 voters: the last 100 votes' latency against
 *              the first 100's (a sealed vote touches no other ballot), then the close
 *   charts     result charts (poll of 100 topics, STV of 12 candidates, turnout of 60 organisations):
 *              SVG and PNG ms, and how long the adapters' async drawing holds the event loop
 *              (baseline: a chart of 2 topics)
 *   fairDelivery  a national nudge (DMs and posts over 20 Slack workspaces and 5 Discord servers, one
 *              workspace 60 %) through the pacing to fakes enforcing the platforms' rate limits
 *              (baseline: the theoretical minimum under those limits, overall and per tenant)
 *
 * Needs the local Postgres (127.0.0.1:5432) and Redis (127.0.0.1:6379) the tests use; every
 * benchmark makes and removes its own database and Redis keys.
 */
import { cpus, loadavg } from 'node:os';
import { runFairDelivery } from './fair-delivery.bench.js';
import { runFootprint } from './footprint.bench.js';
import { progress } from './lib/stats.js';
import { runCharts } from './charts.bench.js';
import { runReminders } from './reminders.bench.js';
import { runRender } from './render.bench.js';
import { runSecretElection } from './secret-election.bench.js';
import { runTally } from './tally.bench.js';
import { runVotePath } from './vote-path.bench.js';

type Json = Record<string, any>;

const started = Date.now();
const result: Json = {
  bench: 'neuvo',
  at: new Date().toISOString(),
  machine: { cpus: cpus().length, node: process.version, loadAvg1mAtStart: Math.round(loadavg()[0]! * 100) / 100 },
};

async function step(name: string, run: () => Promise<Json> | Json): Promise<void> {
  const t0 = Date.now();
  progress(`${name}: start`);
  try {
    result[name] = await run();
  } catch (err) {
    result[name] = { error: err instanceof Error ? err.message : String(err) };
    progress(`${name}: FAILED ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
  progress(`${name}: ${Math.round((Date.now() - t0) / 1000)} s`);
}

await step('tally', () => runTally());
await step('footprint', () => runFootprint());
await step('votePath', () => runVotePath());
await step('reminders', () => runReminders());
await step('render5000', () => runRender());
await step('secretElection', () => runSecretElection());
await step('charts', () => runCharts());
await step('fairDelivery', () => runFairDelivery());

const v = result.votePath as Json;
const r = result.reminders as Json;
const t = result.tally as Json;
const s = result.secretElection as Json;
const f = result.fairDelivery as Json;
/** Whether a measured ratio reaches its target (null when the benchmark did not produce it). */
const atLeast = (ratio: unknown, target: number) => (typeof ratio === 'number' ? ratio >= target : null);
result.targets = {
  // Issue #12's targets, against the same run's bare Bolt and WebClient-alone ceilings.
  'votePath.c50.votesPerSec >= 0.5 x bareBolt': atLeast(v?.c50?.ratios?.votesPerSecVsBareBolt, 0.5),
  'votePath.c200.votesPerSec >= 0.5 x bareBolt': atLeast(v?.c200?.ratios?.votesPerSecVsBareBolt, 0.5),
  'votePath every acked vote committed': v?.c50 && v?.c200 ? Boolean(v.c50.verified?.ok && v.c200.verified?.ok) : null,
  'reminders webClientAlone/ours >= 0.6': atLeast(r?.baselineWebClientPosts?.ratioItsTimeOverOurs, 0.6),
  'reminders each delivered once': r?.verified?.ok ?? null,
  'tally <= 1 s': t?.targetMet ?? null,
  ...Object.fromEntries(Object.entries((result.footprint as Json)?.targets ?? { failed: null }).map(([k, met]) => [`footprint.${k}`, met])),
  'secretElection last 100 votes p50 <= 2 x first 100': s?.targetMet ?? null,
  'secretElection one participation per voter, every ballot counted': s?.verified?.ok ?? null,
  'fairDelivery.ratioToMinimum <= 1.15': f?.targets?.ratioToMinimumAtMost1_15 ?? null,
  'fairDelivery.smallestTenantRatioToOwnMinimum <= 1.25': f?.targets?.smallestTenantRatioAtMost1_25 ?? null,
  'fairDelivery.got429 <= 1% of calls': f?.targets?.got429AtMost1Percent ?? null,
  'fairDelivery.lost == 0': f?.targets?.noneLost ?? null,
  'fairDelivery.duplicates == 0': f?.targets?.noDuplicates ?? null,
};
result.summary = {
  votesPerSecVsBareBolt: { c50: v?.c50?.ratios?.votesPerSecVsBareBolt ?? null, c200: v?.c200?.ratios?.votesPerSecVsBareBolt ?? null },
  committedPerSecVsBareBolt: { c50: v?.c50?.ratios?.committedPerSecVsBareBolt ?? null, c200: v?.c200?.ratios?.committedPerSecVsBareBolt ?? null },
  ackP99VsBareBolt: { c50: v?.c50?.ratios?.ackP99VsBareBolt ?? null, c200: v?.c200?.ratios?.ackP99VsBareBolt ?? null },
  remindersBaselineOverOurs: r?.ratioBaselineTimeOverOurs ?? null,
  remindersWebClientAloneOverOurs: r?.baselineWebClientPosts?.ratioItsTimeOverOurs ?? null,
  remindersWebClientAloneSameMessagesOverOurs: r?.baselineWebClientReminderMessages?.ratioItsTimeOverOurs ?? null,
  tallyMs: t?.ms ?? null,
  render5000Ms: Object.fromEntries(['console', 'slack', 'discord'].map((a) => [a, (result.render5000 as Json)?.[a]?.ms ?? null])),
  secretElectionLast100OverFirst100: s?.ratioLast100OverFirst100P50 ?? null,
  idleRssMiB: (result.footprint as Json)?.rssMiB ?? null,
  idleRssOverBareNode: (result.footprint as Json)?.ratios?.rssOverBareNode ?? null,
  readyMs: (result.footprint as Json)?.readyMs ?? null,
  tallyProcessMs: (result.footprint as Json)?.tallyProcess?.ms ?? null,
  fairDelivery: f && !f.error
    ? { minimumMs: f.minimumMs, allDeliveredMs: f.allDeliveredMs, ratioToMinimum: f.ratioToMinimum, smallestTenantRatioToOwnMinimum: f.smallestTenantRatioToOwnMinimum, got429: f.got429, got429Percent: f.got429Percent, lost: f.lost, duplicates: f.duplicates }
    : null,
};
result.totalSeconds = Math.round((Date.now() - started) / 1000);
result.machine.loadAvg1mAtEnd = Math.round(loadavg()[0]! * 100) / 100;
progress(`all done in ${result.totalSeconds} s`);
console.log(JSON.stringify(result));
// Every benchmark closed what it opened; exit anyway so a stray handle cannot keep `npm run bench` alive.
process.exit(0);
