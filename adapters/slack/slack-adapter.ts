/**
 * The Slack adapter: Bolt in HTTP mode (or Socket Mode), `/neuvo` and its buttons dispatched to the
 * core, answers rendered as Block Kit, and the messenger that jobs post through.
 */
import type { AddressInfo } from 'node:net';
import {
  App,
  type BlockAction,
  type ButtonAction,
  type CustomRoute,
  type Logger as BoltLogger,
  HTTPModuleFunctions,
  HTTPReceiver,
  type Receiver,
  SocketModeReceiver,
  webApi,
} from '@slack/bolt';
import type { Logger } from 'pino';
import type { Runtime } from '../runtime.js';
import { isNoInstallation } from '../../db/repositories/drizzle-installation-store.js';
import type { Actor, CommandContext } from '../../src/app/ports.js';
import { errorView, type Neuvo } from '../../src/app/neuvo.js';
import type { Config } from '../../src/config.js';
import { type Lang, translator } from '../../src/i18n/translator.js';
import type { View } from '../../src/views/view.js';
import { boltLogger } from './bolt-logger.js';
import { commandText } from './command-text.js';
import { registerForms, type SlackWho } from './form-listeners.js';
import { installedByAuthorization, installedByToken, installedOnly, type IsInstalled } from './installation.js';
import { oauthReceiverOptions, type SlackOAuth } from './oauth.js';
import { orgTeamsSeen, uninstalls } from './uninstall.js';
import { ACTION_PREFIX } from './render.js';
import { futureGuard, RefusedRequestError, RedisSeenStore, replayGuard, type SeenStore, signedRequestOf } from './replay-guard.js';
import { ackBody, reply, type ReplyTarget } from './reply.js';
import { slackRoutes } from './routes.js';
import { SlackMessenger } from './slack-messenger.js';
import { SlackUserDirectory } from './user-directory.js';
import { type ClientFor, type SlackInstallations, WorkspaceClients } from './workspace-clients.js';

/**
 * How long after its arrival a slash command may run before it is acknowledged without its answer.
 * Slack waits 3 seconds for the HTTP answer (and Bolt answers 404 itself after 3 s without an ack);
 * the rest is margin for the network. Counted from arrival, since the replay guard and a busy event
 * loop take their share before the listener starts.
 */
const ACK_BUDGET_MS = 2_000;
/** The context property holding when the request arrived (ms since the epoch), set by the receiver. */
const RECEIVED_AT = 'neuvoReceivedAt';

/** The slash command Neuvo answers (see manifest.json). */
export const SLASH_COMMAND = '/neuvo';
/** Where Slack sends slash commands and interactions in HTTP mode. */
export const EVENTS_PATH = '/slack/events';

/** How the adapter connects; {@link slackOptions} reads it from the configuration. */
export interface SlackOptions {
  /** Self-hosting: the one workspace's bot token. */
  readonly token?: string;
  /** A distributed app instead (no `token`): OAuth installs, a token per workspace. HTTP mode only. */
  readonly oauth?: SlackOAuth;
  /** HTTP mode: requests are verified with it. */
  readonly signingSecret?: string;
  /** Socket Mode when set (an app-level `xapp-…` token); no public URL needed. */
  readonly appToken?: string;
  /** Web API base URL, for a local fake of Slack in tests. */
  readonly apiUrl?: string;
  /** HTTP port: Slack's endpoint and /healthz (in Socket Mode only /healthz). */
  readonly port: number;
  /** Interface to listen on in HTTP mode (all when unset). */
  readonly host?: string;
  /** More HTTP routes beside /healthz. */
  readonly routes?: readonly CustomRoute[];
  /** How long users.info answers are trusted. */
  readonly userCacheMs?: number;
  /**
   * HTTP mode: where signed requests already seen are remembered, so a replayed one gets 401. By
   * default Redis under the runtime's queue prefix, when the runtime names its Redis.
   */
  readonly seen?: SeenStore;
  /** Where Neuvo is installed; by default the installations (distributed), else the workspace of `token` (auth.test). */
  readonly isInstalled?: IsInstalled;
  /**
   * The language of answers given before anyone can be looked up (a request from a workspace Neuvo
   * is not installed in); NEUVO_LANG.
   */
  readonly lang?: Lang;
}

/** A running adapter. */
export interface RunningSlack {
  readonly app: App;
  readonly messenger: SlackMessenger;
  /** Distributed mode: each workspace's client (see workspace-clients.ts). */
  readonly clients?: WorkspaceClients;
  /** The HTTP server's address in HTTP mode (with port 0, the port it was given). */
  readonly address: AddressInfo | undefined;
  stop(): Promise<void>;
}

/** What a distributed app needs beside its configuration (see `slackTenancy`): installations, failing jobs, the pages after an install. */
export type SlackTenancy = Pick<SlackOAuth, 'installations' | 'failJobs' | 'callbackOptions'>;

