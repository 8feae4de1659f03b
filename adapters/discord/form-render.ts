/**
 * A core {@link Form} as Discord components: string selects for `pick` (one per 25 options), one
 * ranking step at a time for `rank` (the ranking so far lives in the custom_ids), a modal for
 * `text`. Pure.
 */
import {
  type APIActionRowComponent,
  type APIButtonComponentWithCustomId,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
  type APISelectMenuOption,
  type APIStringSelectComponent,
  ButtonStyle,
  ComponentType,
  TextInputStyle,
} from 'discord.js';
import { type Form, type FormField, type FormOption, type Mention, plainText } from '../../src/views/view.js';
import { MODAL_PREFIX, pagePrefix, PICK_PREFIX, RANK_PREFIX } from './form-ids.js';
import { cutMarkdown, cutPlain, escapeText } from './markdown.js';
import { BUTTON_PREFIX, COLOURS, customIdFor, DISCORD_LIMITS, FORM_PREFIX, renderRich } from './render.js';

/** Discord's limits for selects and modals (PLATFORM-FACTS.md, Discord section). */
export const DISCORD_FORM_LIMITS = {
  options: 25,
  /** Action rows in a message: selects, and the row of buttons. */
  selects: 5,
  optionLabel: 100,
  optionValue: 100,
  placeholder: 150,
  modalTitle: 45,
  modalLabel: 45,
  textInput: 4000,
} as const;

/** The text input's custom_id inside a form's modal. */
export const MODAL_INPUT_ID = 'answer';

/** An action row of a form message: one select, or buttons. */
export type FormRow = APIActionRowComponent<APIButtonComponentWithCustomId | APIStringSelectComponent>;

/** A message showing a form: an embed saying what is asked, and the components that ask it. */
export interface FormMessage {
  readonly embeds: APIEmbed[];
  readonly components: FormRow[];
  readonly allowed_mentions: { readonly parse: []; readonly users: string[] };
}

/** How option labels name people: a select cannot show a mention, so by their name. */
export type NameOf = (m: Mention) => string;

type Choices = Extract<FormField, { options: unknown }>;
type FieldOf<K extends FormField['kind']> = Extract<FormField, { kind: K }>;

/** The users the form's option labels mention (those whose names the selects need). */
export function mentionedIn(form: Form): string[] {
  if (form.field.kind === 'text') return [];
  return [...new Set(form.field.options.flatMap((o) => o.label.flatMap((p) => (typeof p !== 'string' && 'user' in p ? [p.user] : []))))];
}

/** Options whose value Discord takes (a value cannot be cut: it would name another choice). */
const usable = (field: Choices): FormOption[] => field.options.filter((o) => o.value.length > 0 && o.value.length <= DISCORD_FORM_LIMITS.optionValue);

function selectOption(o: FormOption, nameOf: NameOf): APISelectMenuOption {
  // A statement is user text shown as the option's description: plain, cut to Discord's 100.
  const description = o.description?.trim() ? { description: cutPlain(o.description.replace(/\s+/g, ' ').trim(), DISCORD_FORM_LIMITS.optionLabel) } : {};
  return { label: cutPlain(plainText(o.label, nameOf).trim() || o.value, DISCORD_FORM_LIMITS.optionLabel), value: o.value, ...description };
}

function embed(form: Form, lines: readonly string[]): APIEmbed {
  return { color: COLOURS.normal, title: cutMarkdown(escapeText(form.title.trim() || '…'), DISCORD_LIMITS.title), description: cutMarkdown(lines.join('\n'), DISCORD_LIMITS.description) };
}

const message = (embeds: APIEmbed[], components: FormRow[]): FormMessage => ({ embeds, components, allowed_mentions: { parse: [], users: [] } });

/** 1️⃣ … 🔟 mark ranks without words (the form carries no language) and apart from candidate numbers. */
function rankMark(n: number): string {
  if (n >= 1 && n <= 9) return `${n}\uFE0F\u20E3`;
  return n === 10 ? '🔟' : `**${n}.**`;
}

/** Options in pages of one select each: `label · 26–50` tells the pages apart. */
function pages(options: readonly FormOption[]): FormOption[][] {
  const out: FormOption[][] = [];
  for (let i = 0; i < options.length; i += DISCORD_FORM_LIMITS.options) out.push(options.slice(i, i + DISCORD_FORM_LIMITS.options));
  return out;
}

function placeholder(text: string, page: readonly FormOption[], paged: boolean): string {
  const range = paged ? ` · ${page[0]!.value}–${page.at(-1)!.value}` : '';
  return cutPlain(`${text.trim() || '…'}${range}`, DISCORD_FORM_LIMITS.placeholder);
}

/**
 * A `pick` form: a string select per 25 options (`neuvo-pick:<command>`, `neuvo-pick2:<command>`, …;
 * up to 5), min/max values as the form says. A pick of several among more than one select's options
 * cannot be split across selects that each submit: it is collected step by step instead
 * ({@link stepMessage}). Undefined when the custom_id would exceed 100 characters, nothing can be
 * picked, or the options need more selects than a message holds.
 */
