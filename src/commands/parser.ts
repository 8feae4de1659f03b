import type { MessageKey, MessageParams } from '../i18n/translator.js';
import { editDistance } from '../domain/edit-distance.js';
import { readWallTime, type WallTime } from '../domain/negotiation.js';
import { type DateContext, isZone, MAX_DATE_WORDS, parseDate } from './dates.js';
import { choiceWord, COMMANDS, type CommandSpec, type OptionSpec, readChoice, usage } from './model.js';
import { type Token, tokenize } from './tokenize.js';

/** Who or where a `to:` option points at. */
export type Target = { readonly kind: 'user' | 'channel'; readonly id: string };

/** A short id of one of several kinds: `E1` → `{ prefix: 'E', seq: 1 }`. */
export type Ref = { readonly prefix: string; readonly seq: number };

/** An option's value, typed by its {@link OptionSpec.type}; `null` is a cleared {@link OptionSpec.clearable} option. */
export type ArgValue = string | number | Date | Target | Ref | WallTime | readonly number[] | readonly string[] | null;

export interface ParsedCommand {
  readonly spec: CommandSpec;
  readonly args: Readonly<Record<string, ArgValue>>;
}

export interface ParseError {
  readonly code: MessageKey;
  readonly params: MessageParams;
  /** The command the words named, when they named one, so the reply can show its usage. */
  readonly spec?: CommandSpec;
}

export type ParseResult = { ok: true; command: ParsedCommand } | { ok: false; error: ParseError };

const USER = /^<@!?([A-Za-z0-9_.-]+)(?:\|[^>]*)?>$|^@([\p{L}\p{N}_.-]+)$/u;
const CHANNEL = /^<#([A-Za-z0-9_-]+)(?:\|[^>]*)?>$|^#([\p{L}\p{N}_.-]+)$/u;
const OFFSET = /^(\d+)([dhm])$/;
const MONTH_DAY = /^(\d{2})-(\d{2})$/;

/** Reads a user mention (`<@U123>`, `<@U123|name>`, `<@!123>`, `@name`) and returns the user id. */
export function readUser(text: string): string | undefined {
  const m = USER.exec(text);
  return m ? (m[1] ?? m[2]) : undefined;
}

/**
 * What parsing needs to know besides the line: the zone and time for dates and, on Slack and
 * Discord, that a person or channel must be a real mention (`<@U…>`, `<#C…>`): there a plain `@name`
 * is only text the person typed without picking anyone, and reading it as an id would name nobody.
 */
export interface ParseContext extends DateContext {
  readonly mentionsOnly?: boolean;
  /** The language usage lines and choices are shown in (the network's); every language's words are read. */
  readonly lang?: string;
  /**
   * What a platform's id names, where the id itself tells (Slack: `U…` a person, `C…` a channel);
   * undefined where it cannot (Discord snowflakes: there the adapter knows from the option's type).
   */
  readonly idKind?: (id: string) => 'user' | 'channel' | undefined;
}

/** Slack's ids say what they name: `U…`/`W…` people, `C…`/`G…`/`D…` conversations. */
export function slackIdKind(id: string): 'user' | 'channel' | undefined {
  if (/^[UW][A-Z0-9]+$/.test(id)) return 'user';
  if (/^[CGD][A-Z0-9]+$/.test(id)) return 'channel';
  return undefined;
}

