import { decimal } from '../i18n/format.js';
import type { Lang, Translator } from '../i18n/translator.js';

/**
 * Charts as neutral data: what to draw and its words, already localized. Adapters draw them
 * (`adapters/charts/render-chart.ts`: SVG and PNG); `alt` is the same data as a text table, for
 * screen readers, alt text and wherever no image can be shown.
 */

/** One bar: a topic or candidate and its votes; `marked` ones are drawn apart (joined the agenda, elected). */
export interface ChartBar {
  readonly label: string;
  readonly value: number;
  readonly marked: boolean;
}

/** One candidate's votes in one round of a count. */
export interface ChartRoundPoint {
  readonly round: number;
  readonly candidate: string;
  readonly votes: number;
}

/** What happened to a candidate in a round: elected or excluded then. */
export interface ChartRoundEvent {
  readonly round: number;
  readonly candidate: string;
  readonly votes: number;
  readonly outcome: 'elected' | 'excluded';
}

/** An organisation's turnout: how many of its voters on the roll voted. */
export interface ChartTurnoutRow {
  readonly label: string;
  readonly voted: number;
  readonly total: number;
}

interface ChartBase {
  readonly title: string;
  /** The chart as a text table (alt text, the attachment's description, the console). */
  readonly alt: string;
  /** A file name without extension, safe on every platform (`neuvo-p3-topics`). */
  readonly name: string;
  /** Numbers are written in this language's form. */
  readonly lang: Lang;
}

/** A chart to draw. Every text in it is already localized; user text is plain text, never markup. */
export type ChartSpec =
  | (ChartBase & {
      /** A poll's topics by votes, or a plurality/approval election's candidates by votes. */
      readonly kind: 'poll-topics' | 'election-votes';
      readonly bars: readonly ChartBar[];
      readonly valueLabel: string;
      /** The legend of marked and unmarked bars. */
      readonly markedLabel: string;
      readonly unmarkedLabel: string;
    })
  | (ChartBase & {
      /** An STV count: votes per candidate per round, the quota line, who was elected or excluded when. */
      readonly kind: 'stv-rounds';
      readonly candidates: readonly string[];
      readonly points: readonly ChartRoundPoint[];
      readonly events: readonly ChartRoundEvent[];
      readonly quota: number | null;
      readonly roundLabel: string;
      readonly votesLabel: string;
      readonly quotaLabel: string;
      readonly electedLabel: string;
      readonly excludedLabel: string;
    })
  | (ChartBase & {
      /** An election's turnout by organisation. */
      readonly kind: 'turnout';
      readonly rows: readonly ChartTurnoutRow[];
      readonly votedLabel: string;
      readonly notVotedLabel: string;
      readonly axisLabel: string;
    });

/** A topic of a poll's result. */
export interface ChartTopic {
  readonly seq: number;
  readonly text: string;
  readonly votes: number;
}

/** A poll's topics by votes, in rank order; the topics that joined the agenda are marked. */
export function pollTopicsChart(tr: Translator, poll: { readonly id: string; readonly question: string }, ranking: readonly ChartTopic[], agenda: readonly number[], voters: number): ChartSpec {
  const bars = ranking.map((r) => ({ label: `${r.seq}. ${r.text}`, value: r.votes, marked: agenda.includes(r.seq) }));
  const header = `${tr.t('chart.topic')}\t${tr.t('chart.votes')}`;
  const lines = bars.map((b) => `${b.label}\t${b.value}${b.marked ? ` (${tr.t('chart.on-agenda')})` : ''}`);
  return {
    kind: 'poll-topics',
    title: tr.t('chart.poll-topics.title', { id: poll.id, question: poll.question }),
    alt: [tr.t('chart.poll-topics.title', { id: poll.id, question: poll.question }), tr.t('chart.voters', { count: voters }), header, ...lines].join('\n'),
    name: `neuvo-${poll.id.toLowerCase()}-topics`,
    lang: tr.lang,
    bars,
    valueLabel: tr.t('chart.votes'),
    markedLabel: tr.t('chart.on-agenda'),
    unmarkedLabel: tr.t('chart.not-on-agenda'),
  };
}

/**
 * What the election charts read of a count: a tally `CountResult`, or the rounds a results page keeps (whose
 * candidates are already names).
 */
export interface ChartCount {
  readonly winners: readonly string[];
  readonly quota: string | null;
  readonly rounds: readonly {
    readonly round: number;
    readonly tallies: readonly { readonly candidate: string; readonly votes: string; readonly status: string }[];
    readonly elected: readonly string[];
    readonly excluded: readonly string[];
  }[];
}

/** An election as the charts name it. */
export interface ChartElection {
  readonly id: string;
  readonly title: string;
}

