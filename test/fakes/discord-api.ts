/**
 * A local fake of Discord (REST + gateway on one loopback port) for end-to-end tests that drive the
 * real discord.js Client:
 *
 *   const fake = await FakeDiscord.start();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
 *   await client.login('any-token');                         // then wait for Events.ClientReady
 *   fake.dispatchInteraction(fake.slashCommand({ guildId, channelId, user, name: 'neuvo', subcommand: 'help' }));
 *   const reply = await fake.waitFor('POST /interactions/{interaction_id}/{interaction_token}/callback');
 *   expect(fake.violations).toEqual([]);
 *
 * Every REST request is checked against Discord's OpenAPI spec and the limits in PLATFORM-FACTS.md;
 * problems are answered like Discord (400, code 50035) and collected in `violations`.
 * Destroy clients before `close()`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFlags } from 'discord.js';
import type {
  APIChatInputApplicationCommandInteraction,
  APIMessageComponentButtonInteraction,
  APIMessageComponentSelectMenuInteraction,
  APIModalSubmitInteraction,
} from 'discord.js';
import { FakeGateway, type GatewayFrame } from './discord-gateway.js';
import {
  decodePath,
  describeMatcher,
  faultReply,
  parseBody,
  readBody,
  sendReply,
  toPredicate,
  type CallMatcher,
  type FakeCall,
  type Fault,
  type Reply,
} from './discord-http.js';
import { attachmentProblems, type FakeAttachment, oversized } from './discord-files.js';
import { commandProblems, messageProblems, modalProblems, scheduledEventProblems } from './discord-limits.js';
import {
  apiUser,
  buttonClickPayload,
  guildCreatePayload,
  guildDeletePayload,
  modalSubmitPayload,
  selectMenuPayload,
  slashCommandPayload,
  type ButtonClickInput,
  type FakeGuildInput,
  type FakeUserInput,
  type ModalSubmitInput,
  type SelectMenuInput,
  type SlashCommandInput,
} from './discord-payloads.js';
import { restRoutes, type Handler } from './discord-routes.js';
import { DiscordSpec, formatProblems, toDiscordErrors, type Problem, type RouteMatch } from './discord-spec.js';
import { DiscordWorld, isObject, type Json } from './discord-world.js';
import { DISCORD_RATES, FakeLimiter, type FakeRate } from './rate-limits.js';

export type { CallMatcher, FakeCall, FakeFile, Fault } from './discord-http.js';
export type { FakeAttachment } from './discord-files.js';
export type {
  ButtonClickInput,
  FakeGuildInput,
  FakeUserInput,
  InteractionContextInput,
  ModalSubmitInput,
  SelectMenuInput,
  SlashCommandInput,
  SlashOptionInput,
} from './discord-payloads.js';
export type { GatewayFrame } from './discord-gateway.js';

/** Options of {@link FakeDiscord.start}. */
export interface FakeDiscordOptions {
  applicationId?: string;
  /** The bot user's id; Discord makes it equal to the application id, so that is the default. */
  botUserId?: string;
  botUsername?: string;
  /** How long after dispatch the first interaction response may come; Discord's 3000 by default. */
  interactionDeadlineMs?: number;
  /**
   * The largest file a channel post may carry, in bytes (10 MiB, a guild without boosts, by default).
   * Interaction responses use the interaction's own `attachment_size_limit`.
   */
  attachmentSizeLimit?: number;
  /** Enforce Discord's published rate limits from the start (see {@link FakeDiscord.enforceRateLimits}). */
  rateLimits?: { timeScale?: number };
}

/** Discord's upload limit in a guild without boosts (and what interactions report there). */
const DEFAULT_ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

interface Waiter {
  pred: (call: FakeCall) => boolean;
  resolve: (call: FakeCall) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

const DEFAULT_APPLICATION_ID = '1300000000000000001';

/** A Discord look-alike on 127.0.0.1; see the module comment for use. */
export class FakeDiscord {
  /** Every REST request so far (cleared by {@link clear}). */
  readonly calls: FakeCall[] = [];
  /** Everything a real Discord would have refused or that breaks its documented rules; should stay empty. */
  readonly violations: string[] = [];
  readonly applicationId: string;
  /** The bot user as READY and message authors show it. */
  readonly botUser: FakeUserInput;
  /** `rest.api` for discord.js: `http://127.0.0.1:PORT/api`. */
  readonly apiBase: string;
  /** What `GET /gateway/bot` hands out. */
  readonly gatewayUrl: string;

