import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pollHarness } from './poll-harness.js';
import { runNudge } from './support/runtime.js';

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

describe('topic polls, start to finish', () => {
  it('collects topics, merges a duplicate, votes, closes, and puts the top topics on the agenda', async () => {
    expect(await h.run('m1', 'poll new "What should we raise?" theme:goals')).toBe('Only a coordinator of this network can do that.');
    expect(await h.run('coord', 'poll new "What should we raise?" theme:goals pick:2')).toBe('Poll P1 created: its card is posted in the channel and kept up to date.');
    const card = h.messenger.posts[0]!;
    expect(card.to).toBe(`#${h.channelId}`);
    expect(card.text).toContain('P1 · What should we raise?');
    expect(card.text).toContain('Theme: Goals');
    expect(card.text).toContain('Phase: collecting topics');
    expect(card.view.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => [x.command, Boolean(x.form)]) : []))).toEqual([
      ['poll suggest P1', true],
      ['poll open P1', false],
    ]);

    expect(await h.run('m1', 'poll suggest P1 "Loneliness of the elderly"')).toBe('Topic 1 added to P1: Loneliness of the elderly');
    expect(await h.run('m2', 'poll suggest P1 Public transport in the villages')).toBe('Topic 2 added to P1: Public transport in the villages');
    expect(await h.run('m3', 'poll suggest P1 "Bus connections to villages"')).toBe('Topic 3 added to P1: Bus connections to villages');
    expect(await h.run('coord', 'poll suggest P1 "Youth mental health"')).toBe('Topic 4 added to P1: Youth mental health');
    expect(await h.run('m3', 'poll suggest P1 "youth  MENTAL health"')).toBe('“Youth mental health” is already topic 4 in P1.');
    await h.settled();
    expect(h.messenger.card('P1 ·')).toContain('4 topics:\n1. Loneliness of the elderly\n2. Public transport in the villages\n3. Bus connections to villages\n4. Youth mental health');

    expect(await h.run('m1', 'poll merge P1 2 3')).toBe('Only a coordinator of this network can do that.');
    expect(await h.run('coord', 'poll merge P1 2 3')).toBe('Topic 3 “Bus connections to villages” was merged into topic 2 “Public transport in the villages” in P1.');
    expect(h.messenger.card('P1 ·')).toContain('3 topics:\n1. Loneliness of the elderly\n2. Public transport in the villages\n4. Youth mental health\nMerged duplicates: 3 → 2');

    const opened = await h.view('coord', 'poll open P1');
    expect(opened.private).toBe(false);
    expect(await h.run('coord', 'poll open P1')).toBe('Voting in P1 is already open.');
    expect(await h.run('m1', 'poll suggest P1 "Late idea"')).toBe('Suggestions for P1 have ended.');

    expect(await h.run('m1', 'vote P1 1 2')).toBe('Your vote in P1 is counted: 1. Loneliness of the elderly; 2. Public transport in the villages. You can change it until voting closes.');
    // A number from before the merge lands on the topic kept.
    expect(await h.run('m2', 'vote P1 3')).toContain('Your vote in P1 is counted: 2. Public transport in the villages.');
    expect(await h.run('m3', 'vote P1 2 4')).toContain('counted');
    expect(await h.run('coord', 'vote P1 4')).toContain('counted');
    await h.settled();
    const live = h.messenger.card('P1 ·');
    expect(live).toContain('1. Loneliness of the elderly — ██▌ 25% (1)');
    expect(live).toContain('2. Public transport in the villages — ███████▌ 75% (3)');
    expect(live).toContain('4. Youth mental health — █████ 50% (2)');
    expect(live).toContain('4 people have voted.');

    const result = await h.view('coord', 'poll close P1');
    expect(result.private).toBe(false);
    const text = (await h.run('coord', 'poll show P1')).split('\n');
    expect(text).toEqual([
      'Result of P1 · What should we raise?',
      '4 people have voted.',
      '✓ 2. Public transport in the villages — ███████▌ 75% (3)',
      '✓ 4. Youth mental health — █████ 50% (2)',
      '1. Loneliness of the elderly — ██▌ 25% (1)',
      'These 2 topics join the agenda under Goals:',
      'Public transport in the villages (3)',
      'Youth mental health (2)',
    ]);
    expect(h.messenger.card('P1 ·')).toContain('Voting has closed: the top topics are on the agenda');
    expect(await h.run('coord', 'poll close P1')).toBe('P1 is already closed: see /neuvo poll show P1.');
    expect(await h.run('m1', 'vote P1 1')).toBe('Voting in P1 has closed.');
    expect(await h.run('m1', 'agenda')).toBe(
      ['Agenda for the next negotiation', 'Goals (2)', 'Public transport in the villages (P1, 3 votes)', 'Youth mental health (P1, 2 votes)'].join('\n'),
    );
  });

  it('starts in voting when the options are given without a suggestion phase', async () => {
    await h.run('coord', 'poll new "Which measure first?" theme:measures options:"Clubs|Transport|Meals" pick:1');
    expect(h.messenger.posts[0]!.text).toContain('Phase: voting');
    expect(h.messenger.posts[0]!.text).toContain('1. Clubs — 0% (0)');
    expect(await h.run('m1', 'vote P1 2')).toContain('counted');
    expect(await h.run('coord', 'poll list')).toBe('1 poll\nP1 · Which measure first? · Measures · voting');
    expect(await h.run('m2', 'status')).toContain('Open poll:\nP1 · Which measure first? · voting');
    // With options and a suggestion deadline, the options are the first suggestions.
    await h.run('coord', 'poll new "And cooperation?" theme:cooperation options:"Shared premises" suggest-until:+2d');
    expect(await h.run('m2', 'poll suggest P2 "Joint volunteers"')).toBe('Topic 2 added to P2: Joint volunteers');
  });
});

