import { timeSpan } from '../../commands/dates.js';
import { minimumPerGender } from '../../domain/balance.js';
import type { Candidate } from '../../domain/election.js';
import type { CountResult } from '../../domain/tally/index.js';
import type { TieBreak } from '../../domain/tally/types.js';
import { decimal, quote } from '../../i18n/format.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';
import { electionVotesChart, stvRoundsChart } from '../../views/chart.js';
import { type Block, type Button, type Mention, mentionPlain, plainText, type RichText, type View } from '../../views/view.js';
import type { Election, ElectionResult } from '../ports.js';

const who = (c: Pick<Candidate, 'userId' | 'org'>): RichText => [{ user: c.userId }, ...(c.org ? [` (${c.org})`] : [])];

/** A candidate with their personal deputy, if any: `@a (Org A) + @d`. */
const pair = (c: Candidate): RichText => [...who(c), ...(c.deputy ? [' + ', { user: c.deputy.userId }] : [])];

/** The candidate a tally names (by card number) as rich text. */
function named(candidates: readonly Candidate[], seq: string): RichText {
  const c = candidates.find((x) => String(x.seq) === seq);
  return c ? [`${c.seq}. `, ...pair(c)] : [seq];
}

/** `Declined: 2. @b1, 4. @d1` */
function peopleLine(label: string, people: readonly Candidate[]): Block {
  return { type: 'text', text: [label, ' ', ...people.flatMap((c, i) => [...(i > 0 ? [', '] : []), `${c.seq}. `, ...pair(c)])] };
}

/** A statement's most characters on the card (the ballot form and `election show` carry it whole where they can). */
const STATEMENT_ON_CARD = 200;

/** `text` cut to `max` characters between graphemes (never inside an emoji or a letter with its accent), with `…`. */
export function cutText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if ([...flat].length <= max) return flat;
  let out = '';
  for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(flat)) {
    if ([...out].length + [...segment].length > max - 1) break;
    out += segment;
  }
  return `${out.trimEnd()}…`;
}

/** A candidate on the card: number, pair, for coordinators the stated genders, and the statement (literal text). */
function cardLine(tr: Translator, c: Candidate, showGender: boolean, statementMax: number): RichText {
  const g = (x: string | null | undefined) => (x ? ` (${tr.t(`election.gender.${x}` as MessageKey)})` : '');
  const line: RichText = showGender
    ? [`${c.seq}. `, ...who(c), g(c.gender), ...(c.deputy ? [` + `, { user: c.deputy.userId }, g(c.deputy.gender)] : [])]
    : named([c], String(c.seq));
  return c.statement ? [...line, ` — ${quote(tr.lang, cutText(c.statement, statementMax))}`] : line;
}

function settings(tr: Translator, e: Election, zone: string): Block {
  const rule = e.method === 'stv' ? tr.t(`election.rule.${e.rule}`) : tr.t(`election.method.${e.method}`);
  return {
    type: 'fields',
    fields: [
      { label: tr.t('election.field.phase'), value: [tr.t(`election.phase.${e.phase}`)] },
      { label: tr.t('election.field.seats'), value: [String(e.seats)] },
      { label: tr.t('election.field.method'), value: [rule] },
      { label: tr.t('election.field.ballots'), value: [tr.t(e.per === 'org' ? 'election.per.org' : 'election.per.person')] },
      { label: tr.t('election.field.secret'), value: [tr.t(e.secret ? 'election.secret.yes' : 'election.secret.no')] },
      ...(e.nominateUntil ? [{ label: tr.t('election.field.nominate-until'), value: [timeSpan(e.nominateUntil, zone, tr.lang)] }] : []),
      ...(e.voteUntil ? [{ label: tr.t('election.field.vote-until'), value: [timeSpan(e.voteUntil, zone, tr.lang)] }] : []),
      ...proposalFields(tr, e),
    ],
  };
}

/** Whether a balance rule applies (elections stored before issue #15 have none). */
const balanced = (e: Pick<Election, 'balance'>) => (e.balance ?? 'none') !== 'none';

/** Issue #15's settings, where set: deputies, balance rule, quorum, term. */
function proposalFields(tr: Translator, e: Election): { label: string; value: RichText }[] {
  return [
    ...(e.deputies ? [{ label: tr.t('election.field.deputies'), value: [tr.t('election.deputies.yes')] }] : []),
    ...(balanced(e) ? [{ label: tr.t('election.field.balance'), value: [tr.t(`election.balance.${e.balance}`)] }] : []),
    ...(e.quorum != null ? [{ label: tr.t('election.field.quorum'), value: [`${e.quorum} %`] }] : []),
    ...(e.term ? [{ label: tr.t('election.field.term'), value: [e.term] }] : []),
  ];
}

