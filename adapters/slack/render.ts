/**
 * Renders the core's views as Slack Block Kit, within Slack's limits, with a plain `text` fallback
 * for notifications and clients that cannot show blocks.
 */
import { translator } from '../../src/i18n/translator.js';
import type { types } from '@slack/bolt';
import { charBudget, fitList, type LineBudget, listShare, moreItems } from '../../src/views/fit-list.js';
import type { ChartSpec } from '../../src/views/chart.js';
import { type Block, type Button, type RichText, type View } from '../../src/views/view.js';
import { fileLine, type SlackFile, slackFiles } from './files.js';
import { escapeMrkdwn, richMrkdwn, splitMrkdwn, truncateMrkdwn, truncatePlain } from './mrkdwn.js';

/** Slack's Block Kit limits (docs.slack.dev Block Kit reference). */
export const SLACK_LIMITS = {
  blocks: 50,
  header: 150,
  section: 3000,
  field: 2000,
  fieldsPerSection: 10,
  button: 75,
  buttonValue: 2000,
  actionsPerBlock: 25,
  /** An image block's `alt_text` and `title`. */
  imageText: 2000,
  /** Our own cap for the notification text: it is a preview, the blocks carry the message. */
  fallback: 3000,
  /**
   * The text of all of a message's blocks together. Undocumented: chat.postMessage answers
   * `msg_blocks_too_long` from about 11,000–13,000 characters (slackapi/bolt-js#2509, #2867), so lists
   * stay below this.
   */
  messageText: 10_000,
} as const;

/** Buttons carry this prefix in their `action_id`; the adapter listens for it. */
export const ACTION_PREFIX = 'neuvo:';
/** Form buttons (their command is incomplete: the form supplies the rest) carry this one instead. */
export const FORM_ACTION_PREFIX = 'neuvo-form:';

/** A message ready for chat.postMessage or a response_url. */
export interface SlackMessage {
  readonly blocks: types.KnownBlock[];
  readonly text: string;
  /**
   * The view's files, present only when it has some. They are not Block Kit: the blocks name them and
   * the caller uploads them (files.ts).
   */
  readonly files?: readonly SlackFile[];
}

/** How {@link renderSlack} words what it cannot fit. */
export interface RenderOptions {
  /** The last block's text when blocks had to be left out (the view carries no language). */
  readonly shortened?: (hidden: number) => string;
  /** The mrkdwn line that stands for a file block; `📎 name` by default (see `fileLine`). */
  readonly fileLine?: (name: string) => string;
  /** The line that ends a list cut to fit, from the number of items left out. */
  readonly more?: (hidden: number) => string;
  /**
   * The id of a chart's PNG, uploaded beforehand (charts.ts), shown as an image block. A chart
   * without one (not uploaded: a card edit, a failed upload) is its title and text table instead.
   */
  readonly chartFile?: (chart: ChartSpec) => string | undefined;
}

const ERROR_MARK = '⚠️ ';

/**
 * A view as Block Kit: headings → header, text → mrkdwn sections (user text escaped, mentions
 * native), fields → section fields, lists → bullet lines, buttons → actions with `action_id`
 * `neuvo:<n>` (`neuvo-form:<n>` for form buttons) and the command as `value`, files → a context line
 * `📎 name` (the files themselves are returned apart, for upload). Never more than 50 blocks.
 */
export function renderSlack(view: View, opts: RenderOptions = {}): SlackMessage {
  const blocks: types.KnownBlock[] = [];
  let buttonIndex = 0;
  let marked = !view.error;
  const mark = (mrkdwn: string) => {
    if (marked) return mrkdwn;
    marked = true;
    return ERROR_MARK + mrkdwn;
  };
  const more = opts.more ?? moreItems(view.lang);
  for (const [index, b] of view.blocks.entries()) {
    switch (b.type) {
      case 'heading': {
        const text = b.text.trim();
        if (text) blocks.push({ type: 'header', text: { type: 'plain_text', text: truncatePlain(text, SLACK_LIMITS.header), emoji: true } });
        break;
      }
      case 'text': {
        const text = richMrkdwn(b.text);
        if (text.trim()) blocks.push(...sections(mark(text)));
        break;
      }
      case 'fields':
        blocks.push(...fieldSections(b));
        break;
      case 'list': {
        // The blocks left, less one for each view block after this one (and for an error mark still to come).
        const free = SLACK_LIMITS.blocks - blocks.length - (view.blocks.length - index - 1) - (marked ? 0 : 1);
        const room = SLACK_LIMITS.messageText - blocks.reduce((n, x) => n + textLength(x), 0);
        const share = (n: number) => listShare(view.blocks, index, n);
        if (b.items.length) blocks.push(...listSections(b.items, Math.max(1, share(free)), share(room), more).map(section));
        break;
      }
      case 'actions': {
        const elements = b.buttons.filter((x) => x.command.length <= SLACK_LIMITS.buttonValue).map((x) => button(x, buttonIndex++));
        for (let i = 0; i < elements.length; i += SLACK_LIMITS.actionsPerBlock) {
          blocks.push({ type: 'actions', elements: elements.slice(i, i + SLACK_LIMITS.actionsPerBlock) });
        }
        break;
      }
      case 'divider':
        blocks.push({ type: 'divider' });
        break;
      case 'file':
        blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncateMrkdwn((opts.fileLine ?? ((n) => fileLine(n)))(b.name.trim() || 'file'), SLACK_LIMITS.section) }] });
        break;
      case 'chart': {
        const id = opts.chartFile?.(b.chart);
        if (id) blocks.push(imageBlock(b.chart, id));
        else blocks.push(...sections(escapeMrkdwn(`📈 ${b.chart.alt.replaceAll('\t', ' · ')}`)));
        break;
      }
    }
  }
  // An error view with no text block still says it is one.
  if (!marked) blocks.unshift(section(ERROR_MARK.trim()));
  const files = slackFiles(view);
  const shortened = opts.shortened ?? ((hidden: number) => translator(view.lang ?? 'en').t('view.shortened', { count: hidden }));
  return { blocks: fit(withinText(blocks, shortened), shortened), text: fallbackText(view, more), ...(files.length ? { files } : {}) };
}

