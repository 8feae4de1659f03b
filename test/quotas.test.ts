/**
 * Quotas on what one person or one network may have open (issue #10): counted in the inserting
 * transaction under a lock, so bursts of parallel requests on the real Postgres cannot pass them.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../src/views/view.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let channel = 0;
let ctx: (user: string) => CommandContext;

const text = (v: View) => v.blocks.map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : '')).join(' ');
const run = async (user: string, line: string) => text(await rt.neuvo.handle(ctx(user), line));
/** Runs `line(i)` n times at once and counts the answers containing `phrase`. */
const burst = async (n: number, user: string, line: (i: number) => string) => Promise.all(Array.from({ length: n }, (_, i) => run(user, line(i))));
const counting = (answers: string[], phrase: string) => answers.filter((a) => a.includes(phrase)).length;

beforeAll(async () => {
  rt = await startTestRuntime({ limits: { openPollsPerNetwork: 2, openElectionsPerNetwork: 2, nominationsPerElection: 3, nominationsPerPersonPerElection: 2, topicsPerPersonPerPoll: 2, topicsPerPoll: 5 } });
  rt.messenger.register('console', new RecordingMessenger());
});
afterAll(async () => rt?.stop());

beforeEach(async () => {
  const channelId = `q${++channel}`;
  ctx = (user) => ({ actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false }, space: { platform: 'console', workspaceId: 'w', channelId } });
  await run('coord', 'setup area:Lappi');
});

describe('open polls and elections per network', () => {
  it('creates no more open polls than the limit from parallel requests; a closed one frees a place', async () => {
    const answers = await burst(5, 'coord', (i) => `poll new "Q${i}" theme:goals options:"A|B"`);
    expect(counting(answers, 'created')).toBe(2);
    expect(counting(answers, 'This network already has 2 open polls')).toBe(3);
    const [open] = /P\d+/.exec(answers.find((a) => a.includes('created'))!)!;
    await run('coord', `poll close ${open}`);
    expect(await run('coord', 'poll new "Later" theme:goals')).toContain('created');
  });

  it('creates no more open elections than the limit from parallel requests', async () => {
    const answers = await burst(5, 'coord', (i) => `election new "E${i}" seats:1 method:plurality per:person`);
    expect(counting(answers, 'created')).toBe(2);
    expect(counting(answers, 'This network already has 2 open elections')).toBe(3);
  });
});

describe('nominations and suggested topics', () => {
  it('takes no more nominations per election than the limit, however they arrive', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality per:person');
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((u) => run(u, 'election nominate E1 @' + u)));
    expect(counting(answers, 'is a candidate in E1')).toBe(3);
    expect(counting(answers, 'This election already has 3 nominees')).toBe(2);
  });

  it('takes no more nominations from one person than the limit, so one member cannot fill the election; coordinators are not held to it', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality per:person');
    const answers = await burst(3, 'member', (i) => `election nominate E1 @n${i}`);
    expect(counting(answers, 'accept or decline')).toBe(2);
    expect(counting(answers, 'You have already nominated 2 people in this election')).toBe(1);
    expect(await run('other', 'election nominate E1 @other')).toContain('is a candidate in E1');
    await run('coord', 'election new "Council" seats:1 method:plurality per:person');
    for (const who of ['c1', 'c2', 'c3']) expect(await run('coord', `election nominate E2 @${who}`)).toContain('accept or decline');
  });

  it('takes no more topics from one person than the limit, merged ones included; coordinators are not held to it', async () => {
    await run('coord', 'poll new "Topics" theme:goals');
    const answers = await burst(4, 'member', (i) => `poll suggest P1 "Topic ${i}"`);
    expect(counting(answers, 'added to P1')).toBe(2);
    expect(counting(answers, 'You have already suggested 2 topics to this poll')).toBe(2);
    await run('coord', 'poll merge P1 1 2');
    expect(await run('member', 'poll suggest P1 "Another"')).toContain('You have already suggested 2 topics');
    expect(await run('other', 'poll suggest P1 "Theirs"')).toContain('added to P1');
    for (const t of ['X', 'Y', 'Z']) expect(await run('coord', `poll suggest P1 "${t}"`)).toContain('added to P1');
  });

  it('holds a poll to the configured number of topics, given at creation or suggested in parallel', async () => {
    expect(await run('coord', 'poll new "Many" theme:goals options:"A|B|C|D|E|F"')).toBe('A poll holds at most 5 topics: merge duplicates first.');
    await run('coord', 'poll new "Some" theme:goals options:"A|B"');
    await run('coord', 'poll close P1');
    await run('coord', 'poll new "Some" theme:goals options:"A" suggest-until:+1d');
    const answers = await Promise.all(['m1', 'm2', 'm3', 'm4', 'm5'].map((u) => run(u, `poll suggest P2 "From ${u}"`)));
    expect(counting(answers, 'added to P2')).toBe(4);
    expect(counting(answers, 'A poll holds at most 5 topics')).toBe(1);
  });

  it('names the limit in the network’s language', async () => {
    await run('coord', 'poll new "Topics" theme:goals');
    await burst(2, 'member', (i) => `poll suggest P1 "Topic ${i}"`);
    await run('coord', 'setup lang:fi');
    expect(await run('member', 'poll suggest P1 "Lisää"')).toBe('Olet jo ehdottanut tähän kyselyyn 2 aihetta, enimmäismäärän yhdelle henkilölle.');
    await run('coord', 'setup lang:sv');
    expect(await run('member', 'poll suggest P1 "Mer"')).toBe('Du har redan föreslagit 2 ämnen till den här omröstningen, det högsta antalet för en person.');
  });
});
