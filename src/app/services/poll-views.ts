import { timeSpan } from '../../commands/dates.js';
import { activeOptions, bar, effectivePick, type PollOption } from '../../domain/poll.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';
import { pollTopicsChart } from '../../views/chart.js';
import type { Block, Button, RichText, View } from '../../views/view.js';
import type { Poll, PollResult, PollTally } from '../ports.js';

/** `P1` */
export const pollId = (p: Pick<Poll, 'seq'>): string => `P${p.seq}`;

export const themeName = (tr: Translator, theme: Poll['theme']): string => tr.t(`theme.${theme}` as MessageKey);

/** While topics are still coming the poll's own `pick` is the promise; from voting on, what the topics allow. */
function shownPick(p: Poll, standing: number): number {
  return p.phase === 'suggesting' ? p.pick : effectivePick(p.pick, standing);
}

function settings(tr: Translator, p: Poll, standing: number, zone: string): Block {
  return {
    type: 'fields',
    fields: [
      { label: tr.t('poll.field.theme'), value: [themeName(tr, p.theme)] },
      { label: tr.t('poll.field.phase'), value: [tr.t(`poll.phase.${p.phase}`)] },
      { label: tr.t('poll.field.pick'), value: [tr.t('poll.pick-value', { pick: shownPick(p, standing) })] },
      { label: tr.t('poll.field.votes'), value: [tr.t(p.anonymous ? 'poll.anonymous.yes' : 'poll.anonymous.no')] },
      { label: tr.t('poll.field.results'), value: [tr.t(p.results === 'live' ? 'poll.results.live' : 'poll.results.at-close')] },
      ...(p.suggestUntil && p.phase === 'suggesting' ? [{ label: tr.t('poll.field.suggest-until'), value: [timeSpan(p.suggestUntil, zone, tr.lang)] }] : []),
      ...(p.voteUntil ? [{ label: tr.t('poll.field.vote-until'), value: [timeSpan(p.voteUntil, zone, tr.lang)] }] : []),
    ],
  };
}

/** The ranking with bars; topics that joined the agenda are ticked. */
function rankingList(tr: Translator, result: Pick<PollResult, 'ranking' | 'voters' | 'agenda'>): Block {
  return {
    type: 'list',
    items: result.ranking.map((r): RichText => [`${result.agenda.includes(r.seq) ? '✓ ' : ''}${r.seq}. ${r.text} — ${bar(r.votes, result.voters, tr.lang)}`]),
  };
}

function mergedLine(tr: Translator, options: readonly PollOption[]): Block[] {
  const merged = options.filter((o) => o.mergedInto !== null);
  if (merged.length === 0) return [];
  return [{ type: 'text', text: [tr.t('poll.merged-line', { list: merged.map((o) => `${o.seq} → ${o.mergedInto}`).join(', ') })] }];
}

/** How to vote, with the same pick count the card's settings show. */
export function howToVote(tr: Translator, p: Poll, standing: readonly PollOption[]): Block {
  const id = pollId(p);
  const pick = effectivePick(p.pick, standing.length);
  const example = standing.slice(0, Math.min(pick, 2)).map((o) => o.seq).join(' ') || '1';
  return { type: 'text', text: [tr.t('poll.how-to-vote', { id, pick, example })] };
}

/**
 * The poll card: settings, the topics (with live bars while voting when results are live, ranked
 * once closed), how to take part, and the buttons for the phase.
 */
export function pollCard(tr: Translator, p: Poll, options: readonly PollOption[], tally: PollTally | undefined, zone: string, isPrivate = false): View {
  const id = pollId(p);
  const standing = activeOptions(options);
  const blocks: Block[] = [{ type: 'heading', text: `${id} · ${p.question}` }, settings(tr, p, standing.length, zone)];
  blocks.push({ type: 'text', text: [tr.t('poll.topics', { count: standing.length })] });
  if (p.phase === 'closed' && p.result) {
    blocks.push(rankingList(tr, p.result));
  } else if (standing.length > 0) {
    const live = p.phase === 'voting' && p.results === 'live' && tally;
    blocks.push({ type: 'list', items: standing.map((o) => [`${o.seq}. ${o.text}${live ? ` — ${bar(tally.votes.get(o.seq) ?? 0, tally.voters, tr.lang)}` : ''}`]) });
  }
  blocks.push(...mergedLine(tr, options));
  if (p.phase !== 'suggesting' && tally) blocks.push({ type: 'text', text: [tr.t('poll.voted-line', { count: p.result?.voters ?? tally.voters })] });
  const buttons: Button[] = [];
  if (p.phase === 'suggesting') {
    blocks.push({ type: 'text', text: [tr.t('poll.how-to-suggest', { id })] });
    buttons.push({ label: tr.t('button.suggest'), command: `poll suggest ${id}`, style: 'primary', form: true }, { label: tr.t('button.open-voting'), command: `poll open ${id}` });
  } else if (p.phase === 'voting') {
    if (p.results === 'at-close') blocks.push({ type: 'text', text: [tr.t('poll.results-hidden')] });
    blocks.push(howToVote(tr, p, standing));
    buttons.push({ label: tr.t('button.vote'), command: `vote ${id}`, style: 'primary', form: true }, { label: tr.t('button.close-voting'), command: `poll close ${id}`, style: 'danger' });
  } else {
    blocks.push({ type: 'text', text: [tr.t('poll.closed-line')] });
    buttons.push({ label: tr.t('button.agenda'), command: 'agenda' });
  }
  blocks.push({ type: 'actions', buttons });
  return { private: isPrivate, blocks };
}

/** The published result: the ranking with bars (and as a chart), and which topics joined the agenda. */
export function pollResultView(tr: Translator, p: Poll, result: PollResult, isPrivate = false): View {
  const chosen = result.agenda.map((seq) => result.ranking.find((r) => r.seq === seq)!);
  const blocks: Block[] = [
    { type: 'heading', text: tr.t('poll.result-heading', { id: pollId(p), question: p.question }) },
    { type: 'text', text: [tr.t('poll.voted-line', { count: result.voters })] },
    rankingList(tr, result),
    ...(result.ranking.length > 0 ? [{ type: 'chart', chart: pollTopicsChart(tr, { id: pollId(p), question: p.question }, result.ranking, result.agenda, result.voters) } as const] : []),
    { type: 'text', text: [tr.t('poll.agenda-chosen', { count: chosen.length, theme: themeName(tr, p.theme) })] },
  ];
  if (chosen.length > 0) blocks.push({ type: 'list', items: chosen.map((r) => [`${r.text} (${r.votes})`]) });
  blocks.push({ type: 'actions', buttons: [{ label: tr.t('button.agenda'), command: 'agenda' }] });
  return { private: isPrivate, blocks };
}
