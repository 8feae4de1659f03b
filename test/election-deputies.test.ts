import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import type { Form, View } from '../src/views/view.js';
import { viewText } from './support/view-text.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { runNudge, startTestRuntime } from './support/runtime.js';

// Issue #15: personal deputies, gender balance, statements, quorum and term, through the core on Postgres.

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
const messenger = new RecordingMessenger();
let channel = 0;
let channelId = '';

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const view = (user: string, line: string) => rt.neuvo.handle(ctx(user), line);
const run = async (user: string, line: string) => viewText(await view(user, line));

/** A network of five organisations with one member each (a1 … e1), coordinator `coord`. */
async function network(lang = 'en'): Promise<void> {
  channelId = `dep${++channel}`;
  await run('coord', `setup area:Kainuu lang:${lang}`);
  for (const [i, org] of ['Org A', 'Org B', 'Org C', 'Org D', 'Org E'].entries()) {
    await run('coord', `org add "${org}"`);
    await run('coord', `org member add "${org}" @${'abcde'[i]}1`);
  }
}

/** Nominates `main` with `deputy` and has both accept with their genders. */
async function pair(main: string, mainGender: string, deputy: string, deputyGender: string, extra = ''): Promise<void> {
  expect(await run('coord', `election nominate E1 @${main} deputy:@${deputy} ${extra}`)).toContain(`with personal deputy @${deputy} in E1`);
  expect(await run(main, `election accept E1 gender:${mainGender}`)).toContain(`@${main} accepted the nomination in E1`);
  expect(await run(deputy, `election accept E1 gender:${deputyGender}`)).toContain(`@${deputy} accepted to be the personal deputy of @${main} in E1`);
}

async function vote(ballots: readonly (readonly [string, string])[]): Promise<void> {
  for (const [user, ranking] of ballots) expect(await run(user, `vote E1 ${ranking}`)).toContain('Your secret ballot in E1');
}

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await rt.stop();
});
beforeEach(async () => {
  messenger.sent.length = 0;
  await network();
});

describe('personal deputies', () => {
  it('requires a deputy in a deputies:yes election, refuses one elsewhere, and never the candidate themself', async () => {
    await run('coord', 'election new "Board" seats:1 method:stv deputies:yes');
    expect(await run('coord', 'election nominate E1 @a1')).toBe('Candidates in E1 stand with a personal deputy: add deputy:@name.');
    expect(await run('coord', 'election nominate E1 @a1 deputy:@a1')).toBe('A candidate cannot be their own deputy.');
    await run('coord', 'election new "Other" seats:1 method:stv');
    expect(await run('coord', 'election nominate E2 @a1 deputy:@b1')).toBe('E2 has no personal deputies: leave out deputy:.');
  });

  it('keeps each person in one pair of an election: a deputy twice, a deputy as candidate, a candidate as deputy', async () => {
    await run('coord', 'election new "Board" seats:1 method:stv deputies:yes');
    expect(await run('coord', 'election nominate E1 @a1 deputy:@b1')).toContain('(number 1)');
    expect(await run('coord', 'election nominate E1 @c1 deputy:@b1')).toBe('@b1 is already a candidate or deputy in E1: a person stands in one pair of an election.');
    expect(await run('coord', 'election nominate E1 @b1 deputy:@c1')).toBe('@b1 is already a candidate or deputy in E1: a person stands in one pair of an election.');
    expect(await run('coord', 'election nominate E1 @c1 deputy:@a1')).toBe('@a1 is already a candidate or deputy in E1: a person stands in one pair of an election.');
    expect(await run('coord', 'election nominate E1 @c1 deputy:@d1')).toContain('(number 2)');
  });

  it('puts a pair on the ballot only when both accepted, and a decline by either ends it', async () => {
    await run('coord', 'election new "Board" seats:1 method:stv deputies:yes');
    const nominated = await view('coord', 'election nominate E1 @a1 deputy:@b1');
    expect(viewText(nominated)).toBe('@coord nominated @a1 with personal deputy @b1 in E1 (number 1). @a1 and @b1: accept or decline; the pair stands once both have accepted.');
    // Both answer by the same buttons: each press answers for the person pressing.
    const buttons = nominated.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.command) : []));
    expect(buttons).toEqual(['election accept E1', 'election decline E1']);
    await run('a1', 'election accept E1');
    expect(await run('a1', 'election show E1')).toContain('No candidates yet.\nAwaiting answer: 1. @a1 + @b1');
    expect(await run('b1', 'election accept E1')).toBe('@b1 accepted to be the personal deputy of @a1 in E1 (number 1).');
    expect(await run('a1', 'election show E1')).toContain('1 candidate:\n1. @a1 + @b1');

    await run('coord', 'election nominate E1 @c1 deputy:@d1');
    await run('c1', 'election accept E1');
    expect(await run('d1', 'election decline E1')).toBe('@d1 declined to be the personal deputy of @c1 in E1: the pair (number 2) does not stand.');
    await run('coord', 'election nominate E1 @e1 deputy:@x1');
    expect(await run('e1', 'election decline E1')).toBe('@e1 declined the nomination in E1: the pair with @x1 does not stand.');
    await run('x1', 'election accept E1');
    const card = await run('a1', 'election show E1');
    expect(card).toContain('1 candidate:\n1. @a1 + @b1\n');
    expect(card).toContain('Declined: 2. @c1 + @d1, 3. @e1 + @x1');
    expect(await run('z1', 'election accept E1')).toBe('You are not a nominee in E1.');
  });

  it('nudges whichever of a pair has not answered a day before nominate-until', async () => {
    await run('coord', 'election new "Board" seats:1 method:stv deputies:yes nominate-until:+2d');
    await run('coord', 'election nominate E1 @a1 deputy:@b1');
    await run('coord', 'election nominate E1 @c1 deputy:@d1');
    await run('a1', 'election accept E1');
    await run('d1', 'election accept E1');
    const [job] = await sql<{ id: string }[]>`select j.id::text from scheduled_jobs j join elections e on e.id = j.entity_id where e.channel_id = ${channelId} and j.kind = 'election.nominee-nudge'`;
    messenger.sent.length = 0;
    await runNudge(rt, job!.id);
    expect(messenger.sent.map((m) => m.to).sort()).toEqual(['@b1', '@c1']);
  });
});

