import { choiceWord, COMMANDS, type CommandSpec, discordName, helpKey, type OptionSpec } from '../../src/commands/model.js';
import { type MessageKey, translator } from '../../src/i18n/translator.js';

/** Discord's application command option types (API v10). */
const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;
const STRING = 3;
const INTEGER = 4;
const USER = 6;
const CHANNEL = 7;

/** An option as Discord's API takes it (the subset we use). */
export interface DiscordOption {
  readonly type: number;
  readonly name: string;
  readonly description: string;
  readonly description_localizations?: Record<string, string>;
  readonly required?: boolean;
  readonly choices?: readonly DiscordChoice[];
  readonly max_length?: number;
  readonly min_value?: number;
  readonly max_value?: number;
  readonly options?: readonly DiscordOption[];
}

/** A choice: the value the parser reads (English), its name shown in the member's language. */
export interface DiscordChoice {
  readonly name: string;
  readonly value: string;
  readonly name_localizations?: Record<string, string>;
}

export interface DiscordCommand {
  readonly name: string;
  readonly type: 1;
  readonly description: string;
  readonly description_localizations: Record<string, string>;
  readonly options: readonly DiscordOption[];
}

const en = translator('en');
const fi = translator('fi');
const sv = translator('sv');

// Discord allows 1–100 characters in a description.
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);
const describe = (key: MessageKey) => ({
  description: clip(en.t(key)),
  description_localizations: { fi: clip(fi.t(key)), 'sv-SE': clip(sv.t(key)) },
});

function choice(value: string): DiscordChoice {
  const [fiName, svName] = [choiceWord(value, 'fi'), choiceWord(value, 'sv')];
  return { name: value, value, ...(fiName !== value || svName !== value ? { name_localizations: { fi: fiName, 'sv-SE': svName } } : {}) };
}

/** The Discord options one core option becomes: a `target` is a user option and a channel option. */
function optionsFor(o: OptionSpec): DiscordOption[] {
  const base = { required: Boolean(o.required), ...describe(`option.${o.name}` as MessageKey) };
  switch (o.type) {
    case 'user':
      return [{ type: USER, name: o.name, ...base }];
    case 'target':
      return [
        { type: USER, name: `${o.name}-user`, ...base },
        { type: CHANNEL, name: `${o.name}-channel`, ...base },
      ];
    case 'int':
      return [{ type: INTEGER, name: o.name, ...base, ...(o.min !== undefined ? { min_value: o.min } : {}), ...(o.max !== undefined ? { max_value: o.max } : {}) }];
    case 'enum':
      return [{ type: STRING, name: o.name, ...base, choices: (o.choices ?? []).map(choice) }];
    default:
      return [{ type: STRING, name: o.name, ...base, max_length: 1000 }];
  }
}

function subcommand(spec: CommandSpec): DiscordOption {
  // Discord wants required options before optional ones.
  const options = spec.options.flatMap(optionsFor).sort((a, b) => Number(Boolean(b.required)) - Number(Boolean(a.required)));
  return { type: SUB_COMMAND, name: discordName(spec).sub, ...describe(helpKey(spec)), options };
}

/**
 * `/neuvo` as a Discord slash command, generated from the core command model: a subcommand per
 * command, grouped by its first word where it has more than one.
 */
export function neuvoCommand(commands: readonly CommandSpec[] = COMMANDS): DiscordCommand {
  const top: DiscordOption[] = [];
  const groups = new Map<string, DiscordOption[]>();
  for (const spec of commands) {
    const { group } = discordName(spec);
    if (!group) top.push(subcommand(spec));
    else groups.set(group, [...(groups.get(group) ?? []), subcommand(spec)]);
  }
  for (const [name, subs] of groups) {
    top.push({ type: SUB_COMMAND_GROUP, name, ...describe(`group.${name}` as MessageKey), options: subs });
  }
  return withinBudget({ name: 'neuvo', type: 1, ...describe('help.neuvo'), options: top });
}

/** Discord's cap on a command's names, descriptions and choices together, counted per locale. */
export const COMMAND_BUDGET = 4000;

type Node = { name: string; type?: number; description: string; description_localizations?: Record<string, string>; choices?: readonly DiscordChoice[]; options?: Node[] };

