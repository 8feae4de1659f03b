/**
 * People's data on the real runtime: `privacy` shows and exports what Neuvo holds about a person,
 * `privacy forget` removes them from the network, `network delete` removes the whole network.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { areaName, WELFARE_AREAS } from '../src/domain/welfare-areas.js';
import { LANGS, translator } from '../src/i18n/translator.js';
import { formCommand, type Form, type View } from '../src/views/view.js';
import { pollHarness, viewText } from './poll-harness.js';

let h: Awaited<ReturnType<typeof pollHarness>>;

beforeAll(async () => {
  h = await pollHarness();
});
afterAll(async () => {
  await h?.stop();
});
beforeEach(async () => {
  await h.network();
});

const fileOf = (v: View) => {
  const f = v.blocks.find((b) => b.type === 'file');
  if (!f || f.type !== 'file') throw new Error(`no file in ${viewText(v)}`);
  return f;
};
const buttonsOf = (v: View) => v.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []));
const queued = async () => new Set((await h.rt.scheduler.queue.getJobs(['delayed', 'waiting', 'prioritized'])).map((j) => j.id));
/** The id of the channel's network, if it has one. */
const boundNetwork = async () => (await h.sql<{ id: string }[]>`select network_id::text as id from spaces where channel_id = ${h.channelId}`)[0]?.id;
const networkId = async () => (await boundNetwork()) ?? expect.fail('the channel has no network');

/** m1 in Org 1 with a bit of everything: a join request, reminders, a nomination, named and anonymous votes, a topic. */
async function m1Everywhere(): Promise<void> {
  expect(await h.run('m1', 'org join "Org 2"')).toContain('J1');
  expect(await h.run('m1', 'remind +2d "Bring the budget draft"')).toContain('R1');
  expect(await h.run('coord', 'remind +3d "Sign the statement" to:@m1')).toContain('R2');
  expect(await h.run('coord', 'remind +3d "Coordinators only"')).toContain('R3');
  expect(await h.run('coord', 'election new "Board" seats:1 method:plurality')).toContain('E1');
  expect(await h.run('m2', 'election nominate E1 @m1')).toContain('nominated');
  expect(await h.run('coord', 'poll new "Named?" theme:goals options:"Alpha|Beta|Gamma"')).toContain('P1');
  expect(await h.run('m1', 'vote P1 2')).toContain('counted');
  expect(await h.run('m2', 'vote P1 2 3')).toContain('counted');
  expect(await h.run('coord', 'poll new "Secret?" theme:measures options:"Delta|Epsilon" anonymous:yes')).toContain('P2');
  expect(await h.run('m1', 'vote P2 2')).toContain('counted');
  expect(await h.run('coord', 'poll new "Ideas?" theme:cooperation')).toContain('P3');
  expect(await h.run('m1', 'poll suggest P3 "Shared premises"')).toContain('Topic 1');
}

