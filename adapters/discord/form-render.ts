/**
 * A core {@link Form} as Discord components: a string select for `pick`, one ranking step at a time
 * for `rank` (the ranking so far lives in the custom_ids), a modal for `text`. Pure.
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
import { MODAL_PREFIX, PICK_PREFIX, RANK_PREFIX } from './form-ids.js';
import { cutMarkdown, cutPlain, escapeText } from './markdown.js';
import { BUTTON_PREFIX, COLOURS, customIdFor, DISCORD_LIMITS, FORM_PREFIX, renderRich } from './render.js';

/** Discord's limits for selects and modals (PLATFORM-FACTS.md, Discord section). */
export const DISCORD_FORM_LIMITS = {
  options: 25,
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
  return { label: cutPlain(plainText(o.label, nameOf).trim() || o.value, DISCORD_FORM_LIMITS.optionLabel), value: o.value };
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

/**
 * A `pick` form: one string select (`neuvo-pick:<command>`, min/max values as the form says, the
 * first 25 options). Undefined when the custom_id would exceed 100 characters or nothing can be picked.
 */
export function pickMessage(form: Form, field: FieldOf<'pick'>, nameOf: NameOf): FormMessage | undefined {
  const customId = customIdFor(form.command, PICK_PREFIX);
  const options = usable(field).slice(0, DISCORD_FORM_LIMITS.options);
  if (!customId || options.length === 0) return undefined;
  const max = Math.max(1, Math.min(field.max, options.length));
  const min = Math.max(0, Math.min(field.min, max));
  const select: APIStringSelectComponent = {
    type: ComponentType.StringSelect,
    custom_id: customId,
    placeholder: cutPlain(field.label.trim() || '…', DISCORD_FORM_LIMITS.placeholder),
    min_values: min,
    max_values: max,
    options: options.map((o) => selectOption(o, nameOf)),
  };
  return message([embed(form, [escapeText(field.label)])], [{ type: ComponentType.ActionRow, components: [select] }]);
}

/**
 * One step of a `rank` form, after `chosen` (option values, first choice first): the ranking so far,
 * a select for the next choice without those already chosen (`neuvo-rank:<command> <chosen…>`), and
 * once something is chosen a submit button running `<command> <chosen…>` and a start-over button
 * (the form button again). With all `max` chosen only the buttons remain. Undefined when not even
 * the first step fits in a custom_id.
 */
export function rankMessage(form: Form, field: FieldOf<'rank'>, chosen: readonly string[], nameOf: NameOf): FormMessage | undefined {
  const all = usable(field);
  const soFar = [form.command, ...chosen].join(' ');
  const submitId = chosen.length > 0 ? customIdFor(soFar, BUTTON_PREFIX) : undefined;
  // Only choices whose submit button will still fit are offered, so every step can be submitted.
  const remaining = all.filter((o) => !chosen.includes(o.value) && `${BUTTON_PREFIX}${soFar} ${o.value}`.length <= DISCORD_LIMITS.customId);
  const selectId = chosen.length < field.max && remaining.length > 0 ? customIdFor(soFar, RANK_PREFIX) : undefined;
  if (!selectId && !submitId) return undefined;

  const rows: FormRow[] = [];
  if (selectId) {
    const select: APIStringSelectComponent = {
      type: ComponentType.StringSelect,
      custom_id: selectId,
      placeholder: cutPlain(`${rankMark(chosen.length + 1).replaceAll('*', '')} ${field.label.trim()}`, DISCORD_FORM_LIMITS.placeholder),
      min_values: 1,
      max_values: 1,
      options: remaining.slice(0, DISCORD_FORM_LIMITS.options).map((o) => selectOption(o, nameOf)),
    };
    rows.push({ type: ComponentType.ActionRow, components: [select] });
  }
  const buttons: APIButtonComponentWithCustomId[] = [];
  if (submitId) buttons.push({ type: ComponentType.Button, style: ButtonStyle.Primary, label: cutPlain(form.submit.trim() || '✓', DISCORD_LIMITS.label), custom_id: submitId });
  const startOver = customIdFor(form.command, FORM_PREFIX);
  if (submitId && startOver) {
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, emoji: { name: '🔄' }, label: cutPlain(field.startOver, DISCORD_LIMITS.label), custom_id: startOver });
  }
  if (buttons.length > 0) rows.push({ type: ComponentType.ActionRow, components: buttons });

  const byValue = new Map(all.map((o) => [o.value, o]));
  const ranking = chosen.map((v, i) => `${rankMark(i + 1)} ${byValue.has(v) ? renderRich(byValue.get(v)!.label) : escapeText(v)}`);
  return message([embed(form, [escapeText(field.label), ...ranking])], rows);
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
