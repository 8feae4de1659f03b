import type { Lang } from '../i18n/translator.js';
import type { ChartSpec } from './chart.js';

/**
 * The platform-neutral view model. Services return views; each adapter renders them natively
 * (Block Kit, embeds + components, plain text).
 */

/**
 * A span rendered natively by each adapter: a user or channel mention, or a moment in time (Discord
 * shows `<t:…>` in the reader's clock; elsewhere `text`, already localized in the network's zone).
 */
export type Mention =
  | { readonly user: string }
  | { readonly channel: string }
  /** `timeOnly`: the end of a same-day range, shown as a time of day. */
  | { readonly time: number; readonly text: string; readonly timeOnly?: boolean };

/** A span as plain text: `@user`, `#channel`, or the time's text. */
export function mentionPlain(m: Mention): string {
  return 'user' in m ? `@${m.user}` : 'channel' in m ? `#${m.channel}` : m.text;
}

/**
 * Rich text: literal strings and mentions. Strings are always literal — renderers escape them — so
 * user text can never turn into a ping; only a {@link Mention} span can mention anyone.
 */
export type RichText = readonly (string | Mention)[];

/**
 * A button runs a command exactly as if the user had typed it (`command` is the text after `/neuvo`).
 * With `form`, the command is incomplete (`vote E1`): the adapter asks the core for its {@link Form}
 * (`Neuvo.form`), shows it, and runs the command completed with the answer.
 */
export interface Button {
  readonly label: string;
  readonly command: string;
  readonly style?: 'primary' | 'danger';
  readonly form?: boolean;
}

export interface FormOption {
  readonly label: RichText;
  readonly value: string;
  /** A line under the label (a candidate's statement: literal text), cut by the adapter to what it shows. */
  readonly description?: string;
}

/**
 * The most options a pick or rank form may hold: what every platform can show in full (a Slack
 * select holds 100; Discord, 4 selects of 25 beside a row of buttons). A longer list is not
 * offered as a form at all, so no option is ever cut off.
 */
export const FORM_MAX_OPTIONS = 100;

/** The one question a form asks: pick options (order does not matter), rank them, or write text. */
export type FormField =
  | { readonly kind: 'pick'; readonly label: string; readonly min: number; readonly max: number; readonly options: readonly FormOption[] }
  | {
      readonly kind: 'rank';
      readonly label: string;
      readonly max: number;
      readonly options: readonly FormOption[];
      /** What each position is called in the form's language ("Choice 2"), `max` of them. */
      readonly choiceLabels: readonly string[];
      /** The label of the button that clears the ranking and starts again. */
      readonly startOver: string;
    }
  | { readonly kind: 'text'; readonly label: string; readonly maxLength: number };

/** A form (Slack modal, Discord select menu or modal): submitting runs `command` completed with the answer. */
export interface Form {
  readonly title: string;
  readonly submit: string;
  readonly command: string;
  readonly field: FormField;
}

/** The command a submitted form runs: option values as words in order, or the text quoted. */
export function formCommand(form: Form, answer: readonly string[] | string): string {
  if (typeof answer === 'string') {
    const text = answer.trim();
    // The tokenizer has no escapes: quote with a pair the text does not contain.
    const quoted = !text.includes('"') ? `"${text}"` : !/[«»]/.test(text) ? `«${text}»` : `"${text.replaceAll('"', '”')}"`;
    return `${form.command} ${quoted}`;
  }
  return [form.command, ...answer].join(' ');
}

export type Block =
  | { readonly type: 'heading'; readonly text: string }
  | { readonly type: 'text'; readonly text: RichText }
  | { readonly type: 'fields'; readonly fields: readonly { readonly label: string; readonly value: RichText }[] }
  | { readonly type: 'list'; readonly items: readonly RichText[] }
  | { readonly type: 'actions'; readonly buttons: readonly Button[] }
  | { readonly type: 'divider' }
  /**
   * A file to download (an .ics calendar, a .csv export, a PDF): an attachment where the platform has
   * them. `content` is the text itself, or with `encoding: 'base64'` the bytes of a binary file.
   */
  | { readonly type: 'file'; readonly name: string; readonly mime: string; readonly content: string; readonly encoding?: 'base64' }
  /** A chart: an image where the platform shows images (its alt text is the chart's text table). */
  | { readonly type: 'chart'; readonly chart: ChartSpec };

/**
 * What a command answers or a job announces. `private` views are shown only to the person who asked
 * (Slack ephemeral, Discord ephemeral); the others are posted in the channel for everyone.
 */
export interface View {
  readonly blocks: readonly Block[];
  /** The language the view is written in, for the few words adapters add themselves (file notes). */
  readonly lang?: Lang;
  readonly private: boolean;
  /** Set on errors, so renderers can mark them and tests can tell them apart. */
  readonly error?: boolean;
}

/** Joins rich text pieces into one piece. */
export function rich(...parts: (string | Mention | RichText)[]): RichText {
  return parts.flatMap((p) => (typeof p === 'string' || !Array.isArray(p) ? [p as string | Mention] : p));
}

/** Rich text as plain text, with mentions written by `mention` (used for fallbacks and the console). */
export function plainText(text: RichText, mention: (m: Mention) => string): string {
  return text.map((p) => (typeof p === 'string' ? p : mention(p))).join('');
}

/** The user ids a view mentions, so adapters can allow exactly those pings and no others. */
export function mentionedUsers(view: View): string[] {
  const ids = new Set<string>();
  const visit = (t: RichText) => t.forEach((p) => typeof p !== 'string' && 'user' in p && ids.add(p.user));
  for (const b of view.blocks) {
    if (b.type === 'text') visit(b.text);
    else if (b.type === 'fields') b.fields.forEach((f) => visit(f.value));
    else if (b.type === 'list') b.items.forEach(visit);
  }
  return [...ids];
}

/**
 * Bytes as base64, for a binary file block. Base64 rather than bytes in the view keeps a view plain
 * data (it is logged, compared and copied as such) and every text file block unchanged.
 */
export function base64Of(bytes: Uint8Array): string {
  let out = '';
  // btoa takes a binary string; spreading the whole array at once would overflow the call stack.
  for (let i = 0; i < bytes.length; i += 0x8000) out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(out);
}
