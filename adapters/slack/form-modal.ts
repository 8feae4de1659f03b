/**
 * A core {@link Form} as a Slack modal, and a submitted modal back to the answer that completes the
 * form's command. Pure: the listeners in `form-listeners.ts` do the talking to Slack.
 */
import type { types, ViewStateValue } from '@slack/bolt';
import { type Form, type FormField, type FormOption, formCommand, type Mention, plainText } from '../../src/views/view.js';
import { truncatePlain } from './mrkdwn.js';

/** The modal's `callback_id`; the adapter listens for its submissions. */
export const FORM_CALLBACK_ID = 'neuvo-form';

/** Slack's modal limits (docs.slack.dev: view objects, input block, select menus, plain-text input). */
export const SLACK_FORM_LIMITS = {
  title: 24,
  submit: 24,
  blocks: 100,
  label: 2000,
  placeholder: 150,
  options: 100,
  optionText: 75,
  optionValue: 150,
  textInput: 3000,
  privateMetadata: 3000,
} as const;

/** What the modal remembers in `private_metadata`: the command to complete and where it was asked. */
export interface FormMetadata {
  readonly command: string;
  readonly channel: string;
  readonly team: string;
}

/** How option labels name people: Slack cannot show a mention in plain text, so by their name. */
export type NameOf = (m: Mention) => string;

const BLOCK_PREFIX = 'answer-';
const ACTION_ID = 'answer';

const plain = (text: string, max: number): types.PlainTextElement => ({ type: 'plain_text', text: truncatePlain(text.trim() || '…', max), emoji: true });

function options(field: Extract<FormField, { options: unknown }>, nameOf: NameOf): types.PlainTextOption[] {
  // A value too long for Slack cannot be cut (it would name another choice): such an option is left out.
  return field.options
    .filter((o: FormOption) => o.value.length > 0 && o.value.length <= SLACK_FORM_LIMITS.optionValue)
    .slice(0, SLACK_FORM_LIMITS.options)
    .map((o) => ({
      text: plain(plainText(o.label, nameOf), SLACK_FORM_LIMITS.optionText),
      value: o.value,
      // A statement is user text: a plain_text description under the option, cut to Slack's 75.
      ...(o.description?.trim() ? { description: plain(o.description.replace(/\s+/g, ' ').trim(), SLACK_FORM_LIMITS.optionText) } : {}),
    }));
}

function input(index: number, label: string, element: types.InputBlock['element'], optional: boolean): types.InputBlock {
  return { type: 'input', block_id: `${BLOCK_PREFIX}${index}`, label: plain(label, SLACK_FORM_LIMITS.label), optional, element };
}

/** The input blocks that ask the form's one question. */
function inputs(field: FormField, nameOf: NameOf): types.InputBlock[] {
  switch (field.kind) {
    case 'pick': {
      const opts = options(field, nameOf);
      const optional = field.min <= 0;
      if (field.max <= 1) return [input(0, field.label, { type: 'static_select', action_id: ACTION_ID, options: opts }, optional)];
      const max = Math.min(field.max, opts.length);
      return [input(0, field.label, { type: 'multi_static_select', action_id: ACTION_ID, options: opts, max_selected_items: max }, optional)];
    }
    case 'rank': {
      const opts = options(field, nameOf);
      const count = Math.min(field.max, opts.length, SLACK_FORM_LIMITS.blocks);
      // The field's label heads the first select, the others are named by their position ("Choice 2").
      // Only the first is required; empty ones are skipped.
      const nameOfChoice = (i: number) => field.choiceLabels[i] ?? `${i + 1}.`;
      return Array.from({ length: count }, (_, i) =>
        input(i, i === 0 ? field.label : nameOfChoice(i), { type: 'static_select', action_id: ACTION_ID, placeholder: plain(nameOfChoice(i), SLACK_FORM_LIMITS.placeholder), options: opts }, i > 0),
      );
    }
    case 'text': {
      const max = Math.max(1, Math.min(field.maxLength, SLACK_FORM_LIMITS.textInput));
      return [input(0, field.label, { type: 'plain_text_input', action_id: ACTION_ID, max_length: max, multiline: max > 150 }, false)];
    }
  }
}

/**
 * The modal for `form`: title and submit label cut to Slack's 24, `callback_id` {@link FORM_CALLBACK_ID},
 * `private_metadata` the JSON of `meta`. Undefined when the metadata would not fit (a command near
 * Slack's 2000-character button value) or there is nothing to choose from, so the caller can answer
 * instead of opening a broken modal.
 */
export function formModal(form: Form, meta: FormMetadata, nameOf: NameOf): types.ModalView | undefined {
  const metadata = JSON.stringify({ command: meta.command, channel: meta.channel, team: meta.team } satisfies FormMetadata);
  const blocks = inputs(form.field, nameOf);
  // A choice without options would be a modal nobody can submit.
  const empty = blocks.some((b) => 'options' in b.element && (b.element.options?.length ?? 0) === 0);
  if (metadata.length > SLACK_FORM_LIMITS.privateMetadata || blocks.length === 0 || empty) return undefined;
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK_ID,
    title: plain(form.title, SLACK_FORM_LIMITS.title),
    submit: plain(form.submit, SLACK_FORM_LIMITS.submit),
    private_metadata: metadata,
    blocks,
  };
}

/** The metadata of a submitted modal, or undefined when it is not Neuvo's. */
export function readMetadata(raw: string): FormMetadata | undefined {
  try {
    const m = JSON.parse(raw) as Partial<FormMetadata> | null;
    if (typeof m?.command === 'string' && typeof m.channel === 'string' && typeof m.team === 'string') return { command: m.command, channel: m.channel, team: m.team };
  } catch {
    // not JSON: not ours
  }
  return undefined;
}

/**
 * The answer in a submitted modal's `state.values`: the text of a text input, else the chosen option
 * values in the order of the inputs (ranks in order; empty ranks skipped).
 */
export function formAnswer(values: Readonly<Record<string, Readonly<Record<string, ViewStateValue>>>>): readonly string[] | string {
  const ordered = Object.entries(values)
    .filter(([blockId]) => blockId.startsWith(BLOCK_PREFIX))
    .sort(([a], [b]) => Number(a.slice(BLOCK_PREFIX.length)) - Number(b.slice(BLOCK_PREFIX.length)))
    .map(([, actions]) => actions[ACTION_ID])
    .filter((v): v is ViewStateValue => v !== undefined);
  const text = ordered.find((v) => v.type === 'plain_text_input');
  if (text) return text.value ?? '';
  return ordered.flatMap((v) => (v.selected_options ? v.selected_options.map((o) => o.value) : v.selected_option ? [v.selected_option.value] : []));
}

/** The command a form's answer completes; {@link formCommand} reads only the form's `command`. */
export function completeCommand(command: string, answer: readonly string[] | string): string {
  return formCommand({ title: '', submit: '', command, field: { kind: 'text', label: '', maxLength: 0 } }, answer);
}
