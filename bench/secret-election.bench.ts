/**
 * Benchmark: a secret STV election at 2,000 voters. Per person, 3 candidates, every voter casts one
 * ranked ballot through the core (`neuvo.handle`, as the Slack adapter calls it) on the real runtime
 * (fresh Postgres database, Redis, worker, card updates to a FakeSlack), 8 votes in flight at a time.
 *
 * The figure: the latency of each vote, the first 100 against the last 100. A secret vote writes
 * one sealed row and touches no other ballot (db/sealing.ts), so the 2,000th vote should cost what
 * the first did (target: last 100 within 2× the first 100, by median). A short election of 50 voters
 * runs first, so the first 100 measured votes are not the process's cold start.
 *
 * Checks: one participation per voter, 2,000 distinct receipts in the result, 2,000 ballots in clear
 * after close with every first preference where it was cast, no sealed row left.
 *
 * Run alone: npx tsx bench/secret-election.bench.ts   (prints one JSON line)
 */
import { pathToFileURL } from 'node:url';
import postgres from 'postgres';
import { COORDINATOR, must, startBot, TEAM, type Bot } from './lib/bot.js';
import { SlackSide } from './lib/slack-side-client.js';
import { now, percentile, progress, ratio, round } from './lib/stats.js';

export interface SecretElectionOptions {
  readonly voters?: number;
  readonly concurrency?: number;
}

const RANKINGS = ['1 2 3', '2 3 1', '3 1 2', '1 3', '2'];
const rankingOf = (i: number) => RANKINGS[i % RANKINGS.length]!;

/** A secret per-person STV election E1 in its own channel with `voters` on the roll, voting. */
async function secretElection(bot: Bot, channelId: string, voters: string[]): Promise<string> {
  await must(bot, COORDINATOR, channelId, 'setup area:Pirkanmaa lang:en');
  await must(bot, COORDINATOR, channelId, 'org add "Bench Org"');
  for (let i = 0; i < voters.length; i += 20) {
    await Promise.all(voters.slice(i, i + 20).map((v) => must(bot, COORDINATOR, channelId, `org member add "Bench Org" <@${v}>`)));
  }
  await must(bot, COORDINATOR, channelId, `election new "Secret ${voters.length}" seats:2 method:stv per:person secret:yes`);
  for (const v of voters.slice(0, 3)) await must(bot, v, channelId, `election nominate E1 <@${v}>`);
  await must(bot, COORDINATOR, channelId, 'election open E1');
  const network = await bot.runtime.deps.networks.findBySpace({ platform: 'slack', workspaceId: TEAM, channelId });
  const election = await bot.runtime.deps.elections.find(network!.id, 1);
  if (election?.phase !== 'voting') throw new Error('bench election is not open');
  return election.id;
}

/** Every voter votes once, `concurrency` at a time, in order; each vote's latency by its place in that order. */
async function castAll(bot: Bot, channelId: string, voters: string[], concurrency: number): Promise<{ latencies: number[]; receipts: string[]; refused: string[] }> {
  const latencies: number[] = new Array(voters.length);
  const receipts: string[] = [];
  const refused: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < voters.length) {
        const i = next++;
        const t0 = now();
        const view = await bot.run(voters[i]!, channelId, `vote E1 ${rankingOf(i)}`);
        latencies[i] = now() - t0;
        const text = JSON.stringify(view.blocks);
        const receipt = /Receipt: ([A-Z0-9]{10})/.exec(text)?.[1];
        if (receipt) receipts.push(receipt);
        else refused.push(text.slice(0, 200));
      }
    }),
  );
  return { latencies, receipts, refused };
}

const summary = (xs: number[]) => ({ meanMs: round(xs.reduce((a, b) => a + b, 0) / xs.length, 2), p50Ms: round(percentile(xs, 50), 2), p99Ms: round(percentile(xs, 99), 2) });

