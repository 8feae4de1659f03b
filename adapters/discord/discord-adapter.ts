/**
 * The Discord adapter: a discord.js gateway client that registers `/neuvo`, runs its subcommands and
 * Neuvo's buttons through the core, answers within Discord's 3 seconds, and the messenger jobs post
 * through.
 */
import type { NeuvoMetrics } from '../metrics.js';
import { Client, Events, GatewayIntentBits, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { RoutingPersonNames } from '../routing-person-names.js';
import { displayNames } from './form-names.js';
import type { RoutingEventMirror } from '../routing-event-mirror.js';
import type { RoutingMessenger } from '../routing-messenger.js';
import type { Runtime } from '../runtime.js';
import type { Neuvo } from '../../src/app/neuvo.js';
import type { ScheduledJobRepository } from '../../src/app/ports.js';
import type { Config } from '../../src/config.js';
import { neuvoCommand } from './command-definitions.js';
import { DiscordEventMirror } from './discord-event-mirror.js';
import { DiscordMessenger, REMOVED_FROM_SERVER } from './discord-messenger.js';
import { interactionHandler } from './interactions.js';

/** How the adapter connects; {@link discordOptions} reads it from the configuration. */
export interface DiscordOptions {
  readonly token: string;
  readonly applicationId: string;
  /** REST base URL (`…/api`), for a local fake of Discord in tests. */
  readonly apiUrl?: string;
  /** Register `/neuvo` in this guild only (instant; for development) instead of globally. */
  readonly guildId?: string;
  /** How long the core may take before an interaction is deferred. */
  readonly replyWithinMs?: number;
  /** How long to wait for the gateway's READY after login. */
  readonly readyTimeoutMs?: number;
}

/** What the adapter needs of the runtime. */
export interface DiscordRuntime {
  /** `form` shows the forms of form buttons; without it they answer that they have none. */
  readonly neuvo: Pick<Neuvo, 'handle'> & Partial<Pick<Neuvo, 'form'>>;
  readonly messenger: Pick<RoutingMessenger, 'register'>;
  /** Where negotiations' scheduled events are routed; without it none are created. */
  readonly events?: Pick<RoutingEventMirror, 'register'>;
  /** Fails a server's pending jobs when the bot is removed from it; without it they fail at delivery. */
  readonly deps?: { readonly jobs: Pick<ScheduledJobRepository, 'failPendingFor'> };
  /** Counts 429 answers for `/metrics`. */
  readonly metrics?: Pick<NeuvoMetrics, 'rateLimited'>;
  /** Where documents ask for people's names; without it they show ids. */
  readonly names?: Pick<RoutingPersonNames, 'register'>;
}

/** A running adapter. */
export interface RunningDiscord {
  readonly client: Client<true>;
  readonly messenger: DiscordMessenger;
  stop(): Promise<void>;
}

/** The adapter's options from Neuvo's configuration. */
export function discordOptions(config: Config): DiscordOptions {
  if (!config.DISCORD_TOKEN || !config.DISCORD_APPLICATION_ID) throw new Error('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set');
  return {
    token: config.DISCORD_TOKEN,
    applicationId: config.DISCORD_APPLICATION_ID,
    ...(config.DISCORD_API_URL ? { apiUrl: config.DISCORD_API_URL } : {}),
    ...(config.DISCORD_GUILD_ID ? { guildId: config.DISCORD_GUILD_ID } : {}),
  };
}

/**
 * Replaces the application's commands with `/neuvo` by bulk overwrite: in one guild when `guildId` is
 * set (instant), else globally (Discord propagates global commands to every guild). A failure is
 * logged, not thrown: the commands registered by the last start keep working.
 */
export async function registerCommands(rest: REST, applicationId: string, guildId: string | undefined, log: Logger): Promise<boolean> {
  const route = guildId ? Routes.applicationGuildCommands(applicationId, guildId) : Routes.applicationCommands(applicationId);
  try {
    await rest.put(route, { body: [neuvoCommand()] });
    log.info({ scope: guildId ? `guild ${guildId}` : 'global' }, 'discord: /neuvo registered');
    return true;
  } catch (err) {
    log.error({ err, guildId }, 'discord: registering /neuvo failed; the previous registration stays');
    return false;
  }
}

/** Resolves on the client's READY; rejects after `ms`. `cancel()` stops the timer. */
function readiness(client: Client, ms: number): { ready: Promise<void>; cancel(): void } {
  let timer: NodeJS.Timeout | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    client.once(Events.ClientReady, () => resolve());
    timer = setTimeout(() => reject(new Error(`discord: no READY from the gateway within ${ms} ms`)), ms);
  });
  ready.catch(() => {}); // awaited below, or abandoned when login fails
  return { ready: ready.finally(() => clearTimeout(timer)), cancel: () => clearTimeout(timer) };
}