export function pickMessage(form: Form, field: FieldOf<'pick'>, nameOf: NameOf): FormMessage | undefined {
  const options = usable(field);
  if (field.max > 1 && options.length > DISCORD_FORM_LIMITS.options) return stepMessage(form, field, [], nameOf);
  const paged = pages(options);
  if (paged.length === 0 || paged.length > DISCORD_FORM_LIMITS.selects) return undefined;
  const max = Math.max(1, Math.min(field.max, options.length));
  const min = Math.max(0, Math.min(field.min, max));
  const rows: FormRow[] = [];
  for (const [i, page] of paged.entries()) {
    const customId = customIdFor(form.command, pagePrefix(PICK_PREFIX, i));
    if (!customId) return undefined;
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: customId,
      placeholder: placeholder(field.label, page, paged.length > 1),
      min_values: min,
      max_values: Math.min(max, page.length),
      options: page.map((o) => selectOption(o, nameOf)),
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  return message([embed(form, [escapeText(field.label)])], rows);
}

/**
 * One step of a `rank` form, or of a `pick` of several collected step by step, after `chosen`
 * (option values; for a ranking, first choice first): what is chosen so far, a select per 25 of the
 * options not yet chosen (`neuvo-rank:<command> <chosen…>`, `neuvo-rank2:…`; one choice per step
 * for a ranking, several for a pick), and once enough is chosen a submit button running
 * `<command> <chosen…>` and a start-over button (the form button again). With all `max` chosen only
 * the buttons remain. Undefined when not even the first step fits in a custom_id, or the options
 * need more selects than a message holds beside its buttons.
 */
export function stepMessage(form: Form, field: FieldOf<'rank'> | FieldOf<'pick'>, chosen: readonly string[], nameOf: NameOf): FormMessage | undefined {
  const ranks = field.kind === 'rank';
  const all = usable(field);
  const soFar = [form.command, ...chosen].join(' ');
  const enough = chosen.length >= (ranks ? 1 : Math.max(1, field.min));
  const submitId = enough ? customIdFor(soFar, BUTTON_PREFIX) : undefined;
  // Only choices whose submit button will still fit are offered, so every step can be submitted.
  const room = DISCORD_LIMITS.customId - `${BUTTON_PREFIX}${soFar}`.length;
  const remaining = all.filter((o) => !chosen.includes(o.value) && o.value.length + 1 <= room);
  const widest = Math.max(1, ...remaining.map((o) => o.value.length + 1));
  const take = Math.min(field.max - chosen.length, ranks ? 1 : Math.floor(room / widest));
  const paged = take > 0 ? pages(remaining) : [];
  const startOver = customIdFor(form.command, FORM_PREFIX);
  const buttonRows = submitId ? 1 : 0;
  if (paged.length + buttonRows > DISCORD_FORM_LIMITS.selects) return undefined;

  const rows: FormRow[] = [];
  for (const [i, page] of paged.entries()) {
    const selectId = customIdFor(soFar, pagePrefix(RANK_PREFIX, i));
    if (!selectId) break;
    const mark = ranks ? `${rankMark(chosen.length + 1).replaceAll('*', '')} ` : '';
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: selectId,
      placeholder: placeholder(`${mark}${field.label.trim()}`, page, paged.length > 1),
      min_values: 1,
      max_values: Math.min(take, page.length),
      options: page.map((o) => selectOption(o, nameOf)),
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  if (rows.length === 0 && !submitId) return undefined;
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (submitId) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: cutPlain(form.submit.trim() || '✓', DISCORD_LIMITS.label), custom_id: submitId });
  if (submitId && startOver) {
    // A pick carries no start-over wording (it has no language): the emoji alone says it.
    const label = ranks ? { label: cutPlain(field.startOver, DISCORD_LIMITS.label) } : {};
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '🔄' }, ...label, custom_id: startOver });
  }
  if (buttons.length > 0) rows.push({ type: ComponentType.ActionRow, components: buttons });

  const byValue = new Map(all.map((o) => [o.value, o]));
  const lines = chosen.map((v, i) => `${ranks ? rankMark(i + 1) : '✓'} ${byValue.has(v) ? renderRich(byValue.get(v)!.label) : escapeText(v)}`);
  return message([embed(form, [escapeText(field.label), ...lines])], rows);
}

/** A `text` form as a modal (`neuvo-modal:<command>`, one text input), or undefined when the custom_id would not fit. */
export function textModal(form: Form, field: FieldOf<'text'>): APIModalInteractionResponseCallbackData | undefined {
  const customId = customIdFor(form.command, MODAL_PREFIX);
  if (!customId) return undefined;
  const max = Math.max(1, Math.min(field.maxLength, DISCORD_FORM_LIMITS.textInput));
  return {
    custom_id: customId,
    title: cutPlain(form.title.trim() || '…', DISCORD_FORM_LIMITS.modalTitle),
    components: [
      {
        type: ComponentType.Label,
        label: cutPlain(field.label.trim() || '…', DISCORD_FORM_LIMITS.modalLabel),
        component: { type: ComponentType.TextInput, custom_id: MODAL_INPUT_ID, style: max > 100 ? TextInputStyle.Paragraph : TextInputStyle.Short, max_length: max, required: true },
      },
    ],
  };
}

/**
 * A message with a button that opens the form again: shown when a modal could not be (a modal must
 * be the first answer to an interaction, and a slow core had to defer it).
 */
export function reopenMessage(form: Form): FormMessage {
  const id = customIdFor(form.command, FORM_PREFIX);
  const button: APIButtonComponentWithCustomId[] = id ? [{ type: ComponentType.Button, style: ButtonStyle.Primary, label: cutPlain(form.submit.trim() || '✓', DISCORD_LIMITS.label), custom_id: id }] : [];
  return message([embed(form, [escapeText(form.field.label)])], button.length ? [{ type: ComponentType.ActionRow, components: button }] : []);
}
