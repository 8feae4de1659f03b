/**
 * Drives the real Discord adapter (a discord.js gateway client) against FakeDiscord: command lines go
 * in as INTERACTION_CREATE dispatches shaped as Discord would send `/neuvo` subcommands, clicks as
 * button interactions; answers come back as interaction callbacks, edits of `@original`, follow-ups
 * and channel posts, normalised to the contract's {@link Outcome}.
 */
import type { Level } from 'pino';
import { capturingLogger } from '../support/capture-log.js';
import { ApplicationCommandOptionType } from 'discord.js';
import { launchDiscord, type DiscordRuntime, type RunningDiscord } from '../../adapters/discord/discord-adapter.js';
import { BUTTON_PREFIX, FORM_PREFIX } from '../../adapters/discord/render.js';
import { POSTED } from '../../adapters/discord/reply.js';
import { COMMANDS, discordName, type OptionSpec } from '../../src/commands/model.js';
import { type Token, tokenize } from '../../src/commands/tokenize.js';
import { FakeDiscord, type FakeCall, type FakeUserInput, type SlashOptionInput } from '../fakes/discord-api.js';
import { DEFAULT_MEMBER_PERMISSIONS } from '../fakes/discord-payloads.js';
import type { AdapterDriver, Outcome } from './driver.js';

export const DISCORD_APP = '1300000000000000001';
export const DISCORD_GUILD = '1100000000000000001';
export const DISCORD_CHANNEL = '1100000000000000002';
/** The scenario's logical users as Discord users. */
export const DISCORD_USERS = {
  coord: { id: '1200000000000000001', username: 'coord', global_name: 'Coord' },
  alice: { id: '1200000000000000002', username: 'alice', global_name: 'Alice' },
  bob: { id: '1200000000000000003', username: 'bob', global_name: 'Bob' },
  // The candidates and deputies of the balance scenario (issue #15).
  matti: { id: '1200000000000000011', username: 'matti', global_name: 'Matti' },
  mikko: { id: '1200000000000000012', username: 'mikko', global_name: 'Mikko' },
  wilma: { id: '1200000000000000013', username: 'wilma', global_name: 'Wilma' },
  dora: { id: '1200000000000000014', username: 'dora', global_name: 'Dora' },
  dana: { id: '1200000000000000015', username: 'dana', global_name: 'Dana' },
  dave: { id: '1200000000000000016', username: 'dave', global_name: 'Dave' },
} as const satisfies Readonly<Record<string, FakeUserInput>>;
/** Permission bit of Manage Server (MANAGE_GUILD). */
export const MANAGE_GUILD = 0x20n;

type Json = Record<string, any>;

/** An answer as it reached Discord: the message body and whether only the asker sees it. */
export interface DiscordAnswer {
  readonly body: Json;
  readonly ephemeral: boolean;
  /** The stored message (for clicking its buttons). */
  readonly messageId: string;
  /** `reply` (callback type 4), `deferred` (type 5 then an edit or a follow-up). */
  readonly via: 'reply' | 'deferred';
  /** The files the message carries, as the fake stored them (Discord's attachment objects). */
  readonly attachments: readonly Json[];
}

/** Where and as whom an interaction happens. */
export interface InteractionOptions {
  readonly channelId?: string;
  /** null: a DM with the bot. */
  readonly guildId?: string | null;
  /** The member's permissions as a bit set (ordinary member by default). */
  readonly permissions?: bigint;
  readonly locale?: 'en-US' | 'fi' | 'sv-SE';
}

/** What an ordinary member may do in a text channel (no Manage Server). */
export const ORDINARY = BigInt(DEFAULT_MEMBER_PERMISSIONS);

/** Subcommand group, subcommand and options of `/neuvo <text>`, as Discord would send them. */
export interface SlashShape {
  readonly subcommandGroup?: string;
  readonly subcommand: string;
  readonly options: SlashOptionInput[];
}

/**
 * How a person would fill in `/neuvo` for a command line: the subcommand from the command model,
 * `key:value` and positional words as options, `@name` as a USER option (a user Discord resolves),
 * `#name` as a CHANNEL option. Words that name no command become an unknown subcommand, as a stale
 * registration would send.
 */
