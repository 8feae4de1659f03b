/**
 * Discord-shaped objects for the fake Discord: snowflakes, users, members, messages and the
 * INTERACTION_CREATE payloads a test dispatches. Shapes follow
 * `reference/discord/payloads/discord_interaction_*.json` plus the fields Discord has added since
 * (`app_permissions`, `entitlements`, `authorizing_integration_owners`, `context`, `channel`, …).
 */
import { randomBytes } from 'node:crypto';
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  ComponentType,
  InteractionContextType,
  InteractionType,
  PermissionFlagsBits,
} from 'discord.js';
import type {
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionDataResolved,
  APIMessage,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIModalSubmitInteraction,
  APIModalSubmissionComponent,
  APIUser,
  ChannelFlags,
  GatewayGuildCreateDispatchData,
  GatewayGuildDeleteDispatchData,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  RoleFlags,
  UserFlags,
} from 'discord.js';

/** Milliseconds since the Unix epoch at Discord's epoch (2015-01-01). */
const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A fresh, time-ordered snowflake (discord.js derives `createdTimestamp` from it). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** An opaque, URL-safe interaction token, unique per interaction like Discord's. */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(48).toString('base64url')}`;
}

const bits = (...flags: bigint[]): string => flags.reduce((a, b) => a | b, 0n).toString();

/** What an ordinary member may do in a text channel (the default for `memberPermissions`). */
export const DEFAULT_MEMBER_PERMISSIONS = bits(
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.ReadMessageHistory,
  PermissionFlagsBits.EmbedLinks,
  PermissionFlagsBits.AttachFiles,
  PermissionFlagsBits.AddReactions,
  PermissionFlagsBits.UseExternalEmojis,
  PermissionFlagsBits.UseApplicationCommands,
  PermissionFlagsBits.CreatePublicThreads,
  PermissionFlagsBits.SendMessagesInThreads,
  PermissionFlagsBits.CreateInstantInvite,
  PermissionFlagsBits.ChangeNickname,
  PermissionFlagsBits.Connect,
  PermissionFlagsBits.Speak,
);

/** The bot's permissions in the channel (`app_permissions`): a member's plus managing events. */
export const DEFAULT_APP_PERMISSIONS = bits(
  BigInt(DEFAULT_MEMBER_PERMISSIONS),
  PermissionFlagsBits.ManageMessages,
  PermissionFlagsBits.CreateEvents,
  PermissionFlagsBits.ManageEvents,
);

/** A user as tests describe one; the rest of Discord's user object is filled in. */
export interface FakeUserInput {
  id: string;
  username: string;
  global_name?: string | null;
  bot?: boolean;
}

/** Discord's full user object (the fields `GET /users/{id}` returns). */
export function apiUser(user: FakeUserInput): APIUser & { primary_guild: null; collectibles: null; avatar_decoration_data: null } {
  return {
    id: user.id,
    username: user.username,
    global_name: user.global_name ?? null,
    avatar: null,
    discriminator: user.bot ? '0000' : '0',
    public_flags: 0 as UserFlags,
    flags: 0 as UserFlags,
    ...(user.bot ? { bot: true } : {}),
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
  };
}

/** A guild member object around `user` (as in `GET /guilds/{id}/members/{id}`). */
export function apiMember(user: FakeUserInput, joinedAt = '2024-01-15T09:00:00.000000+00:00') {
  return {
    user: apiUser(user),
    roles: [] as string[],
    nick: null,
    avatar: null,
    banner: null,
    premium_since: null,
    joined_at: joinedAt,
    pending: false,
    deaf: false,
    mute: false,
    flags: 0,
    communication_disabled_until: null,
  };
}

/** Where an interaction happens and who triggers it; shared by all builders. */
export interface InteractionContextInput {
  /** Interaction id; fresh snowflake by default. */
  id?: string;
  /** Omit (or null) for a DM with the bot: then `user` replaces `member`, `context` is BOT_DM. */
  guildId?: string | null;
  channelId: string;
  user: FakeUserInput;
  /** The member's computed permissions in the channel, as a decimal string. */
  memberPermissions?: string;
  /** Role ids of the member. */
  roles?: string[];
  /** The bot's permissions in the channel (`app_permissions`). */
  appPermissions?: string;
  /** The user's client locale; `en-US` by default. */
  locale?: `${Locale}`;
  /** The guild's preferred locale; `en-US` by default. */
  guildLocale?: `${Locale}`;
}