/**
 * The adapter's options from Neuvo's configuration; a distributed app (SLACK_CLIENT_ID …) keeps its
 * installations in `tenancy` (see `slackTenancy`).
 */
export function slackOptions(config: Config, tenancy?: SlackTenancy): SlackOptions {
  let auth: Pick<SlackOptions, 'token' | 'oauth'>;
  if (config.slackDistributed) {
    if (!tenancy) throw new Error('a distributed Slack app needs its installation store');
    auth = { oauth: { clientId: config.SLACK_CLIENT_ID!, clientSecret: config.SLACK_CLIENT_SECRET!, stateSecret: config.SLACK_STATE_SECRET!, ...tenancy } };
  } else if (config.SLACK_BOT_TOKEN) {
    auth = { token: config.SLACK_BOT_TOKEN };
  } else {
    throw new Error('neither SLACK_BOT_TOKEN nor SLACK_CLIENT_ID is set');
  }
  return {
    ...auth,
    port: config.PORT,
    lang: config.NEUVO_LANG,
    ...(config.SLACK_SIGNING_SECRET ? { signingSecret: config.SLACK_SIGNING_SECRET } : {}),
    ...(config.SLACK_APP_TOKEN ? { appToken: config.SLACK_APP_TOKEN } : {}),
    ...(config.SLACK_API_URL ? { apiUrl: config.SLACK_API_URL } : {}),
  };
}

// Slack answers 5xx rarely and briefly: a few quick retries, then the error surfaces (jobs retry on
// their own schedule). 429s are waited out by the client using Retry-After.
const CLIENT_OPTIONS: webApi.WebClientOptions = {
  retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 4_000, randomize: true },
  timeout: 15_000,
};

function receiverFor(opts: SlackOptions, log: BoltLogger, clientOptions: webApi.WebClientOptions): Receiver {
  const customRoutes = slackRoutes(opts.routes);
  if (opts.appToken) {
    if (opts.oauth) throw new Error('a distributed Slack app takes requests over HTTP, not Socket Mode');
    // The app-level client (apps.connections.open) goes to the same API as the bot's (GovSlack, a fake).
    const clientOptions = opts.apiUrl ? { slackApiUrl: opts.apiUrl } : undefined;
    return new SocketModeReceiver({ appToken: opts.appToken, logger: log, customRoutes, installerOptions: { port: opts.port, ...(clientOptions ? { clientOptions } : {}) } });
  }
  if (!opts.signingSecret) throw new Error('SLACK_SIGNING_SECRET is required in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)');
  // Bolt verifies each request's signature and timestamp and answers 401 itself when they are wrong.
  // The signature headers go into the context for the guards, which refuse a timestamp too far ahead
  // or a second delivery by throwing; that error is answered here, with 401 like Bolt's own refusals.
  return new HTTPReceiver({
    ...(opts.oauth ? oauthReceiverOptions(opts.oauth, clientOptions) : {}),
    signingSecret: opts.signingSecret,
    endpoints: EVENTS_PATH,
    customRoutes,
    logger: log,
    processBeforeResponse: false,
    // Called as the request's ack timer starts, so the budget is measured from where Bolt measures it.
    customPropertiesExtractor: (req) => ({ ...signedRequestOf(req), [RECEIVED_AT]: Date.now() }),
    // Bolt answers 404 itself to a request not acknowledged within 3 s. On a busy machine that is a slash
    // command still running, whose answer follows by the response_url: worth a warning, not an error.
    unhandledRequestHandler: ({ response }) => {
      log.warn('A Slack request was not acknowledged within 3 seconds: answered 404 (Slack may retry it)');
      if (!response.headersSent) {
        response.writeHead(404);
        response.end();
      }
    },
    processEventErrorHandler: async (args) => {
      if (args.error instanceof RefusedRequestError && !args.response.headersSent) {
        log.warn(`Refused a Slack request: ${args.error.message}`);
        args.response.writeHead(401);
        args.response.end();
        return true;
      }
      return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    },
  });
}

/**
 * Starts the adapter: Bolt connected to Slack (Web API checked with auth.test, which also says where
 * Neuvo is installed), listening, and its messenger registered with the runtime so jobs can post to Slack.
 */
/** How long a document waits for people's names from users.info. */
const NAMES_WITHIN_MS = 5_000;