export function slashShape(text: string, users: Readonly<Record<string, FakeUserInput>>, channels: Readonly<Record<string, string>> = {}): SlashShape {
  const tok = tokenize(text.trim());
  if (!tok.ok) throw new Error(`cannot tokenize ${text}`);
  const tokens = tok.tokens;
  const words = tokens.map((t) => (t.quoted || t.key ? '' : t.text.toLowerCase()));
  const spec =
    tokens.length === 0
      ? COMMANDS.find((c) => c.id === 'status')!
      : COMMANDS.filter((c) => c.path.every((w, k) => words[k] === w)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!spec) return { subcommand: words[0] || 'unknown', options: [] };
  const { group, sub } = discordName(spec);
  const rest = tokens.slice(spec.path.length);
  const keyed = new Map(spec.options.filter((o) => !o.positional).map((o) => [o.name, o]));
  const options: SlashOptionInput[] = [];
  const loose: Token[] = [];
  for (const t of rest) {
    const opt = t.key ? keyed.get(t.key) : undefined;
    if (opt) options.push(...toOptions(opt, t.text, users, channels));
    else loose.push(t);
  }
  const positional = spec.options.filter((o) => o.positional);
  let i = 0;
  positional.forEach((opt, n) => {
    if (i >= loose.length) return;
    let take = 1;
    if (n === positional.length - 1 && (opt.type === 'text' || opt.type === 'words')) take = loose.length - i;
    else if (opt.type === 'date' && !loose[i]!.quoted) take = Math.max(1, Math.min(3, loose.length - i - (positional.length - n - 1)));
    const value = loose
      .slice(i, i + take)
      .map((t) => (t.quoted ? t.text : t.raw))
      .join(' ');
    options.push(...toOptions(opt, value, users, channels));
    i += take;
  });
  return { ...(group ? { subcommandGroup: group } : {}), subcommand: sub, options };
}

function toOptions(opt: OptionSpec, value: string, users: Readonly<Record<string, FakeUserInput>>, channels: Readonly<Record<string, string>>): SlashOptionInput[] {
  const user = /^@(.+)$/.exec(value)?.[1];
  const channel = /^#(.+)$/.exec(value)?.[1];
  const person = (name: string): FakeUserInput => users[name] ?? { id: name, username: name };
  if (opt.type === 'user' && user) return [{ name: opt.name, type: ApplicationCommandOptionType.User, value: person(user) }];
  if (opt.type === 'target' && user) return [{ name: `${opt.name}-user`, type: ApplicationCommandOptionType.User, value: person(user) }];
  if (opt.type === 'target' && channel) return [{ name: `${opt.name}-channel`, type: ApplicationCommandOptionType.Channel, value: channels[channel] ?? channel }];
  return [{ name: opt.name, type: ApplicationCommandOptionType.String, value }];
}

/**
 * Everything a reader sees, as plain text: content, then each embed's title, description, fields
 * (`name: value`) and footer; mentions back to `@name` / `#name`; markdown escapes and zero-width spaces removed.
 */
export function readableText(body: Json, names: Readonly<Record<string, string>> = {}): string {
  const parts: string[] = [];
  if (typeof body.content === 'string' && body.content) parts.push(body.content);
  for (const e of (body.embeds ?? []) as Json[]) {
    if (e.title) parts.push(e.title);
    if (e.description) parts.push(e.description);
    for (const f of (e.fields ?? []) as Json[]) parts.push(`${f.name}: ${f.value}`);
    if (e.footer?.text) parts.push(e.footer.text);
  }
  return parts
    .join('\n')
    .replace(/\\([^A-Za-z0-9\s])|<@!?(\d+)>|<#(\d+)>|\u200b/g, (_all, escaped?: string, user?: string, channel?: string) =>
      escaped ?? (user ? `@${names[user] ?? user}` : channel ? `#${names[channel] ?? channel}` : ''),
    )
    .trim();
}

/** The buttons of a message: label and the command each runs (a form button's incomplete command). */
export function buttonsOf(body: Json): { label: string; command: string }[] {
  return rawButtonsOf(body).map((b) => ({ label: String(b.label), command: String(b.custom_id).replace(new RegExp(`^(${BUTTON_PREFIX}|${FORM_PREFIX})`), '') }));
}

/** The buttons of a message as Discord holds them. */
function rawButtonsOf(body: Json): Json[] {
  return ((body.components ?? []) as Json[]).flatMap((row) => ((row.components ?? []) as Json[]).filter((c) => c.type === 2));
}

/** The real adapter on a runtime, a FakeDiscord, and helpers to talk to them like Discord does. */
export class DiscordHarness {
  private readonly consumedPosts = new Set<FakeCall>();

