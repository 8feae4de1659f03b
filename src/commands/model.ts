import { unaccented } from '../domain/unaccented.js';
import type { MessageKey } from '../i18n/translator.js';

/**
 * The command model: every command Neuvo understands, its words and its options. The text parser,
 * the help, the usage lines and the Discord slash-command tree are all generated from this one list.
 */

/** How an option's value is written and checked. */
export type OptionType =
  /** free text, quoted when it has spaces */
  | 'text'
  /** a person: a platform mention or `@name` */
  | 'user'
  /** a person or a channel: `@name` or `#channel` */
  | 'target'
  /** a date and time: ISO, Finnish/Swedish, or relative `+3d` */
  | 'date'
  /** one of `choices` */
  | 'enum'
  /** a short per-network id such as `R1`, with the prefix in `idPrefix` */
  | 'id'
  /** a comma-separated list of offsets such as `14d,1d,1h` */
  | 'offsets'
  /** a month and day, `MM-DD` */
  | 'month-day'
  /** an IANA time zone such as `Europe/Helsinki` */
  | 'zone'
  /** a whole number between `min` and `max` */
  | 'int'
  /** every remaining word (candidates, options): must be the last positional option */
  | 'words'
  /** a short id with one of several prefixes (`E1` or `P1`), as `{ prefix, seq }` */
  | 'ref'
  /** a web address, `http://` or `https://` only */
  | 'url'
  /** a time of day (`15:30`, `klo 15`) as `{ hour, minute }`, or a date like `date` */
  | 'time-or-date';

export interface OptionSpec {
  /** The key in `key:value`, and the option name on Discord. */
  readonly name: string;
  readonly type: OptionType;
  /** Positional options are written without their key, in the order listed. */
  readonly positional?: boolean;
  readonly required?: boolean;
  readonly choices?: readonly string[];
  readonly idPrefix?: string;
  /** For `ref`: the prefixes it accepts. */
  readonly refPrefixes?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  /** What the usage line shows, e.g. `<welfare area>`. */
  readonly placeholder?: string;
  /** Whether `-` clears the value (edits, settings): the parser then gives `null`. */
  readonly clearable?: boolean;
}

/** Who may run a command. Platform admins count as coordinators. */
export type Role = 'anyone' | 'coordinator';

export interface CommandSpec {
  /** Stable id; also the i18n key suffix of its help text (`help.<id>`). */
  readonly id: CommandId;
  /** The words after `/neuvo`. */
  readonly path: readonly string[];
  readonly options: readonly OptionSpec[];
  readonly role: Role;
  /** Whether the command works before `setup` has bound the channel to a network. */
  readonly needsNetwork: boolean;
  /** Discord has at most two levels under `/neuvo`; where the words do not map, name them here. */
  readonly discord?: { readonly group?: string; readonly sub: string };
}

export type CommandId =
  | 'status'
  | 'help'
  | 'setup'
  | 'coordinator.add'
  | 'coordinator.remove'
  | 'coordinator.list'
  | 'org.add'
  | 'org.remove'
  | 'org.list'
  | 'org.member.add'
  | 'org.member.remove'
  | 'org.join'
  | 'org.approve'
  | 'org.decline'
  | 'remind'
  | 'remind.cancel'
  | 'reminders'
  | 'election.new'
  | 'election.nominate'
  | 'election.accept'
  | 'election.decline'
  | 'election.open'
  | 'election.close'
  | 'election.reopen'
  | 'election.show'
  | 'election.list'
  | 'election.turnout'
  | 'election.export'
  | 'election.proposal'
  | 'election.unpublish'
  | 'poll.new'
  | 'poll.suggest'
  | 'poll.merge'
  | 'poll.open'
  | 'poll.close'
  | 'poll.show'
  | 'poll.list'
  | 'poll.export'
  | 'poll.unpublish'
  | 'agenda'
  | 'negotiation.add'
  | 'negotiation.list'
  | 'negotiation.show'
  | 'negotiation.edit'
  | 'negotiation.cancel'
  | 'negotiation.ics'
  | 'negotiation.feed-reset'
  | 'negotiation.result'
  | 'vote'
  | 'privacy'
  | 'privacy.forget'
  | 'network.delete';