export async function runSecretElection(opts: SecretElectionOptions = {}) {
  const n = opts.voters ?? 2_000;
  const concurrency = opts.concurrency ?? 8;
  const side = SlackSide.start();
  let bot: Bot | undefined;
  let sql: postgres.Sql | undefined;
  try {
    const fake = await side.startFake(TEAM);
    bot = await startBot(fake.apiUrl);
    sql = postgres(bot.databaseUrl, { max: 2, onnotice: () => {} });

    progress('secret election: warm-up election with 50 voters');
    const warmVoters = Array.from({ length: 50 }, (_, i) => `U0WARM${String(i).padStart(4, '0')}`);
    await secretElection(bot, 'C0SECRETW1', warmVoters);
    await castAll(bot, 'C0SECRETW1', warmVoters, concurrency);

    progress(`secret election: setting up ${n} voters`);
    const channelId = 'C0SECRET01';
    const voters = Array.from({ length: n }, (_, i) => `U0SEC${String(i).padStart(5, '0')}`);
    const electionId = await secretElection(bot, channelId, voters);
    progress(`secret election: ${n} votes, ${concurrency} in flight`);
    const t0 = now();
    const cast = await castAll(bot, channelId, voters, concurrency);
    const voteSeconds = (now() - t0) / 1000;
    const first100 = summary(cast.latencies.slice(0, 100));
    const last100 = summary(cast.latencies.slice(-100));

    const tc = now();
    const closed = JSON.stringify((await must(bot, COORDINATOR, channelId, 'election close E1')).blocks);
    const closeMs = now() - tc;
    const [counts] = (await sql`
      select (select count(*)::int from election_participations where election_id = ${electionId}) as participations,
             (select count(distinct voter_key)::int from election_participations where election_id = ${electionId}) as voters,
             (select count(*)::int from election_ballots where election_id = ${electionId}) as ballots,
             (select count(*)::int from election_sealed_ballots where election_id = ${electionId}) as sealed`) as unknown as [{ participations: number; voters: number; ballots: number; sealed: number }];
    const firsts = (await sql`select ranking[1] as first, count(*)::int as n from election_ballots where election_id = ${electionId} group by 1 order by 1`) as unknown as { first: number; n: number }[];
    const expectedFirsts = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const first = Number(rankingOf(i).split(' ')[0]);
      expectedFirsts.set(first, (expectedFirsts.get(first) ?? 0) + 1);
    }
    const firstsOk = firsts.length === expectedFirsts.size && firsts.every((f) => expectedFirsts.get(f.first) === f.n);
    const receiptsInResult = cast.receipts.filter((r) => closed.includes(r)).length;
    const latencyRatio = ratio(last100.p50Ms!, first100.p50Ms!);
    progress(`secret election: first 100 p50 ${first100.p50Ms} ms, last 100 p50 ${last100.p50Ms} ms (×${latencyRatio}); close ${Math.round(closeMs)} ms`);
    return {
      election: `secret (per:person), STV, 2 seats, 3 candidates; ${n} voters, each one ranked ballot through the core; ${concurrency} votes in flight`,
      voters: n,
      votesPerSec: round(n / voteSeconds, 0),
      first100,
      last100,
      ratioLast100OverFirst100P50: latencyRatio,
      ratioLast100OverFirst100Mean: ratio(last100.meanMs!, first100.meanMs!),
      closeMs: round(closeMs, 0),
      verified: {
        receipts: cast.receipts.length,
        distinctReceipts: new Set(cast.receipts).size,
        receiptsInResult,
        refused: cast.refused.length,
        ...counts,
        firstPreferencesAsCast: firstsOk,
        ok:
          cast.receipts.length === n &&
          new Set(cast.receipts).size === n &&
          receiptsInResult === n &&
          counts.participations === n &&
          counts.voters === n &&
          counts.ballots === n &&
          counts.sealed === 0 &&
          firstsOk,
      },
      targetMet: latencyRatio !== null && latencyRatio <= 2,
      logWarnings: bot.logs.warnings,
      logErrors: bot.logs.errors,
      ...(bot.logs.samples.length ? { logSamples: bot.logs.samples } : {}),
    };
  } finally {
    await sql?.end({ timeout: 5 }).catch(() => {});
    await bot?.stop().catch((err: unknown) => progress(`secret election cleanup failed: ${String(err)}`));
    await side.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runSecretElection();
  console.log(JSON.stringify({ bench: 'secret-election', ...result }));
  process.exit(0);
}