describe('statements', () => {
  it('keeps a statement of at most 500 characters and shows it as literal text, cut on the card and whole on the ballot form', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality');
    expect(await run('coord', `election nominate E1 @a1 statement:"${'x'.repeat(501)}"`)).toBe('A statement has at most 500 characters; this one has 501.');
    const long = `Chair of Org A since 2019 @everyone <@U123> ${'ä'.repeat(300)}`;
    await run('coord', `election nominate E1 @a1 statement:"${long}"`);
    await run('a1', 'election accept E1');
    await run('coord', 'election nominate E1 @b1');
    await run('b1', 'election accept E1');
    // The card in the channel: the statement cut at 200 characters with "…".
    const posted = viewText(messenger.updates.at(-1)!.view).split('\n').find((l) => l.includes('Chair'))!;
    expect(posted).toMatch(/^1\. @a1 — “Chair of Org A since 2019 @everyone <@U123> ä+…”$/);
    expect([...posted.slice(posted.indexOf('“') + 1, -1)].length).toBe(200);
    // `election show`: whole, and only the candidate is a mention; the statement is one text span (no ping).
    const shown = await view('b1', 'election show E1');
    const line = shown.blocks.flatMap((b) => (b.type === 'list' ? b.items : [])).find((i) => i.some((p) => typeof p === 'string' && p.includes('Chair')))!;
    expect(line.filter((p) => typeof p !== 'string')).toEqual([{ user: 'a1' }]);
    expect(line.at(-1)).toBe(` — “${long}”`);

    await run('coord', 'election open E1');
    const form = (await rt.neuvo.form(ctx('a1'), 'vote E1')) as Form;
    expect(form.field.kind === 'pick' && form.field.options.map((o) => o.description)).toEqual([long, undefined]);
  });
});

