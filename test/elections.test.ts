import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { count, parseBlt } from '../src/domain/tally/index.js';

import { viewText } from './support/view-text.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { runNudge, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
const messenger = new RecordingMessenger();
let channel = 0;
let channelId = '';

const ctx = (user: string, requestId?: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
  ...(requestId ? { requestId } : {}),
});
const text = viewText;
const run = async (user: string, line: string, requestId?: string) => text(await rt.neuvo.handle(ctx(user, requestId), line));

const ORGS = ['Org A', 'Org B', 'Org C', 'Org D', 'Org E'];

/** A network with five organisations, one member each (a1 … e1), and coordinator `coord`. */
async function network(): Promise<void> {
  channelId = `el${++channel}`;
  await run('coord', 'setup area:Kainuu');
  for (const [i, org] of ORGS.entries()) {
    await run('coord', `org add "${org}"`);
    await run('coord', `org member add "${org}" @${'abcde'[i]}1`);
  }
}

beforeAll(async () => {
  // One test nominates more candidates than a ballot form shows, past the default nomination limit.
  rt = await startTestRuntime({ limits: { nominationsPerElection: 200 } });
  rt.messenger.register('console', messenger);
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await rt.stop();
});
beforeEach(async () => {
  messenger.sent.length = 0;
  messenger.updates.length = 0;
  await network();
});

async function twoSeatElectionWithThreeCandidates(extra = 'method:stv'): Promise<void> {
  expect(await run('coord', `election new "Representatives 2027" seats:2 ${extra}`)).toContain('Election E1 created');
  expect(messenger.sent.at(-1)!.to).toBe(`#${channelId}`);
  expect(await run('a1', 'election nominate E1 @a1 org:"Org A"')).toContain('@a1 is a candidate in E1 (number 1)');
  expect(await run('a1', 'election nominate E1 @b1')).toContain('@a1 nominated @b1 in E1 (number 2)');
  expect(await run('b1', 'election accept E1')).toContain('@b1 accepted');
  await run('coord', 'election nominate E1 @c1');
  expect(await run('coord', 'election accept E1')).toContain('You are not a nominee in E1');
  await run('c1', 'election accept E1');
}