/** Fields every interaction carries, in guild or DM flavour. */
function interactionBase(applicationId: string, ctx: InteractionContextInput) {
  const id = ctx.id ?? snowflake();
  const locale = ctx.locale ?? 'en-US';
  const permissions = ctx.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
  const common = {
    id,
    application_id: applicationId,
    token: interactionToken(),
    version: 1 as const,
    channel_id: ctx.channelId,
    app_permissions: ctx.appPermissions ?? DEFAULT_APP_PERMISSIONS,
    locale: locale as Locale,
    entitlements: [],
    attachment_size_limit: 10 * 1024 * 1024,
  };
  if (ctx.guildId) {
    const guildLocale = (ctx.guildLocale ?? 'en-US') as Locale;
    return {
      ...common,
      guild_id: ctx.guildId,
      guild: { id: ctx.guildId, locale: guildLocale, features: [] },
      guild_locale: guildLocale,
      channel: {
        id: ctx.channelId,
        type: ChannelType.GuildText as const,
        guild_id: ctx.guildId,
        name: 'general',
        topic: null,
        nsfw: false,
        position: 0,
        parent_id: null,
        rate_limit_per_user: 0,
        last_message_id: null,
        flags: 0,
        permissions,
      },
      member: { ...apiMember(ctx.user), roles: ctx.roles ?? [], permissions },
      authorizing_integration_owners: { '0': ctx.guildId },
      context: InteractionContextType.Guild,
    };
  }
  return {
    ...common,
    channel: {
      id: ctx.channelId,
      type: ChannelType.DM as const,
      last_message_id: null,
      flags: 0,
      recipients: [apiUser(ctx.user)],
    },
    user: apiUser(ctx.user),
    // A guild-installed app used in the DM with its bot user: the guild-install key maps to "0".
    authorizing_integration_owners: { '0': '0' },
    context: InteractionContextType.BotDM,
  };
}

/** One option of a slash command invocation. `value` for USER/MENTIONABLE may be the user itself. */
export interface SlashOptionInput {
  name: string;
  type: ApplicationCommandOptionType;
  value?: string | number | boolean | FakeUserInput;
  /** For raw nesting; usually use `subcommandGroup`/`subcommand` on the command instead. */
  options?: SlashOptionInput[];
  /** Autocomplete only: the option the user is typing in. */
  focused?: boolean;
}

/** Input of {@link slashCommandPayload}. */
export interface SlashCommandInput extends InteractionContextInput {
  /** Command name, e.g. `neuvo`. */
  name: string;
  /** Registered command id; a fresh snowflake if the command was never registered with the fake. */
  commandId?: string;
  /** Set for guild-scoped commands, as Discord does in `data.guild_id`. */
  commandGuildId?: string;
  subcommandGroup?: string;
  subcommand?: string;
  options?: SlashOptionInput[];
}

/** Looks a user up by id (the fake's registry); used to resolve USER options given only an id. */
export type UserLookup = (id: string) => FakeUserInput | undefined;

/**
 * A CHAT_INPUT APPLICATION_COMMAND interaction. Subcommand groups and subcommands nest as Discord
 * sends them (type 2 group → type 1 subcommand → options); USER, CHANNEL, ROLE and MENTIONABLE
 * options get their objects in `data.resolved` — discord.js reads `getUser()` from there only.
 */