/** A chart as an image block of its uploaded PNG (`slack_file` by id), its text table as alt text. */
function imageBlock(chart: ChartSpec, fileId: string): types.ImageBlock {
  return {
    type: 'image',
    slack_file: { id: fileId },
    alt_text: truncatePlain(chart.alt.replaceAll('\t', ' · '), SLACK_LIMITS.imageText),
    title: { type: 'plain_text', text: truncatePlain(chart.title, SLACK_LIMITS.imageText), emoji: false },
  };
}

function section(mrkdwn: string): types.SectionBlock {
  // verbatim: Slack must not turn plain words into links or mentions; ours are written explicitly.
  return { type: 'section', text: { type: 'mrkdwn', text: mrkdwn, verbatim: true } };
}

function sections(mrkdwn: string): types.SectionBlock[] {
  return splitMrkdwn(mrkdwn, SLACK_LIMITS.section).map(section);
}

/** Whether a line joins a section's `chars` characters, after a line break. */
const joins = (chars: number, line: string) => chars > 0 && chars + 1 + line.length <= SLACK_LIMITS.section;

/** The characters of text a block carries (what Slack's `msg_blocks_too_long` counts, roughly). */
function textLength(b: types.KnownBlock): number {
  if (b.type === 'header') return b.text.text.length;
  if (b.type === 'section') return (b.text?.text.length ?? 0) + (b.fields ?? []).reduce((n, f) => n + f.text.length, 0);
  if (b.type === 'context') return b.elements.reduce((n, e) => n + ('text' in e ? e.text.length : 0), 0);
  return 0;
}

/** Lines (each within a section) in at most `free` sections, whole lines to a section, `room` characters in all. */
function sectionBudget(free: number, room: number): LineBudget<{ sections: number; chars: number; total: number }> {
  return {
    start: { sections: 0, chars: 0, total: 0 },
    add: (s, line) => {
      const join = joins(s.chars, line);
      const total = s.total + (join ? 1 : 0) + line.length;
      if (total > room || (!join && s.sections >= free)) return undefined;
      return join ? { sections: s.sections, chars: s.chars + 1 + line.length, total } : { sections: s.sections + 1, chars: line.length, total };
    },
  };
}

/**
 * A list as bullet lines in sections: as many items as `free` sections and `room` characters hold,
 * then a line saying how many more.
 */
function listSections(items: readonly RichText[], free: number, room: number, more: (hidden: number) => string): string[] {
  const line = (i: RichText) => truncateMrkdwn(`• ${richMrkdwn(i)}`, SLACK_LIMITS.section);
  const out: string[] = [];
  for (const l of fitList(items, line, sectionBudget(free, room), (n) => escapeMrkdwn(more(n)))) {
    if (out.length > 0 && joins(out.at(-1)!.length, l)) out[out.length - 1] += `\n${l}`;
    else out.push(l);
  }
  return out;
}

function fieldSections(b: Extract<Block, { type: 'fields' }>): types.SectionBlock[] {
  const fields = b.fields.map((f): types.MrkdwnElement => {
    const label = f.label.trim() ? `*${escapeMrkdwn(f.label.trim())}*\n` : '';
    const value = richMrkdwn(f.value);
    return { type: 'mrkdwn', text: truncateMrkdwn(label + (value || '—'), SLACK_LIMITS.field), verbatim: true };
  });
  const out: types.SectionBlock[] = [];
  for (let i = 0; i < fields.length; i += SLACK_LIMITS.fieldsPerSection) {
    out.push({ type: 'section', fields: fields.slice(i, i + SLACK_LIMITS.fieldsPerSection) });
  }
  return out;
}