describe('the pick promised', () => {
  it('with fewer topics than pick, the card and the vote hint promise the same, possible number', async () => {
    await h.run('coord', 'poll new "Which measure first?" theme:measures options:"Clubs|Transport"');
    const card = h.messenger.card('P1 ·');
    expect(card).toContain('Pick: up to 2 topics');
    expect(card).toContain('Pick up to 2 topics: /neuvo vote P1 1 2');
    await h.run('coord', 'poll new "Suggestions first" theme:goals pick:3');
    await h.run('m1', 'poll suggest P2 "A"');
    await h.run('m1', 'poll suggest P2 "B"');
    await h.run('coord', 'poll merge P2 1 2');
    await h.run('m1', 'poll suggest P2 "C"');
    expect(await h.run('coord', 'poll open P2')).toContain('Pick up to 2 topics');
    expect(h.messenger.card('P2 ·')).toContain('Pick: up to 2 topics');
  });
});

describe('bad input gets a message that says what was expected', () => {
  it('refuses votes and suggestions out of phase, picks out of range, too many and repeated picks, and self-merges', async () => {
    await h.run('coord', 'poll new "Topics" theme:follow-up pick:2');
    expect(await h.run('m1', 'vote P1 1')).toBe('Voting in P1 has not opened yet: suggest topics with /neuvo poll suggest P1 "<topic>".');
    expect(await h.run('coord', 'poll close P1')).toBe('P1 is still collecting topics: open voting first (/neuvo poll open P1).');
    await h.run('m1', 'poll suggest P1 "A"');
    expect(await h.run('coord', 'poll open P1')).toBe('P1 needs at least 2 topics to open voting; it has 1.');
    await h.run('m1', 'poll suggest P1 "B"');
    await h.run('m1', 'poll suggest P1 "C"');
    expect(await h.run('coord', 'poll merge P1 2 2')).toBe('A topic cannot be merged into itself: give two different numbers, the topic to keep first.');
    expect(await h.run('coord', 'poll merge P1 2 9')).toBe('“9” is not a topic of P1: use the numbers on the poll card.');
    expect(await h.run('coord', 'poll merge P1 2 x')).toContain('duplicate: “x” is not a whole number from 1 to 999.');
    await h.run('coord', 'poll merge P1 1 3');
    expect(await h.run('coord', 'poll merge P1 2 3')).toBe('Topic 3 of P1 was already merged into topic 1.');
    await h.run('coord', 'poll open P1');
    expect(await h.run('m1', 'poll suggest P1 "D"')).toBe('Suggestions for P1 have ended.');
    expect(await h.run('m1', 'vote P1 7')).toBe('“7” is not a topic of P1: use the numbers on the poll card.');
    expect(await h.run('m1', 'vote P1 0')).toBe('“0” is not a topic of P1: use the numbers on the poll card.');
    expect(await h.run('m1', 'vote P1 1 1')).toBe('“1” is picked twice: pick each topic once.');
    expect(await h.run('m1', 'vote P1 1 2 4')).toBe('“4” is not a topic of P1: use the numbers on the poll card.');
    expect(await h.run('m1', 'vote P9 1')).toBe('There is no poll P9: see /neuvo poll list.');
    expect(await h.run('m1', 'poll export P1')).toBe('P1 is not closed yet: results are exported after voting closes.');
    const { id } = await h.pollRow();
    const [row] = await h.sql<{ n: number }[]>`select count(*)::int as n from poll_votes where poll_id = ${id}`;
    expect(row!.n).toBe(0);
  });

  it('refuses more picks than the poll takes, bad options and bad deadlines', async () => {
    await h.run('coord', 'poll new "Topics" theme:goals options:"A|B|C" pick:2');
    expect(await h.run('m1', 'vote P1 1 2 3')).toBe('Too many topics: P1 takes up to 2.');
    expect(await h.run('coord', 'poll new "Q" theme:budget')).toContain('theme: “budget” is not one of goals, measures, cooperation, follow-up.');
    expect(await h.run('coord', 'poll new "Q"')).toContain('Missing theme. Expected:');
    expect(await h.run('coord', 'poll new "Q" theme:goals options:"A|a"')).toBe('“a” is in options twice: list each topic once.');
    expect(await h.run('coord', 'poll new "Q" theme:goals pick:0')).toContain('pick: “0” is not a whole number from 1 to 10.');
    expect(await h.run('coord', 'poll new "Q" theme:goals suggest-until:+2d vote-until:+1d')).toBe('vote-until must be after suggest-until.');
    expect(await h.run('coord', 'poll new "Q" theme:goals vote-until:2020-01-01')).toContain('is in the past: choose a later time.');
    expect(await h.run('coord', 'poll new "Q" theme:goals options:"A|B" anonymous:yes results:live')).toBe(
      'An anonymous poll cannot show live results: anyone watching the card could see which topics a vote just moved. Use results:at-close, or anonymous:no.',
    );
    expect(await h.run('coord', `poll new "${'x'.repeat(201)}" theme:goals`)).toBe('A poll question must have 1 to 200 characters.');
    await h.run('coord', 'poll new "Suggestions" theme:goals');
    expect(await h.run('m1', `poll suggest P2 "${'y'.repeat(151)}"`)).toBe('A topic must have 1 to 150 characters.');
    expect(await h.run('m1', 'poll suggest P2 "  "')).toBe('A topic must have 1 to 150 characters.');
  });
});