describe('privacy: what Neuvo holds about you', () => {
  it('shows the asker alone what the network holds about them, and attaches all of it as JSON', async () => {
    await m1Everywhere();
    const v = await h.view('m1', 'privacy');
    expect(v.private).toBe(true);
    const text = viewText(v);
    expect(text).toContain('What Neuvo holds about you in Kainuu');
    expect(text).toContain('Coordinator: no');
    expect(text).toContain('Organisations you represent: Org 1');
    expect(text).toContain('Reminders set by you or for you: 2');
    expect(text).toContain('Named poll votes: 1');
    expect(text).toContain('Secret ballots and anonymous poll picks are not linked to you: Neuvo only records that you voted (1 such record).');
    expect(buttonsOf(v)).toEqual([{ label: 'Forget me…', command: 'privacy forget', style: 'danger' }]);

    const file = fileOf(v);
    expect([file.name, file.mime]).toEqual(['neuvo-privacy.json', 'application/json']);
    const json = JSON.parse(file.content);
    expect(json.person).toEqual({ platform: 'console', workspace: 'w', user: 'm1' });
    expect(json.coordinator).toBe(false);
    expect(json.organisations).toEqual(['Org 1']);
    expect(json.joinRequests.map((j: any) => [j.id, j.org, j.state])).toEqual([['J1', 'Org 2', 'pending']]);
    expect(json.reminders.map((r: any) => [r.id, r.message, r.setBy, r.to, r.state])).toEqual([
      ['R1', 'Bring the budget draft', 'm1', `#${h.channelId}`, 'pending'],
      ['R2', 'Sign the statement', 'coord', '@m1', 'pending'],
    ]);
    expect(json.candidacies).toEqual([{ election: 'E1', title: 'Board', role: 'candidate', state: 'nominated', org: null, gender: null, statement: null }]);
    expect(json.pollVotes).toEqual([{ poll: 'P1', question: 'Named?', picks: [2] }]);
    // The anonymous poll: that m1 voted, never what.
    expect(json.pollParticipations).toEqual([{ poll: 'P2', question: 'Secret?' }]);
    expect(file.content).not.toContain('Epsilon');
    expect(json.topics).toEqual([{ poll: 'P3', topic: 1, text: 'Shared premises' }]);
    expect(json.audit.map((a: any) => a.action)).toEqual(expect.arrayContaining(['org.member.add', 'org.join', 'remind.create', 'election.nominate', 'poll.suggest']));
    // Nothing of anyone else's: coord's own reminder.
    expect(file.content).not.toContain('Coordinators only');
  });

  it('shows a coordinator their role, and someone new that nothing is held', async () => {
    expect(JSON.parse(fileOf(await h.view('coord', 'privacy')).content).coordinator).toBe(true);
    const json = JSON.parse(fileOf(await h.view('newcomer', 'privacy')).content);
    expect([json.organisations, json.reminders, json.audit]).toEqual([[], [], []]);
  });
});

