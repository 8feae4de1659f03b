/**
 * Renders the core's views as Discord messages: one embed (more only when a view is long), buttons
 * as action rows, user text escaped, and `allowed_mentions` that can ping only the people the view
 * mentions.
 */
import {
  type APIActionRowComponent,
  type APIAllowedMentions,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIEmbedField,
  ButtonStyle,
  ComponentType,
} from 'discord.js';
import { charBudget, fitList, listShare, MORE_LINE_ROOM, moreItems } from '../../src/views/fit-list.js';
import { type Block, type Button, type Mention, mentionedUsers, type RichText, type View } from '../../src/views/view.js';
import type { ChartSpec } from '../../src/views/chart.js';
import { chartFileName } from '../charts/view-charts.js';
import { DISCORD_FILE_LIMITS, type DiscordFile, isAttachment, toAttachment, tooLargeWording, type TooLargeWording } from './files.js';
import { cutMarkdown, cutPlain, escapeText, SNOWFLAKE, splitAt } from './markdown.js';

/** Discord's message limits (PLATFORM-FACTS.md, Discord section). */
export const DISCORD_LIMITS = {
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, field names and values of all embeds of a message together. */
  embedTotal: 6000,
  rows: 5,
  buttonsPerRow: 5,
  label: 80,
  customId: 100,
  /** `allowed_mentions.users` holds at most 100 ids. */
  allowedUsers: 100,
} as const;

/** Buttons carry `neuvo:<command>` as their custom_id; the adapter runs the command on a click. */
export const BUTTON_PREFIX = 'neuvo:';
/** Form buttons carry `neuvo-form:<incomplete command>`: a click shows the form that completes it. */
export const FORM_PREFIX = 'neuvo-form:';

/** Embed colours: Neuvo's blue, and Discord's red for errors. */
export const COLOURS = { normal: 0x2f6fb3, error: 0xed4245 } as const;

export type DiscordActionRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** A message body for `POST /channels/{id}/messages`, an interaction reply or a follow-up. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
  readonly components: DiscordActionRow[];
  readonly allowed_mentions: APIAllowedMentions & { parse: []; users: string[] };
  /**
   * The view's files as attachments, present only when it has some. Not part of the JSON body: they
   * go as multipart file parts beside it (files.ts).
   */
  readonly files?: readonly DiscordFile[];
}

/** What limits and wording {@link renderDiscord} applies to files. */
export interface RenderOptions {
  /** The largest file to attach, in bytes: the interaction's `attachment_size_limit` when known. */
  readonly maxFileBytes?: number;
  /** The line that replaces a file left out. */
  readonly tooLarge?: TooLargeWording;
  /** The line that ends a list cut to fit, from the number of items left out. */
  readonly more?: (hidden: number) => string;
  /** Charts' PNGs drawn beforehand (`drawViewCharts`, off the event loop); a chart without one is shown as its table. */
  readonly chartPngs?: ReadonlyMap<ChartSpec, Uint8Array>;
}

/**
 * The custom_id `prefix` + `command` (a button running it by default), or undefined when it would
 * exceed 100 characters: cutting it would change what it does.
 */
export function customIdFor(command: string, prefix = BUTTON_PREFIX): string | undefined {
  const id = `${prefix}${command.trim()}`;
  return id.length <= DISCORD_LIMITS.customId ? id : undefined;
}

/** The command a Neuvo button runs, or undefined for another app's custom_id. */
export function commandOf(customId: string): string | undefined {
  return customId.startsWith(BUTTON_PREFIX) ? customId.slice(BUTTON_PREFIX.length) : undefined;
}

/** A mention as Discord writes it; ids that are not snowflakes (never Discord's) as plain text. */
function mention(m: Mention): string {
  if ('user' in m) return SNOWFLAKE.test(m.user) ? `<@${m.user}>` : escapeText(`@${m.user}`);
  // A native timestamp: every reader sees it in their own clock and language.
  if ('time' in m) return `<t:${m.time}:${m.timeOnly ? 't' : 'F'}>`;
  return SNOWFLAKE.test(m.channel) ? `<#${m.channel}>` : escapeText(`#${m.channel}`);
}

/** Rich text as Discord markdown: strings escaped (neighbours joined first, so `*`+`*` cannot pair up), mentions native. */
export function renderRich(text: RichText): string {
  let out = '';
  let literal = '';
  for (const part of text) {
    if (typeof part === 'string') {
      literal += part;
      continue;
    }
    out += escapeText(literal) + mention(part);
    literal = '';
  }
  return out + escapeText(literal);
}

/** The parts of a view as an embed shows them: title, description lines, fields. */
interface Layout {
  title?: string;
  lines: string[];
  fields: APIEmbedField[];
  buttons: Button[][];
  files: DiscordFile[];
  /** The attachments of charts, in order: each is shown as an embed's image. */
  images: string[];
}