describe('option words in the network’s language', () => {
  it.each([
    ['fi', 'poll new "Mitä nostetaan?" theme:tavoitteet options:"A|B" anonymous:kyllä results:heti', 'Käytä results:päätyttyä tai anonymous:ei.'],
    ['sv', 'poll new "Vad tar vi upp?" theme:mål options:"A|B" anonymous:ja results:direkt', 'Använd results:efteråt eller anonymous:nej.'],
    ['en', 'poll new "What do we raise?" theme:goals options:"A|B" anonymous:yes results:live', 'Use results:at-close, or anonymous:no.'],
  ] as const)('%s: reads the words and answers with them', async (lang, line, advice) => {
    await h.network(1, `lang:${lang}`);
    expect(await h.run('coord', line)).toContain(advice);
    expect(await h.run('coord', line.replace(/results:\S+/, ''))).toContain('P1');
  });
});

describe('votes', () => {
  it('a named vote may be changed until close; a retried request and a double click count once', async () => {
    await h.run('coord', 'poll new "Topics" theme:goals options:"A|B|C" pick:2');
    expect(await h.run('m1', 'vote P1 1 2', 'req-1')).toContain('Your vote in P1 is counted');
    expect(await h.run('m1', 'vote P1 1 2', 'req-1')).toBe('That vote in P1 was already counted once.');
    // A double click is two requests: the second replaces the first with the same picks.
    const [a, b] = await Promise.all([h.run('m2', 'vote P1 3', 'click-1'), h.run('m2', 'vote P1 3', 'click-2')]);
    expect([a, b].sort()).toEqual(['Your vote in P1 is counted: 3. C. You can change it until voting closes.', 'Your vote in P1 was replaced: 3. C.']);
    expect(await h.run('m1', 'vote P1 3', 'req-2')).toBe('Your vote in P1 was replaced: 3. C.');
    const { id } = await h.pollRow();
    const rows = await h.sql<{ voter: string; options: number[] }[]>`select voter, options from poll_votes where poll_id = ${id} order by voter`;
    expect(rows.map((r) => [r.voter, r.options])).toEqual([
      ['m1', [3]],
      ['m2', [3]],
    ]);
    await h.run('coord', 'poll close P1');
    expect(await h.run('m1', 'poll show P1')).toContain('✓ 3. C — ██████████ 100% (2)');
  });

  it('an anonymous vote cannot be linked to its voter from the tables', async () => {
    await h.run('coord', 'poll new "Secret topics" theme:cooperation options:"A|B|C|D" pick:2 anonymous:yes');
    expect(h.messenger.posts[0]!.text).toContain('Results: shown when voting closes');
    const { id } = await h.pollRow();
    const columns = async (table: string) => (await h.sql`select column_name from information_schema.columns where table_name = ${table} order by column_name`).map((c) => c.column_name);
    expect(await columns('poll_participations')).toEqual(['poll_id', 'voter']);
    expect(await columns('poll_counts')).toEqual(['option_seq', 'poll_id', 'votes']);
    const countRows = () => h.sql<{ seq: number; votes: number; xmin: string }[]>`select option_seq as seq, votes, xmin::text from poll_counts where poll_id = ${id} order by option_seq`;
    const before = await countRows();
    for (const [user, picks] of [['m1', '1 2'], ['m2', '3'], ['m3', '2 4']] as const) {
      expect(await h.run(user, `vote P1 ${picks}`)).toContain('Your anonymous vote in P1 is counted');
    }
    // While voting, a vote writes who voted and its picks sealed, one row each; the counts are untouched.
    expect(await countRows()).toEqual(before);
    const sealed = await h.sql<{ sealed: string }[]>`select sealed from poll_sealed_picks where poll_id = ${id}`;
    expect(sealed).toHaveLength(3);
    expect(new Set(sealed.map((r) => r.sealed.length)).size).toBe(1);
    expect(await h.run('m1', 'vote P1 3')).toBe('You have already voted in the anonymous poll P1; an anonymous vote cannot be changed.');
    const [named] = await h.sql<{ n: number }[]>`select count(*)::int as n from poll_votes where poll_id = ${id}`;
    expect(named!.n).toBe(0);
    // Hidden while voting runs: only how many have voted.
    await h.settled();
    const card = h.messenger.card('P1 ·');
    expect(card).toContain('3 people have voted.\nResults are shown when voting closes.');
    expect(card).not.toContain('%');
    expect(await h.run('coord', 'poll merge P1 1 2')).toBe(
      'Votes are already cast in the anonymous poll P1, so its topics can no longer be merged: nobody’s picks can be told apart.',
    );
    await h.run('coord', 'poll close P1');
    expect(h.messenger.card('P1 ·')).toContain('✓ 2. B — ██████▋ 67% (2)');
    // Counted at close, in one transaction, and the sealed picks are gone.
    const counts = await countRows();
    expect(counts.map((c) => c.votes)).toEqual([1, 2, 1, 1]);
    expect(new Set(counts.map((c) => c.xmin)).size).toBe(1);
    expect(await h.sql`select 1 from poll_sealed_picks where poll_id = ${id}`).toHaveLength(0);
    const csv = await h.run('m1', 'poll export P1');
    expect(csv).toContain('"rank","topic","text","votes","share_percent","agenda","merged_into"\r\n"1","2","B","2","66.7","yes",""\r\n');
    expect(csv).not.toMatch(/m[123]/);
  });

  it('a merged topic named with the topic it was merged into is one pick, not a repeated one', async () => {
    await h.run('coord', 'poll new "Topics" theme:goals options:"Buses|Transport|Clubs" pick:2');
    await h.run('coord', 'poll merge P1 1 2');
    expect(await h.run('m1', 'vote P1 1 2')).toBe('Your vote in P1 is counted: 1. Buses. You can change it until voting closes.');
    expect(await h.run('m2', 'vote P1 2 3')).toBe('Your vote in P1 is counted: 1. Buses; 3. Clubs. You can change it until voting closes.');
    expect(await h.run('m3', 'vote P1 2 2')).toBe('“2” is picked twice: pick each topic once.');
    await h.run('coord', 'poll close P1');
    expect(await h.run('coord', 'poll show P1')).toContain('✓ 1. Buses — ██████████ 100% (2)');
  });

  it('a merge during voting moves named votes to the topic kept, once per person', async () => {
    await h.run('coord', 'poll new "Topics" theme:goals options:"Buses|Transport|Clubs" pick:2');
    await h.run('m1', 'vote P1 1 2');
    await h.run('m2', 'vote P1 1 3');
    await h.run('m3', 'vote P1 3');
    await h.run('coord', 'poll merge P1 2 1');
    await h.run('coord', 'poll close P1');
    const shown = await h.run('coord', 'poll show P1');
    expect(shown).toContain('✓ 2. Transport — ██████▋ 67% (2)');
    expect(shown).toContain('✓ 3. Clubs — ██████▋ 67% (2)');
    const view = await h.view('coord', 'poll export P1');
    const file = view.blocks.find((b) => b.type === 'file');
    expect(file && file.type === 'file' && { name: file.name, mime: file.mime }).toEqual({ name: 'neuvo-p1.csv', mime: 'text/csv' });
    expect(file && file.type === 'file' && file.content).toBe(
      [
        '"rank","topic","text","votes","share_percent","agenda","merged_into","voters"',
        '"1","2","Transport","2","66.7","yes","","m1 m2"',
        '"2","3","Clubs","2","66.7","yes","","m2 m3"',
        '"","1","Buses","","","no","2",""',
        '',
      ].join('\r\n'),
    );
  });
});