describe('gender balance', () => {
  it('asks for the gender on acceptance under a balance rule, in the network’s words, and shows it to coordinators only', async () => {
    await run('coord', 'election new "Board" seats:2 method:stv balance:40');
    await run('coord', 'election nominate E1 @a1');
    expect(await run('a1', 'election accept E1')).toBe('E1 is counted under a gender balance rule: accept with gender:woman|man|other.');
    expect(await run('a1', 'election accept E1 gender:female')).toContain('gender: “female” is not one of woman, man, other.');
    expect(await run('a1', 'election accept E1 gender:nainen')).toBe('@a1 accepted the nomination in E1.');
    // Nominating yourself does not accept under a balance rule: the gender is stated by accepting.
    expect(await run('b1', 'election nominate E1 @b1')).toBe('@b1 nominated @b1 in E1 (number 2). @b1: accept or decline.');
    expect(await run('b1', 'election show E1')).toContain('Awaiting answer: 2. @b1');
    expect(await run('coord', 'election show E1')).toContain('1. @a1 (woman)');
    expect(await run('b1', 'election show E1')).not.toContain('woman');
    expect(messenger.updates.at(-1)!.text).not.toContain('woman');
  });

  it('says the Finnish words when a Finnish network’s nominee leaves out the gender', async () => {
    await network('fi');
    await run('coord', 'election new "Hallitus" seats:2 method:stv balance:pairs');
    await run('coord', 'election nominate E1 @a1');
    expect(await run('a1', 'election accept E1')).toBe('Vaali E1 lasketaan sukupuolten tasapainon mukaan: hyväksy ehdokkuus muodossa gender:nainen|mies|muu.');
    expect(await run('a1', 'election accept E1 gender:kvinna')).toBe('@a1 hyväksyi ehdokkuuden vaalissa E1.');
  });

  it('refuses to open until the balance rule can act, with the numbers', async () => {
    await run('coord', 'election new "Board" seats:2 method:stv balance:pairs');
    for (const [u, g] of [['a1', 'woman'], ['b1', 'man'], ['c1', 'man']] as const) {
      await run('coord', `election nominate E1 @${u}`);
      await run(u, `election accept E1 gender:${g}`);
    }
    expect(await run('coord', 'election open E1')).toBe(
      'E1 cannot open: balance:pairs needs 2 accepted women and 2 accepted men (a woman and a man for each of 2 seats); it has 1 women and 2 men.',
    );
    await run('coord', 'election nominate E1 @d1');
    await run('d1', 'election accept E1 gender:woman');
    expect(await run('coord', 'election open E1')).toContain('Voting is open in E1');

    await run('coord', 'election new "Two" seats:2 method:plurality balance:40');
    for (const [u, g] of [['a1', 'man'], ['b1', 'man'], ['c1', 'other']] as const) {
      await run('coord', `election nominate E2 @${u}`);
      await run(u, `election accept E2 gender:${g}`);
    }
    expect(await run('coord', 'election open E2')).toBe('E2 cannot open: balance:40 needs at least 1 accepted women and 1 accepted men for 2 seats; it has 0 women and 2 men.');
  });
});

