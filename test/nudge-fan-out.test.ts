/**
 * Nudges fan out into one DM job per person (src/app/services/nudges.ts), through the real runtime
 * (Postgres, BullMQ worker): each DM is sent once however often the nudge runs, a person who voted
 * after the fan-out is not reminded, and forgetting a person cancels the DMs still waiting for them.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { runNudge, startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
const messenger = new RecordingMessenger();
let channel = 0;
let channelId = '';

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));

/** This channel's jobs of `kind`, with their state and person. */
const jobsOf = async (kind: string) => (await sql<{ id: string; state: string; detail: string | null }[]>`
  select j.id::text, j.state, j.detail from scheduled_jobs j join elections e on e.id = j.entity_id
  where e.channel_id = ${channelId} and j.kind = ${kind} order by j.detail`);

/** An election E1 voting, with organisations A (a1, a2), B (b1) and C (c1, c2); its nudge job, off the queue. */
async function votingElection(): Promise<string> {
  await run('coord', 'setup area:Lappi');
  for (const [org, members] of [['A', ['a1', 'a2']], ['B', ['b1']], ['C', ['c1', 'c2']]] as const) {
    await run('coord', `org add "Org ${org}"`);
    for (const m of members) await run('coord', `org member add "Org ${org}" @${m}`);
  }
  await run('coord', 'election new "Board" seats:1 method:plurality vote-until:+5d');
  await run('a1', 'election nominate E1 @a1');
  await run('b1', 'election nominate E1 @b1');
  expect(await run('coord', 'election open E1')).not.toContain('✗');
  const [nudge] = await jobsOf('election.nudge');
  await rt.scheduler.cancel(nudge!.id);
  return nudge!.id;
}

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql.end();
  await rt.stop();
});
beforeEach(() => {
  channelId = `nf${++channel}`;
  messenger.sent.length = 0;
});

describe('a nudge fanned out into one DM job per person', () => {
  it('sends each DM once when the nudge runs again after it fanned out, and never names the person once sent', async () => {
    const nudge = await votingElection();
    await run('b1', 'vote E1 2');
    messenger.sent.length = 0;
    expect(await runNudge(rt, nudge)).toBe('done');
    expect(messenger.sent.map((m) => m.to).sort()).toEqual(['@a1', '@a2', '@c1', '@c2']);
    // As after a crash between the fan-out and marking the nudge done: the nudge runs again.
    await sql`update scheduled_jobs set state = 'pending', done_at = null where id = ${nudge}`;
    expect(await runNudge(rt, nudge)).toBe('done');
    expect(messenger.sent).toHaveLength(4);
    const dms = await jobsOf('election.nudge-dm');
    expect(dms.map((d) => [d.state, d.detail])).toEqual(Array.from({ length: 4 }, () => ['done', null]));
  });

  it("does not remind someone whose organisation voted after the fan-out, nor someone forgotten meanwhile", async () => {
    const nudge = await votingElection();
    await rt.worker.pause();
    try {
      // Fanned out and queued while the worker takes nothing.
      await rt.neuvo.runJob(nudge);
      const pending = await jobsOf('election.nudge-dm');
      expect(pending.map((d) => d.detail)).toEqual(['a1', 'a2', 'b1', 'c1', 'c2']);
      await run('a2', 'vote E1 1');
      const forgotten = await run('c2', 'privacy forget confirm:yes');
      expect(forgotten).not.toContain('✗');
      const c2 = (await jobsOf('election.nudge-dm')).find((d) => d.id === pending.find((p) => p.detail === 'c2')!.id)!;
      expect([c2.state, c2.detail]).toEqual(['cancelled', null]);
    } finally {
      rt.worker.resume();
    }
    await runNudge(rt, nudge);
    expect(messenger.sent.filter((m) => m.text.includes('not voted yet')).map((m) => m.to).sort()).toEqual(['@b1', '@c1']);
  });
});