  private readonly spec = DiscordSpec.load();
  private readonly world: DiscordWorld;
  private readonly gateway: FakeGateway;
  private readonly routes: Map<string, Handler>;
  private readonly waiters = new Set<Waiter>();
  private readonly faults: { matcher: CallMatcher; fault: Fault; remaining: number }[] = [];
  private readonly attachmentSizeLimit: number;

  private constructor(private readonly server: Server, port: number, options: FakeDiscordOptions) {
    this.applicationId = options.applicationId ?? DEFAULT_APPLICATION_ID;
    this.attachmentSizeLimit = options.attachmentSizeLimit ?? DEFAULT_ATTACHMENT_SIZE_LIMIT;
    if (options.rateLimits) this.enforceRateLimits(options.rateLimits);
    this.botUser = { id: options.botUserId ?? this.applicationId, username: options.botUsername ?? 'Neuvo', bot: true };
    this.apiBase = `http://127.0.0.1:${port}/api`;
    this.gatewayUrl = `ws://127.0.0.1:${port}`;
    const report = (violation: string): void => void this.violations.push(violation);
    this.world = new DiscordWorld(this.applicationId, this.botUser, options.interactionDeadlineMs ?? 3000, report);
    this.routes = restRoutes(this.world, this.gatewayUrl);
    this.gateway = new FakeGateway(server, (identify, sessionId) => this.readyPayload(identify, sessionId), report);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch((error: unknown) => {
        report(`FakeDiscord crashed on ${req.method ?? '?'} ${req.url ?? '?'}: ${String(error)}`);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: '500: Internal Server Error', code: 0 }));
      });
    });
  }

  /**
   * Starts HTTP + WebSocket on a random loopback port. The first start in a process also compiles
   * the common spec schemas (a few hundred ms), so that cost does not land inside a test.
   */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    DiscordSpec.load().warmUp();
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return new FakeDiscord(server, (server.address() as AddressInfo).port, options);
  }

  /** Frames clients sent on the gateway (IDENTIFY, heartbeats, …). */
  get gatewayFrames(): readonly GatewayFrame[] {
    return this.gateway.received;
  }

  /** Clients that completed IDENTIFY and are still connected. */
  get connectedClients(): number {
    return this.gateway.readySessions;
  }

  // ---------------------------------------------------------------- gateway

  /**
   * Sends a gateway dispatch (op 0) to every identified client. Throws when there is none, since the
   * event would silently vanish (usually: the test dispatched before `clientReady`).
   */
  dispatch(event: string, data: unknown): void {
    if (this.gateway.dispatch(event, data) === 0) {
      throw new Error(`FakeDiscord.dispatch(${event}): no client has identified on the gateway yet`);
    }
  }

  /** Sends op 7 RECONNECT: clients drop the connection and RESUME their session (after ~0.5 s). */
  requestReconnect(): void {
    this.gateway.sendOp(7);
  }

  /**
   * Adds the bot to a guild (or brings one back after an outage): dispatches GUILD_CREATE with the
   * guild's text channels. From then on the fake refuses requests into that guild while the bot is
   * not in it.
   */
  addGuild(guild: FakeGuildInput): void {
    this.world.guilds.set(guild.id, { channels: new Set(guild.channels), member: true });
    this.dispatch('GUILD_CREATE', guildCreatePayload(guild, this.botUser));
  }

  /**
   * Dispatches GUILD_DELETE: by default the bot was removed from the guild (kicked, or the guild
   * deleted), after which posting there answers 403 Missing Access and counts as a violation;
   * with `outage` the guild only became unavailable (`unavailable: true`) and the bot stays in it.
   */
  removeGuild(guildId: string, opts: { outage?: boolean } = {}): void {
    const guild = this.world.guilds.get(guildId);
    if (!guild) throw new Error(`FakeDiscord.removeGuild(${guildId}): the bot was never added to it (addGuild)`);
    if (!opts.outage) guild.member = false;
    this.dispatch('GUILD_DELETE', guildDeletePayload(guildId, opts.outage ?? false));
  }

  /** Dispatches INTERACTION_CREATE and starts the interaction's 3-second and 15-minute clocks. */
  dispatchInteraction<T extends object>(payload: T): T {
    const guildId = (payload as Json).guild_id;
    if (typeof guildId === 'string' && this.world.guilds.get(guildId)?.member === false) {
      throw new Error(`FakeDiscord.dispatchInteraction: the bot was removed from guild ${guildId}; Discord sends it no interactions there`);
    }
    this.world.registerInteraction(payload as Json);
    this.dispatch('INTERACTION_CREATE', payload);
    return payload;
  }

  // ---------------------------------------------------------------- interaction builders

  /** A slash command interaction; carries the registered command's id when the fake knows the name. */
  slashCommand(input: SlashCommandInput): APIChatInputApplicationCommandInteraction {
    this.world.remember(input.user);
    for (const option of input.options ?? []) if (typeof option.value === 'object') this.world.remember(option.value);
    const registered = this.world.findCommand(input.name, input.guildId ?? undefined);
    return slashCommandPayload(
      this.applicationId,
      {
        ...input,
        commandId: input.commandId ?? (registered?.id as string | undefined),
        commandGuildId: input.commandGuildId ?? (registered?.guild_id as string | undefined),
      },
      (id) => this.world.users.get(id),
    );
  }

  /** A button click on `message`: a message object, or the id of one the fake stored. */
  buttonClick(input: Omit<ButtonClickInput, 'message'> & { message: Json | string }): APIMessageComponentButtonInteraction {
    this.world.remember(input.user);
    return buttonClickPayload(this.applicationId, { ...input, message: this.resolveMessage(input.message) });
  }

  /** A select menu choice on `message` (string select unless `componentType` says otherwise). */
  selectMenu(input: Omit<SelectMenuInput, 'message'> & { message: Json | string }): APIMessageComponentSelectMenuInteraction {
    this.world.remember(input.user);
    return selectMenuPayload(this.applicationId, { ...input, message: this.resolveMessage(input.message) });
  }

  /** A modal submission; pass `message` when the modal was opened from a component. */
  modalSubmit(input: Omit<ModalSubmitInput, 'message'> & { message?: Json | string }): APIModalSubmitInteraction {
    this.world.remember(input.user);
    const message = input.message === undefined ? undefined : this.resolveMessage(input.message);
    return modalSubmitPayload(this.applicationId, { ...input, message });
  }

  /** Makes a user known to `GET /users/{id}`, member look-ups and USER options given by id. */
  addUser(user: FakeUserInput): void {
    this.world.remember(user);
  }

  // ---------------------------------------------------------------- state for assertions

  /** A message as the fake currently holds it (after edits); undefined if unknown or deleted. */
  getMessage(id: string): Json | undefined {
    return this.world.messages.get(id);
  }

  /** Every file that reached a message (replies, follow-ups, edits, channel posts), with its bytes. */
  get attachments(): readonly FakeAttachment[] {
    return this.world.attachments;
  }

  /** Messages of a channel, oldest first. */
  channelMessages(channelId: string): Json[] {
    return [...this.world.messages.values()].filter((m) => m.channel_id === channelId);
  }

  /** The `@original` response message of an interaction, once it has one. */
  originalResponse(interactionId: string): Json | undefined {
    const id = this.world.interactionById(interactionId)?.originalId;
    return id ? this.world.messages.get(id) : undefined;
  }

  // ---------------------------------------------------------------- waiting and faults

  /** Forgets recorded calls and violations; messages, commands and the like stay. */
  /** Requests refused with 429 by the enforced rate limits (they are in {@link calls} too, status 429). */
  readonly rateLimited: { method: string; path: string; global: boolean; at: number; retryAfterSec: number }[] = [];
  private limiter: FakeLimiter | undefined;

  /**
   * Enforces Discord's published rate limits (`rate-limits.ts`: 50 requests/s per bot, interaction
   * endpoints exempt; message create and edit 5 per 5 s per channel, with real `X-RateLimit-*`
   * headers) from now on, or stops with `false` (the default: off). `timeScale` makes every interval
   * that many times shorter.
   */
  enforceRateLimits(opts: { timeScale?: number } | false = {}): void {
    this.limiter = opts === false ? undefined : new FakeLimiter(opts.timeScale ?? 1);
  }

  /**
   * The limiter's verdict on a request: a 429 reply, or the headers of its route's bucket (undefined
   * for a route without a bucket of its own, which keeps the default headers).
   */
  private limit(call: FakeCall, match: RouteMatch): Reply | Record<string, string> | undefined {
    if (!this.limiter) return undefined;
    const exempt = call.path.startsWith('/interactions/') || match.params.interaction_token !== undefined || (match.params.webhook_token !== undefined && match.params.webhook_id === this.applicationId);
    const channel = match.params.channel_id;
    const messages = channel !== undefined && (match.template === '/channels/{channel_id}/messages' || match.template === '/channels/{channel_id}/messages/{message_id}') && call.method !== 'GET';
    const route: { key: string; rate: FakeRate } | undefined = messages ? { key: `${call.method} messages ${channel}`, rate: DISCORD_RATES.channelMessages } : undefined;
    const buckets = [...(exempt ? [] : [{ key: 'global', rate: DISCORD_RATES.global }]), ...(route ? [route] : [])];
    if (buckets.length === 0) return undefined;
    const taken = this.limiter.take(buckets, call.at);
    if (!taken.ok) {
      const global = taken.key === 'global';
      const retryAfterSec = taken.retryAfterMs / 1000;
      this.rateLimited.push({ method: call.method, path: call.path, global, at: call.at, retryAfterSec });
      return {
        status: 429,
        json: { message: 'You are being rate limited.', retry_after: Number(retryAfterSec.toFixed(3)), global },
        headers: {
          'retry-after': retryAfterSec.toFixed(3),
          'x-ratelimit-scope': global ? 'global' : 'user',
          ...(global ? { 'x-ratelimit-global': 'true' } : this.bucketHeaders(route!.rate, 0, taken.retryAfterMs)),
        },
      };
    }
    return route ? this.bucketHeaders(route.rate, taken.remaining, taken.resetAfterMs) : undefined;
  }

  private bucketHeaders(rate: FakeRate, remaining: number, resetAfterMs: number): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rate.burst),
      'x-ratelimit-remaining': String(Math.min(remaining, rate.burst)),
      'x-ratelimit-reset': ((Date.now() + resetAfterMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': (resetAfterMs / 1000).toFixed(3),
    };
  }

  clear(): void {
    this.rateLimited.length = 0;
    this.calls.length = 0;
    this.violations.length = 0;
  }

  /**
   * Resolves with the first call matching `pred`, already recorded or still to come; rejects after
   * `timeoutMs` listing the calls seen so far.
   */
  waitFor(pred: CallMatcher, timeoutMs = 5000): Promise<FakeCall> {
    const test = toPredicate(pred);
    const seen = this.calls.find(test);
    if (seen) return Promise.resolve(seen);
    return new Promise<FakeCall>((resolve, reject) => {
      const waiter: Waiter = {
        pred: test,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          const list = this.calls.map((c) => `  ${c.method} ${c.path} → ${c.status}`).join('\n') || '  (none)';
          reject(new Error(`FakeDiscord.waitFor(${describeMatcher(pred)}) timed out after ${timeoutMs} ms. Calls seen:\n${list}`));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /**
   * Makes the next `times` requests matching `matcher` fail. A 429 carries `retry_after` and the
   * `Retry-After` / `X-RateLimit-*` headers, so @discordjs/rest waits and retries; 5xx answers are
   * retried by @discordjs/rest as well (up to its `retries` option, 3 by default).
   */
  failNext(matcher: CallMatcher, fault: Fault, times = 1): void {
    this.faults.push({ matcher, fault, remaining: times });
  }

  /** Closes gateway connections and the HTTP server; rejects pending `waitFor`s. */
  async close(): Promise<void> {
    for (const waiter of this.waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error('FakeDiscord closed'));
    }
    this.waiters.clear();
    await this.gateway.close();
    // Keep-alive sockets of the REST client would otherwise hold server.close() open.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---------------------------------------------------------------- request pipeline

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.apiBase);
    const raw = await readBody(req);
    const call: FakeCall = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: decodePath(url.pathname.replace(/^\/api\/v10(?=\/)/, '')),
      route: undefined,
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      files: [],
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      at: Date.now(),
      status: 0,
      response: undefined,
    };
    const reply = await this.answer(call, url.pathname, raw);
    call.status = reply.status;
    call.response = reply.json;
    this.record(call);
    sendReply(res, reply, call.route);
  }

  private async answer(call: FakeCall, pathname: string, raw: Buffer): Promise<Reply> {
    const where = `${call.method} ${call.path}`;
    if (!pathname.startsWith('/api/v10/')) {
      return this.world.reject(404, 0, '404: Not Found', `${call.method} ${pathname}: not under /api/v10 (discord.js rest.api must be ${this.apiBase})`);
    }
    const parsed = await parseBody(call.headers['content-type'] ?? '', raw);
    call.body = parsed.body;
    call.files = parsed.files;
    const match = this.spec.match(call.method, call.path);
    call.route = match?.template;

    // Injected faults come first: Discord's rate limiter answers before anything looks at the body.
    const fault = this.takeFault(call);
    if (fault) return faultReply(fault);
    if (parsed.error) return this.world.reject(400, 50109, 'The request body contains invalid JSON.', `${where}: ${parsed.error}`);
    if (!match) return this.world.reject(404, 0, '404: Not Found', `${where}: no such route in Discord's API`);
    if (!match.method) {
      return this.world.reject(405, 0, '405: Method Not Allowed', `${where}: ${match.template} allows ${this.spec.methods(match.template).join(', ').toUpperCase()}`);
    }
    if (match.requiresBotToken && !/^Bot \S+/.test(call.headers.authorization ?? '')) {
      return this.world.reject(401, 0, '401: Unauthorized', `${where}: missing "Authorization: Bot <token>" header`);
    }
    // The rate limiter answers before the body is looked at.
    const limited = this.limit(call, match);
    if (limited && 'status' in limited && typeof limited.status === 'number') return limited as Reply;
    const bucket = limited as Record<string, string> | undefined;
    // Discord refuses an oversized upload before it reads the rest of the request.
    const limit = this.uploadLimit(match);
    const big = oversized(call, limit);
    if (big) return this.world.reject(413, 40005, 'Request entity too large', `${where}: ${big.filename} is ${big.size} bytes, over the upload limit of ${limit}`);

    const problems = this.checkRequest(call, match);
    if (problems.length > 0) {
      this.violations.push(`${where}: ${formatProblems(problems)}`);
      // Discord answers an otherwise valid empty message with its own code rather than 50035.
      if (problems.length === 1 && problems[0]!.code === 'MESSAGE_EMPTY') return { status: 400, json: { message: 'Cannot send an empty message', code: 50006 } };
      return { status: 400, json: { message: 'Invalid Form Body', code: 50035, errors: toDiscordErrors(problems) } };
    }

    // Discord answers Missing Access in a guild the bot was removed from; the bot should not even ask.
    const left = this.world.leftGuild(match.params);
    if (left) return this.world.reject(403, 50001, 'Missing Access', `${where}: the bot was removed from guild ${left}`);

    const handler = this.routes.get(`${call.method} ${match.template}`);
    if (!handler) return this.world.reject(404, 0, '404: Not Found', `${where}: ${match.template} is in Discord's API but FakeDiscord does not implement it`);
    const handled = handler({ call, params: match.params, body: isObject(call.body) ? call.body : {} });
    const reply = bucket ? { ...handled, headers: { ...bucket, ...handled.headers } } : handled;
    // The fake checks itself too: its answers must look like Discord's documented responses.
    if (reply.status >= 200 && reply.status < 300 && reply.json !== undefined) {
      const own = this.spec.checkResponse(match, reply.status, reply.json);
      if (own.length > 0) this.violations.push(`FakeDiscord bug: its answer to ${where} does not match the spec: ${formatProblems(own)}`);
    }
    return reply;
  }

  /** The largest file this request may carry: the interaction's `attachment_size_limit`, or the channel default. */
  private uploadLimit(match: RouteMatch): number {
    const token = match.params.interaction_token ?? match.params.webhook_token;
    const limit = token === undefined ? undefined : this.world.interactions.get(token)?.payload.attachment_size_limit;
    return typeof limit === 'number' ? limit : this.attachmentSizeLimit;
  }

  /** Spec checks (path, query, body schema) plus the limits the spec does not express. */
  private checkRequest(call: FakeCall, match: RouteMatch): Problem[] {
    const problems = [...this.spec.checkPathParams(match), ...this.spec.checkQuery(match, call.query), ...attachmentProblems(call, match.template)];
    const requirement = this.spec.bodyRequirement(match);
    if (call.body === undefined) {
      if (requirement === 'required') problems.push({ path: '', code: 'BASE_TYPE_REQUIRED', message: 'This route needs a JSON body.' });
    } else if (requirement === 'none') {
      problems.push({ path: '', code: 'UNEXPECTED_BODY', message: 'This route takes no body.' });
    } else {
      const limits = limitProblems(call, match.template);
      // A limit and the schema often flag the same field; the limit's message is the clearer one.
      const schema = this.spec.checkBody(match, call.body).filter((s) => !limits.some((l) => l.path !== '' && s.path.startsWith(l.path)));
      problems.push(...limits, ...schema);
    }
    return problems;
  }

  private takeFault(call: FakeCall): Fault | undefined {
    const index = this.faults.findIndex((f) => toPredicate(f.matcher)(call));
    if (index < 0) return undefined;
    const entry = this.faults[index]!;
    if (--entry.remaining <= 0) this.faults.splice(index, 1);
    return entry.fault;
  }

  private record(call: FakeCall): void {
    this.calls.push(call);
    for (const waiter of [...this.waiters]) {
      if (!waiter.pred(call)) continue;
      clearTimeout(waiter.timer);
      this.waiters.delete(waiter);
      waiter.resolve(call);
    }
  }

  private resolveMessage(message: Json | string): Json {
    if (typeof message !== 'string') return message;
    const stored = this.world.messages.get(message);
    if (!stored) throw new Error(`FakeDiscord: no stored message ${message}`);
    return stored;
  }

  private readyPayload(identify: Json, sessionId: string): Json {
    return {
      v: 10,
      user: { ...apiUser(this.botUser), verified: true, mfa_enabled: false, email: null },
      // Empty, or discord.js waits ~15 s for GUILD_CREATEs before emitting clientReady.
      guilds: [],
      session_id: sessionId,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: Array.isArray(identify.shard) ? identify.shard : [0, 1],
      application: {
        id: this.applicationId,
        flags: ApplicationFlags.GatewayGuildMembersLimited | ApplicationFlags.GatewayMessageContentLimited | ApplicationFlags.ApplicationCommandBadge,
      },
      private_channels: [],
      relationships: [],
      user_settings: {},
      guild_join_requests: [],
      presences: [],
      geo_ordered_rtc_regions: ['finland', 'rotterdam'],
      auth: {},
      _trace: ['["fake-gateway",{"micros":0}]'],
    };
  }
}

