import { percent } from '../i18n/format.js';
import type { Lang } from '../i18n/translator.js';
import type { MessageKey, MessageParams } from '../i18n/translator.js';

/** A topic poll moves from suggestions to voting to closed; it never goes back. */
export type PollPhase = 'suggesting' | 'voting' | 'closed';
/** Whether the card shows the counts while voting runs, or only once it has closed. */
export type ResultsMode = 'live' | 'at-close';

/** Limits that keep a poll readable and inside the platforms' message and select limits. */
export const POLL_LIMITS = {
  question: 200,
  topic: 150,
  /** Discord selects hold 25 options: a poll's pick form must fit in one. */
  topics: 25,
  pick: 10,
} as const;

/** A topic on a poll card. */
export interface PollOption {
  /** Its number on the card. */
  readonly seq: number;
  readonly text: string;
  readonly suggestedBy: string | null;
  /** Set once a coordinator merged this duplicate into another topic. */
  readonly mergedInto: number | null;
}

/** A topic with its votes, ranked: 1 = the most voted. */
export interface RankedOption {
  readonly rank: number;
  readonly seq: number;
  readonly text: string;
  readonly votes: number;
}

export type Failure = { readonly ok: false; readonly code: MessageKey; readonly params: MessageParams };

/** The topics still standing (not merged away), in card order. */
export function activeOptions(options: readonly PollOption[]): PollOption[] {
  return options.filter((o) => o.mergedInto === null).sort((a, b) => a.seq - b.seq);
}

/** Whether two topic texts are the same topic as typed (case and spacing ignored). */
export function sameTopic(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLocaleLowerCase();
  return norm(a) === norm(b);
}

/** Reads a topic: trimmed, spaces collapsed, 1 to {@link POLL_LIMITS.topic} characters. */
export function readTopic(text: string): { ok: true; topic: string } | Failure {
  const topic = text.trim().replace(/\s+/g, ' ');
  if (topic.length === 0 || topic.length > POLL_LIMITS.topic) return { ok: false, code: 'poll.bad-topic', params: { max: POLL_LIMITS.topic } };
  return { ok: true, topic };
}

/** Reads `options:"A|B|C"` into distinct topics, at most `max` of them. */
export function readTopicList(text: string, max: number = POLL_LIMITS.topics): { ok: true; topics: string[] } | Failure {
  const topics: string[] = [];
  for (const part of text.split('|')) {
    if (part.trim() === '') continue;
    const t = readTopic(part);
    if (!t.ok) return t;
    if (topics.some((x) => sameTopic(x, t.topic))) return { ok: false, code: 'poll.duplicate-option', params: { topic: t.topic } };
    topics.push(t.topic);
  }
  if (topics.length > max) return { ok: false, code: 'poll.full', params: { max } };
  return { ok: true, topics };
}

/**
 * How many topics each person may pick: the poll's `pick`, but never more than the topics standing
 * (and at least one), so the card, the vote hint and the form all promise the same number.
 */
export function effectivePick(pick: number, standing: number): number {
  return Math.max(1, Math.min(pick, standing));
}

/**
 * Reads the picks of `vote P1 2 4` — topic numbers from the card — into distinct standing topic
 * numbers, sorted. A merged topic's number counts as the topic it was merged into, so a vote typed
 * from an older card still lands where it belongs; a duplicate and the topic it was merged into
 * named together are one pick (the voter could not know they are one topic). The same number
 * typed twice is a mistake and is refused.
 */
export function readPicks(words: readonly string[], options: readonly PollOption[], pick: number, id: string): { ok: true; picks: number[] } | Failure {
  const bySeq = new Map(options.map((o) => [o.seq, o]));
  const picks: number[] = [];
  const typed = new Set<number>();
  for (const w of words.flatMap((x) => x.split(/[\s,]+/)).filter(Boolean)) {
    const m = /^#?(\d{1,6})$/.exec(w);
    let option = m ? bySeq.get(Number(m[1])) : undefined;
    if (option && typed.has(option.seq)) return { ok: false, code: 'poll.duplicate-pick', params: { value: w } };
    if (option) typed.add(option.seq);
    // Merges are kept flat (see the repository), but follow a chain anyway.
    for (let hops = 0; option?.mergedInto != null && hops < options.length; hops++) option = bySeq.get(option.mergedInto);
    if (!option || option.mergedInto !== null) return { ok: false, code: 'poll.unknown-option', params: { value: w, id } };
    if (!picks.includes(option.seq)) picks.push(option.seq);
  }
  if (picks.length === 0) return { ok: false, code: 'poll.no-picks', params: {} };
  if (picks.length > pick) return { ok: false, code: 'poll.too-many-picks', params: { id, max: pick } };
  return { ok: true, picks: picks.sort((a, b) => a - b) };
}

/**
 * Ranks the standing topics by votes, most first; equal votes keep card order (the earlier
 * suggestion first), so the ranking is the same every time it is computed.
 */
export function rankOptions(options: readonly PollOption[], votes: ReadonlyMap<number, number>): RankedOption[] {
  return activeOptions(options)
    .map((o) => ({ seq: o.seq, text: o.text, votes: votes.get(o.seq) ?? 0 }))
    .sort((a, b) => b.votes - a.votes || a.seq - b.seq)
    .map((o, i) => ({ rank: i + 1, ...o }));
}

/**
 * The topics that join the agenda: the top `pick` that got at least one vote, plus any tied with
 * the last of them (a tie at the cut is not settled by card order).
 */
export function agendaCut(ranked: readonly RankedOption[], pick: number): RankedOption[] {
  const voted = ranked.filter((r) => r.votes > 0);
  if (voted.length <= pick) return [...voted];
  const last = voted[pick - 1]!.votes;
  return voted.filter((r, i) => i < pick || r.votes === last);
}

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/**
 * A result bar as text: `█████▍ 42 % (5)` (`42%` in English). The share is of the people who voted (with
 * several picks each, shares add up to more than 100%); `width` full blocks stand for 100%, in eighths.
 */
export function bar(votes: number, voters: number, lang: Lang, width = 10): string {
  const share = voters > 0 ? votes / voters : 0;
  const eighths = Math.round(share * width * 8);
  const blocks = '█'.repeat(Math.floor(eighths / 8)) + EIGHTHS[eighths % 8]!;
  return `${blocks}${blocks ? ' ' : ''}${percent(lang, share)} (${votes})`;
}