describe('elections, start to finish', () => {
  it('a coordinator runs a 2-seat STV election for five organisations: Scottish count, receipts published', async () => {
    await twoSeatElectionWithThreeCandidates();
    expect(await run('a1', 'election open E1')).toBe('Only a coordinator of this network can do that.');
    expect(await run('coord', 'election open E1')).toContain('Rank the candidates');
    const receipts: string[] = [];
    for (const [user, ballot] of [['a1', '1 2'], ['b1', '1 3'], ['c1', '1 2'], ['d1', '3'], ['e1', '2 3']] as const) {
      const reply = await run(user, `vote E1 ${ballot}`);
      expect(reply).toContain('Your secret ballot in E1');
      receipts.push(/Receipt: ([A-Z0-9]{10})/.exec(reply)![1]!);
    }
    expect(await run('coord', 'election turnout E1')).toContain('5 of 5 have voted');
    // The card in the channel is updated in place, throttled: quick votes fold into fewer updates,
    // and the last one shows the exact turnout.
    const turnouts = () => messenger.updates.filter((u) => u.text.includes('Voted: ')).map((u) => Number(/Voted: (\d) of 5/.exec(u.text)![1]));
    await vi.waitFor(() => expect(turnouts().at(-1)).toBe(5), { timeout: 5_000 });
    expect(turnouts()[0]).toBe(0);
    expect(turnouts().length).toBeLessThan(6);
    expect(turnouts()).toEqual([...turnouts()].sort((a, b) => a - b));
    const result = await run('coord', 'election close E1');
    // Quota ⌊5/3⌋+1 = 2; 1 is elected on first preferences, its surplus of 1 goes 2/3 to 2, 1/3 to 3; 3 is excluded; 2 is elected.
    expect(result).toContain('Elected, in order of election:\n1. @a1 (Org A)\n2. @b1');
    expect(result).toContain('Quota: 2.00000');
    // Rounds name the candidates; no lot was drawn, so no seed is shown.
    expect(result).toContain('surplus of @a1 transferred');
    expect(result).toContain('@c1 excluded');
    expect(result).toMatch(/^1\. first preferences — @a1: 3\.00000 · @b1: 1\.00000 · @c1: 1\.00000 → ✓ @a1$/m);
    expect(result).not.toContain('Seed of the lot');
    for (const r of receipts) expect(result).toContain(r);
    expect(await run('coord', 'election close E1')).toContain('E1 is already closed');
    expect(await run('d1', 'vote E1 1')).toContain('Voting in E1 has closed');

    const exported = await rt.neuvo.handle(ctx('d1'), 'election export E1');
    const file = exported.blocks.find((b) => b.type === 'file');
    expect(file).toMatchObject({ type: 'file', name: 'neuvo-E1.blt' });
    const blt = parseBlt(file!.type === 'file' ? file!.content : '');
    expect(blt.ok).toBe(true);
    const recount = count('scottish', (blt as { ok: true; value: Parameters<typeof count>[1] }).value, { seed: 'x' });
    expect(recount.ok && recount.value.winners).toEqual(['a1 (Org A)', 'b1']);
  });

  it('the card lists accepted candidates only, with nominees still to answer and those who declined apart', async () => {
    await run('coord', 'election new "Board" seats:1 method:stv nominate-until:+2d');
    await run('a1', 'election nominate E1 @a1 org:"Org A"');
    await run('a1', 'election nominate E1 @b1');
    await run('a1', 'election nominate E1 @c1');
    await run('c1', 'election decline E1');
    const card = () => run('a1', 'election show E1');
    expect(await card()).toContain('1 candidate:\n1. @a1 (Org A)\nAwaiting answer: 2. @b1\nDeclined: 3. @c1\n');

    // Before nominate-until, nominees keep their time to answer; at it, voting opens without them.
    expect(await run('coord', 'election open E1')).toMatch(/^E1 opens by itself at .+; until then nominee 2 has time to answer\. It can open earlier once every nominee has accepted or declined\.$/);
    const [job] = await sql<{ id: string }[]>`select j.id::text from scheduled_jobs j join elections e on e.id = j.entity_id where e.channel_id = ${channelId} and j.kind = 'election.open'`;
    await rt.neuvo.runJob(job!.id);
    expect(await card()).toContain('Phase: voting');
    expect(await card()).toContain('1 candidate:\n1. @a1 (Org A)\nDid not answer (not on the ballot): 2. @b1\nDeclined: 3. @c1\n');
    expect(await run('b1', 'election accept E1')).toBe('Nominations in E1 are closed.');
    expect(await run('b1', 'vote E1 2')).toBe('“2” is not a candidate: use the numbers on the election card.');
  });

  it('opening by hand with no nomination deadline lapses unanswered nominations', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality');
    await run('a1', 'election nominate E1 @a1');
    await run('a1', 'election nominate E1 @b1');
    expect(await run('coord', 'election open E1')).toContain('Voting is open in E1');
    expect(await run('a1', 'election show E1')).toContain('1 candidate:\n1. @a1\nDid not answer (not on the ballot): 2. @b1\n');
  });

  it('a ballot of more candidates than a form can show is not offered as a form: the voter is told to type it', async () => {
    await run('coord', 'election new "Council" seats:1 method:plurality secret:no');
    for (let n = 1; n <= 101; n++) await run(`p${n}`, `election nominate E1 @p${n}`);
    await run('coord', 'election open E1');
    expect(text((await rt.neuvo.form(ctx('a1'), 'vote E1')) as Parameters<typeof text>[0])).toBe(
      'E1 has 101 candidates, more than a ballot form can show (100): vote by typing /neuvo vote E1 and the candidate numbers from the card.',
    );
    expect(await run('a1', 'vote E1 101')).toMatch(/^Your vote in E1 for “Org A” is counted: 101\./);
  });

  it('a tie broken by lot says who was excluded, or who was elected, as the count did', async () => {
    await run('coord', 'election new "Chair" seats:1 method:stv');
    for (const u of ['a1', 'b1', 'c1']) await run(u, `election nominate E1 @${u}`);
    await run('coord', 'election open E1');
    for (const [u, ballot] of [['a1', '1'], ['b1', '1'], ['c1', '2'], ['d1', '3']] as const) await run(u, `vote E1 ${ballot}`);
    const stv = await run('coord', 'election close E1');
    const excluded = /Round 2: @b1, @c1 were tied; by lot \(seed above\), (@[bc]1) was excluded\./.exec(stv)?.[1];
    expect(excluded, stv).toBeDefined();
    expect(stv).toMatch(new RegExp(`^2\\. ${excluded} excluded — .*→ ✗ ${excluded}$`, 'm'));
    expect(stv).toMatch(/^Seed of the lot: \S+$/m);

    await run('coord', 'election new "Secretary" seats:1 method:plurality');
    for (const u of ['a1', 'b1']) await run(u, `election nominate E2 @${u}`);
    await run('coord', 'election open E2');
    for (const [u, ballot] of [['a1', '1'], ['b1', '2']] as const) await run(u, `vote E2 ${ballot}`);
    const plurality = await run('coord', 'election close E2');
    const elected = /Round 1: @a1, @b1 were tied; by lot \(seed above\), @([ab])1 was elected\./.exec(plurality)?.[1];
    expect(elected, plurality).toBeDefined();
    expect(plurality).toContain(`Elected:\n${elected === 'a' ? 1 : 2}. @${elected}1`);
  });

  it('a secret ballot is sealed with no voter until close, then opened in receipt order by the close alone', async () => {
    await twoSeatElectionWithThreeCandidates();
    await run('coord', 'election open E1');
    const columns = async (table: string) => (await sql`select column_name from information_schema.columns where table_name = ${table} order by column_name`).map((c) => c.column_name);
    expect(await columns('election_sealed_ballots')).toEqual(['election_id', 'sealed']);
    const receipts: string[] = [];
    for (const [user, ballot] of [['a1', '1 2 3'], ['b1', '3'], ['c1', '2']] as const) receipts.push(/Receipt: ([A-Z0-9]{10})/.exec(await run(user, `vote E1 ${ballot}`))![1]!);
    const [{ id } = { id: '' }] = await sql<{ id: string }[]>`select id::text from elections where channel_id = ${channelId}`;
    // While voting: nothing in clear, and every seal has one length, however much was ranked.
    expect(await sql`select 1 from election_ballots where election_id = ${id}`).toHaveLength(0);
    const sealed = await sql<{ sealed: string }[]>`select sealed from election_sealed_ballots where election_id = ${id}`;
    expect(sealed).toHaveLength(3);
    expect(new Set(sealed.map((r) => r.sealed.length)).size).toBe(1);
    for (const r of receipts) expect(sealed.some((x) => x.sealed.includes(r))).toBe(false);
    await run('coord', 'election close E1');
    const [closed] = await sql<{ xmin: string }[]>`select xmin::text from elections where id = ${id}`;
    const ballots = await sql<{ receipt: string; xmin: string; voter_key: string | null }[]>`select receipt, xmin::text, voter_key from election_ballots where election_id = ${id} order by ctid`;
    expect(ballots.map((b) => b.receipt)).toEqual([...receipts].sort());
    expect(ballots.every((b) => b.xmin === closed!.xmin && b.voter_key === null)).toBe(true);
    expect(await sql`select 1 from election_sealed_ballots where election_id = ${id}`).toHaveLength(0);
  });

  it('refuses a second secret ballot for an organisation, and counts a retried request once', async () => {
    await twoSeatElectionWithThreeCandidates();
    await run('coord', 'election open E1');
    await run('coord', 'org member add "Org A" @a2');
    expect(await run('a1', 'vote E1 1 2', 'req-1')).toContain('Your secret ballot in E1 for “Org A” is counted');
    expect(await run('a1', 'vote E1 1 2', 'req-1')).toBe('That vote in E1 was already counted once.');
    expect(await run('a1', 'vote E1 2', 'req-2')).toContain('A ballot for “Org A” is already counted in E1');
    // a2 joined Org A after voting opened: not on the roll.
    expect(await run('a2', 'vote E1 2')).toContain('You are not on the roll of E1');
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from election_sealed_ballots b join elections e on e.id = b.election_id where e.channel_id = ${channelId}`;
    expect(row!.n).toBe(1);
  });

  it('an open ballot may be changed until close; a member of two organisations says which one votes', async () => {
    await twoSeatElectionWithThreeCandidates('secret:no method:approval');
    await run('coord', 'org member add "Org B" @a1');
    await run('coord', 'election open E1');
    expect(await run('a1', 'vote E1 1 2')).toContain('You represent several organisations: add org:"…", one of "Org A", "Org B"');
    expect(await run('a1', 'vote E1 1 2 org:"Org A"')).toContain('Your vote in E1 for “Org A” is counted: 1 2');
    expect(await run('a1', 'vote E1 3 org:"org a"')).toContain('Your ballot in E1 for “Org A” was replaced: 3');
    expect(await run('a1', 'vote E1 3 org:"Org C"')).toContain('You cannot vote for “Org C” in E1');
  });

  it('rejects bad ballots with what was expected, and votes before opening', async () => {
    await run('coord', 'election new "Chair" seats:1 method:plurality');
    await run('a1', 'election nominate E1 @a1');
    await run('b1', 'election nominate E1 @b1');
    expect(await run('a1', 'vote E1 1')).toBe('Voting in E1 has not opened yet.');
    await run('coord', 'election open E1');
    expect(await run('a1', 'vote E1 7')).toBe('“7” is not a candidate: use the numbers on the election card.');
    expect(await run('a1', 'vote E1 1 1')).toBe('“1” is on your ballot twice: name each candidate once.');
    expect(await run('a1', 'vote E1 1 2')).toBe('Too many choices: this election takes 1.');
    expect(await run('a1', 'vote E1 @b1')).toContain('Your secret ballot in E1');
    expect(await run('a1', 'vote E9 1')).toBe('There is no election E9: see /neuvo election list.');
    expect(await run('coord', 'election new "x" seats:0 method:stv')).toContain('seats: “0” is not a whole number from 1 to 20.');
    expect(await run('coord', 'election new "x" seats:2 method:borda')).toContain('is not one of plurality, approval, stv');
  });

  it('refuses an unknown option or an out-of-range date with what was expected, creating nothing', async () => {
    expect(await run('coord', 'election new "Representatives 2027" seats:2 alternates:yes method:stv')).toBe(
      'Unknown option “alternates:”. Its options: seats:, method:, rule:, per:, secret:, public:, nominate-until:, vote-until:, deputies:, balance:, quorum:, term:. Expected:\n/neuvo election new "<title>" seats:<n> method:plurality|approval|stv [rule:scottish|meek] [per:org|person] [secret:yes|no] [public:yes|no] [nominate-until:<date>] [vote-until:<date>] [deputies:yes|no] [balance:none|pairs|40] [quorum:<n>%] [term:"<term>"]',
    );
    expect(await run('coord', 'election new "Representatives 2027" seat:2 method:stv')).toContain('Unknown option “seat:” — did you mean “seats:”?');
    expect(await run('coord', 'election new "x" seats:2 method:stv vote-until:+300000000d')).toContain('vote-until: “+300000000d” is out of range: expected a date within 100 years of today.');
    expect(await run('coord', 'election list')).not.toContain('E1');
  });

  it('opens and closes by itself at its deadlines through BullMQ, posting the card and the result', async () => {
    await run('coord', 'election new "Quick" seats:1 method:plurality secret:no nominate-until:+2s vote-until:+4s');
    await run('a1', 'election nominate E1 @a1');
    await run('b1', 'election nominate E1 @b1');
    await messenger.waitFor(2, 10_000);
    expect(messenger.sent[1]!.text).toContain('Voting is open in E1 · Quick');
    await run('a1', 'vote E1 1');
    await run('b1', 'vote E1 1');
    await run('c1', 'vote E1 2');
    await messenger.waitFor(3, 10_000);
    expect(messenger.sent[2]!.text).toContain('Elected:');
    expect(messenger.updates.at(-1)!.text).toContain('Voting has closed');
    expect(await run('coord', 'election show E1')).toContain('1. @a1');
  });

  it('a scheduled close after a manual close does nothing', async () => {
    await run('coord', 'election new "Manual" seats:1 method:plurality vote-until:+3s');
    await run('a1', 'election nominate E1 @a1');
    await run('coord', 'election open E1');
    await run('a1', 'vote E1 1');
    expect(await run('coord', 'election close E1')).toContain('Elected:');
    await new Promise((r) => setTimeout(r, 3_800));
    expect(messenger.sent.filter((m) => m.text.includes('Elected'))).toEqual([]);
    expect(messenger.updates.filter((u) => u.text.includes('Voting has closed'))).toHaveLength(1);
  });

  it('nudges by DM the members of organisations that have not voted, and nominees who have not answered', async () => {
    await run('coord', 'election new "Nudged" seats:1 method:plurality nominate-until:+2d vote-until:+5d');
    await run('a1', 'election nominate E1 @a1');
    await run('a1', 'election nominate E1 @b1');
    const jobs = await sql<{ id: string; kind: string }[]>`select j.id::text, j.kind from scheduled_jobs j join elections e on e.id = j.entity_id where e.channel_id = ${channelId} order by j.due_at`;
    expect(jobs.map((j) => j.kind)).toEqual(['election.nominee-nudge', 'election.open', 'election.nudge', 'election.nudge', 'election.close']);
    messenger.sent.length = 0;
    await runNudge(rt, jobs[0]!.id);
    expect(messenger.sent).toEqual([{ to: '@b1', text: expect.stringContaining('You are nominated in E1 · Nudged') }]);
    await rt.neuvo.runJob(jobs[1]!.id);
    await run('a1', 'vote E1 1');
    messenger.sent.length = 0;
    await runNudge(rt, jobs[2]!.id);
    expect(messenger.sent.map((m) => m.to).sort()).toEqual(['@b1', '@c1', '@d1', '@e1']);
    expect(messenger.sent[0]!.text).toContain('Your organisation has not voted yet in E1 · Nudged');
    // One DM job per person, each done, none still naming its person.
    const dms = await sql<{ state: string; detail: string | null }[]>`select j.state, j.detail from scheduled_jobs j join elections e on e.id = j.entity_id where e.channel_id = ${channelId} and j.kind = 'election.nudge-dm'`;
    expect(dms).toEqual(Array.from({ length: 4 }, () => ({ state: 'done', detail: null })));
    // A job that already ran does nothing the second time.
    messenger.sent.length = 0;
    expect(await runNudge(rt, jobs[2]!.id)).toBe('skipped');
    expect(messenger.sent).toEqual([]);
    for (const j of jobs) await rt.scheduler.cancel(j.id);
  });

  it.each([
    ['open', 'no'],
    ['secret', 'yes'],
  ])('%s ballots cast all at once are each counted exactly once', async (_kind, secret) => {
    const voters = Array.from({ length: 60 }, (_, i) => `v${i}`);
    await run('coord', 'org add "Everyone"');
    for (const v of voters) await run('coord', `org member add "Everyone" @${v}`);
    await run('coord', `election new "Crowd" seats:1 method:plurality per:person secret:${secret}`);
    await run('a1', 'election nominate E1 @a1');
    await run('b1', 'election nominate E1 @b1');
    await run('coord', 'election open E1');
    const replies = await Promise.all(voters.map((v, i) => run(v, `vote E1 ${1 + (i % 3 === 0 ? 1 : 0)}`, `req-${_kind}-${v}`)));
    expect(replies.filter((r) => !r.includes('is counted'))).toEqual([]);
    // The platform retries every request: nothing more is counted.
    await Promise.all(voters.map((v, i) => run(v, `vote E1 ${1 + (i % 3 === 0 ? 1 : 0)}`, `req-${_kind}-${v}`)));
    const result = await run('coord', 'election close E1');
    expect(result).toContain('Valid ballots: 60');
    expect(result).toContain('1. @a1');
  });

  /** An open per-person plurality election E1 with `voters` on the roll, voting. */
  async function openCrowd(voters: readonly string[]): Promise<void> {
    await run('coord', 'org add "Everyone"');
    for (const v of voters) await run('coord', `org member add "Everyone" @${v}`);
    await run('coord', 'election new "Crowd" seats:1 method:plurality per:person secret:no');
    await run('a1', 'election nominate E1 @a1');
    await run('b1', 'election nominate E1 @b1');
    await run('coord', 'election open E1');
  }

  it('the ranking form names its positions and its start-over button in the network’s language', async () => {
    await twoSeatElectionWithThreeCandidates();
    await run('coord', 'election open E1');
    await run('coord', 'setup lang:fi');
    const form = await rt.neuvo.form(ctx('a1'), 'vote E1');
    expect('field' in form && form.field.kind === 'rank' ? [form.field.choiceLabels, form.field.startOver] : form).toEqual([['Valinta 1', 'Valinta 2', 'Valinta 3'], 'Aloita alusta']);
  });

  it('one voter’s open ballots sent all at once leave one ballot, and a retry among them counts once', async () => {
    await openCrowd(['v0']);
    const choices = Array.from({ length: 12 }, (_, i) => 1 + (i % 2));
    const replies = await Promise.all([...choices.map((c, i) => run('v0', `vote E1 ${c}`, `same-voter-${i}`)), run('v0', 'vote E1 1', 'same-voter-0')]);
    expect(replies.filter((r) => r.includes('is counted'))).toHaveLength(1);
    expect(replies.filter((r) => r.includes('was replaced'))).toHaveLength(11);
    expect(replies.filter((r) => r.includes('already'))).toHaveLength(1);
    const [counts] = await sql<{ ballots: number; participations: number }[]>`
      select (select count(*)::int from election_ballots b join elections e on e.id = b.election_id join spaces s on s.network_id = e.network_id where s.channel_id = ${channelId}) as ballots,
             (select count(*)::int from election_participations p join elections e on e.id = p.election_id join spaces s on s.network_id = e.network_id where s.channel_id = ${channelId}) as participations`;
    expect(counts).toEqual({ ballots: 1, participations: 1 });
  });

  it('a vote racing the close is either in the count or told that voting has closed', async () => {
    const voters = Array.from({ length: 40 }, (_, i) => `r${i}`);
    await openCrowd(voters);
    const votes = voters.map((v) => run(v, 'vote E1 1', `race-${v}`));
    const result = await run('coord', 'election close E1');
    const replies = await Promise.all(votes);
    const counted = replies.filter((r) => r.includes('is counted')).length;
    expect(counted + replies.filter((r) => r.includes('has closed')).length).toBe(voters.length);
    expect(result).toContain(`Valid ballots: ${counted}`);
  });
});
