/**
 * What the fake Discord remembers between requests — users, messages, interactions, DM channels,
 * commands, scheduled events — and the domain rules that need that memory (who may edit what,
 * interaction deadlines, token lifetimes).
 */
import { apiUser, messageObject, responseComponents, responseEmbeds, snowflake, type BotIdentity, type FakeUserInput } from './discord-payloads.js';
import type { FakeAttachment } from './discord-files.js';
import type { FakeCall, FakeFile, Reply } from './discord-http.js';

export type Json = Record<string, unknown>;

export const MESSAGE_FLAG_EPHEMERAL = 1 << 6;
export const MESSAGE_FLAG_LOADING = 1 << 7;
/** Interaction tokens stay valid this long for edits and follow-ups. */
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

/** An interaction the fake dispatched, and how the bot has answered it so far. */
export interface InteractionState {
  id: string;
  token: string;
  /** Interaction type: 1 PING, 2 APPLICATION_COMMAND, 3 MESSAGE_COMPONENT, 4 AUTOCOMPLETE, 5 MODAL_SUBMIT. */
  type: number;
  payload: Json;
  dispatchedAt: number;
  /** Callback type of the first response, once there is one. */
  responseType?: number;
  /** The `@original` message, once there is one. */
  originalId?: string;
  /** The message a component (or a modal opened from one) was on. */
  sourceMessageId?: string;
  followUps: Set<string>;
}

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Replies have a numeric status and, unlike scheduled events, no id. */
export const isReply = (v: unknown): v is Reply => isObject(v) && typeof v.status === 'number' && !('id' in v);

/** The fake's memory; shared by the REST routes and the FakeDiscord facade. */
export class DiscordWorld {
  readonly users = new Map<string, FakeUserInput>();
  readonly messages = new Map<string, Json>();
  /** By token, which is what webhook routes carry. */
  readonly interactions = new Map<string, InteractionState>();
  readonly dmChannels = new Map<string, string>();
  readonly globalCommands: Json[] = [];
  readonly guildCommands = new Map<string, Json[]>();
  readonly events = new Map<string, Json>();
  /** Every file that reached a message, with its bytes. */
  readonly attachments: FakeAttachment[] = [];
  /**
   * Guilds the bot was added to through the gateway (`FakeDiscord.addGuild`): their channels, and
   * whether the bot is still in them. Other guild ids the fake does not police.
   */
  readonly guilds = new Map<string, { channels: ReadonlySet<string>; member: boolean }>();

  constructor(
    readonly applicationId: string,
    readonly botUser: FakeUserInput,
    /** How long after dispatch the first interaction response may come (Discord: 3 s). */
    readonly deadlineMs: number,
    private readonly report: (violation: string) => void,
  ) {
    this.users.set(botUser.id, botUser);
  }

  get bot(): BotIdentity {
    return { applicationId: this.applicationId, user: this.botUser };
  }

  /** The guild a request's path addresses (by `guild_id` or a `channel_id` of it) if the bot was removed from it. */
  leftGuild(params: Readonly<Record<string, string>>): string | undefined {
    for (const [id, guild] of this.guilds) {
      if (guild.member) continue;
      if (params.guild_id === id || (params.channel_id !== undefined && guild.channels.has(params.channel_id))) return id;
    }
    return undefined;
  }

  /** Records a violation. */
  violation(message: string): void {
    this.report(message);
  }

  /** A Discord error answer (`{message, code}`) that also counts as a violation. */
  reject(status: number, code: number, message: string, violation: string): Reply {
    this.report(violation);
    return { status, json: { message, code } };
  }

  remember(user: FakeUserInput): void {
    this.users.set(user.id, { ...this.users.get(user.id), ...user });
  }

  /** A known user, or a plausible stand-in (the fake does not model who exists). */
  userFor(id: string): FakeUserInput {
    return this.users.get(id) ?? { id, username: `user${id}` };
  }