/**
 * Accept and decline: under a balance rule one accept button per gender (the count needs it; the
 * press is private, the public reply says only that they accepted), else one.
 */
export function answerButtons(tr: Translator, e: Pick<Election, 'seq' | 'balance'>): Button[] {
  const id = `E${e.seq}`;
  const accept: Button[] =
    !balanced(e)
      ? [{ label: tr.t('button.accept'), command: `election accept ${id}`, style: 'primary' }]
      : (['woman', 'man', 'other'] as const).map((g) => ({ label: tr.t(`button.accept-as.${g}`), command: `election accept ${id} gender:${g}`, style: 'primary' as const }));
  return [...accept, { label: tr.t('button.decline-nomination'), command: `election decline ${id}` }];
}

/** How many of the roll have voted. */
export interface Turnout {
  readonly voted: number;
  readonly total: number;
}

/** The election card: settings, candidates and the buttons for the current phase. */
export function electionCard(tr: Translator, e: Election, candidates: readonly Candidate[], zone: string, turnout?: Turnout, isPrivate = false, showGender = false): View {
  const id = `E${e.seq}`;
  const blocks: Block[] = [{ type: 'heading', text: `${id} · ${e.title}` }, settings(tr, e, zone)];
  if (turnout) blocks.push({ type: 'text', text: [tr.t('election.turnout-line', { voted: turnout.voted, total: turnout.total })] });
  // The candidates are those on the ballot: accepted ones. Nominees still to answer (who lapse
  // once voting opens) and those who declined are shown apart.
  const accepted = candidates.filter((c) => c.state === 'accepted');
  blocks.push({ type: 'text', text: [tr.t('election.candidates', { count: accepted.length })] });
  if (accepted.length > 0) blocks.push({ type: 'list', items: accepted.map((c) => cardLine(tr, c, showGender && isPrivate, isPrivate ? 500 : STATEMENT_ON_CARD)) });
  const unanswered = candidates.filter((c) => c.state === 'nominated');
  const declined = candidates.filter((c) => c.state === 'declined');
  if (unanswered.length > 0) blocks.push(peopleLine(tr.t(e.phase === 'nominating' ? 'election.awaiting-answer' : 'election.lapsed'), unanswered));
  if (declined.length > 0) blocks.push(peopleLine(tr.t('election.declined-list'), declined));
  const buttons: Button[] = [];
  if (e.phase === 'nominating') {
    blocks.push({ type: 'text', text: [tr.t(e.deputies ? 'election.how-to-nominate-pair' : 'election.how-to-nominate', { id })] });
    buttons.push(...answerButtons(tr, e), { label: tr.t('button.open-voting'), command: `election open ${id}` });
  } else if (e.phase === 'voting') {
    const example = candidates.filter((c) => c.state === 'accepted').map((c) => c.seq).slice(0, e.method === 'plurality' ? 1 : 3).join(' ');
    blocks.push({ type: 'text', text: [tr.t(`election.how-to-vote.${e.method}`, { id, example })] });
    buttons.push({ label: tr.t('button.vote'), command: `vote ${id}`, style: 'primary', form: true });
    buttons.push({ label: tr.t('button.turnout'), command: `election turnout ${id}` }, { label: tr.t('button.close-voting'), command: `election close ${id}`, style: 'danger' });
  } else {
    blocks.push({ type: 'text', text: [tr.t('election.see-result', { id })] });
    buttons.push({ label: tr.t('button.result'), command: `election show ${id}` });
  }
  // Slack allows 25 elements in an actions block; the view keeps to 5 a row for Discord.
  for (let i = 0; i < buttons.length; i += 5) blocks.push({ type: 'actions', buttons: buttons.slice(i, i + 5) });
  return { private: isPrivate, blocks };
}

/** Receipts shown in the result itself (11 characters each: well within every platform's message). */
const RECEIPTS_INLINE = 200;

/** What the candidate the tie-break chose got: excluded, the seat, or the first surplus transfer. */
const TIE_OUTCOME: Record<TieBreak['reason'], string> = { exclusion: 'excluded', 'last-seat': 'elected', 'surplus-order': 'surplus' };

/** A counted candidate (the tally's card number) as people know them: their name, not the number. */
function person(candidates: readonly Candidate[], seq: string): RichText {
  const c = candidates.find((x) => String(x.seq) === seq);
  return c ? [{ user: c.userId }] : [seq];
}