function layout(blocks: readonly Block[], opts: RenderOptions): Layout {
  const out: Layout = { lines: [], fields: [], buttons: [], files: [], images: [] };
  for (const [index, b] of blocks.entries()) {
    switch (b.type) {
      case 'heading':
        // The first heading is the title; a later one is a bold line where it stands.
        if (out.title === undefined && out.lines.length === 0 && out.fields.length === 0) out.title = cutMarkdown(escapeText(b.text.trim()), DISCORD_LIMITS.title);
        else if (b.text.trim()) out.lines.push(`**${escapeText(b.text.trim())}**`);
        break;
      case 'text':
        out.lines.push(renderRich(b.text));
        break;
      case 'list': {
        // The list shares what is left of the message's characters (description lines first, as `fit` counts).
        const used = (out.title?.length ?? 0) + out.fields.reduce((n, f) => n + f.name.length + f.value.length, 0) + out.lines.reduce((n, line) => n + line.length + 1, 0);
        const more = opts.more ?? moreItems(undefined);
        const room = listShare(blocks, index, DISCORD_LIMITS.embedTotal - used);
        const line = (i: RichText) => cutMarkdown(`• ${renderRich(i)}`, Math.max(1, room - MORE_LINE_ROOM));
        out.lines.push(...fitList(b.items, line, charBudget(room), (n) => escapeText(more(n))));
        break;
      }
      case 'fields': {
        const fields = b.fields.map((f) => ({
          name: cutMarkdown(escapeText(f.label.trim()) || '\u200b', DISCORD_LIMITS.fieldName),
          value: cutMarkdown(renderRich(f.value).trim() || '—', DISCORD_LIMITS.fieldValue),
        }));
        // Short values sit side by side; one long value puts the whole block in a column.
        const inline = fields.every((f) => f.value.length <= 40);
        out.fields.push(...fields.map((f) => ({ ...f, inline })));
        break;
      }
      case 'actions':
        out.buttons.push([...b.buttons]);
        break;
      case 'divider':
        if (out.lines.length > 0) out.lines.push('');
        break;
      case 'file': {
        // Discord shows an attachment under the message with its name; only a file left out needs words.
        const file = toAttachment(b, out.files.length, opts.maxFileBytes ?? DISCORD_FILE_LIMITS.defaultBytes);
        if (isAttachment(file)) out.files.push(file);
        else out.lines.push(escapeText((opts.tooLarge ?? tooLargeWording())(file)));
        break;
      }
      case 'chart': {
        // The image goes in the embed; its text table is the attachment's description (alt text).
        // A chart not drawn beforehand is shown as its table.
        const png = opts.chartPngs?.get(b.chart);
        if (!png) {
          out.lines.push(...b.chart.alt.split('\n').map(escapeText));
          break;
        }
        const chart = { name: chartFileName(b.chart), mime: 'image/png', content: png, description: b.chart.alt };
        const file = toAttachment(chart, out.files.length, opts.maxFileBytes ?? DISCORD_FILE_LIMITS.defaultBytes);
        if (isAttachment(file) && !out.images.includes(file.name)) {
          out.files.push(file);
          out.images.push(file.name);
        } else if (!isAttachment(file)) out.lines.push(escapeText((opts.tooLarge ?? tooLargeWording())(file)));
        break;
      }
    }
  }
  return out;
}

/**
 * The description cut into pieces of at most 4096, at line breaks where possible. Pieces past the
 * message's 6000 characters are not made: `fit` would leave them out, and the one that crosses the
 * line is enough for it to say that something was.
 */
function descriptions(lines: readonly string[]): string[] {
  const chunks: string[] = [];
  let rest = lines.join('\n').trim();
  let total = 0;
  while (rest.length > 0 && total <= DISCORD_LIMITS.embedTotal) {
    const { head, rest: tail } = splitAt(rest, DISCORD_LIMITS.description);
    chunks.push(head);
    total += head.length;
    rest = tail;
  }
  return chunks;
}

const embedSize = (e: APIEmbed): number =>
  (e.title?.length ?? 0) +
  (e.description?.length ?? 0) +
  (e.footer?.text.length ?? 0) +
  (e.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);

/** `e` within `room` characters, ending with `…` (after the text, or below the fields) to say that something was left out. */
function shrink(e: APIEmbed, room: number): APIEmbed {
  const title = e.title === undefined ? undefined : cutMarkdown(e.title, Math.max(1, Math.min(DISCORD_LIMITS.title, room - 2)));
  let avail = room - (title?.length ?? 0);
  const description = e.description ?? '';
  const base: APIEmbed = { ...e, ...(title === undefined ? {} : { title }) };
  delete base.fields;
  delete base.footer;
  const limit = Math.max(1, Math.min(avail, DISCORD_LIMITS.description));
  if (description.length + 1 > limit) {
    // Not even an ellipsis fits after the text: the text makes room for one (and the fields go).
    return { ...base, description: `${splitAt(description, limit - 1).head.trimEnd()}…` };
  }
  avail -= description.length + 1;
  const fields: APIEmbedField[] = [];
  for (const f of e.fields ?? []) {
    if (f.name.length + f.value.length > avail) break;
    fields.push(f);
    avail -= f.name.length + f.value.length;
  }
  return { ...base, ...(fields.length ? { fields } : {}), footer: { text: '…' } };
}