export function slashCommandPayload(applicationId: string, input: SlashCommandInput, lookup: UserLookup = () => undefined): APIChatInputApplicationCommandInteraction {
  const base = interactionBase(applicationId, input);
  const resolved: Required<Pick<APIInteractionDataResolved, 'users' | 'members' | 'channels' | 'roles'>> = {
    users: {},
    members: {},
    channels: {},
    roles: {},
  };
  // Resolved channels carry the invoking member's permissions in them.
  const permissions = input.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS;
  const toOption = (option: SlashOptionInput): APIApplicationCommandInteractionDataOption => {
    if (option.type === ApplicationCommandOptionType.Subcommand || option.type === ApplicationCommandOptionType.SubcommandGroup) {
      return { name: option.name, type: option.type, options: (option.options ?? []).map(toOption) } as APIApplicationCommandInteractionDataOption;
    }
    let value = option.value;
    if (option.type === ApplicationCommandOptionType.User || option.type === ApplicationCommandOptionType.Mentionable) {
      const user = typeof value === 'object' ? value : lookup(String(value)) ?? { id: String(value), username: `user${String(value)}` };
      value = user.id;
      resolved.users[user.id] = apiUser(user);
      if (input.guildId) {
        const { user: _omitUser, ...member } = apiMember(user);
        // The target is an ordinary member; `permissions` are theirs in the channel.
        resolved.members[user.id] = { ...member, permissions: DEFAULT_MEMBER_PERMISSIONS };
      }
    } else if (option.type === ApplicationCommandOptionType.Channel) {
      const id = String(value);
      resolved.channels[id] = { id, name: `channel-${id}`, type: ChannelType.GuildText, permissions };
    } else if (option.type === ApplicationCommandOptionType.Role) {
      const id = String(value);
      resolved.roles[id] = {
        id, name: `role-${id}`, color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
        hoist: false, icon: null, unicode_emoji: null, position: 1, permissions: '0', managed: false, mentionable: false, flags: 0 as RoleFlags,
      };
    }
    return { name: option.name, type: option.type, value, ...(option.focused ? { focused: true } : {}) } as APIApplicationCommandInteractionDataOption;
  };
  let options = (input.options ?? []).map(toOption);
  if (input.subcommand) {
    options = [{ type: ApplicationCommandOptionType.Subcommand, name: input.subcommand, options } as APIApplicationCommandInteractionDataOption];
  }
  if (input.subcommandGroup) {
    if (!input.subcommand) throw new Error('slashCommand: a subcommandGroup needs a subcommand');
    options = [{ type: ApplicationCommandOptionType.SubcommandGroup, name: input.subcommandGroup, options } as APIApplicationCommandInteractionDataOption];
  }
  const nonEmpty = Object.fromEntries(Object.entries(resolved).filter(([, v]) => Object.keys(v).length > 0));
  return {
    ...base,
    type: InteractionType.ApplicationCommand,
    data: {
      id: input.commandId ?? snowflake(),
      name: input.name,
      type: ApplicationCommandType.ChatInput,
      ...(options.length > 0 ? { options } : {}),
      ...(Object.keys(nonEmpty).length > 0 ? { resolved: nonEmpty } : {}),
      ...(input.commandGuildId ? { guild_id: input.commandGuildId } : {}),
    },
  } as APIChatInputApplicationCommandInteraction;
}

/** Fields a test may give for a message; the rest of Discord's message object is filled in. */
export type MessageInput = Partial<APIMessage> & Record<string, unknown>;

/** The identity of the bot, used as author of its messages. */
export interface BotIdentity {
  applicationId: string;
  user: FakeUserInput;
}

/** A complete message object as Discord returns it (response shape: component ids, embed types). */
export function messageObject(bot: BotIdentity, input: MessageInput & { channel_id: string }): Record<string, unknown> {
  return {
    type: 0,
    content: '',
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    flags: 0,
    components: [],
    id: snowflake(),
    author: apiUser({ ...bot.user, bot: true }),
    pinned: false,
    mention_everyone: false,
    tts: false,
    ...input,
    ...(input.embeds ? { embeds: responseEmbeds(input.embeds) } : {}),
    ...(input.components ? { components: responseComponents(input.components) } : {}),
  };
}

/** Embeds as Discord echoes them: every embed gets `type: "rich"`, fields get `inline`. */
export function responseEmbeds(embeds: unknown): unknown[] {
  if (!Array.isArray(embeds)) return [];
  return embeds.map((embed: Record<string, unknown>) => ({
    type: 'rich',
    ...embed,
    ...(Array.isArray(embed.fields) ? { fields: embed.fields.map((f: Record<string, unknown>) => ({ inline: false, ...f })) } : {}),
  }));
}

/**
 * Components as Discord echoes them: each gets a numeric `id` (depth-first, from 1) unless the bot
 * chose one, and selects get their default `min_values`/`max_values`.
 */