const PLAIN_MENTION = /^[@#][\p{L}\p{N}_.-]+$/u;

/**
 * Parses the text after `/neuvo` against the command model. Pure: the result is the command with
 * typed arguments, or an error whose code is an i18n key.
 */
export function parseCommand(
  line: string,
  ctx: ParseContext,
  commands: readonly CommandSpec[] = COMMANDS,
  opts: { allowMissing?: boolean } = {},
): ParseResult {
  const tok = tokenize(line.trim());
  if (!tok.ok) return fail(tok.code);
  const tokens = tok.tokens;
  if (tokens.length === 0) return { ok: true, command: { spec: commands.find((c) => c.id === 'status')!, args: {} } };

  const spec = longestMatch(tokens, commands);
  if (!spec) return mistyped(tokens, commands, ctx.lang);
  const parsed = parseArgs(spec, tokens, ctx, opts);
  if (parsed.ok) return parsed;
  // `remind cancle R1` matched `remind` and failed there: the mistyped longer command is what was meant.
  const longer = nearestCommand(tokens, commands.filter((c) => c.path.length > spec.path.length && spec.path.every((w, k) => c.path[k] === w)));
  return longer ? didYouMean(tokens, longer, ctx.lang) : parsed;
}

function parseArgs(spec: CommandSpec, tokens: readonly Token[], ctx: ParseContext, opts: { allowMissing?: boolean }): ParseResult {
  const err = (code: MessageKey, params: MessageParams = {}): ParseResult => fail(code, { ...params, usage: usage(spec, undefined, ctx.lang) }, spec);

  const rest = tokens.slice(spec.path.length);
  // Positional options may be keyed too (`remind when:+1d message:"…"`), so no option name is unknown.
  const keyed = new Map(spec.options.map((o) => [o.name, o]));
  const positional = spec.options.filter((o) => o.positional);
  const args: Record<string, ArgValue> = {};
  const loose: Token[] = [];

  for (let k = 0; k < rest.length; k++) {
    const t = rest[k]!;
    const opt = t.key ? keyed.get(t.key) : undefined;
    if (opt) {
      if (opt.name in args) return err('parse.duplicate-option', { option: opt.name });
      // Discord quotes every value it passes on, so a quoted `-` clears too.
      if (opt.clearable && t.text.trim() === '-') {
        args[opt.name] = null;
        continue;
      }
      // `at:14.10.2026 klo 13`: a keyed date may run on over the next unquoted words, as a positional one does.
      if (isDate(opt) && !t.quoted) {
        const taken = takeValue(opt, [{ ...t, key: undefined }, ...rest.slice(k + 1)], ctx);
        if ('code' in taken) return err(taken.code, { option: opt.name, value: t.text, ...taken.params });
        args[opt.name] = taken.value;
        k += taken.used - 1;
        continue;
      }
      const v = readValue(opt, [t.text], ctx);
      if ('code' in v) return err(v.code, { option: opt.name, value: t.text, ...v.params });
      args[opt.name] = v.value;
    } else if (looksLikeOption(t)) {
      // Never folded into a title or message: `deputies:yes` would silently become part of the text.
      return err('parse.unknown-option', unknownOption(t.key!, spec));
    } else {
      // A word that is not an option (`Note:`) is text as typed.
      loose.push(t.key ? { text: t.raw, raw: t.raw, quoted: false } : t);
    }
  }

  let i = 0;
  for (const [n, opt] of positional.entries()) {
    if (i >= loose.length) break;
    if (opt.name in args) continue;
    if (opt.type === 'words') {
      args[opt.name] = loose.slice(i).map((t) => (t.quoted ? t.text : t.raw));
      i = loose.length;
      break;
    }
    if (opt.type === 'text' && n === positional.length - 1) {
      args[opt.name] = loose.slice(i).map((t) => (t.quoted ? t.text : t.raw)).join(' ');
      i = loose.length;
      break;
    }
    const taken = takeValue(opt, loose.slice(i), ctx);
    // The value as typed, without its quotes: the message puts its own around it.
    if ('code' in taken) return err(taken.code, { option: opt.name, value: loose[i]!.text, ...taken.params });
    args[opt.name] = taken.value;
    i += taken.used;
  }
  if (i < loose.length) return err('parse.too-many', { value: loose[i]!.text });
  // A form's incomplete command (`vote E1`) is read without the options the form will supply.
  const missing = opts.allowMissing ? undefined : spec.options.find((o) => o.required && (!(o.name in args) || args[o.name] === ''));
  if (missing) return err('parse.missing-option', { option: missing.placeholder ?? missing.name });
  return { ok: true, command: { spec, args } };
}

function fail(code: MessageKey, params: MessageParams = {}, spec?: CommandSpec): ParseResult {
  return { ok: false, error: { code, params, ...(spec ? { spec } : {}) } };
}

/** The words of a command line that name no command: the nearest command, or the commands of its group, or none. */
function mistyped(tokens: readonly Token[], commands: readonly CommandSpec[], lang?: string): ParseResult {
  const near = nearestCommand(tokens, commands);
  if (near) return didYouMean(tokens, near, lang);
  const group = commandWords(tokens)[0]!;
  if (commands.some((c) => c.path.length > 1 && c.path[0] === group)) {
    return fail('command.unknown-sub', { word: tokens.slice(0, 2).map((t) => t.text).join(' '), group });
  }
  return fail('command.unknown', { word: tokens[0]!.text });
}

function didYouMean(tokens: readonly Token[], spec: CommandSpec, lang?: string): ParseResult {
  const word = tokens.slice(0, spec.path.length).map((t) => t.text).join(' ');
  return fail('command.did-you-mean', { word, suggestion: spec.path.join(' '), usage: usage(spec, undefined, lang) }, spec);
}

const commandWords = (tokens: readonly Token[]) => tokens.map((t) => (t.quoted || t.key ? '' : t.text.toLowerCase()));

/**
 * The command whose words are nearest to mistyped ones (`poll sugest`, `org ad`, `negotation list`):
 * each word a prefix of the command's or at most two edits from it (and fewer than its letters), the
 * fewest edits in all; none when nothing is that near.
 */
export function nearestCommand(tokens: readonly Token[], commands: readonly CommandSpec[]): CommandSpec | undefined {
  const words = commandWords(tokens);
  let best: CommandSpec | undefined;
  let bestCost = Infinity;
  for (const c of commands) {
    if (words.length < c.path.length) continue;
    let cost = 0;
    for (const [k, w] of c.path.entries()) {
      const typed = words[k]!;
      const d = typed === w ? 0 : typed.length >= 2 && w.startsWith(typed) ? 1 : editDistance(typed, w);
      cost = d <= 2 && d < typed.length ? cost + d : Infinity;
    }
    if (cost > 0 && cost < bestCost) [best, bestCost] = [c, cost];
  }
  return best;
}

function longestMatch(tokens: readonly Token[], commands: readonly CommandSpec[]): CommandSpec | undefined {
  const words = commandWords(tokens);
  let best: CommandSpec | undefined;
  // A plain loop: every command line (each vote) is matched against every command, and a callback
  // per command was most of the parser's garbage.
  for (const c of commands) {
    if (best && c.path.length <= best.path.length) continue;
    let k = 0;
    while (k < c.path.length && words[k] === c.path[k]) k++;
    if (k === c.path.length) best = c;
  }
  return best;
}

/**
 * Whether a word was meant as an option: a lowercase key and a value, outside quotes (`seats:2`,
 * `where:"Town hall"`). `Note:`, `13:00`, `10:30-11:00`, `https://…` and `"seats:2"` are text.
 */
function looksLikeOption(t: Token): boolean {
  return t.key !== undefined && t.raw.startsWith(`${t.key}:`) && (t.quoted || t.text !== '');
}

/** The params of `parse.unknown-option`: the command's keyed options and the nearest one to `key`. */
function unknownOption(key: string, spec: CommandSpec): MessageParams {
  const names = spec.options.filter((o) => !o.positional).map((o) => o.name);
  let suggestion = 'none';
  let best = Infinity;
  for (const name of spec.options.map((o) => o.name)) {
    const d = name.startsWith(key) ? 0 : editDistance(key, name);
    if (d < best && d <= 2 && d < key.length) [suggestion, best] = [name, d];
  }
  return { option: key, suggestion, options: names.length > 0 ? names.map((n) => `${n}:`).join(', ') : 'none' };
}

type Read = { value: ArgValue } | { code: MessageKey; params?: MessageParams };

const isDate = (opt: OptionSpec) => opt.type === 'date' || opt.type === 'time-or-date';

/**
 * Reads a positional value; a date may span several unquoted words (`ti 14.10.2026 klo 13`). When no
 * reading fits, a date that is wrong for a reason (`31.02.2027 klo 13`) says so rather than "not a date".
 */
function takeValue(opt: OptionSpec, tokens: readonly Token[], ctx: ParseContext): ({ used: number } & { value: ArgValue }) | { code: MessageKey; params?: MessageParams } {
  let why: { code: MessageKey; params?: MessageParams } | undefined;
  if (isDate(opt) && !tokens[0]!.quoted) {
    for (let n = Math.min(MAX_DATE_WORDS, tokens.length); n > 1; n--) {
      const words = tokens.slice(0, n);
      if (words.some((t) => t.quoted || t.key)) continue;
      const text = words.map((t) => t.text);
      const v = readValue(opt, text, ctx);
      if ('value' in v) return { value: v.value, used: n };
      if (!why && !VAGUE.has(v.code)) why = { code: v.code, params: { ...v.params, value: text.join(' ') } };
    }
  }
  const v = readValue(opt, [tokens[0]!.text], ctx);
  if ('value' in v) return { value: v.value, used: 1 };
  return why ?? v;
}

/** Errors that only say a value was not read, which a more telling one replaces. */
const VAGUE: ReadonlySet<MessageKey> = new Set(['date.invalid', 'parse.bad-time-or-date']);

function readValue(opt: OptionSpec, words: readonly string[], ctx: ParseContext): Read {
  const text = words.join(' ').trim();
  if ((opt.type === 'user' || opt.type === 'target') && ctx.mentionsOnly && PLAIN_MENTION.test(text)) return { code: 'parse.plain-mention', params: { value: text } };
  switch (opt.type) {
    case 'text':
      return { value: text };
    case 'user': {
      const id = readUser(text);
      return id && ctx.idKind?.(id) !== 'channel' ? { value: id } : { code: 'parse.bad-user' };
    }
    case 'target': {
      const user = readUser(text);
      const ch = user ? undefined : CHANNEL.exec(text);
      const id = user ?? ch?.[1] ?? ch?.[2];
      if (!id) return { code: 'parse.bad-target' };
      const kind = user ? 'user' : 'channel';
      // `<#U…>` typed by hand: a person's id read as a channel would post to them.
      const actual = ctx.idKind?.(id);
      if (actual !== undefined && actual !== kind) return { code: actual === 'user' ? 'parse.not-a-channel' : 'parse.not-a-person' };
      return { value: { kind, id } };
    }
    case 'date': {
      const r = parseDate(text, ctx);
      return r.ok ? { value: r.value } : { code: r.code, params: { zone: ctx.zone, ...r.params } };
    }
    case 'enum': {
      const v = readChoice(opt, text);
      return v !== undefined ? { value: v } : { code: 'parse.bad-choice', params: { choices: (opt.choices ?? []).map((c) => choiceWord(c, ctx.lang)).join(', ') } };
    }
    case 'id': {
      const m = new RegExp(`^${opt.idPrefix}(\\d{1,9})$`, 'i').exec(text);
      return m ? { value: Number(m[1]) } : { code: 'parse.bad-id', params: { example: `${opt.idPrefix}1` } };
    }
    case 'offsets': {
      const parts = text.split(',').map((p) => OFFSET.exec(p.trim()));
      if (parts.length === 0 || parts.length > 10 || parts.some((m) => !m || Number(m[1]) === 0)) return { code: 'parse.bad-offsets' };
      const unit = { d: 86_400, h: 3_600, m: 60 } as const;
      const secs = parts.map((m) => Number(m![1]) * unit[m![2] as keyof typeof unit]);
      return { value: [...new Set(secs)].sort((a, b) => b - a) };
    }
    case 'month-day': {
      const m = MONTH_DAY.exec(text);
      const ok = m && Number(m[1]) >= 1 && Number(m[1]) <= 12 && Number(m[2]) >= 1 && Number(m[2]) <= new Date(Date.UTC(2024, Number(m[1]), 0)).getUTCDate();
      return ok ? { value: text } : { code: 'parse.bad-month-day' };
    }
    case 'zone':
      return isZone(text) ? { value: text } : { code: 'parse.bad-zone' };
    case 'int': {
      const n = /^\d{1,6}$/.test(text) ? Number(text) : NaN;
      const [min, max] = [opt.min ?? 0, opt.max ?? Number.MAX_SAFE_INTEGER];
      return n >= min && n <= max ? { value: n } : { code: 'parse.bad-int', params: { min, max } };
    }
    case 'words':
      return { value: text.split(/\s+/).filter(Boolean) };
    case 'url':
      return isWebAddress(text) ? { value: text } : { code: 'parse.bad-url' };
    case 'time-or-date': {
      const time = readWallTime(text);
      if (time) return { value: time };
      const r = parseDate(text, ctx);
      if (r.ok) return { value: r.value };
      return r.code === 'date.invalid' ? { code: 'parse.bad-time-or-date' } : { code: r.code, params: { zone: ctx.zone, ...r.params } };
    }
    case 'ref': {
      const prefixes = opt.refPrefixes ?? [];
      const m = /^([A-Za-z])(\d{1,9})$/.exec(text);
      const prefix = m?.[1]!.toUpperCase();
      return m && prefix && prefixes.includes(prefix)
        ? { value: { prefix, seq: Number(m[2]) } }
        : { code: 'parse.bad-id', params: { example: prefixes.map((p) => `${p}1`).join(', ') } };
    }
  }
}

/** An absolute http(s) address with a host, of a sensible length. */
function isWebAddress(text: string): boolean {
  if (text.length > 2_000) return false;
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