/** A message whose list parameters (`between`: several people) stay rich text. */
function richParams(tr: Translator, key: MessageKey, params: Record<string, string | number | Mention | RichText>): RichText {
  const lists: Record<string, RichText> = {};
  const plain: Record<string, string | number | Mention> = {};
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) [lists[k], plain[k]] = [v as RichText, `\u0001${k}\u0001`];
    else plain[k] = v as string | number | Mention;
  }
  return tr.r(key, plain).flatMap((part) => (typeof part === 'string' ? part.split(/\u0001([\w-]+)\u0001/).flatMap((seg, i) => (i % 2 ? lists[seg]! : seg ? [seg] : [])) : [part]));
}

/** Candidates as rich text joined by `sep`. */
function people(candidates: readonly Candidate[], seqs: readonly string[], sep = ', '): RichText {
  return seqs.flatMap((s, i) => [...(i > 0 ? [sep] : []), ...person(candidates, s)]);
}

/**
 * The quota applies to the deputies apart from the members (KHO 1997:49): under a balance rule, the
 * elected pairs' deputies short of the minimum (`pairs`: one of each per seat; `40`: the Ombudsman's
 * minimum of the deputies elected), or undefined. The count cannot act on it; the coordinators can.
 */
function deputyShortfall(e: Election, candidates: readonly Candidate[], winners: readonly string[]): { women: number; men: number; need: number } | undefined {
  if (!balanced(e) || !e.deputies) return undefined;
  const genders = winners.flatMap((w) => {
    const d = candidates.find((c) => String(c.seq) === w)?.deputy;
    return d ? [d.gender] : [];
  });
  const need = e.balance === 'pairs' ? Math.floor(genders.length / 2) : minimumPerGender(genders.length);
  const women = genders.filter((g) => g === 'woman').length;
  const men = genders.filter((g) => g === 'man').length;
  return women >= need && men >= need ? undefined : { women, men, need };
}

/** One count's blocks: who it elected (with deputies), its figures, rounds and tie-breaks. */
function countBlocks(tr: Translator, e: Election, candidates: readonly Candidate[], count: CountResult, shown: ReadonlyMap<string, string>, among?: { readonly heading: string; readonly part: string }): Block[] {
  const heading = among?.heading;
  const num = (text: string) => decimal(tr.lang, text);
  const rule = e.method === 'stv' ? tr.t(`election.rule.${e.rule}`) : tr.t(`election.method.${e.method}`);
  const lotDrawn = count.tieBreaks.some((t) => t.method === 'lot');
  const blocks: Block[] = [
    ...(heading ? [{ type: 'text' as const, text: [heading] }] : []),
    { type: 'text', text: [tr.t('election.winners', { count: count.winners.length })] },
    { type: 'list', items: count.winners.map((w) => named(candidates, w)) },
    {
      type: 'fields',
      fields: [
        { label: tr.t('election.field.method'), value: [rule] },
        { label: tr.t('election.field.valid-ballots'), value: [String(count.validBallots)] },
        ...(count.quota ? [{ label: tr.t('election.field.quota'), value: [num(count.quota)] }] : []),
        ...(lotDrawn ? [{ label: tr.t('election.field.seed'), value: [count.seed] }] : []),
      ],
    },
  ];
  if (count.rounds.length > 0) {
    blocks.push({ type: 'text', text: [tr.t('election.rounds')] });
    blocks.push({
      type: 'list',
      items: count.rounds.map((round): RichText => {
        const tallies = round.tallies.filter((t) => t.status !== 'withdrawn');
        const figures = tallies.flatMap((t, i) => [...(i > 0 ? [' · '] : []), ...person(candidates, t.candidate), `: ${num(t.votes)}`]);
        const action = round.candidate ? tr.r(`election.action.${round.action}`, { n: person(candidates, round.candidate)[0]! }) : [tr.t('election.action.first-count')];
        const outcome: RichText = [
          ...(round.elected.length ? [' → ✓ ', ...people(candidates, round.elected)] : []),
          ...(round.excluded.length ? [round.elected.length ? ' ✗ ' : ' → ✗ ', ...people(candidates, round.excluded)] : []),
        ];
        const rule = round.reason === 'balance' ? [tr.t('election.action.by-balance')] : [];
        return [`${round.round}. `, ...action, ...rule, ' — ', ...figures, ...outcome];
      }),
    });
  }
  if (count.rounds.length > 0) {
    // The chart names candidates as the card does (number, person, organisation), in plain text.
    // An image cannot mention: people are named as the platform shows them where it said (`shown`).
    const names = (seq: string) => plainText(named(candidates, seq), (m) => ('user' in m ? `@${shown.get(m.user) ?? m.user}` : mentionPlain(m)));
    const chartOf = e.method === 'stv' ? stvRoundsChart : electionVotesChart;
    const chart = chartOf(tr, { id: `E${e.seq}`, title: among ? `${e.title} · ${among.heading.replace(/:$/, '')}` : e.title }, count, names);
    // The women's and the men's counts each have a chart of their own, so their files need names of their own.
    blocks.push({ type: 'chart', chart: among ? { ...chart, name: `${chart.name}-${among.part}` } : chart });
  }
  for (const t of count.tieBreaks) {
    const params = { round: t.round, between: people(candidates, t.between), chosen: person(candidates, t.chosen)[0]!, outcome: TIE_OUTCOME[t.reason] };
    blocks.push({ type: 'text', text: richParams(tr, `election.tie.${t.method}`, params) });
  }
  return blocks;
}