export function responseComponents(components: unknown): unknown[] {
  if (!Array.isArray(components)) return [];
  let next = 1;
  const used = new Set<number>();
  const collect = (c: unknown): void => {
    if (typeof c !== 'object' || c === null) return;
    const o = c as Record<string, unknown>;
    if (typeof o.id === 'number') used.add(o.id);
    for (const child of Array.isArray(o.components) ? o.components : []) collect(child);
    collect(o.accessory);
    collect(o.component);
  };
  components.forEach(collect);
  const nextId = (): number => {
    while (used.has(next)) next++;
    used.add(next);
    return next;
  };
  const visit = (c: unknown): unknown => {
    if (typeof c !== 'object' || c === null) return c;
    const o = { ...(c as Record<string, unknown>) };
    if (typeof o.id !== 'number') o.id = nextId();
    if ([3, 5, 6, 7, 8].includes(o.type as number)) {
      o.min_values ??= 1;
      o.max_values ??= 1;
    }
    if (o.type === 17) {
      o.accent_color ??= null;
      o.spoiler ??= false;
    }
    if (o.type === 14) {
      o.spacing ??= 1;
      o.divider ??= true;
    }
    if (Array.isArray(o.components)) o.components = o.components.map(visit);
    if (o.accessory) o.accessory = visit(o.accessory);
    if (o.component) o.component = visit(o.component);
    return o;
  };
  return components.map(visit);
}

/** Finds a component with `custom_id` anywhere in a message's component tree. */
export function findComponent(components: unknown, customId: string): Record<string, unknown> | undefined {
  if (!Array.isArray(components)) return undefined;
  for (const c of components as Record<string, unknown>[]) {
    if (c?.custom_id === customId) return c;
    const inner = findComponent(c?.components, customId) ?? findComponent(c?.accessory ? [c.accessory] : [], customId);
    if (inner) return inner;
  }
  return undefined;
}

/** Input of {@link buttonClickPayload}. */
export interface ButtonClickInput extends InteractionContextInput {
  customId: string;
  /** The message the button is on (a full message object, as the fake returned it). */
  message: Record<string, unknown>;
}

/** Input of {@link selectMenuPayload}. */
export interface SelectMenuInput extends InteractionContextInput {
  customId: string;
  values: string[];
  message: Record<string, unknown>;
  /** 3 string select (default), 5 user, 6 role, 7 mentionable, 8 channel. */
  componentType?: ComponentType.StringSelect | ComponentType.UserSelect | ComponentType.RoleSelect | ComponentType.MentionableSelect | ComponentType.ChannelSelect;
}

function componentData(input: { customId: string; message: Record<string, unknown> }, componentType: number) {
  const found = findComponent(input.message.components, input.customId);
  if (!found) {
    throw new Error(`no component with custom_id "${input.customId}" on message ${String(input.message.id)}; Discord only sends clicks on components that exist`);
  }
  if (found.type !== componentType) {
    throw new Error(`component "${input.customId}" has type ${String(found.type)}, not ${componentType}`);
  }
  return { custom_id: input.customId, component_type: componentType, ...(typeof found.id === 'number' ? { id: found.id } : {}) };
}

/** A MESSAGE_COMPONENT interaction for a button (shape of `..._message_component_button.json`). */
export function buttonClickPayload(applicationId: string, input: ButtonClickInput): APIMessageComponentButtonInteraction {
  return {
    ...interactionBase(applicationId, input),
    type: InteractionType.MessageComponent,
    message: input.message as unknown as APIMessage,
    data: componentData(input, ComponentType.Button),
  } as APIMessageComponentButtonInteraction;
}

/** A MESSAGE_COMPONENT interaction for a select menu (shape of `..._string_select.json`). */
export function selectMenuPayload(applicationId: string, input: SelectMenuInput): APIMessageComponentSelectMenuInteraction {
  const componentType = input.componentType ?? ComponentType.StringSelect;
  return {
    ...interactionBase(applicationId, input),
    type: InteractionType.MessageComponent,
    message: input.message as unknown as APIMessage,
    data: { ...componentData(input, componentType), values: input.values },
  } as APIMessageComponentSelectMenuInteraction;
}