describe('quorum and term', () => {
  it('refuses a quorum or term that is not what is expected', async () => {
    expect(await run('coord', 'election new "Board" seats:1 method:stv quorum:half')).toBe(
      'quorum: “half” is not a share of the roll: write a whole percent from 1 to 100, e.g. quorum:50%.',
    );
    expect(await run('coord', 'election new "Board" seats:1 method:stv quorum:150%')).toContain('write a whole percent from 1 to 100');
    expect(await run('coord', `election new "Board" seats:1 method:stv term:"${'2'.repeat(41)}"`)).toBe('A term has at most 40 characters, e.g. term:"2027–2028".');
    expect(await run('coord', 'election new "Board" seats:1 method:stv balance:half')).toContain('balance: “half” is not one of none, pairs, 40.');
    expect(await run('coord', 'election list')).toBe('No elections yet. A coordinator starts one with /neuvo election new.');
  });

  it('without its quorum counts nothing and proposes no one; a coordinator extends voting and the next close counts every ballot', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality quorum:60% term:"2027–2028"');
    expect(await run('a1', 'election show E1')).toContain('Quorum: 60 %\nTerm: 2027–2028');
    for (const u of ['a1', 'b1']) {
      await run('coord', `election nominate E1 @${u}`);
      await run(u, 'election accept E1');
    }
    await run('coord', 'election open E1');
    await vote([['a1', '1'], ['b1', '2']]);
    const closed = await view('coord', 'election close E1');
    const text = viewText(closed);
    expect(text).toContain('Quorum not reached: 2 of 5 voted, 60 % was needed. Nothing was counted and nothing is proposed.');
    expect(text).not.toContain('Elected');
    expect(closed.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.command) : []))).toEqual(['election reopen E1 vote-until:+7d']);
    expect(await run('a1', 'election reopen E1 vote-until:+7d')).toBe('Only a coordinator of this network can do that.');

    expect(await run('coord', 'election reopen E1 vote-until:+7d')).toMatch(/^Voting is open again in E1 · Board until .+\. Ballots already cast still count; who has voted cannot vote again\.$/);
    expect(await run('coord', 'election reopen E1 vote-until:+7d')).toBe('E1 can vote again only after it closed without reaching its quorum.');
    expect(await run('a1', 'vote E1 2')).toContain('already counted');
    await vote([['c1', '2']]);
    const result = await run('coord', 'election close E1');
    expect(result).toContain('Elected:\n2. @b1');
    expect(result).toContain('Quorum: 60 % — 3 of 5 voted');
    expect(result).toContain('Term: 2027–2028');
    expect(await run('coord', 'election reopen E1 vote-until:+7d')).toBe('E1 can vote again only after it closed without reaching its quorum.');
  });
});

describe('privacy of stated genders', () => {
  it('lists the gender a person stated and forgets it once the election is closed', async () => {
    await run('coord', 'election new "Board" seats:2 method:plurality balance:40');
    for (const [u, g] of [['a1', 'woman'], ['b1', 'man']] as const) {
      await run('coord', `election nominate E1 @${u}`);
      await run(u, `election accept E1 gender:${g}`);
    }
    const shown = await view('a1', 'privacy');
    expect(viewText(shown)).toContain('Genders stated in elections: E1: woman');
    const file = shown.blocks.find((b) => b.type === 'file');
    expect(JSON.parse(file!.type === 'file' ? (file!.content as string) : '{}').candidacies).toEqual([
      { election: 'E1', title: 'Board', role: 'candidate', state: 'accepted', org: null, gender: 'woman', statement: null },
    ]);
    await run('coord', 'election open E1');
    await vote([['a1', '1'], ['b1', '2']]);
    await run('coord', 'election close E1');
    expect(await run('a1', 'privacy forget confirm:yes')).toContain('1 gender you stated in closed elections');
    expect(await run('a1', 'privacy')).toContain('Genders stated in elections: —');
    expect(await run('coord', 'election show E1')).not.toContain('@a1 (woman)');
  });
});

