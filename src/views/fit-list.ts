import { type Lang, translator } from '../i18n/translator.js';
import type { Block } from './view.js';

/**
 * Room for lines, as a platform counts it. `add` answers what is used once `line` joins the lines
 * `state` stands for, or undefined when it does not fit. States are small values, so a cut can step
 * back to an earlier one.
 */
export interface LineBudget<S> {
  readonly start: S;
  add(state: S, line: string): S | undefined;
}

/** `room` characters of lines joined by `separator` characters (a newline). */
export function charBudget(room: number, separator = 1): LineBudget<number> {
  // The state is the characters used, less the separator the first line does not need.
  return { start: -separator, add: (used, line) => (used + separator + line.length <= room ? used + separator + line.length : undefined) };
}

/**
 * A list within a budget: items rendered one at a time, in order, until the next does not fit, and
 * then a `more(hidden)` line saying how many were left out (stepping back an item or more if that
 * line needs their room). Items after the cut are never rendered, so the work is bounded by the
 * budget, not by the list. Answers the lines to show.
 */
export function fitList<T, S>(items: readonly T[], render: (item: T) => string, budget: LineBudget<S>, more: (hidden: number) => string): string[] {
  const lines: string[] = [];
  const states: S[] = [budget.start];
  for (const item of items) {
    const line = render(item);
    const next = budget.add(states.at(-1)!, line);
    if (next === undefined) break;
    lines.push(line);
    states.push(next);
  }
  if (lines.length === items.length) return lines;
  for (;;) {
    const line = more(items.length - lines.length);
    // With no item left to give way, the line goes anyway: the platform's own cut still applies.
    if (lines.length === 0 || budget.add(states[lines.length]!, line) !== undefined) return [...lines, line];
    lines.pop();
  }
}

/**
 * What a list keeps free for its "… and N more" line when it cuts an item longer than the list's whole
 * room (an organisation of 400 members): the item is shown cut, rather than left out with nothing shown.
 */
export const MORE_LINE_ROOM = 64;

/**
 * The share of the room left that the list at `index` gets: an equal one with the lists after it (a
 * short list leaves the rest to them), so a long first list cannot crowd out the next (voted / not yet).
 */
export function listShare(blocks: readonly Block[], index: number, room: number): number {
  let lists = 0;
  for (let i = index; i < blocks.length; i++) if (blocks[i]!.type === 'list') lists++;
  return Math.floor(room / Math.max(1, lists));
}

/** The localized words of a cut list's last line: "… and 4,990 more". */
export function moreItems(lang: Lang | undefined): (hidden: number) => string {
  const tr = translator(lang ?? 'en');
  return (hidden) => tr.t('view.more-items', { count: hidden });
}