describe('privacy forget', () => {
  it('says what will go and changes nothing until confirmed', async () => {
    await m1Everywhere();
    const before = await h.sql`select (select count(*) from org_members) m, (select count(*) from poll_votes) v, (select count(*) from reminders) r, (select count(*) from audit_log) a`;
    const preview = await h.view('m1', 'privacy forget');
    expect(preview.private).toBe(true);
    expect(viewText(preview).split('\n').slice(0, 8)).toEqual([
      'This will be removed from the network:',
      '1 organisation membership',
      '1 join request',
      '2 reminders set by you or for you (pending ones are cancelled)',
      '1 nomination in elections still taking nominations',
      '1 named poll vote (closed polls keep their published counts)',
      'your name on 1 suggested topic (the topics stay)',
      expect.stringContaining('Kept: secret ballots and anonymous poll picks'),
    ]);
    expect(buttonsOf(preview)).toEqual([{ label: 'Yes, forget me', command: 'privacy forget confirm:yes', style: 'danger' }]);
    expect(await h.sql`select (select count(*) from org_members) m, (select count(*) from poll_votes) v, (select count(*) from reminders) r, (select count(*) from audit_log) a`).toEqual(before);
  });

  it('removes them from rosters, votes, reminders and nominations in one go, keeping anonymous participation', async () => {
    await m1Everywhere();
    const nid = await networkId();
    const [r1, r2, r3] = await h.sql<{ job: string }[]>`select job_id::text as job from reminders where network_id = ${nid} order by seq`;
    expect(await queued()).toContain(r1!.job);

    const done = await h.view('m1', 'privacy forget confirm:yes');
    expect(viewText(done)).toContain('Done. Removed from this network:\n1 organisation membership');

    expect(await h.run('coord', 'org list')).not.toContain('m1');
    expect(await h.sql`select seq from reminders where network_id = ${nid} order by seq`).toEqual([{ seq: 3 }]);
    const jobs = await h.sql<{ id: string; state: string }[]>`select id::text, state from scheduled_jobs where id in ${h.sql([r1!.job, r2!.job, r3!.job])}`;
    expect(Object.fromEntries(jobs.map((j) => [j.id, j.state]))).toEqual({ [r1!.job]: 'cancelled', [r2!.job]: 'cancelled', [r3!.job]: 'pending' });
    const inQueue = await queued();
    expect([inQueue.has(r1!.job), inQueue.has(r2!.job), inQueue.has(r3!.job)]).toEqual([false, false, true]);
    expect(await h.sql`select user_id from election_candidates c join elections e on e.id = c.election_id where e.network_id = ${nid}`).toEqual([]);
    expect(await h.sql`select voter from poll_votes v join polls p on p.id = v.poll_id where p.network_id = ${nid}`).toEqual([{ voter: 'm2' }]);
    expect(await h.sql`select voter from poll_participations v join polls p on p.id = v.poll_id where p.network_id = ${nid}`).toEqual([{ voter: 'm1' }]);
    expect(await h.sql`select text, suggested_by from poll_options o join polls p on p.id = o.poll_id where p.network_id = ${nid} and p.seq = 3`).toEqual([{ text: 'Shared premises', suggested_by: null }]);
    expect(await h.sql`select count(*)::int n from join_requests where network_id = ${nid}`).toEqual([{ n: 0 }]);

    // The audit entry counts; it does not store again what was removed.
    const [entry] = await h.sql<{ user_id: string; detail: Record<string, unknown> }[]>`select user_id, detail from audit_log where action = 'privacy.forget' and network_id = ${nid}`;
    expect(entry!.user_id).toBe('m1');
    expect(JSON.stringify(entry!.detail)).not.toMatch(/Org 1|budget draft|Shared premises|Named/);
    expect(entry!.detail).toMatchObject({ memberships: 1, reminders: 2, pollVotes: 1, nominations: 1, cancelledJobs: 2 });

    const again = JSON.parse(fileOf(await h.view('m1', 'privacy')).content);
    expect([again.organisations, again.reminders, again.pollVotes, again.candidacies, again.topics]).toEqual([[], [], [], [], []]);
    expect(await h.run('m1', 'privacy forget')).toContain('Neuvo holds nothing about you in this network that it could remove.');
  });

  it('updates the cards that showed them: a live poll’s counts, an election’s nominees', async () => {
    await h.run('coord', 'poll new "Named?" theme:goals options:"Alpha|Beta|Gamma"');
    await h.run('m1', 'vote P1 2');
    await h.run('m2', 'vote P1 2 3');
    await h.run('coord', 'election new "Board" seats:1 method:plurality');
    await h.run('m2', 'election nominate E1 @m1');
    await h.settled();
    expect(h.messenger.card('P1 ·')).toContain('2 people have voted.');
    expect(h.messenger.card('E1 ·')).toContain('@m1');
    await h.run('m1', 'privacy forget confirm:yes');
    await h.settled();
    expect(h.messenger.card('P1 ·')).toContain('1 person has voted.');
    expect(h.messenger.card('E1 ·')).not.toContain('@m1');
  });

  it('counts a double click once: one removal, one audit entry', async () => {
    const nid = await networkId();
    const answers = await Promise.all([h.run('m1', 'privacy forget confirm:yes'), h.run('m1', 'privacy forget confirm:yes')]);
    expect(answers.filter((a) => a.startsWith('Done.'))).toHaveLength(1);
    expect(await h.sql`select detail from audit_log where action = 'privacy.forget' and network_id = ${nid}`).toEqual([{ detail: expect.objectContaining({ memberships: 1 }) }]);
    expect(await h.run('m1', 'privacy forget confirm:yes')).toContain('Neuvo holds nothing about you');
    expect(await h.sql`select count(*)::int n from audit_log where action = 'privacy.forget' and network_id = ${nid}`).toEqual([{ n: 1 }]);
  });

  it('leaves a closed poll’s published counts as they were', async () => {
    await h.run('coord', 'poll new "Named?" theme:goals options:"Alpha|Beta|Gamma"');
    await h.run('m1', 'vote P1 2');
    await h.run('m2', 'vote P1 2 3');
    await h.run('coord', 'poll close P1');
    const shown = await h.run('m3', 'poll show P1');
    expect(shown).toContain('2 people have voted.');
    await h.run('m1', 'privacy forget confirm:yes');
    expect(await h.run('m3', 'poll show P1')).toBe(shown);
    expect(await h.run('m3', 'agenda')).toContain('Beta (P1, 2 votes)');
    expect(await h.sql`select voter from poll_votes v join polls p on p.id = v.poll_id where p.network_id = ${await networkId()}`).toEqual([{ voter: 'm2' }]);
  });

  it('withdraws an open ballot while voting runs and unlinks it once the election closed', async () => {
    await h.run('coord', 'election new "Chair" seats:1 method:plurality per:person secret:no');
    await h.run('coord', 'election nominate E1 @m2');
    await h.run('m2', 'election accept E1');
    await h.run('coord', 'election new "Treasurer" seats:1 method:plurality per:person secret:no');
    await h.run('coord', 'election nominate E2 @m3');
    await h.run('m3', 'election accept E2');
    await h.run('coord', 'election open E1');
    await h.run('coord', 'election open E2');
    expect(await h.run('m1', 'vote E1 1')).toContain('E1');
    expect(await h.run('m1', 'vote E2 1')).toContain('E2');
    await h.run('coord', 'election close E2');
    const closed = await h.run('m2', 'election show E2');

    expect(await h.run('m1', 'privacy forget confirm:yes')).toContain('2 open-ballot votes');
    const nid = await networkId();
    const ballots = await h.sql<{ seq: number; voter_key: string | null }[]>`select e.seq, b.voter_key from election_ballots b join elections e on e.id = b.election_id where e.network_id = ${nid} order by e.seq`;
    expect(ballots).toEqual([{ seq: 2, voter_key: null }]);
    expect(await h.sql`select e.seq from election_participations p join elections e on e.id = p.election_id where e.network_id = ${nid}`).toEqual([{ seq: 2 }]);
    expect(await h.run('m2', 'election show E2')).toBe(closed);
  });

  it('refuses to forget the last coordinator, and forgets one of two', async () => {
    expect(await h.run('coord', 'privacy forget')).toBe('You are this network’s last coordinator: add another coordinator first, or delete the whole network with /neuvo network delete.');
    expect(await h.run('coord', 'privacy forget confirm:yes')).toContain('last coordinator');
    expect(await h.run('coord', 'coordinator list')).toContain('@coord');
    await h.run('coord', 'coordinator add @m1');
    expect(await h.run('coord', 'privacy forget confirm:yes')).toContain('your coordinator role');
    expect(await h.run('m1', 'coordinator list')).toBe('1 coordinator\n@m1');
  });

  it('leaves one coordinator when the last two ask to be forgotten at once', async () => {
    await h.run('coord', 'coordinator add @m1');
    const answers = await Promise.all([h.run('coord', 'privacy forget confirm:yes'), h.run('m1', 'privacy forget confirm:yes')]);
    expect(answers.filter((a) => a.startsWith('Done.'))).toHaveLength(1);
    expect(answers.filter((a) => a.includes('last coordinator'))).toHaveLength(1);
    expect(await h.run('m2', 'coordinator list')).toMatch(/^1 coordinator\n@(coord|m1)$/);
  });
});