/** Input of {@link modalSubmitPayload}. */
export interface ModalSubmitInput extends InteractionContextInput {
  customId: string;
  /** Submitted components exactly as Discord sends them (action rows or Label components). */
  components?: APIModalSubmissionComponent[];
  /**
   * Shortcut: text input values by custom_id, sent as Label (type 18) components wrapping text
   * inputs (type 4), the current modal layout.
   */
  fields?: Record<string, string>;
  /** Set when the modal was opened from a component on this message. */
  message?: Record<string, unknown>;
}

/** A MODAL_SUBMIT interaction (shape of `discord_interaction_modal_submit.json`). */
export function modalSubmitPayload(applicationId: string, input: ModalSubmitInput): APIModalSubmitInteraction {
  let id = 1;
  const fromFields = Object.entries(input.fields ?? {}).map(([customId, value]) => ({
    type: ComponentType.Label,
    id: id++,
    component: { type: ComponentType.TextInput, id: id++, custom_id: customId, value },
  }));
  return {
    ...interactionBase(applicationId, input),
    type: InteractionType.ModalSubmit,
    ...(input.message ? { message: input.message as unknown as APIMessage } : {}),
    data: { custom_id: input.customId, components: [...(input.components ?? []), ...fromFields] },
  } as APIModalSubmitInteraction;
}

/** A guild as tests describe one: its id, name and text channels. */
export interface FakeGuildInput {
  id: string;
  name?: string;
  /** Ids of its text channels. */
  channels: readonly string[];
  /** The guild's preferred locale; `en-US` by default. */
  locale?: `${Locale}`;
}

/**
 * The GUILD_CREATE Discord sends when the bot joins a guild (or one becomes available again): the
 * guild with its @everyone role, its text channels and the bot's own member. Typed as
 * discord-api-types' dispatch data, since the OpenAPI spec does not cover the gateway.
 */
export function guildCreatePayload(guild: FakeGuildInput, bot: FakeUserInput, joinedAt = new Date().toISOString()): GatewayGuildCreateDispatchData {
  const locale = (guild.locale ?? 'en-US') as Locale;
  return {
    id: guild.id,
    name: guild.name ?? `guild-${guild.id}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: snowflake(),
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 1 as GuildVerificationLevel,
    default_message_notifications: 1 as GuildDefaultMessageNotifications,
    explicit_content_filter: 2 as GuildExplicitContentFilter,
    roles: [
      // @everyone has the guild's id.
      { id: guild.id, name: '@everyone', color: 0, colors: { primary_color: 0, secondary_color: null, tertiary_color: null }, hoist: false, icon: null, unicode_emoji: null, position: 0, permissions: DEFAULT_MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 as RoleFlags },
    ],
    emojis: [],
    features: [],
    mfa_level: 0 as GuildMFALevel,
    application_id: null,
    system_channel_id: guild.channels[0] ?? null,
    system_channel_flags: 0 as GuildSystemChannelFlags,
    rules_channel_id: null,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0 as GuildPremiumTier,
    premium_subscription_count: 0,
    preferred_locale: locale,
    public_updates_channel_id: null,
    nsfw_level: 0 as GuildNSFWLevel,
    stickers: [],
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
    max_members: 25_000_000,
    max_video_channel_users: 25,
    joined_at: joinedAt,
    // Discord sends it as false: discord.js reads it to mark a guild back from an outage available.
    unavailable: false,
    large: false,
    member_count: 2,
    voice_states: [],
    members: [{ ...apiMember(bot, joinedAt), roles: [] }],
    channels: guild.channels.map((id, position) => ({
      id,
      type: ChannelType.GuildText as const,
      name: `channel-${id}`,
      position,
      permission_overwrites: [],
      parent_id: null,
      topic: null,
      nsfw: false,
      rate_limit_per_user: 0,
      last_message_id: null,
      flags: 0 as ChannelFlags,
    })),
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** The GUILD_DELETE of a guild the bot was removed from, or (`outage`) one that became unavailable. */
export function guildDeletePayload(guildId: string, outage: boolean): GatewayGuildDeleteDispatchData {
  // Discord leaves `unavailable` out when the bot was removed; only an outage sets it.
  return outage ? { id: guildId, unavailable: true } : { id: guildId };
}