/**
 * The published result: winners (with their personal deputies), rule, quota, every round with the
 * candidates' names, a chart of the count (rounds for STV, votes otherwise), tie-breaks, receipts; under balance:pairs the women's and the men's counts,
 * under balance:40 who the rule passed over; the quorum and the term. Without the quorum, only
 * that it was not reached. The lot's seed is shown only when a lot was drawn.
 */
export function resultView(
  tr: Translator,
  e: Election,
  candidates: readonly Candidate[],
  r: ElectionResult,
  isPrivate = false,
  showGender = false,
  shown: ReadonlyMap<string, string> = new Map(),
): View {
  const id = `E${e.seq}`;
  const blocks: Block[] = [{ type: 'heading', text: tr.t('election.result-heading', { id, title: e.title }) }];
  const facts = [
    ...(r.quorum ? [{ label: tr.t('election.field.quorum'), value: [tr.t('election.quorum-figures', { percent: r.quorum.percent, voted: r.quorum.voted, total: r.quorum.total })] }] : []),
    ...(e.term ? [{ label: tr.t('election.field.term'), value: [e.term] }] : []),
    ...(balanced(e) ? [{ label: tr.t('election.field.balance'), value: [tr.t(`election.balance.${e.balance}`)] }] : []),
  ];
  if (!r.count) {
    // Quorum not reached: nothing counted, nothing proposed; coordinators may extend voting.
    blocks.push({ type: 'text', text: [tr.t('election.quorum-not-reached', { id, percent: r.quorum?.percent ?? 0, voted: r.quorum?.voted ?? 0, total: r.quorum?.total ?? 0 })] });
    if (facts.length) blocks.push({ type: 'fields', fields: facts });
    blocks.push({ type: 'actions', buttons: [{ label: tr.t('button.reopen-week'), command: `election reopen ${id} vote-until:+7d` }] });
    return { private: isPrivate, blocks };
  }
  const counts = r.balanced?.counts ?? [{ gender: null, result: r.count }];
  for (const c of counts) blocks.push(...countBlocks(tr, e, candidates, c.result, shown, c.gender ? { heading: tr.t(`election.count-among.${c.gender}` as MessageKey), part: c.gender } : undefined));
  for (const p of r.balanced?.passedOver ?? []) blocks.push({ type: 'text', text: richParams(tr, 'election.passed-over', { round: p.round, who: person(candidates, p.candidate) }) });
  const deputies = deputyShortfall(e, candidates, counts.flatMap((c) => c.result.winners));
  if (deputies) blocks.push({ type: 'text', text: [tr.t('election.deputies-short', deputies)] });
  if (facts.length) blocks.push({ type: 'fields', fields: facts });
  if (showGender && candidates.some((c) => c.gender || c.deputy?.gender)) {
    blocks.push({ type: 'text', text: [tr.t('election.genders-heading')] });
    blocks.push({ type: 'list', items: candidates.filter((c) => c.state === 'accepted').map((c) => cardLine(tr, { ...c, statement: null }, true, 0)) });
  }
  // The proposal to the welfare area is the coordinators' (the command checks): a button for the typed command.
  const proposalButton: Block = { type: 'actions', buttons: [{ label: tr.t('button.proposal'), command: `election proposal ${id}` }] };
  if (r.receipts && r.receipts.length > RECEIPTS_INLINE) {
    // More than a message holds on every platform: all of them in a file, so every voter finds theirs.
    const name = `neuvo-e${e.seq}-receipts.txt`;
    blocks.push({ type: 'text', text: [tr.t('election.receipts-file', { count: r.receipts.length, file: name })] });
    blocks.push({ type: 'file', name, mime: 'text/plain', content: `${r.receipts.join('\n')}\n` });
  } else if (r.receipts) {
    blocks.push({ type: 'text', text: [tr.t('election.receipts', { count: r.receipts.length })] });
    blocks.push({ type: 'text', text: [r.receipts.join(' ')] });
  }
  blocks.push(proposalButton);
  return { private: isPrivate, blocks };
}
