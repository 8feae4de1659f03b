/**
 * Reminders restored after their moment (Redis wiped, reconcile re-adds them) never claim a future
 * that has passed: the real worker runs them with a clock the test moves forward past their time.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { waitUntil } from '../bench/lib/stats.js';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { deleteKeys, startTestRuntime, testLog } from './support/runtime.js';
import { viewText } from './support/view-text.js';

/** Real time plus what the test adds. */
let ahead = 0;
const clock = { now: () => new Date(Date.now() + ahead) };
const notices: string[] = [];
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const messenger = new RecordingMessenger();
let channel = 0;
let channelId = '';

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));
const MINUTE = 60_000;

/** As after a Redis wipe while the process was away for `ms`: the queue is empty, time has moved on, reconcile restores. */
async function wipeAndLetTimePass(ms: number): Promise<void> {
  await deleteKeys(rt.prefix);
  ahead += ms;
  await rt.reconcile();
}
/** Waits until none of this channel's jobs due by now is pending any more. */
async function dueJobsRan(): Promise<void> {
  const due = async () => (await rt.deps.jobs.pending()).filter((j) => j.dueAt.getTime() <= clock.now().getTime());
  expect(await waitUntil(async () => (await due()).length === 0, 30_000)).toBe(true);
}

beforeAll(async () => {
  rt = await startTestRuntime({ clock, log: { ...testLog, info: (_obj, msg) => notices.push(msg) } });
  rt.messenger.register('console', messenger);
});
afterAll(async () => rt.stop());
beforeEach(async () => {
  channelId = `st${++channel}`;
  messenger.sent.length = 0;
  notices.length = 0;
  await run('coord', 'setup area:Lappi');
});

describe('a reminder restored after its moment', () => {
  it('a negotiation reminder whose negotiation has started is dropped and logged, not posted', async () => {
    await run('coord', 'setup reminders:1m');
    // (Times far enough ahead that a slow machine cannot reach them before the test moves the clock.)
    expect(await run('coord', 'negotiation add "Started" at:+30m')).toContain('Reminder before it starts: 1 minute.');
    messenger.sent.length = 0;
    await wipeAndLetTimePass(35 * MINUTE);
    await dueJobsRan();
    expect(messenger.sent).toEqual([]);
    expect(notices).toContain('negotiation reminder dropped: the negotiation has started');
  });

  it('a late negotiation reminder says the time actually left, not its planned lead', async () => {
    await run('coord', 'setup reminders:1d');
    await run('coord', 'negotiation add "Tomorrow" at:+1d30m');
    messenger.sent.length = 0;
    await wipeAndLetTimePass(3 * 60 * MINUTE);
    await dueJobsRan();
    expect(messenger.sent.map((m) => m.text)).toEqual([expect.stringMatching(/^⏰ N1 · Tomorrow starts in 21 hours: /)]);
  });

  it('a late personal reminder says it is late and when it was due; one on time does not', async () => {
    await run('coord', 'remind +30m "late one"');
    await wipeAndLetTimePass(40 * MINUTE);
    await dueJobsRan();
    expect(messenger.sent).toHaveLength(1);
    expect(messenger.sent[0]!.text).toMatch(/^⏰ Reminder from @coord: late one Late: this was due .+\.$/);
    messenger.sent.length = 0;
    await run('coord', 'remind +1s "on time"');
    await messenger.waitFor(1);
    expect(messenger.sent.map((m) => m.text)).toEqual(['⏰ Reminder from @coord: on time']);
  });

  it('a poll nudge after vote-until, the poll still open, is dropped: "closes at" would be false', async () => {
    await run('coord', 'org add "Org A"');
    await run('coord', 'org member add "Org A" @a1');
    await run('coord', 'poll new "Late" theme:goals options:"A|B" vote-until:+1d30m');
    const nudge = (await rt.deps.jobs.pending()).find((j) => j.kind === 'poll.nudge')!;
    await rt.scheduler.cancel(nudge.id);
    messenger.sent.length = 0;
    // Past vote-until, before the close job has run: the nudge comes first.
    ahead += 25 * 60 * MINUTE;
    await rt.neuvo.runJob(nudge.id);
    expect(messenger.sent).toEqual([]);
    expect((await rt.deps.jobs.pending()).filter((j) => j.kind.endsWith('-dm'))).toEqual([]);
    expect(notices).toContain('nudge dropped: its deadline has passed');
  });

  it('an election nudge after vote-until, the election still voting, is dropped', async () => {
    for (const who of ['a1', 'b1']) {
      await run('coord', `org add "Org ${who}"`);
      await run('coord', `org member add "Org ${who}" @${who}`);
    }
    await run('coord', 'election new "Late" seats:1 method:plurality vote-until:+1d30m');
    for (const who of ['a1', 'b1']) await run(who, `election nominate E1 @${who}`);
    expect(await run('coord', 'election open E1')).not.toContain('✗');
    const nudge = (await rt.deps.jobs.pending()).find((j) => j.kind === 'election.nudge')!;
    await rt.scheduler.cancel(nudge.id);
    messenger.sent.length = 0;
    ahead += 25 * 60 * MINUTE;
    await rt.neuvo.runJob(nudge.id);
    expect(messenger.sent).toEqual([]);
    expect((await rt.deps.jobs.pending()).filter((j) => j.kind.endsWith('-dm'))).toEqual([]);
    expect(notices).toContain('nudge dropped: its deadline has passed');
  });
});