  private constructor(
    readonly fake: FakeDiscord,
    readonly discord: RunningDiscord,
    /** Log lines the adapter wrote (JSON). */
    readonly logs: string[],
  ) {}

  /** Starts FakeDiscord, then the adapter (login, READY, `/neuvo` registered in the guild). */
  static async start(runtime: DiscordRuntime, opts: { replyWithinMs?: number; guildId?: string | null; logLevel?: Level } = {}): Promise<DiscordHarness> {
    const fake = await FakeDiscord.start({ applicationId: DISCORD_APP });
    for (const user of Object.values(DISCORD_USERS)) fake.addUser(user);
    const { log, logs } = capturingLogger(opts.logLevel);
    try {
      const guildId = opts.guildId === undefined ? DISCORD_GUILD : opts.guildId;
      const discord = await launchDiscord(
        runtime,
        {
          token: 'test-bot-token',
          applicationId: DISCORD_APP,
          apiUrl: fake.apiBase,
          ...(guildId ? { guildId } : {}),
          ...(opts.replyWithinMs !== undefined ? { replyWithinMs: opts.replyWithinMs } : {}),
        },
        log,
      );
      return new DiscordHarness(fake, discord, logs);
    } catch (err) {
      await fake.close();
      throw err;
    }
  }

  /** Dispatches `/neuvo <text>` as `user`; resolves with the payload sent. */
  dispatchCommand(user: FakeUserInput, text: string, opts: InteractionOptions = {}): Json {
    const shape = slashShape(text, DISCORD_USERS, { general: DISCORD_CHANNEL });
    return this.fake.dispatchInteraction(
      this.fake.slashCommand({
        ...this.where(user, opts),
        name: 'neuvo',
        ...shape,
      }),
    ) as Json;
  }

  /** Runs `/neuvo <text>` as `user` and waits for its answer. */
  async command(user: FakeUserInput, text: string, opts: InteractionOptions = {}): Promise<DiscordAnswer> {
    return this.answerTo(this.dispatchCommand(user, text, opts));
  }

  /** Clicks the button labelled `label` on a stored message as `user` and waits for the answer. */
  async click(user: FakeUserInput, messageId: string, label: string, opts: InteractionOptions = {}): Promise<DiscordAnswer> {
    const message = this.fake.getMessage(messageId);
    const button = rawButtonsOf(message ?? {}).find((b) => b.label === label);
    if (!message || !button) throw new Error(`no button “${label}” on message ${messageId}`);
    const payload = this.fake.dispatchInteraction(this.fake.buttonClick({ ...this.where(user, opts), customId: String(button.custom_id), message: messageId }));
    return this.answerTo(payload as Json);
  }