describe('network delete', () => {
  it('is for coordinators, asks for the area’s name by button or typed, and refuses another name', async () => {
    expect(await h.run('m1', 'network delete')).toBe('Only a coordinator of this network can do that.');
    const warning = await h.view('coord', 'network delete');
    expect(warning.private).toBe(true);
    expect(viewText(warning)).toContain('Delete the network of Kainuu?');
    expect(viewText(warning)).toContain('type /neuvo network delete "Kainuu"');
    expect(buttonsOf(warning)).toEqual([{ label: 'Delete network…', command: 'network delete', style: 'danger', form: true }]);
    expect(await h.run('coord', 'network delete "Pirkanmaa"')).toBe('“Pirkanmaa” is not this network’s welfare area: type “Kainuu” to delete it. Nothing was deleted.');
    expect(await boundNetwork()).toBeDefined();

    // The button's form asks for the name; its answer completes the command.
    const form = (await h.neuvo.form(h.ctx('coord'), 'network delete')) as Form;
    expect(form.field).toEqual({ kind: 'text', label: 'Type “Kainuu” to confirm', maxLength: 100 });
    expect(await h.run('m1', formCommand(form, 'Kainuu'))).toBe('Only a coordinator of this network can do that.');
    const deleted = await h.view('coord', formCommand(form, 'kainuu'));
    expect(deleted.private).toBe(false);
    expect(viewText(deleted)).toBe('The network of Kainuu and all its data were deleted. /neuvo setup starts a new one here.');
    expect(await boundNetwork()).toBeUndefined();
  });

  it('deletes once when confirmed twice at once', async () => {
    const id = await networkId();
    const answers = await Promise.all([h.run('coord', 'network delete Kainuu'), h.run('coord', 'network delete Kainuu')]);
    expect(answers.filter((a) => a.startsWith('The network of Kainuu and all its data were deleted.'))).toHaveLength(1);
    expect(answers.filter((a) => a.startsWith('This channel has no network yet.'))).toHaveLength(1);
    expect(await h.sql`select count(*)::int n from audit_log where action = 'network.delete' and detail->>'network' = ${id}`).toEqual([{ n: 1 }]);
  });

  it('deletes every row of the network and its pending jobs, leaves other networks alone, and lets setup start again', async () => {
    const other = h.channelId;
    await h.run('coord', 'remind +2d "Other network keeps this"');
    const [kept] = await h.sql<{ job: string }[]>`select job_id::text as job from reminders`;
    await h.network(3, 'budget-reminder:06-01');
    const id = await networkId();
    await m1Everywhere();
    await h.run('coord', 'negotiation add "HYTE" at:+20d');
    await h.run('coord', 'poll close P1');
    const jobs = await h.sql<{ id: string }[]>`
      select id::text from scheduled_jobs where state = 'pending' and (id in (select job_id from reminders where network_id = ${id})
        or entity_id = ${id} or entity_id in (select id from elections where network_id = ${id})
        or entity_id in (select id from polls where network_id = ${id}) or entity_id in (select id from negotiations where network_id = ${id}))`;
    expect(jobs.length).toBeGreaterThan(5);
    const before = await queued();
    expect(jobs.every((j) => before.has(j.id))).toBe(true);

    await h.run('coord', 'network delete "Kainuu"');

    for (const table of ['networks', 'spaces', 'coordinators', 'organisations', 'join_requests', 'reminders', 'elections', 'polls', 'negotiations', 'agenda_items', 'id_counters']) {
      const column = table === 'networks' ? 'id' : 'network_id';
      expect([table, (await h.sql`select count(*)::int n from ${h.sql(table)} where ${h.sql(column)} = ${id}`)[0]!.n]).toEqual([table, 0]);
    }
    expect(await h.sql`select count(*)::int n from audit_log where network_id = ${id}`).toEqual([{ n: 0 }]);
    expect(await h.sql`select count(*)::int n from scheduled_jobs where id in ${h.sql(jobs.map((j) => j.id))}`).toEqual([{ n: 0 }]);
    const after = await queued();
    expect(jobs.filter((j) => after.has(j.id))).toEqual([]);
    // Who deleted it stays on record, with no one else's data.
    const [entry] = await h.sql<{ network_id: string | null; user_id: string; detail: unknown }[]>`select network_id, user_id, detail from audit_log where action = 'network.delete' and detail->>'network' = ${id}`;
    expect(entry).toEqual({ network_id: null, user_id: 'coord', detail: { network: id, area: 'kainuu' } });

    // The other network and its reminder are untouched.
    expect(after.has(kept!.job)).toBe(true);
    expect(await h.sql`select count(*)::int n from spaces where channel_id = ${other}`).toEqual([{ n: 1 }]);

    expect(await h.run('m1', 'status')).toContain('This channel has no network yet.');
    expect(await h.run('m1', 'setup area:Kainuu')).toContain('Kainuu');
    expect(await h.run('m1', 'coordinator list')).toBe('1 coordinator\n@m1');
  });
});

describe('network delete form', () => {
  it('names every welfare area whole within the shortest form label a platform allows (Discord: 45)', () => {
    const labels = LANGS.flatMap((lang) => WELFARE_AREAS.map((a) => translator(lang).t('form.delete-network-label', { area: areaName(a, lang) })));
    expect(labels.filter((l) => l.length > 45)).toEqual([]);
    const titles = LANGS.flatMap((lang) => [translator(lang).t('form.delete-network-title'), translator(lang).t('form.delete-network-submit')]);
    // Slack cuts a modal's title and submit label at 24.
    expect(titles.filter((t) => t.length > 24)).toEqual([]);
  });
});