const user = (name = 'user'): OptionSpec => ({ name, type: 'user', positional: true, required: true, placeholder: '@user' });
const orgName: OptionSpec = { name: 'org', type: 'text', positional: true, required: true, placeholder: '"<organisation>"' };
const electionId: OptionSpec = { name: 'election', type: 'id', idPrefix: 'E', positional: true, required: true, placeholder: 'E1' };
const onElection = (verb: string, role: Role): CommandSpec => ({
  id: `election.${verb}` as CommandId,
  path: ['election', verb],
  options: [electionId],
  role,
  needsNetwork: true,
});
const pollId: OptionSpec = { name: 'poll', type: 'id', idPrefix: 'P', positional: true, required: true, placeholder: 'P1' };
const onPoll = (verb: string, role: Role): CommandSpec => ({ id: `poll.${verb}` as CommandId, path: ['poll', verb], options: [pollId], role, needsNetwork: true });
const joinId: OptionSpec = { name: 'request', type: 'id', idPrefix: 'J', positional: true, required: true, placeholder: 'J1' };

const negotiationId: OptionSpec = { name: 'negotiation', type: 'id', idPrefix: 'N', positional: true, required: true, placeholder: 'N1' };

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [
  { id: 'status', path: ['status'], options: [], role: 'anyone', needsNetwork: false },
  {
    id: 'help',
    path: ['help'],
    options: [{ name: 'command', type: 'text', positional: true, placeholder: '<command>' }],
    role: 'anyone',
    needsNetwork: false,
  },
  {
    id: 'setup',
    path: ['setup'],
    options: [
      { name: 'area', type: 'text', placeholder: '<welfare area>' },
      { name: 'lang', type: 'enum', choices: ['fi', 'sv', 'en'] },
      { name: 'tz', type: 'zone', placeholder: '<IANA zone>' },
      { name: 'reminders', type: 'offsets', placeholder: '14d,1d,1h' },
      { name: 'budget-reminder', type: 'month-day', placeholder: '06-01', clearable: true },
      { name: 'results-page', type: 'enum', choices: ['on', 'off'] },
    ],
    role: 'anyone',
    needsNetwork: false,
  },
  { id: 'coordinator.add', path: ['coordinator', 'add'], options: [user()], role: 'coordinator', needsNetwork: true },
  { id: 'coordinator.remove', path: ['coordinator', 'remove'], options: [user()], role: 'coordinator', needsNetwork: true },
  { id: 'coordinator.list', path: ['coordinator', 'list'], options: [], role: 'anyone', needsNetwork: true },
  { id: 'org.add', path: ['org', 'add'], options: [orgName], role: 'coordinator', needsNetwork: true },
  { id: 'org.remove', path: ['org', 'remove'], options: [orgName], role: 'coordinator', needsNetwork: true },
  { id: 'org.list', path: ['org', 'list'], options: [], role: 'anyone', needsNetwork: true },
  {
    id: 'org.member.add',
    path: ['org', 'member', 'add'],
    options: [orgName, user()],
    role: 'coordinator',
    needsNetwork: true,
    discord: { group: 'org', sub: 'member-add' },
  },
  {
    id: 'org.member.remove',
    path: ['org', 'member', 'remove'],
    options: [orgName, user()],
    role: 'coordinator',
    needsNetwork: true,
    discord: { group: 'org', sub: 'member-remove' },
  },
  { id: 'org.join', path: ['org', 'join'], options: [orgName], role: 'anyone', needsNetwork: true },
  { id: 'org.approve', path: ['org', 'approve'], options: [joinId], role: 'coordinator', needsNetwork: true },
  { id: 'org.decline', path: ['org', 'decline'], options: [joinId], role: 'coordinator', needsNetwork: true },
  {
    id: 'remind',
    path: ['remind'],
    options: [
      { name: 'when', type: 'date', positional: true, required: true, placeholder: '<date>' },
      { name: 'message', type: 'text', positional: true, required: true, placeholder: '"<message>"' },
      { name: 'to', type: 'target', placeholder: '@user|#channel' },
    ],
    role: 'anyone',
    needsNetwork: true,
    discord: { group: 'remind', sub: 'set' },
  },
  {
    id: 'remind.cancel',
    path: ['remind', 'cancel'],
    options: [{ name: 'reminder', type: 'id', idPrefix: 'R', positional: true, required: true, placeholder: 'R1' }],
    role: 'anyone',
    needsNetwork: true,
  },
  { id: 'reminders', path: ['reminders'], options: [], role: 'anyone', needsNetwork: true },
  {
    id: 'election.new',
    path: ['election', 'new'],
    options: [
      { name: 'title', type: 'text', positional: true, required: true, placeholder: '"<title>"' },
      { name: 'seats', type: 'int', required: true, min: 1, max: 20, placeholder: '<n>' },
      { name: 'method', type: 'enum', required: true, choices: ['plurality', 'approval', 'stv'] },
      { name: 'rule', type: 'enum', choices: ['scottish', 'meek'] },
      { name: 'per', type: 'enum', choices: ['org', 'person'] },
      { name: 'secret', type: 'enum', choices: ['yes', 'no'] },
      { name: 'public', type: 'enum', choices: ['yes', 'no'] },
      { name: 'nominate-until', type: 'date', placeholder: '<date>' },
      { name: 'vote-until', type: 'date', placeholder: '<date>' },
      // Issue #15: what a welfare area's bodies need of a proposal.
      { name: 'deputies', type: 'enum', choices: ['yes', 'no'] },
      { name: 'balance', type: 'enum', choices: ['none', 'pairs', '40'] },
      { name: 'quorum', type: 'text', placeholder: '<n>%' },
      { name: 'term', type: 'text', placeholder: '"<term>"' },
    ],
    role: 'coordinator',
    needsNetwork: true,
  },
  {
    id: 'election.nominate',
    path: ['election', 'nominate'],
    options: [
      electionId,
      user(),
      { name: 'org', type: 'text', placeholder: '"<organisation>"' },
      { name: 'deputy', type: 'user', placeholder: '@user' },
      { name: 'statement', type: 'text', placeholder: '"<text>"' },
    ],
    role: 'anyone',
    needsNetwork: true,
  },
  { id: 'election.accept', path: ['election', 'accept'], options: [electionId, { name: 'gender', type: 'enum', choices: ['woman', 'man', 'other'] }], role: 'anyone', needsNetwork: true },
  onElection('decline', 'anyone'),
  onElection('open', 'coordinator'),
  onElection('close', 'coordinator'),
  {
    id: 'election.reopen',
    path: ['election', 'reopen'],
    options: [electionId, { name: 'vote-until', type: 'date', required: true, placeholder: '<date>' }],
    role: 'coordinator',
    needsNetwork: true,
  },
  onElection('show', 'anyone'),
  { id: 'election.list', path: ['election', 'list'], options: [], role: 'anyone', needsNetwork: true },
  onElection('turnout', 'anyone'),
  onElection('export', 'anyone'),
  onElection('proposal', 'coordinator'),
  onElection('unpublish', 'coordinator'),
  {
    id: 'poll.new',
    path: ['poll', 'new'],
    options: [
      { name: 'question', type: 'text', positional: true, required: true, placeholder: '"<question>"' },
      { name: 'theme', type: 'enum', required: true, choices: ['goals', 'measures', 'cooperation', 'follow-up'] },
      { name: 'options', type: 'text', placeholder: '"A|B|C"' },
      { name: 'suggest-until', type: 'date', placeholder: '<date>' },
      { name: 'vote-until', type: 'date', placeholder: '<date>' },
      { name: 'pick', type: 'int', min: 1, max: 10, placeholder: '<k>' },
      { name: 'anonymous', type: 'enum', choices: ['yes', 'no'] },
      { name: 'results', type: 'enum', choices: ['live', 'at-close'] },
      { name: 'public', type: 'enum', choices: ['yes', 'no'] },
    ],
    role: 'coordinator',
    needsNetwork: true,
  },
  {
    id: 'poll.suggest',
    path: ['poll', 'suggest'],
    options: [pollId, { name: 'topic', type: 'text', positional: true, required: true, placeholder: '"<topic>"' }],
    role: 'anyone',
    needsNetwork: true,
  },
  {
    id: 'poll.merge',
    path: ['poll', 'merge'],
    options: [
      pollId,
      { name: 'keep', type: 'int', positional: true, required: true, min: 1, max: 999, placeholder: '<n>' },
      { name: 'duplicate', type: 'int', positional: true, required: true, min: 1, max: 999, placeholder: '<m>' },
    ],
    role: 'coordinator',
    needsNetwork: true,
  },
  onPoll('open', 'coordinator'),
  onPoll('close', 'coordinator'),
  onPoll('show', 'anyone'),
  { id: 'poll.list', path: ['poll', 'list'], options: [], role: 'anyone', needsNetwork: true },
  onPoll('export', 'anyone'),
  onPoll('unpublish', 'coordinator'),
  { id: 'agenda', path: ['agenda'], options: [], role: 'anyone', needsNetwork: true },
  {
    id: 'negotiation.add',
    path: ['negotiation', 'add'],
    options: [
      { name: 'title', type: 'text', positional: true, required: true, placeholder: '"<title>"' },
      { name: 'at', type: 'date', required: true, placeholder: '<date>' },
      { name: 'until', type: 'time-or-date', placeholder: '<time>' },
      { name: 'where', type: 'text', placeholder: '"<place>"' },
      { name: 'link', type: 'url', placeholder: '<url>' },
      { name: 'about', type: 'text', placeholder: '"<text>"' },
    ],
    role: 'coordinator',
    needsNetwork: true,
  },
  { id: 'negotiation.list', path: ['negotiation', 'list'], options: [], role: 'anyone', needsNetwork: true },
  { id: 'negotiation.show', path: ['negotiation', 'show'], options: [negotiationId], role: 'anyone', needsNetwork: true },
  {
    id: 'negotiation.edit',
    path: ['negotiation', 'edit'],
    options: [
      negotiationId,
      { name: 'title', type: 'text', placeholder: '"<title>"' },
      { name: 'at', type: 'date', placeholder: '<date>' },
      { name: 'until', type: 'time-or-date', placeholder: '<time>', clearable: true },
      { name: 'where', type: 'text', placeholder: '"<place>"', clearable: true },
      { name: 'link', type: 'url', placeholder: '<url>', clearable: true },
      { name: 'about', type: 'text', placeholder: '"<text>"', clearable: true },
    ],
    role: 'coordinator',
    needsNetwork: true,
  },
  { id: 'negotiation.cancel', path: ['negotiation', 'cancel'], options: [negotiationId], role: 'coordinator', needsNetwork: true },
  { id: 'negotiation.ics', path: ['negotiation', 'ics'], options: [], role: 'anyone', needsNetwork: true },
  { id: 'negotiation.feed-reset', path: ['negotiation', 'feed-reset'], options: [], role: 'coordinator', needsNetwork: true },
  {
    id: 'negotiation.result',
    path: ['negotiation', 'result'],
    options: [negotiationId, { name: 'link', type: 'url', required: true, placeholder: '<url>' }, { name: 'summary', type: 'text', placeholder: '"<text>"' }],
    role: 'coordinator',
    needsNetwork: true,
  },
  {
    id: 'vote',
    path: ['vote'],
    options: [
      { name: 'ballot', type: 'ref', refPrefixes: ['E', 'P'], positional: true, required: true, placeholder: 'E1|P1' },
      { name: 'choices', type: 'words', positional: true, required: true, placeholder: '<candidate…>' },
      { name: 'org', type: 'text', placeholder: '"<organisation>"' },
    ],
    role: 'anyone',
    needsNetwork: true,
  },
  // People's data (issue #11): what Neuvo holds about you, forgetting you, deleting the network.
  { id: 'privacy', path: ['privacy'], options: [], role: 'anyone', needsNetwork: true, discord: { group: 'privacy', sub: 'show' } },
  { id: 'privacy.forget', path: ['privacy', 'forget'], options: [{ name: 'confirm', type: 'enum', choices: ['yes'] }], role: 'anyone', needsNetwork: true },
  {
    id: 'network.delete',
    path: ['network', 'delete'],
    options: [{ name: 'confirm', type: 'text', positional: true, placeholder: '"<welfare area>"' }],
    role: 'coordinator',
    needsNetwork: true,
  },
];