/**
 * Starts the adapter: logs in on the gateway, waits for READY, registers `/neuvo`, and registers its
 * messenger with the runtime so jobs can post to Discord.
 */
/** How long a document waits for people's names from Discord. */
const NAMES_WITHIN_MS = 5_000;

export async function launchDiscord(runtime: DiscordRuntime, opts: DiscordOptions, log: Logger): Promise<RunningDiscord> {
  const client = new Client({
    // Interactions arrive without privileged intents; Guilds keeps the guild cache discord.js expects.
    intents: [GatewayIntentBits.Guilds],
    // A safety net under the renderer's own allowed_mentions: nothing pings unless a message says so.
    allowedMentions: { parse: [] },
    ...(opts.apiUrl ? { rest: { api: opts.apiUrl } } : {}),
  });
  const handle = interactionHandler({ neuvo: runtime.neuvo, log, ...(opts.replyWithinMs !== undefined ? { replyWithinMs: opts.replyWithinMs } : {}) });
  client.on(Events.InteractionCreate, (interaction) => void handle(interaction));
  const messenger = new DiscordMessenger(client.rest, log);
  // Actual 429 answers (the REST client's own `rateLimited` also fires when it merely waits on a bucket).
  if (runtime.metrics) client.rest.on('response', (_req, res) => res.status === 429 && runtime.metrics?.rateLimited('discord'));
  // Listening before login, so a server joined or left right after READY is not missed.
  client.on(Events.GuildDelete, (guild) => void serverRemoved(guild.id, messenger, runtime, log));
  client.on(Events.GuildCreate, (guild) => messenger.guildJoined(guild.id));
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  client.on(Events.Warn, (message) => log.warn({ message }, 'discord client warning'));

  const { ready, cancel } = readiness(client, opts.readyTimeoutMs ?? 30_000);
  try {
    await client.login(opts.token);
    await ready;
  } catch (err) {
    cancel();
    await client.destroy();
    throw err;
  }
  const app = client.application?.id;
  if (app && app !== opts.applicationId) log.warn({ token: app, configured: opts.applicationId }, 'discord: DISCORD_APPLICATION_ID is not the application of the token');
  await registerCommands(client.rest, opts.applicationId, opts.guildId, log);

  runtime.messenger.register('discord', messenger);
  runtime.events?.register('discord', new DiscordEventMirror(client.rest, log));
  // Names for documents (the proposal PDF), as Discord shows them.
  runtime.names?.register('discord', { names: (_workspace, ids) => displayNames(client.users, ids, NAMES_WITHIN_MS) });
  log.info({ bot: client.user?.id, guild: opts.guildId ?? null }, 'discord adapter ready');
  return {
    client: client as Client<true>,
    messenger,
    stop: () => client.destroy(),
  };
}

/**
 * The bot was removed from a server (discord.js emits `guildDelete` only then; an outage's
 * `unavailable: true` is `guildUnavailable`): nothing is sent there from now on, and the pending jobs
 * of its networks fail for good. Their data stays. Never rejects.
 */
async function serverRemoved(guildId: string, messenger: DiscordMessenger, runtime: DiscordRuntime, log: Logger): Promise<void> {
  // First, and at once: a job running right now fails at delivery instead of posting.
  messenger.guildLeft(guildId);
  try {
    const failed = (await runtime.deps?.jobs.failPendingFor({ platform: 'discord', workspaceId: guildId }, REMOVED_FROM_SERVER)) ?? 0;
    log.info({ guildId, failed }, 'discord: removed from a server; its pending jobs failed');
  } catch (err) {
    // They stay pending, and fail when they run: the messenger refuses the server.
    log.error({ err, guildId }, 'discord: failing the jobs of a server the bot was removed from failed');
  }
}

/** Starts Discord for Neuvo's composition root; resolves with the function that stops it. */
export async function startDiscord(config: Config, runtime: Runtime, log: Logger): Promise<() => Promise<void>> {
  const running = await launchDiscord(runtime, discordOptions(config), log);
  return running.stop;
}