export async function launchSlack(
  runtime: Pick<Runtime, 'neuvo' | 'messenger'> & Partial<Pick<Runtime, 'redis' | 'metrics' | 'names'>>,
  opts: SlackOptions,
  log: Logger,
): Promise<RunningSlack> {
  const logger = boltLogger(log);
  if (!opts.token === !opts.oauth) throw new Error('the Slack adapter takes a bot token or OAuth installs, one of the two');
  // The installer's client (oauth.v2.access, token refresh) goes to the same API as every other call.
  const clientOptions = { ...CLIENT_OPTIONS, logger, ...(opts.apiUrl ? { slackApiUrl: opts.apiUrl } : {}) };
  const receiver = receiverFor(opts, logger, clientOptions);
  const installations = opts.oauth?.installations;
  const installer = (receiver as HTTPReceiver).installer;
  if (installations && installer) tellNotInstalledApart(installer);
  const app = new App({
    ...(opts.token ? { token: opts.token } : {}),
    receiver,
    logger,
    // Bolt's conversation store keeps state per conversation for apps that ask for it; Neuvo keeps its state in Postgres.
    convoStore: false,
    clientOptions,
  });
  // No process-wide client in distributed mode: each workspace's from its installation.
  const clients = installations && installer ? new WorkspaceClients((q) => installer.authorize(q), clientOptions) : undefined;
  // The clients that deliver jobs count their 429s (each waits Retry-After and retries by itself).
  const counted = new WeakSet<webApi.WebClient>();
  const countRateLimits = (client: webApi.WebClient) => {
    if (runtime.metrics && !counted.has(client)) {
      counted.add(client);
      client.on(webApi.WebClientEvent.RATE_LIMITED, () => runtime.metrics?.rateLimited('slack'));
    }
    return client;
  };
  const clientFor: ClientFor = async (team) => countRateLimits(clients ? await clients.clientFor(team) : app.client);
  const users = new SlackUserDirectory(clientFor, log, opts.userCacheMs);
  const contextOf = contextBuilder(users);
  const answerOf = answerer(runtime.neuvo, contextOf, log);
  const dispatch = async (who: SlackWho, text: string, to: ReplyTarget) => {
    const view = await answerOf(who, text);
    if (view) await reply(view, to, log);
  };

  // Before every listener: a signed request stamped too far ahead or replayed is refused, a Slack retry
  // of a delivery already handled is acknowledged and dropped (see replay-guard.ts). Socket Mode has no
  // signatures to replay.
  if (!opts.appToken) app.use(futureGuard());
  const seen = opts.appToken ? undefined : (opts.seen ?? (runtime.redis ? new RedisSeenStore(runtime.redis.url, runtime.redis.prefix) : undefined));
  if (seen) app.use(replayGuard(seen, (err) => log.warn({ err }, 'slack replay guard: Redis does not answer; requests are let through until it does')));

  // Self-hosted: fails fast on a wrong token or API URL, and names the workspace the token acts in.
  const auth = opts.token ? await app.client.auth.test() : undefined;
  // A signed request from another workspace is refused before any listener sees it.
  // Removals are handled before that refusal: the second of the two events comes once the first deleted the installation.
  if (opts.oauth && clients) {
    app.use(uninstalls(opts.oauth.installations, opts.oauth.failJobs, (team) => clients.forget(team), log));
    app.use(orgTeamsSeen(opts.oauth.installations, log));
  }
  const isInstalled = opts.isInstalled ?? (installations ? installedByAuthorization : installedByToken(auth!));
  app.use(installedOnly(isInstalled, errorView(translator(opts.lang ?? 'en'), 'slack.not-installed'), log));

  // `/neuvo` is answered by the last global middleware rather than an `app.command` listener: Bolt runs
  // every listener's own middleware chain for every request (the buttons' and forms' too), which was
  // about a sixth of the garbage of a vote. Other commands go on to the listeners (none answers them).
  app.use(async (args) => {
    if (!('command' in args) || args.command.command !== SLASH_COMMAND) return args.next();
    const { command, ack, respond, client, context } = args;
    const receivedAt = typeof context[RECEIVED_AT] === 'number' ? context[RECEIVED_AT] : Date.now();
    const to: ReplyTarget = { channelId: command.channel_id, userId: command.user_id, respond, client, fromClick: false };
    const answer = answerOf({ teamId: command.team_id, userId: command.user_id, channelId: command.channel_id, requestId: command.trigger_id }, commandText(command.text ?? ''));
    // A private answer ready within the budget rides on the ack: the person sees it at once, the ack
    // is sent only once the command's work is committed (a vote acknowledged is a vote counted), and
    // a busy bot slows its callers down instead of piling up work. Anything else follows the ack.
    const early = await within(ACK_BUDGET_MS - (Date.now() - receivedAt), answer);
    const inAck = early && ackBody(early);
    // An ack fails when Bolt has already answered (a stalled event loop let 3 s pass): Slack retries
    // the delivery (acknowledged by the replay guard, not run again), and the answer goes by the response_url.
    const acked = await (inAck ? ack(inAck) : ack()).then(
      () => true,
      () => false,
    );
    if (inAck && acked) return;
    const view = early ?? (await answer);
    if (view) await reply(view, to, log);
  });

  app.action<BlockAction<ButtonAction>>(new RegExp(`^${ACTION_PREFIX}`), async ({ ack, body, action, respond, client }) => {
    await ack();
    const channelId = body.channel?.id ?? (body.container as { channel_id?: string } | undefined)?.channel_id;
    const teamId = body.team?.id ?? body.user.team_id;
    if (action.type !== 'button' || !channelId || !teamId) {
      log.warn({ actionId: action.action_id, channelId, teamId }, 'slack: a button outside a channel; ignored');
      return;
    }
    // The button's value is its command, run as if the person who clicked had typed it.
    await dispatch({ teamId, userId: body.user.id, channelId, requestId: body.trigger_id }, action.value ?? '', { channelId, userId: body.user.id, respond, client, fromClick: true });
  });

  registerForms(app, { neuvo: runtime.neuvo, users, contextOf, log });

  app.error(async (err) => {
    // A refused request goes on to the receiver, which answers 401.
    if (err instanceof RefusedRequestError) throw err;
    log.error({ err }, 'slack listener failed');
  });

  let address: AddressInfo | undefined;
  if (opts.appToken) {
    await app.start();
  } else {
    const server = await app.start({ port: opts.port, ...(opts.host ? { host: opts.host } : {}) });
    const bound = server.address();
    address = bound && typeof bound === 'object' ? bound : undefined;
  }
  // Registered once Slack answered: until then jobs for Slack fail and are retried by the queue.
  const messenger = new SlackMessenger(clientFor, log);
  runtime.messenger.register('slack', messenger);
  // Names for documents (the proposal PDF): no command waits on Slack's 3 s there, but a slow users.info should not hold it long.
  runtime.names?.register('slack', { names: (workspace, ids) => users.names(workspace.workspaceId, ids, NAMES_WITHIN_MS) });
  log.info({ mode: opts.oauth ? 'distributed' : opts.appToken ? 'socket' : 'http', port: address?.port ?? opts.port, team: auth?.team_id, bot: auth?.user_id }, 'slack adapter ready');
  return {
    app,
    messenger,
    ...(clients ? { clients } : {}),
    address,
    stop: async () => {
      await (app.stop() as Promise<void>);
      await seen?.close();
    },
  };
}