/**
 * Option values in Finnish and Swedish beside the English ones the code keeps (`theme:tavoitteet` and
 * `theme:mål` are `theme:goals`). Every language's word is read everywhere; usage lines show the
 * network's. Words are single (no spaces) so they are typed like the English ones.
 */
export const CHOICE_WORDS: Readonly<Record<string, { readonly fi: string; readonly sv: string }>> = {
  yes: { fi: 'kyllä', sv: 'ja' },
  no: { fi: 'ei', sv: 'nej' },
  goals: { fi: 'tavoitteet', sv: 'mål' },
  measures: { fi: 'toimenpiteet', sv: 'åtgärder' },
  cooperation: { fi: 'yhteistyö', sv: 'samarbete' },
  'follow-up': { fi: 'seuranta', sv: 'uppföljning' },
  plurality: { fi: 'enemmistövaali', sv: 'majoritetsval' },
  approval: { fi: 'hyväksyntä', sv: 'godkännande' },
  scottish: { fi: 'skotlantilainen', sv: 'skotsk' },
  org: { fi: 'järjestö', sv: 'organisation' },
  person: { fi: 'henkilö', sv: 'person' },
  live: { fi: 'heti', sv: 'direkt' },
  'at-close': { fi: 'päätyttyä', sv: 'efteråt' },
  on: { fi: 'päällä', sv: 'på' },
  off: { fi: 'pois', sv: 'av' },
  none: { fi: 'ei', sv: 'ingen' },
  pairs: { fi: 'parit', sv: 'par' },
  woman: { fi: 'nainen', sv: 'kvinna' },
  man: { fi: 'mies', sv: 'man' },
  other: { fi: 'muu', sv: 'annan' },
};