  /** Starts the interaction's clocks and remembers the message a component was clicked on. */
  registerInteraction(payload: Json): void {
    const state: InteractionState = {
      id: String(payload.id),
      token: String(payload.token),
      type: Number(payload.type),
      payload,
      dispatchedAt: Date.now(),
      followUps: new Set(),
    };
    const message = payload.message;
    if (isObject(message) && typeof message.id === 'string') {
      state.sourceMessageId = message.id;
      if (!this.messages.has(message.id)) this.messages.set(message.id, message);
    }
    this.interactions.set(state.token, state);
  }

  interactionById(id: string): InteractionState | undefined {
    return [...this.interactions.values()].find((s) => s.id === id);
  }

  findCommand(name: string, guildId?: string): Json | undefined {
    const inGuild = guildId ? this.guildCommands.get(guildId)?.find((c) => c.name === name) : undefined;
    return inGuild ?? this.globalCommands.find((c) => c.name === name);
  }

  guildCommandList(guildId: string): Json[] {
    let list = this.guildCommands.get(guildId);
    if (!list) {
      list = [];
      this.guildCommands.set(guildId, list);
    }
    return list;
  }

  /** Stores a new bot message built from a create body. */
  createMessage(channelId: string, body: Json, files: FakeFile[], extra: Json = {}): Json {
    const message = messageObject(this.bot, { channel_id: channelId, ...extra });
    if (typeof body.nonce === 'string' || typeof body.nonce === 'number') message.nonce = body.nonce;
    if (body.tts === true) message.tts = true;
    if (isObject(body.message_reference)) {
      message.type = 19; // REPLY
      message.message_reference = { type: 0, channel_id: channelId, ...body.message_reference };
    }
    this.applyMessageFields(message, body, files);
    this.messages.set(String(message.id), message);
    return message;
  }

  /** Applies an edit body; the first edit of a deferred ("thinking…") response is not an edit. */
  editMessage(message: Json, body: Json, files: FakeFile[]): Json {
    const wasLoading = (Number(message.flags ?? 0) & MESSAGE_FLAG_LOADING) !== 0;
    this.applyMessageFields(message, body, files);
    if (wasLoading) message.flags = Number(message.flags) & ~MESSAGE_FLAG_LOADING;
    else message.edited_timestamp = new Date().toISOString();
    return message;
  }

  private applyMessageFields(message: Json, body: Json, files: FakeFile[]): void {
    if ('content' in body) message.content = body.content ?? '';
    if ('embeds' in body) message.embeds = responseEmbeds(body.embeds ?? []);
    if ('components' in body) message.components = responseComponents(body.components ?? []);
    if (typeof body.flags === 'number') {
      // Ephemerality and the loading state are Discord's to decide, not the edit's.
      message.flags = (Number(message.flags ?? 0) & (MESSAGE_FLAG_EPHEMERAL | MESSAGE_FLAG_LOADING)) | body.flags;
    }
    if ('attachments' in body || files.length > 0) {
      const listed = (Array.isArray(body.attachments) ? body.attachments : []).filter(isObject);
      const keep = new Set(listed.map((a) => String(a.id)));
      const kept = (Array.isArray(message.attachments) ? message.attachments : []).filter((a: Json) => keep.has(String(a.id)));
      const uploaded = files.map((f) => {
        const id = snowflake();
        // `attachments[n].filename` renames the upload of part files[n].
        const n = /^files\[(\d+)\]$/.exec(f.field)?.[1];
        const entry = listed.find((a) => String(a.id) === n);
        const renamed = entry?.filename;
        const filename = typeof renamed === 'string' && renamed ? renamed : f.filename;
        const description = typeof entry?.description === 'string' ? entry.description : undefined;
        const path = `attachments/${String(message.channel_id)}/${id}/${filename}`;
        this.attachments.push({ messageId: String(message.id), channelId: String(message.channel_id), id, filename, contentType: f.contentType, description, bytes: f.data, at: Date.now() });
        return {
          id,
          filename,
          ...(description === undefined ? {} : { description }),
          size: f.size,
          url: `https://cdn.discordapp.com/${path}`,
          proxy_url: `https://media.discordapp.net/${path}`,
          content_type: f.contentType,
        };
      });
      message.attachments = [...kept, ...uploaded];
    }
  }

