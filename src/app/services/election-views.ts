import { timeSpan } from '../../commands/dates.js';
import type { Candidate } from '../../domain/election.js';
import type { TieBreak } from '../../domain/tally/types.js';
import { decimal } from '../../i18n/format.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';
import { electionVotesChart, stvRoundsChart } from '../../views/chart.js';
import { type Block, type Button, type Mention, mentionPlain, plainText, type RichText, type View } from '../../views/view.js';
import type { Election, ElectionResult } from '../ports.js';

const who = (c: Pick<Candidate, 'userId' | 'org'>): RichText => [{ user: c.userId }, ...(c.org ? [` (${c.org})`] : [])];

/** The candidate a tally names (by card number) as rich text. */
function named(candidates: readonly Candidate[], seq: string): RichText {
  const c = candidates.find((x) => String(x.seq) === seq);
  return c ? [`${c.seq}. `, ...who(c)] : [seq];
}

/** `Declined: 2. @b1, 4. @d1` */
function peopleLine(label: string, people: readonly Candidate[]): Block {
  return { type: 'text', text: [label, ' ', ...people.flatMap((c, i) => [...(i > 0 ? [', '] : []), `${c.seq}. `, ...who(c)])] };
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
    ],
  };
}

/** How many of the roll have voted. */
export interface Turnout {
  readonly voted: number;
  readonly total: number;
}

/** The election card: settings, candidates and the buttons for the current phase. */
export function electionCard(tr: Translator, e: Election, candidates: readonly Candidate[], zone: string, turnout?: Turnout, isPrivate = false): View {
  const id = `E${e.seq}`;
  const blocks: Block[] = [{ type: 'heading', text: `${id} · ${e.title}` }, settings(tr, e, zone)];
  if (turnout) blocks.push({ type: 'text', text: [tr.t('election.turnout-line', { voted: turnout.voted, total: turnout.total })] });
  // The candidates are those on the ballot: accepted ones. Nominees still to answer (who lapse
  // once voting opens) and those who declined are shown apart.
  const accepted = candidates.filter((c) => c.state === 'accepted');
  blocks.push({ type: 'text', text: [tr.t('election.candidates', { count: accepted.length })] });
  if (accepted.length > 0) blocks.push({ type: 'list', items: accepted.map((c) => named(candidates, String(c.seq))) });
  const unanswered = candidates.filter((c) => c.state === 'nominated');
  const declined = candidates.filter((c) => c.state === 'declined');
  if (unanswered.length > 0) blocks.push(peopleLine(tr.t(e.phase === 'nominating' ? 'election.awaiting-answer' : 'election.lapsed'), unanswered));
  if (declined.length > 0) blocks.push(peopleLine(tr.t('election.declined-list'), declined));
  const buttons: Button[] = [];
  if (e.phase === 'nominating') {
    blocks.push({ type: 'text', text: [tr.t('election.how-to-nominate', { id })] });
    buttons.push(
      { label: tr.t('button.accept'), command: `election accept ${id}`, style: 'primary' },
      { label: tr.t('button.decline-nomination'), command: `election decline ${id}` },
      { label: tr.t('button.open-voting'), command: `election open ${id}` },
    );
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
 * The published result: winners, rule, quota, every round with the candidates' names, a chart of
 * the count (rounds for STV, votes otherwise), tie-breaks, receipts. The lot's seed is shown only when a lot was drawn: otherwise it decided nothing.
 */
export function resultView(tr: Translator, e: Election, candidates: readonly Candidate[], r: ElectionResult, isPrivate = false): View {
  const { count } = r;
  const num = (text: string) => decimal(tr.lang, text);
  const rule = e.method === 'stv' ? tr.t(`election.rule.${e.rule}`) : tr.t(`election.method.${e.method}`);
  const lotDrawn = count.tieBreaks.some((t) => t.method === 'lot');
  const blocks: Block[] = [
    { type: 'heading', text: tr.t('election.result-heading', { id: `E${e.seq}`, title: e.title }) },
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
        return [`${round.round}. `, ...action, ' — ', ...figures, ...outcome];
      }),
    });
  }
  if (count.rounds.length > 0) {
    // The chart names candidates as the card does (number, person, organisation), in plain text.
    const names = (seq: string) => plainText(named(candidates, seq), mentionPlain);
    const chartOf = e.method === 'stv' ? stvRoundsChart : electionVotesChart;
    blocks.push({ type: 'chart', chart: chartOf(tr, { id: `E${e.seq}`, title: e.title }, count, names) });
  }
  for (const t of count.tieBreaks) {
    const params = { round: t.round, between: people(candidates, t.between), chosen: person(candidates, t.chosen)[0]!, outcome: TIE_OUTCOME[t.reason] };
    blocks.push({ type: 'text', text: richParams(tr, `election.tie.${t.method}`, params) });
  }
  if (r.receipts && r.receipts.length > RECEIPTS_INLINE) {
    // More than a message holds on every platform: all of them in a file, so every voter finds theirs.
    const name = `neuvo-e${e.seq}-receipts.txt`;
    blocks.push({ type: 'text', text: [tr.t('election.receipts-file', { count: r.receipts.length, file: name })] });
    blocks.push({ type: 'file', name, mime: 'text/plain', content: `${r.receipts.join('\n')}\n` });
  } else if (r.receipts) {
    blocks.push({ type: 'text', text: [tr.t('election.receipts', { count: r.receipts.length })] });
    blocks.push({ type: 'text', text: [r.receipts.join(' ')] });
  }
  return { private: isPrivate, blocks };
}