/**
 * The command as Discord accepts it: when its texts exceed {@link COMMAND_BUDGET} in a locale, the
 * longest option descriptions in that locale are shortened (to one common length, with "…") until it
 * fits. Subcommand descriptions, which the command picker shows, stay whole. (One `/neuvo` holds
 * every command; should the names alone outgrow the budget, it must be split into several commands.)
 */
function withinBudget(command: DiscordCommand): DiscordCommand {
  const root = structuredClone(command) as unknown as Node;
  const nodes: Node[] = [];
  const walk = (n: Node) => {
    nodes.push(n);
    n.options?.forEach(walk);
  };
  walk(root);
  const isOption = (n: Node) => n !== root && n.type !== SUB_COMMAND && n.type !== SUB_COMMAND_GROUP;
  for (const locale of [undefined, 'fi', 'sv-SE']) {
    const text = (n: Node) => (locale ? (n.description_localizations?.[locale] ?? n.description) : n.description);
    const set = (n: Node, d: string) => (locale ? ((n.description_localizations ??= {})[locale] = d) : (n.description = d));
    const choiceName = (x: DiscordChoice) => (locale ? (x.name_localizations?.[locale] ?? x.name) : x.name);
    const fixed = nodes.reduce((sum, n) => sum + n.name.length + (isOption(n) ? 0 : text(n).length) + (n.choices ?? []).reduce((c, x) => c + choiceName(x).length + x.value.length, 0), 0);
    const options = nodes.filter(isOption);
    const size = (cap: number) => fixed + options.reduce((sum, n) => sum + Math.min(text(n).length, cap), 0);
    if (size(Infinity) <= COMMAND_BUDGET) continue;
    let cap = 100;
    while (cap > 1 && size(cap) > COMMAND_BUDGET) cap--;
    for (const n of options) if (text(n).length > cap) set(n, `${text(n).slice(0, cap - 1)}…`);
  }
  return root as unknown as DiscordCommand;
}

/** An option value as an interaction carries it. */
export interface InteractionOption {
  readonly name: string;
  readonly type: number;
  readonly value?: string | number | boolean;
  readonly options?: readonly InteractionOption[];
}

// The tokenizer has no escapes: quote with a pair the value does not contain.
function quote(value: string): string {
  if (!value.includes('"')) return `"${value}"`;
  if (!value.includes('«') && !value.includes('»')) return `«${value}»`;
  return `"${value.replaceAll('"', '”')}"`;
}

/**
 * The command line an interaction stands for, so Discord goes through the same parser as the other
 * adapters: `/neuvo org member-add org:X user:@Y` → `org member add "X" <@Y>`.
 */
export function interactionToText(options: readonly InteractionOption[], commands: readonly CommandSpec[] = COMMANDS): string | undefined {
  let group: string | undefined;
  let sub = options[0];
  if (sub?.type === SUB_COMMAND_GROUP) {
    group = sub.name;
    sub = sub.options?.[0];
  }
  if (!sub) return undefined;
  const spec = commands.find((c) => {
    const n = discordName(c);
    return n.group === group && n.sub === sub.name;
  });
  if (!spec) return undefined;
  const given = new Map((sub.options ?? []).map((o) => [o.name, o]));
  // A snowflake does not say whether it names a person or a channel: the option's type does.
  const snowflake = (name: string, type: number) => {
    const o = given.get(name);
    return o?.type === type && /^\d+$/.test(String(o.value)) ? String(o.value) : undefined;
  };
  const words: string[] = [...spec.path];
  for (const o of spec.options) {
    let text: string | undefined;
    if (o.type === 'target') {
      const user = snowflake(`${o.name}-user`, USER);
      const channel = snowflake(`${o.name}-channel`, CHANNEL);
      text = user !== undefined ? `<@${user}>` : channel !== undefined ? `<#${channel}>` : undefined;
    } else if (o.type === 'user') {
      const user = snowflake(o.name, USER);
      if (user !== undefined) text = `<@${user}>`;
    } else {
      const v = given.get(o.name)?.value;
      // Several words typed into one option (`2 1 3`) stay several words; one that looks like an
      // option (`org:X`) or holds a quote is quoted, so it stays a word.
      if (v !== undefined) text = o.type === 'words' ? String(v).trim().replace(/\S*[:"“”„«»]\S*/g, quote) : quote(String(v));
    }
    if (text !== undefined) words.push(o.positional ? text : `${o.name}:${text}`);
  }
  return words.join(' ');
}