/** Which limit checks apply to a request, by route. */
function limitProblems(call: FakeCall, template: string): Problem[] {
  const body = call.body;
  const fileCount = call.files.length;
  switch (`${call.method} ${template}`) {
    case 'POST /interactions/{interaction_id}/{interaction_token}/callback': {
      const b = isObject(body) ? body : {};
      if (b.type === 4) return messageProblems(b.data, '/data', { create: true, fileCount });
      if (b.type === 7) return messageProblems(b.data, '/data', { create: false, fileCount });
      if (b.type === 9) return modalProblems(b.data, '/data');
      return [];
    }
    case 'POST /webhooks/{webhook_id}/{webhook_token}':
    case 'POST /channels/{channel_id}/messages':
      return messageProblems(body, '', { create: true, fileCount });
    case 'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original':
    case 'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}':
    case 'PATCH /channels/{channel_id}/messages/{message_id}':
      return messageProblems(body, '', { create: false, fileCount });
    case 'PUT /applications/{application_id}/commands':
    case 'PUT /applications/{application_id}/guilds/{guild_id}/commands':
      return commandProblems(body);
    case 'POST /guilds/{guild_id}/scheduled-events':
      return scheduledEventProblems(body, { create: true });
    case 'PATCH /guilds/{guild_id}/scheduled-events/{guild_scheduled_event_id}':
      return scheduledEventProblems(body, { create: false });
    default:
      return [];
  }
}