/** A plurality or approval count: the candidates by their votes (the count's last round), winners marked. */
export function electionVotesChart(tr: Translator, e: ChartElection, count: ChartCount, names: (candidate: string) => string): ChartSpec {
  const last = count.rounds.at(-1);
  const tallies = (last?.tallies ?? []).filter((t) => t.status !== 'withdrawn').sort((a, b) => Number(b.votes) - Number(a.votes));
  const bars = tallies.map((t) => ({ label: names(t.candidate), value: Number(t.votes), marked: count.winners.includes(t.candidate) }));
  const title = tr.t('chart.election-votes.title', { id: e.id, title: e.title });
  return {
    kind: 'election-votes',
    title,
    alt: [title, `${tr.t('chart.candidate')}\t${tr.t('chart.votes')}`, ...tallies.map((t, i) => `${bars[i]!.label}\t${decimal(tr.lang, t.votes)}${bars[i]!.marked ? ` (${tr.t('chart.elected')})` : ''}`)].join('\n'),
    name: `neuvo-${e.id.toLowerCase()}-votes`,
    lang: tr.lang,
    bars,
    valueLabel: tr.t('chart.votes'),
    markedLabel: tr.t('chart.elected'),
    unmarkedLabel: tr.t('chart.not-elected'),
  };
}

/**
 * An STV (or IRV) count's rounds: each candidate's votes per round (an excluded one's until the
 * round their votes were transferred), the quota, and the round each was elected or excluded in. `names` gives a candidate's
 * label from the count's id (its card number).
 */
export function stvRoundsChart(tr: Translator, e: ChartElection, count: ChartCount, names: (candidate: string) => string): ChartSpec {
  const candidates: string[] = [];
  const points: ChartRoundPoint[] = [];
  const events: ChartRoundEvent[] = [];
  const done = new Set<string>();
  for (const round of count.rounds) {
    for (const t of round.tallies) {
      if (t.status === 'withdrawn' || done.has(t.candidate)) continue;
      const label = names(t.candidate);
      if (!candidates.includes(label)) candidates.push(label);
      points.push({ round: round.round, candidate: label, votes: Number(t.votes) });
    }
    const at = (c: string) => Number(round.tallies.find((t) => t.candidate === c)?.votes ?? 0);
    for (const c of round.elected) events.push({ round: round.round, candidate: names(c), votes: at(c), outcome: 'elected' });
    for (const c of round.excluded) events.push({ round: round.round, candidate: names(c), votes: at(c), outcome: 'excluded' });
    // An excluded candidate's line ends at 0 in the round their votes moved on; an elected one's
    // goes on at what they keep (the quota, once a surplus is transferred).
    round.excluded.forEach((c) => done.add(c));
  }
  const quota = count.quota === null ? null : Number(count.quota);
  const title = tr.t('chart.stv-rounds.title', { id: e.id, title: e.title });
  const rows = count.rounds.map((round) => {
    const figures = round.tallies
      .filter((t) => t.status !== 'withdrawn')
      .map((t) => `${names(t.candidate)} ${decimal(tr.lang, t.votes)}`)
      .join(' · ');
    const outcome = [
      ...round.elected.map((c) => `✓ ${names(c)}`),
      ...round.excluded.map((c) => `✗ ${names(c)}`),
    ].join(' ');
    return `${tr.t('chart.round')} ${round.round}: ${figures}${outcome ? ` → ${outcome}` : ''}`;
  });
  return {
    kind: 'stv-rounds',
    title,
    alt: [title, ...(count.quota === null ? [] : [`${tr.t('chart.quota')}: ${decimal(tr.lang, count.quota)}`]), ...rows].join('\n'),
    name: `neuvo-${e.id.toLowerCase()}-rounds`,
    lang: tr.lang,
    candidates,
    points,
    events,
    quota,
    roundLabel: tr.t('chart.round'),
    votesLabel: tr.t('chart.votes'),
    quotaLabel: tr.t('chart.quota'),
    electedLabel: tr.t('chart.elected'),
    excludedLabel: tr.t('chart.excluded'),
  };
}

/** An election's turnout by organisation: of each organisation's voters on the roll, how many voted. */
export function turnoutChart(tr: Translator, e: ChartElection, rows: readonly ChartTurnoutRow[]): ChartSpec {
  const title = tr.t('chart.turnout.title', { id: e.id, title: e.title });
  return {
    kind: 'turnout',
    title,
    alt: [title, `${tr.t('chart.organisation')}\t${tr.t('chart.voted')}`, ...rows.map((r) => `${r.label}\t${r.voted}/${r.total}`)].join('\n'),
    name: `neuvo-${e.id.toLowerCase()}-turnout`,
    lang: tr.lang,
    rows,
    votedLabel: tr.t('chart.voted'),
    notVotedLabel: tr.t('chart.not-voted'),
    axisLabel: tr.t('chart.voters-axis'),
  };
}