describe('scheduled work', () => {
  it('opens at suggest-until and closes at vote-until through the real BullMQ worker', async () => {
    await h.run('coord', 'poll new "Quick" theme:measures suggest-until:+2s vote-until:+4s pick:1');
    await h.run('m1', 'poll suggest P1 "Meals"');
    await h.run('m2', 'poll suggest P1 "Clubs"');
    await h.messenger.until(() => h.messenger.posts.some((p) => p.text.startsWith('Voting is open in P1 · Quick\n')));
    const opened = h.messenger.posts.find((p) => p.text.startsWith('Voting is open in P1'))!;
    expect(opened.view.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.command) : []))).toEqual(['vote P1']);
    await h.run('m1', 'vote P1 2');
    await h.run('m2', 'vote P1 2');
    await h.run('m3', 'vote P1 1');
    await h.messenger.until(() => h.messenger.posts.some((p) => p.text.startsWith('Result of P1')));
    expect(h.messenger.posts.find((p) => p.text.startsWith('Result of P1'))!.text).toContain('✓ 2. Clubs — ██████▋ 67% (2)');
    expect(h.messenger.card('P1 ·')).toContain('Phase: closed');
    expect(await h.run('m1', 'agenda')).toContain('Measures (1)\nClubs (P1, 2 votes)');
  });

  it('an automatic open without enough topics says so in the channel and keeps collecting', async () => {
    await h.run('coord', 'poll new "Empty" theme:goals suggest-until:+1s');
    await h.messenger.until(() => h.messenger.posts.length >= 2);
    expect(h.messenger.posts[1]!.text).toBe('P1 needs at least 2 topics to open voting; it has 0.');
    expect(await h.run('m1', 'poll suggest P1 "Still welcome"')).toContain('Topic 1 added');
  });

  it('reminds by DM, 24 h before vote-until, the members who have not voted', async () => {
    await h.run('coord', 'poll new "Nudged" theme:goals options:"A|B" vote-until:+3d anonymous:yes');
    const jobs = await h.sql<{ id: string; kind: string; due_at: Date }[]>`
      select j.id::text, j.kind, j.due_at from scheduled_jobs j join polls p on p.id = j.entity_id
      join spaces s on s.network_id = p.network_id where s.channel_id = ${h.channelId} order by j.due_at`;
    expect(jobs.map((j) => j.kind)).toEqual(['poll.nudge', 'poll.close']);
    expect(jobs[1]!.due_at.getTime() - jobs[0]!.due_at.getTime()).toBe(24 * 3_600_000);
    await h.run('m2', 'vote P1 1');
    h.messenger.reset();
    expect(await runNudge(h.rt, jobs[0]!.id)).toBe('done');
    expect(h.messenger.posts.map((p) => p.to).sort()).toEqual(['@m1', '@m3']);
    expect(h.messenger.posts[0]!.text).toMatch(/^You have not voted yet in P1 · Nudged\. Voting closes .+: \/neuvo vote P1 …$/);
    expect(await runNudge(h.rt, jobs[0]!.id)).toBe('skipped');
    expect(h.messenger.posts).toHaveLength(2);
    for (const j of jobs) await h.rt.scheduler.cancel(j.id);
  });
});