  /** Fields linking an interaction's response message back to the interaction. */
  interactionFields(state: InteractionState): Json {
    const p = state.payload;
    const member = p.member as Json | undefined;
    const user = (member?.user ?? p.user) as Json;
    const data = (p.data ?? {}) as Json;
    return {
      application_id: this.applicationId,
      webhook_id: this.applicationId,
      ...(typeof p.guild_id === 'string' ? { guild_id: p.guild_id } : {}),
      interaction_metadata: {
        id: state.id,
        type: state.type,
        user,
        authorizing_integration_owners: p.authorizing_integration_owners,
        ...(state.type === 2 ? { name: data.name, command_type: data.type } : {}),
        ...(state.type === 3 && state.sourceMessageId ? { interacted_message_id: state.sourceMessageId } : {}),
      },
      ...(state.type === 2 ? { interaction: { id: state.id, type: state.type, name: data.name, user } } : {}),
    };
  }

  /** The interaction behind `/webhooks/{application id}/{token}`, or the error Discord gives. */
  interactionWebhook(call: FakeCall, params: Record<string, string>): InteractionState | Reply {
    const where = `${call.method} ${call.path}`;
    if (params.webhook_id !== this.applicationId) {
      return this.reject(404, 10015, 'Unknown Webhook', `${where}: webhook id ${String(params.webhook_id)} is not the application id ${this.applicationId}`);
    }
    const state = this.interactions.get(params.webhook_token ?? '');
    if (!state) return this.reject(404, 10015, 'Unknown Webhook', `${where}: token of no interaction the fake dispatched`);
    if (call.at - state.dispatchedAt > TOKEN_LIFETIME_MS) {
      return this.reject(401, 50027, 'Invalid Webhook Token', `${where}: interaction token older than 15 minutes`);
    }
    return state;
  }

  /** The message a webhook route addresses: `@original` (messageId undefined) or a follow-up. */
  webhookMessage(call: FakeCall, state: InteractionState, messageId: string | undefined): Json | Reply {
    const where = `${call.method} ${call.path}`;
    if (state.responseType === undefined) {
      return this.reject(404, 10008, 'Unknown Message', `${where}: used before the interaction got its first response`);
    }
    const ours = messageId === undefined ? state.originalId : state.followUps.has(messageId) || messageId === state.originalId ? messageId : undefined;
    const message = ours ? this.messages.get(ours) : undefined;
    if (!message) return this.reject(404, 10008, 'Unknown Message', `${where}: no such message for this interaction`);
    return message;
  }

  /** An application command as Discord returns it after registration. */
  commandObject(command: Json, id: string | undefined, guildId: string | undefined): Json {
    const permissions = command.default_member_permissions;
    return {
      id: id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: permissions === undefined || permissions === null ? null : String(permissions),
      type: command.type ?? 1,
      name: command.name,
      name_localizations: command.name_localizations ?? null,
      description: command.description ?? '',
      description_localizations: command.description_localizations ?? null,
      ...(guildId ? { guild_id: guildId } : { dm_permission: command.dm_permission ?? true }),
      contexts: command.contexts ?? null,
      integration_types: command.integration_types ?? [0],
      ...(Array.isArray(command.options) ? { options: command.options } : {}),
      nsfw: command.nsfw ?? false,
    };
  }

  /** A guild scheduled event as Discord returns it on creation. */
  scheduledEvent(guildId: string, body: Json): Json {
    return {
      id: snowflake(),
      guild_id: guildId,
      channel_id: body.channel_id ?? null,
      creator_id: this.botUser.id,
      creator: apiUser(this.botUser),
      name: body.name,
      description: body.description ?? null,
      image: null,
      scheduled_start_time: body.scheduled_start_time,
      scheduled_end_time: body.scheduled_end_time ?? null,
      privacy_level: body.privacy_level ?? 2,
      status: 1, // SCHEDULED
      entity_type: body.entity_type,
      entity_id: null,
      entity_metadata: body.entity_metadata ?? null,
      user_count: 0,
      recurrence_rule: body.recurrence_rule ?? null,
      guild_scheduled_event_exceptions: [],
    };
  }
}