/** A choice as the network's language writes it: `goals` is `tavoitteet` in fi. */
export function choiceWord(value: string, lang = 'en'): string {
  const words = CHOICE_WORDS[value];
  return words && (lang === 'fi' || lang === 'sv') ? words[lang] : value;
}


/** The value a typed choice word stands for, in any of fi, sv and en, or undefined. */
export function readChoice(opt: OptionSpec, typed: string): string | undefined {
  // Accents are optional when reading: `kylla`, `jarjesto`, `atgarder` on a keyboard without them.
  const word = unaccented(typed);
  return opt.choices?.find((c) => unaccented(c) === word || [CHOICE_WORDS[c]?.fi, CHOICE_WORDS[c]?.sv].some((w) => w !== undefined && unaccented(w) === word));
}

/** The i18n key of a command's one-line description. */
export function helpKey(spec: CommandSpec): MessageKey {
  return `help.${spec.id}` as MessageKey;
}

/**
 * The usage line of a command, e.g. `remind <date> "<message>" [to:@user|#channel]`; `show` renders a
 * placeholder in the reader's language (`src/i18n/placeholders.ts`), choices are written in `lang`.
 */
export function usage(spec: CommandSpec, show: (placeholder: string) => string = (p) => p, lang?: string): string {
  const parts = spec.options.map((o) => {
    const shown = o.placeholder ? show(o.placeholder) : o.choices ? o.choices.map((c) => choiceWord(c, lang)).join('|') : show(`<${o.name}>`);
    const word = o.positional ? shown : `${o.name}:${shown}`;
    return o.required ? word : `[${word}]`;
  });
  return [...spec.path, ...parts].join(' ');
}

/** The Discord subcommand group and subcommand that carry a command. */
export function discordName(spec: CommandSpec): { group?: string; sub: string } {
  if (spec.discord) return spec.discord;
  const [first, ...rest] = spec.path;
  return rest.length === 0 ? { sub: first! } : { group: first!, sub: rest.join('-') };
}