/** Embeds within 10 a message and 6000 characters in all; what does not fit is cut with `…`. */
function fit(embeds: APIEmbed[]): APIEmbed[] {
  const out: APIEmbed[] = [];
  let budget = DISCORD_LIMITS.embedTotal;
  for (let i = 0; i < embeds.length; i++) {
    const e = embeds[i]!;
    const size = embedSize(e);
    const more = i < embeds.length - 1;
    if (size <= budget && !(more && out.length === DISCORD_LIMITS.embeds - 1)) {
      out.push(e);
      budget -= size;
      continue;
    }
    if (budget >= 16 && out.length < DISCORD_LIMITS.embeds) out.push(shrink(e, Math.min(budget, size)));
    // Too little room left to show anything of `e`: the previous embed says that it goes on.
    else if (out.length > 0) out[out.length - 1] = shrink(out.at(-1)!, embedSize(out.at(-1)!));
    break;
  }
  return out;
}

function embeds(view: View, l: Layout): APIEmbed[] {
  const color = view.error ? COLOURS.error : COLOURS.normal;
  const list: APIEmbed[] = [];
  let current: APIEmbed = { color, ...(l.title ? { title: l.title } : {}) };
  const started = () => current.description !== undefined || (current.fields?.length ?? 0) > 0;
  for (const description of descriptions(l.lines)) {
    if (started()) {
      list.push(current);
      current = { color };
    }
    current.description = description;
  }
  for (const field of l.fields) {
    if ((current.fields?.length ?? 0) === DISCORD_LIMITS.fields) {
      list.push(current);
      current = { color };
    }
    current.fields = [...(current.fields ?? []), field];
  }
  if (started() || current.title !== undefined) list.push(current);
  // Discord refuses an empty message; a view with nothing to show still says so (an attachment is something).
  if (list.length === 0 && l.buttons.flat().length === 0 && l.files.length === 0) list.push({ color, description: '—' });
  return withImages(fit(list), l.images, color);
}

/**
 * Charts as embed images (`attachment://name`): the first under the message's last embed, so it
 * follows the text; each further one in an embed of its own, while the message has room for one.
 */
function withImages(list: APIEmbed[], images: readonly string[], color: number): APIEmbed[] {
  const out = [...list];
  images.forEach((name, i) => {
    const image = { url: `attachment://${name}` };
    if (i === 0 && out.length > 0) out[out.length - 1] = { ...out.at(-1)!, image };
    else if (out.length < DISCORD_LIMITS.embeds) out.push({ color, image });
  });
  return out;
}

const STYLES = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger } as const;

/** Buttons as action rows: each actions block starts a row, 5 to a row, 5 rows at most. */
function rows(groups: readonly Button[][]): DiscordActionRow[] {
  const seen = new Set<string>();
  const out: DiscordActionRow[] = [];
  for (const group of groups) {
    const buttons: APIButtonComponentWithCustomId[] = [];
    for (const b of group) {
      const customId = customIdFor(b.command, b.form ? FORM_PREFIX : BUTTON_PREFIX);
      // A command too long for a custom_id is left out (cutting it would change what it does);
      // a repeated one too, as Discord refuses duplicate custom_ids in a message.
      if (!customId || seen.has(customId)) continue;
      seen.add(customId);
      buttons.push({
        type: ComponentType.Button,
        style: b.style ? STYLES[b.style] : ButtonStyle.Secondary,
        label: cutPlain(b.label.trim() || b.command, DISCORD_LIMITS.label),
        custom_id: customId,
      });
    }
    for (let i = 0; i < buttons.length; i += DISCORD_LIMITS.buttonsPerRow) {
      out.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + DISCORD_LIMITS.buttonsPerRow) });
    }
  }
  return out.slice(0, DISCORD_LIMITS.rows);
}

/**
 * A view as a Discord message: heading → embed title, text and lists → description, fields →
 * embed fields, buttons → action rows with custom_id `neuvo:<command>` (`neuvo-form:<command>` for
 * form buttons); errors in red; files → `files`, sent as attachments (one over `maxFileBytes`, or
 * beyond 10, is left out and a line says so); charts → PNG attachments shown as embed images, their
 * text table as the attachment's description.
 * `allowed_mentions` never parses @everyone, roles or users from the text: only the view's own
 * user mentions may ping.
 */
export function renderDiscord(view: View, opts: RenderOptions = {}): DiscordMessage {
  const l = layout(view.blocks, { tooLarge: tooLargeWording(view.lang), more: moreItems(view.lang), ...opts });
  const users = mentionedUsers(view).filter((id) => SNOWFLAKE.test(id)).slice(0, DISCORD_LIMITS.allowedUsers);
  return { embeds: embeds(view, l), components: rows(l.buttons), allowed_mentions: { parse: [], users }, ...(l.files.length ? { files: l.files } : {}) };
}