/**
 * Bolt authorizes a request before any middleware, and acks one it cannot authorize with nothing, so
 * a person in a workspace without Neuvo would see no answer. A workspace with no installation is
 * therefore authorized without a token, and `installedOnly` answers it; a store that fails still fails.
 */
function tellNotInstalledApart(installer: NonNullable<HTTPReceiver['installer']>): void {
  const authorize = installer.authorize.bind(installer);
  installer.authorize = (source) =>
    authorize(source).catch((err: unknown) => {
      if (!isNoInstallation(err)) throw err;
      return { ...(source.teamId ? { teamId: source.teamId } : {}), ...(source.enterpriseId ? { enterpriseId: source.enterpriseId } : {}) };
    });
}

/** Starts Slack for Neuvo's composition root; resolves with the function that stops it. */
export async function startSlack(config: Config, runtime: Runtime, log: Logger, tenancy?: SlackTenancy): Promise<() => Promise<void>> {
  const running = await launchSlack(runtime, slackOptions(config, tenancy), log);
  return running.stop;
}

/** Builds the core's context for a Slack user in a channel: workspace admins count as platform admins. */
function contextBuilder(users: SlackUserDirectory): (who: SlackWho) => Promise<CommandContext> {
  return async (who) => {
    const facts = await users.facts(who.teamId, who.userId);
    const actor: Actor = {
      platform: 'slack',
      workspaceId: who.teamId,
      userId: who.userId,
      isPlatformAdmin: facts.isAdmin,
      ...(facts.locale ? { locale: facts.locale } : {}),
    };
    return {
      actor,
      space: { platform: 'slack', workspaceId: who.teamId, channelId: who.channelId },
      ...(who.requestId ? { requestId: `slack:${who.requestId}` } : {}),
    };
  };
}

/** Runs one command line for a Slack user in a channel; never rejects (undefined after a crash, logged). */
function answerer(neuvo: Neuvo, contextOf: (who: SlackWho) => Promise<CommandContext>, log: Logger) {
  return async (who: SlackWho, text: string): Promise<View | undefined> => {
    try {
      return await neuvo.handle(await contextOf(who), text);
    } catch (err) {
      // neuvo.handle answers errors itself; this is the last guard so no request can crash the process.
      log.error({ err, user: who.userId, channel: who.channelId }, 'slack command failed');
      return undefined;
    }
  };
}

/** `work`'s value if it settles within `ms`, else undefined (the work goes on). */
async function within<T>(ms: number, work: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<undefined>((resolve) => {
    timer = setTimeout(resolve, ms, undefined);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