function button(b: Button, index: number): types.Button {
  const label = b.label.trim() || b.command;
  return {
    type: 'button',
    action_id: `${b.form ? FORM_ACTION_PREFIX : ACTION_PREFIX}${index}`,
    text: { type: 'plain_text', text: truncatePlain(label, SLACK_LIMITS.button), emoji: true },
    // A command too long for `value` is left out by the caller: cutting it would change what it does.
    value: b.command,
    ...(b.style ? { style: b.style } : {}),
  };
}

const isPlainSection = (b: types.KnownBlock): b is types.SectionBlock & { text: types.MrkdwnElement } =>
  b.type === 'section' && b.text?.type === 'mrkdwn' && !b.fields && !b.accessory;

// What the "shortened" line after a cut may take of SLACK_LIMITS.messageText.
const NOTE_ROOM = 200;

/**
 * Keeps the blocks' text within {@link SLACK_LIMITS.messageText}, which Slack otherwise refuses whole:
 * lists keep to their share, but text and fields do not (a result's receipts, a card's declined
 * nominees). The section that crosses the line is cut, later content left out; button rows stay.
 */
function withinText(blocks: types.KnownBlock[], shortened: (hidden: number) => string): types.KnownBlock[] {
  if (blocks.reduce((n, b) => n + textLength(b), 0) <= SLACK_LIMITS.messageText) return blocks;
  let room = SLACK_LIMITS.messageText - NOTE_ROOM;
  let hidden = 0;
  const kept: types.KnownBlock[] = [];
  for (const b of blocks) {
    const length = textLength(b);
    if (b.type === 'actions' || (hidden === 0 && length <= room)) {
      kept.push(b);
      room -= length;
    } else if (hidden === 0 && isPlainSection(b) && room > 1) {
      kept.push(section(truncateMrkdwn(b.text.text, room)));
      room = 0;
      hidden++;
    } else hidden++;
  }
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(shortened(hidden)) }] }];
}

/**
 * Keeps a message within 50 blocks: first merges neighbouring text sections, then drops dividers,
 * then keeps the first blocks (and every button row) and says in the last block what was left out.
 */
function fit(blocks: types.KnownBlock[], shortened: (hidden: number) => string): types.KnownBlock[] {
  const max = SLACK_LIMITS.blocks;
  if (blocks.length <= max) return blocks;
  const merged: types.KnownBlock[] = [];
  for (const b of blocks) {
    const prev = merged.at(-1);
    if (prev && isPlainSection(prev) && isPlainSection(b) && prev.text.text.length + 1 + b.text.text.length <= SLACK_LIMITS.section) {
      merged[merged.length - 1] = section(`${prev.text.text}\n${b.text.text}`);
    } else {
      merged.push(b);
    }
  }
  if (merged.length <= max) return merged;
  const solid = merged.filter((b) => b.type !== 'divider');
  if (solid.length <= max) return solid;
  // Buttons are what a reader acts on: keep them (a few rows at most) and cut the content before them.
  const actions = solid.filter((b) => b.type === 'actions').slice(0, 5);
  const content = solid.filter((b) => b.type !== 'actions');
  const room = max - 1 - actions.length;
  const hidden = content.length - room;
  return [...content.slice(0, room), ...actions, { type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(shortened(hidden)) }] }];
}

/** The notification text: headings and text, escaped, mentions native, capped. */
function fallbackText(view: View, more: (hidden: number) => string): string {
  const parts: string[] = [];
  for (const [index, b] of view.blocks.entries()) {
    if (b.type === 'heading') parts.push(escapeMrkdwn(b.text));
    else if (b.type === 'text') parts.push(richMrkdwn(b.text));
    else if (b.type === 'list') {
      const used = parts.reduce((n, p) => n + p.length + 1, 0);
      const room = listShare(view.blocks, index, SLACK_LIMITS.fallback - used);
      parts.push(...fitList(b.items, (i) => `• ${richMrkdwn(i)}`, charBudget(room), (n) => escapeMrkdwn(more(n))));
    } else if (b.type === 'fields') parts.push(...b.fields.map((f) => `${escapeMrkdwn(f.label)}: ${richMrkdwn(f.value)}`));
    else if (b.type === 'file') parts.push(fileLine(b.name.trim() || 'file'));
    else if (b.type === 'chart') parts.push(escapeMrkdwn(`📈 ${b.chart.title}`));
  }
  const text = (view.error ? ERROR_MARK : '') + parts.filter((p) => p.trim()).join('\n');
  return truncateMrkdwn(text.trim() || 'Neuvo', SLACK_LIMITS.fallback);
}