  /**
   * The answer to an interaction: the callback's message (type 4), or after a deferral (type 5) the
   * edit of `@original` — or, when that edit is the {@link POSTED} note, the public follow-up.
   */
  async answerTo(payload: Json, timeoutMs = 30_000): Promise<DiscordAnswer> {
    const id = String(payload.id);
    const token = String(payload.token);
    const callback = await this.fake.waitFor((c) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback' && c.path.startsWith(`/interactions/${id}/`), timeoutMs);
    const body = callback.body as Json;
    if (body.type === 4) {
      const stored = this.fake.originalResponse(id);
      return { body: body.data, ephemeral: (Number(body.data?.flags ?? 0) & 64) !== 0, messageId: String(stored?.id), via: 'reply', attachments: this.attachmentsOf(stored?.id) };
    }
    if (body.type !== 5) throw new Error(`unexpected callback type ${String(body.type)}`);
    const edit = await this.fake.waitFor((c) => c.method === 'PATCH' && c.path === `/webhooks/${DISCORD_APP}/${token}/messages/@original`, timeoutMs);
    const edited = edit.body as Json;
    if (edited.content === POSTED && (edited.embeds ?? []).length === 0) {
      const follow = await this.fake.waitFor((c) => c.method === 'POST' && c.path === `/webhooks/${DISCORD_APP}/${token}`, timeoutMs);
      const messageId = String((follow.response as Json).id);
      return { body: follow.body as Json, ephemeral: (Number((follow.body as Json).flags ?? 0) & 64) !== 0, messageId, via: 'deferred', attachments: this.attachmentsOf(messageId) };
    }
    const messageId = String((edit.response as Json).id);
    return { body: edited, ephemeral: (Number(body.data?.flags ?? 0) & 64) !== 0, messageId, via: 'deferred', attachments: this.attachmentsOf(messageId) };
  }

  /** The attachments of a stored message (none for an unknown id). */
  attachmentsOf(messageId: unknown): Json[] {
    const stored = typeof messageId === 'string' ? this.fake.getMessage(messageId) : undefined;
    return Array.isArray(stored?.attachments) ? (stored.attachments as Json[]) : [];
  }

  /** The next channel post (not an interaction answer) not yet taken. */
  async nextPost(timeoutMs = 30_000): Promise<FakeCall> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const post = this.fake.calls.find((c) => c.method === 'POST' && c.route === '/channels/{channel_id}/messages' && c.status === 200 && !this.consumedPosts.has(c));
      if (post) {
        this.consumedPosts.add(post);
        return post;
      }
      if (Date.now() > until) throw new Error(`no channel post within ${timeoutMs} ms (calls: ${this.fake.calls.map((c) => `${c.method} ${c.path}`).join(', ')})`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  /** The user a DM channel was opened with through `POST /users/@me/channels`, if it is one. */
  dmRecipient(channelId: string): string | undefined {
    const open = this.fake.calls.find((c) => c.method === 'POST' && c.path === '/users/@me/channels' && (c.response as Json | undefined)?.id === channelId);
    return open ? String((open.body as Json).recipient_id) : undefined;
  }

  async stop(): Promise<void> {
    await this.discord.stop().catch(() => {});
    await this.fake.close();
  }

  private where(user: FakeUserInput, opts: InteractionOptions) {
    const guildId = opts.guildId === undefined ? DISCORD_GUILD : opts.guildId;
    return {
      ...(guildId ? { guildId } : {}),
      channelId: opts.channelId ?? DISCORD_CHANNEL,
      user,
      memberPermissions: (opts.permissions ?? ORDINARY).toString(),
      locale: opts.locale ?? 'en-US',
    };
  }
}

/** A file as the contract's outcomes show it on every platform. */
export const fileLine = (attachment: Json): string => `📎 ${String(attachment.filename)}`;

/** The contract driver: logical users `coord`, `alice`, `bob` in `#general` of one guild, none with Manage Server. */
export async function discordDriver(runtime: DiscordRuntime, opts: { logLevel?: Level } = {}): Promise<AdapterDriver & { readonly harness: DiscordHarness }> {
  const harness = await DiscordHarness.start(runtime, opts);
  const names: Record<string, string> = { [DISCORD_CHANNEL]: 'general' };
  for (const [name, u] of Object.entries(DISCORD_USERS)) names[u.id] = name;
  const messages = new WeakMap<Outcome, string>();
  const outcome = (body: Json, ephemeral: boolean, messageId: string, attachments: readonly Json[]): Outcome => {
    // Discord shows attachments under the message; the outcome names them after its text.
    const text = [readableText(body, names), ...attachments.map(fileLine)].filter(Boolean).join('\n');
    const o: Outcome = { visibility: ephemeral ? 'private' : 'public', text, buttons: buttonsOf(body) };
    messages.set(o, messageId);
    return o;
  };
  const userOf = (name: string): FakeUserInput => {
    const u = (DISCORD_USERS as Readonly<Record<string, FakeUserInput>>)[name];
    if (!u) throw new Error(`unknown user ${name}`);
    return u;
  };
  return {
    name: 'discord',
    harness,
    async send(user, text) {
      const a = await harness.command(userOf(user), text);
      return outcome(a.body, a.ephemeral, a.messageId, a.attachments);
    },
    async click(user, on, label) {
      const id = messages.get(on);
      if (!id) throw new Error('click: not an outcome of this driver');
      const a = await harness.click(userOf(user), id, label);
      return outcome(a.body, a.ephemeral, a.messageId, a.attachments);
    },
    async nextPost(timeoutMs = 30_000) {
      const post = await harness.nextPost(timeoutMs);
      const channel = String(post.path.split('/')[2]);
      const dm = harness.dmRecipient(channel);
      const to = dm ? `DM → @${names[dm] ?? dm}` : `#${names[channel] ?? channel}`;
      const messageId = String((post.response as Json).id);
      return { ...outcome(post.body as Json, false, messageId, harness.attachmentsOf(messageId)), to };
    },
    close: () => harness.stop(),
  };
}