const dir = mkdtempSync(join(tmpdir(), 'neuvo-deputies-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The text of the proposal PDF `election proposal E1` attaches, as pdftotext reads it (white space as one space). */
async function proposalText(): Promise<string> {
  const v = await view('coord', 'election proposal E1');
  const file = v.blocks.find((b) => b.type === 'file');
  if (file?.type !== 'file') throw new Error(`no file in: ${viewText(v)}`);
  const path = join(dir, `${channelId}.pdf`);
  writeFileSync(path, Buffer.from(file.content, 'base64'));
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

/** The result's text for the scenarios below. */
async function closeAndRead(): Promise<string> {
  const v: View = await view('coord', 'election close E1');
  return viewText(v);
}

describe('the console scenarios of issue #15', () => {
  it('2-seat STV with deputies:yes balance:40: the two strongest are men, the strongest woman takes seat 2, both deputies named', async () => {
    await run('coord', 'election new "Representatives 2027" seats:2 method:stv deputies:yes balance:40 term:"2027–2028"');
    await pair('m1', 'man', 'md1', 'woman', 'statement:"Ten years in Org A"');
    await pair('m2', 'man', 'md2', 'woman');
    await pair('w1', 'woman', 'wd1', 'man');
    await run('coord', 'org add "Org F"');
    await run('coord', 'org member add "Org F" @f1');
    await run('coord', 'election open E1');
    // First preferences: m1 3, m2 2, w1 1; quota ⌊6/3⌋+1 = 3. Unbalanced, m1 and then m2 would be elected.
    await vote([['a1', '1 2 3'], ['b1', '1 2 3'], ['c1', '1 2 3'], ['d1', '2 1 3'], ['e1', '2 3'], ['f1', '3 1']]);
    const result = await closeAndRead();
    expect(result).toMatch(/Elected, in order of election:\n1\. @m1 \+ @md1\n3\. @w1 \+ @wd1\n/);
    expect(result).toContain('2. @m2 excluded (by the 40% rule) — @m1: 3.00000 · @m2: 0.00000 · @w1: 3.00000 → ✓ @w1 ✗ @m2');
    expect(result).toContain('Passed over by the 40% rule in round 2: @m2');
    expect(result).toContain('Term: 2027–2028');
    expect(result).toContain('Gender balance: at least 40% of women and of men');
    expect(result).not.toContain('KHO 1997:49');

    // The proposal: the elected with their deputies, genders, the term, the rule and whom it passed over.
    const pdf = await proposalText();
    expect(pdf).toContain('Proposed representatives No. Representative Personal deputy 1 m1 (man) md1 (woman) 2 w1 (woman) wd1 (man)');
    expect(pdf).toContain('m2 was passed over by the gender balance rule (round 2 of the count).');
    expect(pdf).toContain('2027–2028');
    expect(pdf).toContain('Ten years in Org A');
  });

  it('2-seat STV with deputies:yes balance:pairs proposes two women and two men', async () => {
    await run('coord', 'election new "Representatives 2027" seats:2 method:stv deputies:yes balance:pairs');
    await pair('w1', 'woman', 'wd1', 'man');
    await pair('w2', 'woman', 'wd2', 'man');
    await pair('w3', 'woman', 'wd3', 'man');
    await pair('m1', 'man', 'md1', 'woman');
    await pair('m2', 'man', 'md2', 'woman');
    await run('coord', 'election open E1');
    // Women 1–3, men 4–5. Each count keeps a ranking's order with the other gender left out.
    await vote([['a1', '1 4 2'], ['b1', '2 5 1'], ['c1', '4 1 5'], ['d1', '5 3'], ['e1', '3 2 4']]);
    const result = await closeAndRead();
    const women = result.slice(result.indexOf('Count among the women:'), result.indexOf('Count among the men:'));
    const men = result.slice(result.indexOf('Count among the men:'));
    expect(women).toMatch(/Elected, in order of election:\n(\d\. @w\d \+ @wd\d\n){2}/);
    expect(men).toMatch(/Elected, in order of election:\n(\d\. @m\d \+ @md\d\n){2}/);
    expect(men).toContain('4. @m1 + @md1');
    expect(men).toContain('5. @m2 + @md2');

    const pdf = await proposalText();
    for (const who of ['w1', 'wd1', 'w3', 'wd3', 'm1', 'md1', 'm2', 'md2']) expect(pdf).toMatch(new RegExp(`\\b${who}\\b`));
    expect(pdf).not.toMatch(/\bw2\b/);
  });

  it('says when the elected pairs’ deputies miss the quota that applies to them apart (KHO 1997:49)', async () => {
    await run('coord', 'election new "Board" seats:2 method:plurality deputies:yes balance:40');
    await pair('a1', 'woman', 'x1', 'man');
    await pair('b1', 'man', 'y1', 'man');
    await run('coord', 'election open E1');
    await vote([['a1', '1'], ['b1', '2'], ['c1', '1']]);
    const result = await closeAndRead();
    expect(result).toContain('Elected, in order of election:\n1. @a1 + @x1\n2. @b1 + @y1');
    expect(result).toContain('The deputies of those elected do not meet the gender quota, which applies to deputies separately (KHO 1997:49): 0 women and 2 men, at least 1 of each needed.');
  });

  it('proposes no one when the quorum was not reached', async () => {
    await run('coord', 'election new "Board" seats:1 method:plurality quorum:50%');
    await run('coord', 'election nominate E1 @a1');
    await run('a1', 'election accept E1');
    await run('coord', 'election open E1');
    await vote([['a1', '1']]);
    await closeAndRead();
    expect(await run('coord', 'election proposal E1')).toBe('E1 did not reach its quorum, so nothing is proposed.');
  });
});
