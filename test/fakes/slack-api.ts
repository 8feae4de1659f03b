/**
 * A local fake of Slack's Web API and response_url endpoints for end-to-end tests of the real Bolt app.
 *
 * Every request is checked against Slack's own OpenAPI spec and Block Kit limits, and every answer the fake
 * gives is checked against the spec's success schema, so the fake can neither accept what Slack would refuse
 * nor hand the app shapes that Slack never sends. Problems land in `fake.violations`; tests assert it stays empty.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { REFERENCE_DIR } from '../support/reference.js';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { FakeLimiter, type FakeRate, SLACK_RATES, SLACK_TIERS } from './rate-limits.js';
import addFormatsModule from 'ajv-formats';

// ---------------------------------------------------------------------------------------------------------
// Public types

/** One Web API call as the fake received it. JSON-encoded parameters (blocks, view, …) are parsed back. */
export interface FakeSlackCall {
  method: string;
  params: Record<string, unknown>;
  at: number;
  /** The workspace whose bot token the call carried, when the token was issued by {@link FakeSlack.grant}. */
  team?: string;
}

/** A workspace (or an org-wide Enterprise Grid) install that {@link FakeSlack.grant} lets oauth.v2.access hand out. */
export interface FakeSlackGrant {
  /** The bot token issued for the install. */
  token: string;
  teamId: string;
  teamName?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
  botUserId?: string;
  /** With token rotation: the refresh token and the token's lifetime in seconds. */
  refreshToken?: string;
  expiresIn?: number;
}

/**
 * One answer to a command or click: a POST to a response_url issued by {@link FakeSlack.responseUrl},
 * or the body of a slash command's HTTP answer (the ack), which Slack shows just the same.
 */
export interface FakeSlackResponsePost {
  id: string;
  body: unknown;
  at: number;
  /** How it came: on the response_url (the default) or in the slash command's ack. */
  via?: 'ack';
}

/** A file shared through the external upload flow (getUploadURLExternal → upload → completeUploadExternal). */
export interface FakeSlackUpload {
  fileId: string;
  /** As given to files.getUploadURLExternal. */
  filename: string;
  title: string | undefined;
  /** Exactly the bytes POSTed to the upload URL. */
  bytes: Buffer;
  /** `channel_id` of files.completeUploadExternal; null when the file was left private to the uploader. */
  channel: string | null;
  initialComment: string | undefined;
  threadTs: string | undefined;
  at: number;
}

/** What {@link FakeSlack.failNext} makes the next call of a method answer. */
export type FakeSlackFault =
  | { status: 429; retryAfter: number }
  | { status: 500 }
  /** A platform error: HTTP 200 with `{ ok: false, error }`, as Slack answers e.g. `not_in_channel`. */
  | { status: 200; error: string };

/** Fields of a users.info user that tests commonly set; anything else in the user object may be set too. */
export interface FakeUserFields {
  name: string;
  real_name: string;
  is_admin: boolean;
  is_owner: boolean;
  is_primary_owner: boolean;
  is_restricted: boolean;
  is_bot: boolean;
  deleted: boolean;
  tz: string;
  tz_label: string;
  tz_offset: number;
  profile: Record<string, unknown>;
  [field: string]: unknown;
}

/** Computes the answer of a Web API method from its (parsed) parameters and the install its token belongs to. */
export type FakeSlackHandler = (params: Record<string, unknown>, install?: FakeSlackGrant) => Record<string, unknown>;

/** Options of {@link FakeSlack.start}. IDs must look real (e.g. `T` + 8 or more characters), as the spec demands. */
export interface FakeSlackOptions {
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /**
   * Check every request and answer against the spec, Block Kit limits and response_url use counts
   * (default true). Benchmarks set it to false: checking costs CPU that real Slack would spend, not
   * the app. Unless asked to enforce Slack's rate limits ({@link FakeSlack.enforceRateLimits}), 429s
   * come only from {@link FakeSlack.failNext}, so with `validate: false` nothing stands between the
   * app and the fake's answers.
   */
  validate?: boolean;
  /** Enforce Slack's published rate limits from the start (see {@link FakeSlack.enforceRateLimits}). */
  rateLimits?: { timeScale?: number };
}

// ---------------------------------------------------------------------------------------------------------
// The fake

const JSON_PARAMS = new Set(['blocks', 'attachments', 'view', 'metadata', 'unfurls', 'user_auth_blocks', 'files']);
const MESSAGE_METHODS = new Set(['chat.postMessage', 'chat.postEphemeral', 'chat.update', 'chat.scheduleMessage']);
const VIEW_METHODS = new Set(['views.open', 'views.push', 'views.update', 'views.publish']);
/** The bot scopes an install through the fake grants (Neuvo's manifest's). */
const GRANTED_SCOPES = 'commands,chat:write,chat:write.public,files:write,im:write,users:read';
/** Slack lets a response_url be used 5 times (within 30 minutes). */
const RESPONSE_URL_USES = 5;

/** A local, spec-checked fake of Slack's Web API. Start with {@link FakeSlack.start}. */
export class FakeSlack {
  /** Web API base URL for `clientOptions.slackApiUrl`, e.g. `http://127.0.0.1:PORT/api/`. */
  readonly apiUrl: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  /** Whether requests and answers are checked (see {@link FakeSlackOptions.validate}). */
  readonly validate: boolean;
  /** Web API calls received (answered normally or with an error; injected faults are not listed). */
  readonly calls: FakeSlackCall[] = [];
  /** POSTs received on response_urls. */
  readonly responses: FakeSlackResponsePost[] = [];
  /** Everything the fake found wrong, in requests or in its own answers. Tests expect it to stay empty. */
  readonly violations: string[] = [];
  /** Calls answered with an injected fault instead of being processed. */
  readonly faultsServed: { method: string; status: number; at: number }[] = [];
  /** Files shared by files.completeUploadExternal, in order. */
  readonly uploads: FakeSlackUpload[] = [];
  /** Refreshed tokens handed out (token rotation), in order. */
  readonly refreshes: { teamId: string; token: string }[] = [];

  private readonly baseUrl: string;
  private readonly spec = SpecChecker.shared();
  private readonly handlers = new Map<string, FakeSlackHandler>();
  private readonly faults = new Map<string, FakeSlackFault[]>();
  private readonly users = new Map<string, Partial<FakeUserFields>>();
  private readonly channels = new Map<string, Record<string, unknown>>();
  private readonly channelIdsByName = new Map<string, string>();
  private readonly dmByUsers = new Map<string, string>();
  private readonly views = new Map<string, Record<string, unknown>>();
  private readonly responseUrlUses = new Map<string, number>();
  /** Upload slots handed out by files.getUploadURLExternal, by file id. */
  private readonly fileSlots = new Map<string, FileSlot>();
  private readonly waiters = new Set<Waiter>();
  /** OAuth: authorization codes not yet exchanged, and the bot tokens issued (revoked ones removed). */
  private readonly codes = new Map<string, FakeSlackGrant>();
  private readonly tokens = new Map<string, FakeSlackGrant>();
  private readonly revoked = new Set<string>();
  private oauthClient: { id: string; secret: string } | undefined;
  /** The Authorization header of the call being answered (oauth.v2.access may carry the client's credentials there). */
  private authorization: string | undefined;
  private idCounter = 0;
  private lastTs = { sec: 0, micro: 0 };

  private constructor(
    private readonly server: Server,
    port: number,
    opts: FakeSlackOptions,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    this.apiUrl = `${this.baseUrl}/api/`;
    this.teamId = opts.teamId ?? 'T0FAKETEAM';
    this.botUserId = opts.botUserId ?? 'U0FAKEBOT1';
    this.botId = opts.botId ?? 'B0FAKEBOT1';
    this.validate = opts.validate ?? true;
    if (opts.rateLimits) this.enforceRateLimits(opts.rateLimits);
    this.installDefaultHandlers();
  }

  /** Starts the fake on 127.0.0.1 with a free port. */
  static async start(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const fake = new FakeSlack(server, (server.address() as AddressInfo).port, opts);
    server.on('request', (req, res) => void fake.onRequest(req, res));
    return fake;
  }

  /** Overrides how users.info describes a user (default: a non-admin member in Europe/Helsinki). */
  setUser(id: string, partial: Partial<FakeUserFields>): void {
    this.users.set(id, { ...this.users.get(id), ...partial });
  }

  /**
   * Overrides how users.info describes a user to calls with workspace `teamId`'s token (see
   * {@link grant}), over {@link setUser}: the same id may be someone else in another workspace.
   */
  setUserIn(teamId: string, id: string, partial: Partial<FakeUserFields>): void {
    const key = `${teamId}:${id}`;
    this.users.set(key, { ...this.users.get(key), ...partial });
  }

  /** Overrides fields of the conversations.info answer for a channel. */
  setChannel(id: string, partial: Record<string, unknown>): void {
    this.channels.set(id, { ...this.channels.get(id), ...partial });
  }

  /**
   * Distributed app (OAuth v2): oauth.v2.access takes `clientId`/`clientSecret` and exchanges a code
   * given to {@link grant}. Once a token is issued, every other call must carry one of the issued bot
   * tokens (Authorization header), as Slack refuses any other with `invalid_auth`.
   */
  oauthApp(clientId: string, clientSecret: string): void {
    this.oauthClient = { id: clientId, secret: clientSecret };
  }

  /** Makes `code` exchangeable once for `install` (what Slack does when someone approves the install). */
  grant(code: string, install: FakeSlackGrant): void {
    this.codes.set(code, install);
  }

  /** Revokes a bot token (an uninstall): later calls with it get `token_revoked`. */
  revoke(token: string): void {
    this.tokens.delete(token);
    this.revoked.add(token);
  }

  /** Answers a method (new, or replacing the built-in answer). Requests are still checked against the spec. */
  setHandler(method: string, handler: FakeSlackHandler): void {
    this.handlers.set(method, handler);
  }

  /** A response_url on this fake; POSTs to it land in {@link responses}. */
  responseUrl(key: string = `r${this.nextId()}`): string {
    if (!this.responseUrlUses.has(key)) this.responseUrlUses.set(key, 0);
    return `${this.baseUrl}/response/${encodeURIComponent(key)}`;
  }

  /**
   * Asked for every Web API call that has no queued {@link failNext} fault: a fault to answer with
   * instead, or undefined to process the call. For random fault modes (a seeded generator in the test);
   * `rawBody` is the request body as sent.
   */
  faultWhen: ((method: string, rawBody: string) => FakeSlackFault | undefined) | undefined = undefined;

  /** Makes the next call of `method` fail: 429 with Retry-After (seconds), a 500, or a platform error. Queued per method. */
  failNext(method: string, fault: FakeSlackFault): void {
    const queue = this.faults.get(method) ?? [];
    queue.push(fault);
    this.faults.set(method, queue);
  }

  /** Calls refused with 429 by the enforced rate limits (not in {@link calls}), with the bucket that was empty. */
  readonly rateLimited: { method: string; workspace: string; bucket: string; at: number; retryAfterSec: number }[] = [];
  private limiter: FakeLimiter | undefined;

  /**
   * Enforces Slack's published rate limits (`rate-limits.ts`: chat.postMessage per channel and per
   * workspace, method tiers per workspace) from now on, or stops with `false` (the default: off).
   * A workspace is the team of the call's issued token ({@link grant}), else the token itself, else
   * this fake's team. `timeScale` makes every interval that many times shorter.
   */
  enforceRateLimits(opts: { timeScale?: number } | false = {}): void {
    this.limiter = opts === false ? undefined : new FakeLimiter(opts.timeScale ?? 1);
  }

  /** The buckets a call takes, or an empty list for methods without a published limit. */
  private bucketsOf(method: string, workspace: string, params: Record<string, unknown>): { key: string; rate: FakeRate }[] {
    if (method === 'chat.postMessage') {
      return [
        { key: `${workspace}:chat.postMessage`, rate: SLACK_RATES.workspacePost },
        { key: `${workspace}:c:${String(params.channel)}`, rate: SLACK_RATES.channelPost },
      ];
    }
    const tier = SLACK_RATES.methodTiers[method];
    return tier ? [{ key: `${workspace}:${method}`, rate: SLACK_TIERS[tier] }] : [];
  }

  /** Forgets recorded calls, responses, uploads, violations and pending faults (users, channels and views stay). */
  clear(): void {
    this.rateLimited.length = 0;
    this.calls.length = 0;
    this.responses.length = 0;
    this.uploads.length = 0;
    this.violations.length = 0;
    this.faultsServed.length = 0;
    this.faults.clear();
  }

  /** Resolves with the first call (already received or future) matching `pred`. */
  waitFor(pred: (call: FakeSlackCall) => boolean, timeoutMs = 5000): Promise<FakeSlackCall> {
    return this.waitIn(this.calls, pred, timeoutMs, 'call', (c) => `${c.method} ${preview(c.params)}`);
  }

  /** Resolves with the first response_url POST (already received or future) matching `pred`. */
  waitForResponse(
    pred: (post: FakeSlackResponsePost) => boolean,
    timeoutMs = 5000,
  ): Promise<FakeSlackResponsePost> {
    return this.waitIn(this.responses, pred, timeoutMs, 'response_url post', (r) => `${r.id} ${preview(r.body)}`);
  }

  /** Resolves with the first shared file (already shared or future) matching `pred`. */
  waitForUpload(pred: (upload: FakeSlackUpload) => boolean = () => true, timeoutMs = 5000): Promise<FakeSlackUpload> {
    return this.waitIn(this.uploads, pred, timeoutMs, 'upload', (u) => `${u.filename} → ${u.channel ?? '(private)'} (${u.bytes.length} bytes)`);
  }

  /** Stops the server, dropping open connections, and rejects pending waits. */
  async close(): Promise<void> {
    for (const w of this.waiters) w.cancel(new Error('FakeSlack closed'));
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      // fetch keeps sockets alive; without this, close() would wait for them to time out.
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------------------------------------------
  // HTTP

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', this.baseUrl);
      const raw = await readBody(req);
      if (url.pathname.startsWith('/api/')) {
        this.onApi(req, res, url, raw.toString('utf8'));
      } else if (url.pathname.startsWith('/response/') && req.method === 'POST') {
        this.onResponseUrl(res, decodeURIComponent(url.pathname.slice('/response/'.length)), raw.toString('utf8'));
      } else if (url.pathname.startsWith(UPLOAD_PATH) && req.method === 'POST') {
        await this.onUpload(req, res, decodeURIComponent(url.pathname.slice(UPLOAD_PATH.length)), raw);
      } else {
        this.violations.push(`unexpected request ${req.method} ${url.pathname}`);
        sendJson(res, 404, { ok: false, error: 'not_found' });
      }
    } catch (error) {
      this.violations.push(`FakeSlack failed on ${req.method} ${req.url}: ${String(error)}`);
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: 'fatal_error' });
    }
  }

  private onApi(req: IncomingMessage, res: ServerResponse, url: URL, raw: string): void {
    const method = url.pathname.slice('/api/'.length);
    const at = Date.now();

    const fault = this.faults.get(method)?.shift() ?? this.faultWhen?.(method, raw);
    if (fault) {
      this.faultsServed.push({ method, status: fault.status, at });
      const headers: Record<string, string> = fault.status === 429 ? { 'retry-after': String(fault.retryAfter) } : {};
      const error = fault.status === 429 ? 'ratelimited' : fault.status === 200 ? fault.error : 'internal_error';
      sendJson(res, fault.status, { ok: false, error }, headers);
      return;
    }

    const contentType = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const parsed = parseParams(url, contentType, raw);
    if ('error' in parsed) {
      this.violations.push(`${method}: ${parsed.error}`);
      this.record(method, {}, at);
      sendJson(res, 200, { ok: false, error: parsed.code });
      return;
    }
    const wire = parsed.params;
    const params = decodeJsonParams(wire);

    const problems: Problem[] = !this.validate ? [] : [
      ...this.spec.checkRequest(method, {
        httpMethod: req.method ?? 'POST',
        isJson: contentType === 'application/json',
        hasBearer: bearer !== undefined,
        params: wire,
      }),
      ...semanticProblems(method, params, wire),
      ...newerMethodProblems(method, wire, bearer !== undefined),
      // Socket Mode's connection URL is only handed out for an app-level token.
      ...(method === 'apps.connections.open' && !(bearer ?? String(wire.token ?? '')).startsWith('xapp-')
        ? [{ error: 'not_allowed_token_type', message: 'apps.connections.open needs an app-level token (xapp-…)' }]
        : []),
      ...this.uploadProblems(method, params),
      ...(method.startsWith('chat.') ? this.imageFileProblems(params.blocks).map((message) => ({ error: 'invalid_blocks', message })) : []),
    ];
    const handler = this.handlers.get(method);
    if (!handler) problems.push({ error: 'unknown_method', message: 'method not implemented by FakeSlack' });
    const token = bearer ?? (typeof wire.token === 'string' ? wire.token : undefined);
    const install = token === undefined ? undefined : this.tokens.get(token);
    const authError = problems.length === 0 ? this.authProblem(method, token, install) : undefined;
    if (authError) {
      this.record(method, params, at);
      sendJson(res, 200, { ok: false, error: authError });
      return;
    }

    if (this.limiter && problems.length === 0) {
      const workspace = install?.teamId ?? (token !== undefined ? `token:${token}` : this.teamId);
      const taken = this.limiter.take(this.bucketsOf(method, workspace, params), at);
      if (!taken.ok) {
        // Slack's Retry-After is whole seconds: a client waits at least until the bucket has room.
        const retryAfterSec = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        this.rateLimited.push({ method, workspace, bucket: taken.key, at, retryAfterSec });
        sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfterSec) });
        return;
      }
    }

    let answer: Record<string, unknown>;
    if (problems.length > 0) {
      for (const p of problems) this.violations.push(`${method}: ${p.message}`);
      answer = {
        ok: false,
        error: problems[0]!.error,
        response_metadata: { messages: problems.map((p) => `[ERROR] ${p.message}`) },
      };
    } else {
      this.authorization = req.headers.authorization;
      answer = handler!(params, install);
      if (answer.ok === true && this.validate) {
        const drift = this.spec.checkAnswer(method, answer);
        // Usually an unrealistic ID passed in by the test (Slack IDs are e.g. C + 8 or more characters).
        if (drift) this.violations.push(`${method}: answer does not fit the spec's 200 schema (IDs realistic?): ${drift}`);
      }
    }
    // Record after checking, so a test that awaits the call sees its violations too.
    this.record(method, params, at, install?.teamId);
    sendJson(res, 200, answer);
  }

  /**
   * Once the fake has issued tokens (OAuth), a call must carry one of them: a revoked token gets
   * `token_revoked`, an unknown one `invalid_auth`. oauth.v2.access authenticates with the client's
   * credentials instead, apps.connections.open with the app-level token.
   */
  private authProblem(method: string, token: string | undefined, install: FakeSlackGrant | undefined): string | undefined {
    if (this.tokens.size === 0 && this.revoked.size === 0) return undefined;
    if (method === 'oauth.v2.access' || method === 'apps.connections.open' || install) return undefined;
    if (token !== undefined && this.revoked.has(token)) return 'token_revoked';
    this.violations.push(`${method}: called with a token Slack never issued (${token === undefined ? 'none' : `${token.slice(0, 10)}…`})`);
    return 'invalid_auth';
  }

  /** Token rotation: a refresh token issued with an install gives a new bot token and refresh token (the old token works until it expires). */
  private refresh(refreshToken: string): Record<string, unknown> {
    const install = [...this.tokens.values()].find((i) => i.refreshToken === refreshToken);
    if (!install) return { ok: false, error: 'invalid_refresh_token' };
    const n = this.refreshes.filter((r) => r.teamId === install.teamId).length + 1;
    const renewed: FakeSlackGrant = { ...install, token: `${install.token}-r${n}`, refreshToken: `${install.refreshToken}-r${n}`, expiresIn: 43_200 };
    this.tokens.set(renewed.token, renewed);
    this.refreshes.push({ teamId: install.teamId, token: renewed.token });
    return {
      ok: true,
      app_id: 'A0NEUVOAPP',
      scope: GRANTED_SCOPES,
      token_type: 'bot',
      access_token: renewed.token,
      refresh_token: renewed.refreshToken,
      expires_in: renewed.expiresIn,
      bot_user_id: install.botUserId ?? this.botUserId,
      team: install.isEnterpriseInstall ? null : { id: install.teamId, name: install.teamName ?? install.teamId },
      enterprise: install.enterpriseId ? { id: install.enterpriseId, name: install.enterpriseId } : null,
    };
  }

  /** oauth.v2.access: the client's credentials (form fields or HTTP Basic) and a code granted once. */
  private exchange(params: Record<string, unknown>, authorization: string | undefined): Record<string, unknown> {
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    const clientId = String(params.client_id ?? basicId ?? '');
    const clientSecret = String(params.client_secret ?? basicSecret ?? '');
    if (!this.oauthClient || clientId !== this.oauthClient.id) return { ok: false, error: 'invalid_client_id' };
    if (clientSecret !== this.oauthClient.secret) return { ok: false, error: 'bad_client_secret' };
    if (params.grant_type === 'refresh_token') return this.refresh(String(params.refresh_token));
    if (params.code === undefined) this.violations.push('oauth.v2.access: missing required field: code');
    const install = this.codes.get(String(params.code));
    if (!install) return { ok: false, error: 'invalid_code' };
    this.codes.delete(String(params.code));
    this.tokens.set(install.token, install);
    return {
      ok: true,
      app_id: 'A0NEUVOAPP',
      authed_user: { id: 'U0INSTALLR' },
      scope: GRANTED_SCOPES,
      token_type: 'bot',
      access_token: install.token,
      bot_user_id: install.botUserId ?? this.botUserId,
      team: install.isEnterpriseInstall ? null : { id: install.teamId, name: install.teamName ?? install.teamId },
      enterprise: install.enterpriseId ? { id: install.enterpriseId, name: install.enterpriseId } : null,
      is_enterprise_install: Boolean(install.isEnterpriseInstall),
      ...(install.refreshToken ? { refresh_token: install.refreshToken, expires_in: install.expiresIn ?? 43_200 } : {}),
    };
  }

  /**
   * Takes a slash command's HTTP answer as Slack does: an empty 200 is a bare ack, a JSON body is the
   * command's answer, shown like a response_url post (and checked like one) under `key`, the
   * response_url's key. Resolves with the status.
   */
  async answerInAck(key: string, res: Response): Promise<number> {
    const raw = await res.text();
    if (res.status !== 200 || raw === '') return res.status;
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      this.violations.push(`ack of ${key}: body is not JSON: ${raw.slice(0, 80)}`);
    }
    this.recordAckAnswer(key, body);
    return res.status;
  }

  /** Files an answer that came in an ack (HTTP body or Socket Mode ack payload) under `key`, checked like a response_url post. */
  recordAckAnswer(key: string, body: unknown): void {
    if (this.validate) for (const problem of [...responseBodyProblems(body), ...this.imageFileProblems(isObject(body) ? body.blocks : undefined)]) this.violations.push(`ack of ${key}: ${problem}`);
    this.responses.push({ id: key, body, at: Date.now(), via: 'ack' });
    this.notify(this.responses);
  }

  private onResponseUrl(res: ServerResponse, id: string, raw: string): void {
    const uses = this.responseUrlUses.get(id);
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      body = raw;
      this.violations.push(`response_url ${id}: body is not JSON`);
    }
    if (!this.validate) {
      // Benchmarks: no bookkeeping of response_url uses, no body checks.
    } else if (uses === undefined) {
      this.violations.push(`response_url ${id}: was never issued by fake.responseUrl()`);
    } else {
      this.responseUrlUses.set(id, uses + 1);
      if (uses + 1 > RESPONSE_URL_USES) {
        this.violations.push(`response_url ${id}: used ${uses + 1} times, Slack allows ${RESPONSE_URL_USES}`);
      }
    }
    if (this.validate) for (const problem of [...responseBodyProblems(body), ...this.imageFileProblems(isObject(body) ? body.blocks : undefined)]) this.violations.push(`response_url ${id}: ${problem}`);
    this.responses.push({ id, body, at: Date.now() });
    this.notify(this.responses);
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }

  /**
   * The upload URL of a file slot: Slack's upload service takes the bytes raw or as multipart form
   * data (the WebClient sends a form with one file part) and answers 200 `OK - <length>`.
   */
  private async onUpload(req: IncomingMessage, res: ServerResponse, fileId: string, raw: Buffer): Promise<void> {
    const slot = this.fileSlots.get(fileId);
    const where = `upload ${fileId}`;
    if (!slot) {
      this.violations.push(`${where}: no such upload URL was handed out by files.getUploadURLExternal`);
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const contentType = req.headers['content-type'] ?? '';
    let bytes = raw;
    if (contentType.toLowerCase().startsWith('multipart/form-data')) {
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const parts = [...form.values()].filter((v): v is File => typeof v !== 'string');
      if (parts.length !== 1) this.violations.push(`${where}: expected one file part, got ${parts.length}`);
      bytes = parts[0] ? Buffer.from(await parts[0].arrayBuffer()) : Buffer.alloc(0);
    }
    if (slot.bytes) this.violations.push(`${where}: uploaded twice`);
    if (bytes.length !== slot.length) {
      this.violations.push(`${where}: ${bytes.length} bytes uploaded, but files.getUploadURLExternal was told length ${slot.length}`);
    }
    slot.bytes = bytes;
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(`OK - ${bytes.length}`);
  }

  /**
   * Image blocks that show a Slack file by id must name a file that was uploaded and completed here,
   * and a PNG, JPG or GIF (the Slack file object's "only png, jpg, jpeg and gif" rule).
   */
  imageFileProblems(blocks: unknown): string[] {
    if (!Array.isArray(blocks)) return [];
    return blocks.flatMap((b, i) => {
      const id = isObject(b) && b.type === 'image' && isObject(b.slack_file) ? b.slack_file.id : undefined;
      if (id === undefined) return [];
      const upload = this.uploads.find((u) => u.fileId === id);
      if (!upload) return [`blocks/${i}/slack_file/id: ${JSON.stringify(id)} is no file uploaded through files.completeUploadExternal`];
      return /\.(png|jpe?g|gif)$/i.test(upload.filename) ? [] : [`blocks/${i}/slack_file: ${upload.filename} is not a png, jpg or gif image`];
    });
  }

  /** The checks of the upload flow that need the fake's state: every completed file was issued and uploaded, once. */
  private uploadProblems(method: string, params: Record<string, unknown>): Problem[] {
    if (method !== 'files.completeUploadExternal' || !Array.isArray(params.files)) return [];
    const problems: Problem[] = [];
    for (const f of params.files as unknown[]) {
      const id = isObject(f) ? f.id : undefined;
      const slot = typeof id === 'string' ? this.fileSlots.get(id) : undefined;
      if (!slot) problems.push({ error: 'file_not_found', message: `files: ${JSON.stringify(id)} was not issued by files.getUploadURLExternal` });
      else if (!slot.bytes) problems.push({ error: 'file_not_found', message: `files: ${String(id)} was never uploaded to its upload_url` });
      else if (slot.completed) problems.push({ error: 'invalid_arguments', message: `files: ${String(id)} was already completed` });
    }
    return problems;
  }

  private record(method: string, params: Record<string, unknown>, at: number, team?: string): void {
    this.calls.push({ method, params, at, ...(team ? { team } : {}) });
    this.notify(this.calls);
  }

  // ------------------------------------------------------------------------------------------------------
  // Waiting

  private waitIn<T>(
    list: T[],
    pred: (item: T) => boolean,
    timeoutMs: number,
    what: string,
    describe: (item: T) => string,
  ): Promise<T> {
    const found = list.find(pred);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        list: list as unknown[],
        check: (item) => {
          if (!pred(item as T)) return false;
          done();
          resolve(item as T);
          return true;
        },
        cancel: (error) => {
          done();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        // The latest 50 are enough to see what happened instead.
        const seen = list.slice(-50).map((item) => `  - ${describe(item)}`).join('\n') || '  (none)';
        waiter.cancel(new Error(`FakeSlack: no matching ${what} within ${timeoutMs} ms. Seen (${list.length}):\n${seen}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      this.waiters.add(waiter);
    });
  }

  private notify(list: unknown[]): void {
    const item = list[list.length - 1];
    for (const w of [...this.waiters]) if (w.list === list) w.check(item);
  }

  // ------------------------------------------------------------------------------------------------------
  // Answers

  private installDefaultHandlers(): void {
    const h = (method: string, fn: FakeSlackHandler) => this.handlers.set(method, fn);

    h('auth.test', (_p, install) => ({
      ok: true,
      url: 'https://neuvo-test.slack.com/',
      team: install?.teamName ?? 'Neuvo Test',
      user: 'neuvo',
      team_id: install?.teamId ?? this.teamId,
      user_id: install?.botUserId ?? this.botUserId,
      bot_id: this.botId,
      // The spec's auth.test answer has no enterprise_id.
      is_enterprise_install: Boolean(install?.isEnterpriseInstall),
    }));

    h('oauth.v2.access', (p) => this.exchange(p, this.authorization));

    h('chat.postMessage', (p) => {
      const channel = this.resolveChannel(String(p.channel));
      const ts = this.nextTs();
      return { ok: true, channel, ts, message: this.messageFor(p, ts) };
    });

    h('chat.update', (p) => {
      const channel = this.resolveChannel(String(p.channel));
      const ts = String(p.ts);
      const text = typeof p.text === 'string' ? p.text : '';
      const message = { ...this.messageFor(p, ts), edited: { user: this.botUserId, ts: this.nextTs() } };
      return { ok: true, channel, ts, text, message };
    });

    h('chat.postEphemeral', () => ({ ok: true, message_ts: this.nextTs() }));

    h('chat.delete', (p) => ({ ok: true, channel: this.resolveChannel(String(p.channel)), ts: String(p.ts) }));

    h('views.open', (p) => ({ ok: true, view: this.storeView(p.view as Record<string, unknown>) }));
    h('views.push', (p) => {
      const root = [...this.views.values()].at(-1);
      return { ok: true, view: this.storeView(p.view as Record<string, unknown>, undefined, root) };
    });
    h('views.update', (p) => {
      const existing =
        typeof p.view_id === 'string'
          ? this.views.get(p.view_id)
          : [...this.views.values()].find((v) => v.external_id === p.external_id);
      // Unknown ids are accepted: tests often submit views (e.g. "V111") the fake never opened.
      const id = (existing?.id as string | undefined) ?? (typeof p.view_id === 'string' ? p.view_id : undefined);
      return { ok: true, view: this.storeView(p.view as Record<string, unknown>, id, existing) };
    });

    h('conversations.open', (p) => {
      if (typeof p.channel === 'string') return { ok: true, channel: { id: p.channel } };
      const users = String(p.users).split(',').map((u) => u.trim()).filter(Boolean).sort();
      const key = users.join(',');
      const alreadyOpen = this.dmByUsers.has(key);
      const id = this.dmFor(users);
      const returnIm = p.return_im === true || p.return_im === 'true' || p.return_im === '1';
      // The spec only lets a bare {id} through for a 1:1 DM; group DMs come back as full conversations.
      const channel =
        users.length > 1 ? this.mpimObject(id, users) : returnIm ? this.imObject(id, users[0]!) : { id };
      return alreadyOpen ? { ok: true, no_op: true, already_open: true, channel } : { ok: true, channel };
    });

    h('users.info', (p, install) => ({ ok: true, user: this.userObject(String(p.user), p.include_locale, install?.teamId) }));

    h('files.getUploadURLExternal', (p) => {
      const fileId = this.nextId('F');
      this.fileSlots.set(fileId, { filename: String(p.filename), length: Number(p.length), completed: false });
      return { ok: true, upload_url: `${this.baseUrl}${UPLOAD_PATH}${fileId}`, file_id: fileId };
    });

    h('files.completeUploadExternal', (p) => {
      const channel = typeof p.channel_id === 'string' ? p.channel_id : null;
      const files = (p.files as { id: string; title?: string }[]).map((f) => {
        const slot = this.fileSlots.get(f.id)!;
        slot.completed = true;
        const upload: FakeSlackUpload = {
          fileId: f.id,
          filename: slot.filename,
          title: f.title,
          bytes: slot.bytes!,
          channel,
          initialComment: typeof p.initial_comment === 'string' ? p.initial_comment : undefined,
          threadTs: typeof p.thread_ts === 'string' ? p.thread_ts : undefined,
          at: Date.now(),
        };
        this.uploads.push(upload);
        this.notify(this.uploads);
        return { id: f.id, title: f.title ?? slot.filename };
      });
      return { ok: true, files };
    });

    h('conversations.info', (p) => {
      const id = String(p.channel);
      const users = [...this.dmByUsers].find(([, dm]) => dm === id)?.[0].split(',') ?? [];
      if (id.startsWith('D')) return { ok: true, channel: this.imObject(id, users[0] ?? this.botUserId) };
      return { ok: true, channel: users.length > 1 ? this.mpimObject(id, users) : this.channelObject(id) };
    });
  }

  private messageFor(p: Record<string, unknown>, ts: string): Record<string, unknown> {
    return {
      type: 'message',
      text: typeof p.text === 'string' ? p.text : '',
      user: this.botUserId,
      bot_id: this.botId,
      ts,
      team: this.teamId,
      ...(Array.isArray(p.blocks) ? { blocks: p.blocks } : {}),
      ...(typeof p.thread_ts === 'string' ? { thread_ts: p.thread_ts } : {}),
    };
  }

  private storeView(
    def: Record<string, unknown>,
    id = this.nextId('V'),
    previous?: Record<string, unknown>,
  ): Record<string, unknown> {
    const view: Record<string, unknown> = {
      id,
      team_id: this.teamId,
      type: def.type,
      blocks: def.blocks ?? [],
      private_metadata: def.private_metadata ?? '',
      callback_id: def.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${this.nextId('h').slice(1)}`,
      title: def.title ?? null,
      clear_on_close: def.clear_on_close ?? false,
      notify_on_close: def.notify_on_close ?? false,
      close: def.close ?? null,
      submit: def.submit ?? null,
      previous_view_id: previous && previous.id !== id ? previous.id : null,
      root_view_id: (previous?.root_view_id as string | undefined) ?? id,
      app_id: 'A0FAKEAPP1',
      external_id: def.external_id ?? '',
      app_installed_team_id: this.teamId,
      bot_id: this.botId,
    };
    this.views.set(id, view);
    return view;
  }

  private userObject(id: string, includeLocale: unknown, teamId?: string): Record<string, unknown> {
    const custom = { ...this.users.get(id), ...(teamId ? this.users.get(`${teamId}:${id}`) : {}) };
    const name = (custom.name as string | undefined) ?? `user.${id.toLowerCase()}`;
    const realName = (custom.real_name as string | undefined) ?? `User ${id}`;
    const image = 'https://a.slack-edge.com/80588/img/avatars/ava_0001-72.png';
    const { profile: customProfile, ...fields } = custom;
    return {
      id,
      team_id: teamId ?? this.teamId,
      name,
      deleted: false,
      color: '9f69e7',
      real_name: realName,
      tz: 'Europe/Helsinki',
      tz_label: 'Eastern European Time',
      tz_offset: 7200,
      is_admin: false,
      is_owner: false,
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: 1700000000,
      has_2fa: false,
      ...(includeLocale === true || includeLocale === 'true' || includeLocale === '1' ? { locale: 'fi-FI' } : {}),
      ...fields,
      profile: {
        title: '',
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName,
        display_name: name,
        display_name_normalized: name,
        fields: null,
        status_text: '',
        status_emoji: '',
        status_expiration: 0,
        avatar_hash: 'g0123456789a',
        email: `${name}@example.org`,
        image_24: image,
        image_72: image,
        team: this.teamId,
        ...customProfile,
      },
    };
  }

  private channelObject(id: string): Record<string, unknown> {
    const name = [...this.channelIdsByName].find(([, cid]) => cid === id)?.[0] ?? `channel-${id.toLowerCase()}`;
    const empty = { value: '', creator: '', last_set: 0 };
    return {
      id,
      name,
      created: 1700000000,
      creator: this.botUserId,
      is_archived: false,
      is_channel: true,
      is_general: false,
      is_mpim: false,
      is_group: false,
      is_org_shared: false,
      is_im: false,
      is_shared: false,
      is_ext_shared: false,
      is_private: id.startsWith('G'),
      is_member: true,
      name_normalized: name,
      topic: empty,
      purpose: empty,
      num_members: 2,
      ...this.channels.get(id),
    };
  }

  private mpimObject(id: string, users: string[]): Record<string, unknown> {
    const name = `mpdm-${users.map((u) => u.toLowerCase()).join('--')}-1`;
    return {
      ...this.channelObject(id),
      name,
      name_normalized: name,
      is_channel: false,
      is_group: false,
      is_mpim: true,
      is_private: true,
      num_members: users.length + 1,
      ...this.channels.get(id),
    };
  }

  private imObject(id: string, user: string): Record<string, unknown> {
    return { id, created: 1700000000, is_im: true, is_org_shared: false, user, priority: 0, is_open: true, ...this.channels.get(id) };
  }

  /** chat.* accept channel IDs, user IDs (→ their DM) and names (→ an ID), and answer with the ID. */
  private resolveChannel(channel: string): string {
    if (/^[UW][A-Z0-9]+$/.test(channel)) return this.dmFor([channel]);
    if (/^[CGD][A-Z0-9]+$/.test(channel)) return channel;
    const name = channel.replace(/^#/, '');
    let id = this.channelIdsByName.get(name);
    if (!id) {
      id = this.nextId('C');
      this.channelIdsByName.set(name, id);
    }
    return id;
  }

  private dmFor(users: string[]): string {
    const key = [...users].sort().join(',');
    let id = this.dmByUsers.get(key);
    if (!id) {
      id = this.nextId(users.length > 1 ? 'G' : 'D');
      this.dmByUsers.set(key, id);
    }
    return id;
  }

  private nextId(prefix = ''): string {
    this.idCounter += 1;
    return `${prefix}${this.idCounter.toString(36).toUpperCase().padStart(10, '0')}`;
  }

  /** Message timestamps: unique, increasing, `seconds.micros` near the current time, like Slack's. */
  private nextTs(): string {
    const now = Math.floor(Date.now() / 1000);
    let { sec, micro } = this.lastTs;
    if (now > sec) {
      sec = now;
      micro = 100;
    } else {
      micro += 100;
      if (micro > 999_999) {
        sec += 1;
        micro = 100;
      }
    }
    this.lastTs = { sec, micro };
    return `${sec}.${String(micro).padStart(6, '0')}`;
  }
}

/** Where the fake's upload URLs live (Slack's are on files.slack.com). */
const UPLOAD_PATH = '/upload/';

interface FileSlot {
  filename: string;
  length: number;
  bytes?: Buffer;
  completed: boolean;
}

interface Waiter {
  list: unknown[];
  check: (item: unknown) => boolean;
  cancel: (error: Error) => void;
}

// ---------------------------------------------------------------------------------------------------------
// The OpenAPI spec

interface Problem {
  error: string;
  message: string;
}

interface SpecParam {
  name: string;
  in: string;
  type?: string;
  required?: boolean;
}

interface SpecOperation {
  consumes?: string[];
  parameters?: SpecParam[];
  responses?: Record<string, { schema?: Record<string, unknown> }>;
}

interface SlackSpec {
  paths: Record<string, Record<string, SpecOperation>>;
  definitions: Record<string, unknown>;
}

interface RequestFacts {
  httpMethod: string;
  isJson: boolean;
  hasBearer: boolean;
  /** Parameters as sent (form values are strings). */
  params: Record<string, unknown>;
}

const SPEC_ID = 'slack-web-openapi';

/**
 * Slack's Web API spec (2021), loaded once per process. Read from `../shared/reference/slack`.
 */
class SpecChecker {
  private static instance: SpecChecker | undefined;
  private readonly ajv = new Ajv({ allErrors: false, strict: false });
  private readonly validators = new Map<string, ValidateFunction | null>();

  private constructor(private readonly spec: SlackSpec) {
    addFormatsModule.default(this.ajv);
    // Swagger's "url" format is not a JSON Schema one; Slack uses it for links.
    this.ajv.addFormat('url', /^https?:\/\/\S+$/);
    this.ajv.addSchema({ $id: SPEC_ID, definitions: toJsonSchema(spec.definitions) });
  }

  static shared(): SpecChecker {
    if (!SpecChecker.instance) {
      const dir = join(REFERENCE_DIR, 'slack');
      const spec = JSON.parse(readFileSync(join(dir, 'slack_web_openapi_v2.json'), 'utf8')) as SlackSpec;
      applyErrata(spec);
      SpecChecker.instance = new SpecChecker(spec);
    }
    return SpecChecker.instance;
  }

  /** HTTP verb, content type, required parameters and primitive types of one request. */
  checkRequest(method: string, req: RequestFacts): Problem[] {
    const path = this.spec.paths[`/${method}`];
    if (!path) return []; // newer than the spec: nothing to check against
    const problems: Problem[] = [];
    const verb = req.httpMethod.toLowerCase();
    // Every Slack method takes POST (the WebClient only POSTs); GET only where the spec says so.
    if (verb !== 'post' && !(verb in path)) {
      problems.push({ error: 'invalid_post_type', message: `HTTP ${req.httpMethod} not allowed (spec: ${Object.keys(path).join(', ')})` });
    }
    const op = (path.post ?? path.get)!;
    if (req.isJson && !(op.consumes ?? []).includes('application/json')) {
      problems.push({ error: 'invalid_post_type', message: 'method does not accept a JSON body (spec consumes form data only)' });
    }
    for (const param of op.parameters ?? []) {
      if (param.name === 'token') {
        if (param.required && !req.hasBearer && req.params.token === undefined) {
          problems.push({ error: 'not_authed', message: 'no token (Authorization: Bearer or token parameter)' });
        }
        continue;
      }
      const value = req.params[param.name];
      if (value === undefined) {
        if (param.required) problems.push({ error: 'invalid_arguments', message: `missing required field: ${param.name}` });
      } else if (param.type && !fitsType(value, param.type, req.isJson)) {
        problems.push({
          error: 'invalid_arguments',
          message: `${param.name} must be ${param.type}, got ${JSON.stringify(value)}`,
        });
      }
    }
    return problems;
  }

  /** Why `answer` does not fit the method's 200 response schema, or undefined if it does (or there is none). */
  checkAnswer(method: string, answer: unknown): string | undefined {
    const validate = this.validatorFor(method);
    if (!validate || validate(answer)) return undefined;
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ');
  }

  private validatorFor(method: string): ValidateFunction | null {
    if (!this.validators.has(method)) {
      const path = this.spec.paths[`/${method}`];
      const schema = (path?.post ?? path?.get)?.responses?.['200']?.schema;
      this.validators.set(method, schema ? this.ajv.compile(toJsonSchema(schema) as object) : null);
    }
    return this.validators.get(method)!;
  }
}

/**
 * Rewrites Slack's Swagger schema dialect into JSON Schema that Ajv understands:
 * refs point into the registered spec, and `items: [A, B]` on a non-array — Slack's generator's way of
 * writing "one of A or B" — becomes `anyOf` (read literally it would check nothing).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) {
      out.$ref = `${SPEC_ID}${value}`;
    } else if (key === 'items' && Array.isArray(value) && (node as { type?: unknown }).type !== 'array') {
      out.anyOf = toJsonSchema(value);
    } else if (key === 'examples' || key === 'example') {
      continue; // sample data, not schema
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  return out;
}

/** Known mistakes in the 2021 spec, corrected where real Slack answers contradict it. */
function applyErrata(spec: SlackSpec): void {
  // chat.update echoes the message's blocks as an array, like every other message; the spec says "object".
  const update = spec.paths['/chat.update']?.post?.responses?.['200']?.schema as
    | { properties?: { message?: { properties?: Record<string, unknown> } } }
    | undefined;
  if (update?.properties?.message?.properties) {
    update.properties.message.properties.blocks = { $ref: '#/definitions/blocks' };
  }
  // Token rotation (docs.slack.dev/authentication/using-token-rotation): oauth.v2.access also takes
  // grant_type=refresh_token and refresh_token instead of a code, which the spec predates.
  const access = spec.paths['/oauth.v2.access']?.get;
  if (access?.parameters) {
    access.parameters = access.parameters.map((p) => (p.name === 'code' ? { ...p, required: false } : p));
    access.parameters.push({ name: 'grant_type', in: 'query', type: 'string' }, { name: 'refresh_token', in: 'query', type: 'string' });
  }
}

/** Does a parameter value have the spec's primitive type? Form values are strings that must parse as it. */
function fitsType(value: unknown, type: string, isJson: boolean): boolean {
  if (isJson && typeof value !== 'string') {
    switch (type) {
      case 'integer':
        return Number.isInteger(value);
      case 'number':
        return typeof value === 'number';
      case 'boolean':
        return typeof value === 'boolean';
      default:
        // JSON bodies carry structured values (blocks, view) for parameters the spec types as string.
        return value !== null;
    }
  }
  const s = String(value);
  switch (type) {
    case 'integer':
      return /^-?\d+$/.test(s);
    case 'number':
      return s.trim() !== '' && Number.isFinite(Number(s));
    case 'boolean':
      return ['true', 'false', '1', '0'].includes(s);
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Checks the spec cannot express

function semanticProblems(method: string, params: Record<string, unknown>, wire: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  if (MESSAGE_METHODS.has(method)) {
    const has = (k: string) => params[k] !== undefined && params[k] !== '';
    if (!has('text') && !has('blocks') && !has('attachments')) {
      problems.push({ error: 'no_text', message: 'needs text, blocks or attachments' });
    }
  }
  // Any method's `blocks` is a message's blocks (views carry theirs inside `view`).
  if (params.blocks !== undefined) {
    if (typeof wire.blocks === 'string' && typeof params.blocks === 'string') {
      problems.push({ error: 'invalid_blocks_format', message: 'blocks is not valid JSON' });
    } else {
      for (const m of blockKitProblems(params.blocks, 'blocks', 50)) problems.push({ error: 'invalid_blocks', message: m });
    }
  }
  if (VIEW_METHODS.has(method) && params.view !== undefined) {
    for (const m of viewProblems(params.view)) problems.push({ error: 'invalid_arguments', message: m });
  }
  if (method === 'views.update' && params.view_id === undefined && params.external_id === undefined) {
    problems.push({ error: 'invalid_arguments', message: 'views.update needs view_id or external_id' });
  }
  if (method === 'conversations.open' && params.users === undefined && params.channel === undefined) {
    problems.push({ error: 'users_list_not_supplied', message: 'conversations.open needs users or channel' });
  }
  if (method === 'users.info' && params.user === undefined) {
    problems.push({ error: 'user_not_found', message: 'users.info needs user' });
  }
  if (method === 'conversations.info' && params.channel === undefined) {
    problems.push({ error: 'channel_not_found', message: 'conversations.info needs channel' });
  }
  return problems;
}

/**
 * Methods newer than the 2021 spec, checked by hand against Slack's method reference
 * (docs.slack.dev/reference/methods/files.getUploadURLExternal and …/files.completeUploadExternal):
 * the token, the required arguments and the types of all documented ones. Conservative where the
 * docs are vague: `length` must be a positive integer, and `channel_id` and `channels` are not mixed.
 */
const NEWER_METHODS: Record<string, { required: Record<string, ArgType>; optional: Record<string, ArgType> }> = {
  // Socket Mode (docs.slack.dev/reference/methods/apps.connections.open): no arguments, an app-level token.
  'apps.connections.open': { required: {}, optional: {} },
  'files.getUploadURLExternal': {
    required: { filename: 'string', length: 'integer' },
    // The docs name it alt_txt; the WebClient sends alt_text. Both are accepted.
    optional: { alt_txt: 'string', alt_text: 'string', snippet_type: 'string' },
  },
  'files.completeUploadExternal': {
    required: { files: 'array' },
    optional: { channel_id: 'string', channels: 'string', thread_ts: 'string', initial_comment: 'string', blocks: 'array' },
  },
};

type ArgType = 'string' | 'integer' | 'array';

function newerMethodProblems(method: string, wire: Record<string, unknown>, hasBearer: boolean): Problem[] {
  const spec = NEWER_METHODS[method];
  if (!spec) return [];
  const problems: Problem[] = [];
  if (!hasBearer && wire.token === undefined) problems.push({ error: 'not_authed', message: 'no token (Authorization: Bearer or token parameter)' });
  for (const [name, type] of Object.entries({ ...spec.required, ...spec.optional })) {
    const value = wire[name];
    if (value === undefined) {
      if (name in spec.required) problems.push({ error: 'invalid_arguments', message: `missing required field: ${name}` });
    } else if (!fitsArg(value, type)) {
      problems.push({ error: 'invalid_arguments', message: `${name} must be ${type === 'array' ? 'a JSON array' : type}, got ${JSON.stringify(value)}` });
    }
  }
  if (method === 'files.getUploadURLExternal') {
    if (typeof wire.filename === 'string' && wire.filename.trim() === '') problems.push({ error: 'invalid_arguments', message: 'filename is empty' });
    if (wire.length !== undefined && !(Number(wire.length) >= 1)) problems.push({ error: 'invalid_arguments', message: `length must be at least 1, got ${JSON.stringify(wire.length)}` });
  }
  if (method === 'files.completeUploadExternal') {
    const files = parseJsonArray(wire.files) ?? [];
    if (wire.files !== undefined && files.length === 0) problems.push({ error: 'invalid_arguments', message: 'files is empty' });
    files.forEach((f, i) => {
      if (!isObject(f) || typeof f.id !== 'string') problems.push({ error: 'invalid_arguments', message: `files/${i}: needs an id` });
      else if (f.title !== undefined && typeof f.title !== 'string') problems.push({ error: 'invalid_arguments', message: `files/${i}/title must be a string` });
    });
    if (wire.channel_id !== undefined && wire.channels !== undefined) problems.push({ error: 'invalid_arguments', message: 'give channel_id or channels, not both' });
    if (wire.thread_ts !== undefined && wire.channel_id === undefined && wire.channels === undefined) {
      problems.push({ error: 'invalid_arguments', message: 'thread_ts needs channel_id' });
    }
  }
  return problems;
}

function fitsArg(value: unknown, type: ArgType): boolean {
  if (type === 'array') return Array.isArray(value) || parseJsonArray(value) !== undefined;
  if (type === 'integer') return Number.isInteger(value) || (typeof value === 'string' && /^-?\d+$/.test(value));
  return typeof value === 'string';
}

function parseJsonArray(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  if (typeof value !== 'string') return undefined;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** What is wrong with a message sent to a response_url (Block Kit limits, missing content). */
function responseBodyProblems(body: unknown): string[] {
  if (!body || typeof body !== 'object') return ['body must be a JSON object'];
  const b = body as Record<string, unknown>;
  const problems: string[] = [];
  if (b.delete_original !== true && b.text === undefined && b.blocks === undefined && b.attachments === undefined) {
    problems.push('needs text, blocks or attachments');
  }
  if (b.response_type !== undefined && b.response_type !== 'in_channel' && b.response_type !== 'ephemeral') {
    problems.push(`response_type must be in_channel or ephemeral, got ${JSON.stringify(b.response_type)}`);
  }
  if (b.blocks !== undefined) problems.push(...blockKitProblems(b.blocks, 'blocks', 50));
  return problems;
}

/** Limits of a modal or Home tab view (docs.slack.dev "View objects"). */
function viewProblems(view: unknown): string[] {
  if (!view || typeof view !== 'object' || Array.isArray(view)) return ['view must be a JSON object'];
  const v = view as Record<string, unknown>;
  const out: string[] = [];
  if (v.type !== 'modal' && v.type !== 'home') out.push(`view.type must be modal or home, got ${JSON.stringify(v.type)}`);
  if (v.type === 'modal') {
    if (!v.title) out.push('view.title is required for modals');
    for (const key of ['title', 'submit', 'close']) maxLen(out, `view.${key}.text`, textOf(v[key]), 24);
    const blocks = Array.isArray(v.blocks) ? (v.blocks as unknown[]) : [];
    if (!v.submit && blocks.some((b) => (b as { type?: unknown } | null)?.type === 'input')) {
      out.push('view.submit is required when the modal has input blocks');
    }
  }
  maxLen(out, 'view.callback_id', v.callback_id, 255);
  maxLen(out, 'view.external_id', v.external_id, 255);
  maxLen(out, 'view.private_metadata', v.private_metadata, 3000);
  out.push(...blockKitProblems(v.blocks, 'view.blocks', 100));
  return out;
}

/** Block Kit limits (docs.slack.dev Block Kit reference), paths given like JSON pointers. */
function blockKitProblems(blocks: unknown, where: string, maxBlocks: number): string[] {
  if (!Array.isArray(blocks)) return [`${where} must be an array of blocks`];
  const out: string[] = [];
  if (blocks.length > maxBlocks) out.push(`${where}: ${blocks.length} blocks, at most ${maxBlocks} allowed`);
  blocks.forEach((block, i) => checkBlock(out, `${where}/${i}`, block));
  return out;
}

function checkBlock(out: string[], at: string, block: unknown): void {
  if (!isObject(block) || typeof block.type !== 'string') {
    out.push(`${at}: a block needs a type`);
    return;
  }
  maxLen(out, `${at}/block_id`, block.block_id, 255);
  switch (block.type) {
    case 'section': {
      if (block.text === undefined && block.fields === undefined) out.push(`${at}: section needs text or fields`);
      maxLen(out, `${at}/text/text`, textOf(block.text), 3000);
      if (Array.isArray(block.fields)) {
        maxCount(out, `${at}/fields`, block.fields, 10);
        block.fields.forEach((f, i) => maxLen(out, `${at}/fields/${i}/text`, textOf(f), 2000));
      }
      if (block.accessory !== undefined) checkElement(out, `${at}/accessory`, block.accessory);
      break;
    }
    case 'header':
      if (isObject(block.text) && block.text.type !== 'plain_text') out.push(`${at}/text: header text must be plain_text`);
      maxLen(out, `${at}/text/text`, textOf(block.text), 150);
      break;
    case 'actions':
      if (!Array.isArray(block.elements)) {
        out.push(`${at}/elements: actions block needs elements`);
        break;
      }
      maxCount(out, `${at}/elements`, block.elements, 25);
      block.elements.forEach((e, i) => checkElement(out, `${at}/elements/${i}`, e));
      break;
    case 'context':
      if (Array.isArray(block.elements)) maxCount(out, `${at}/elements`, block.elements, 10);
      break;
    case 'input':
      maxLen(out, `${at}/label/text`, textOf(block.label), 2000);
      maxLen(out, `${at}/hint/text`, textOf(block.hint), 2000);
      if (block.element === undefined) out.push(`${at}/element: input block needs an element`);
      else checkElement(out, `${at}/element`, block.element);
      break;
    case 'image': {
      // Block Kit's image block: alt_text required; the image is image_url or slack_file, not both;
      // a slack_file object (Slack file object) has exactly one of url and id.
      if (typeof block.alt_text !== 'string' || block.alt_text === '') out.push(`${at}/alt_text: image block needs alt_text`);
      maxLen(out, `${at}/alt_text`, block.alt_text, 2000);
      maxLen(out, `${at}/image_url`, block.image_url, 3000);
      maxLen(out, `${at}/title/text`, textOf(block.title), 2000);
      if (isObject(block.title) && block.title.type !== 'plain_text') out.push(`${at}/title: image title must be plain_text`);
      if ((block.image_url === undefined) === (block.slack_file === undefined)) out.push(`${at}: image block needs exactly one of image_url and slack_file`);
      if (block.slack_file !== undefined) {
        const file = block.slack_file;
        if (!isObject(file) || (file.id === undefined) === (file.url === undefined)) out.push(`${at}/slack_file: needs exactly one of id and url`);
      }
      break;
    }
  }
}

function checkElement(out: string[], at: string, el: unknown): void {
  if (!isObject(el) || typeof el.type !== 'string') {
    out.push(`${at}: an element needs a type`);
    return;
  }
  maxLen(out, `${at}/action_id`, el.action_id, 255);
  maxLen(out, `${at}/placeholder/text`, textOf(el.placeholder), 150);
  switch (el.type) {
    case 'button':
      maxLen(out, `${at}/text/text`, textOf(el.text), 75);
      maxLen(out, `${at}/value`, el.value, 2000);
      maxLen(out, `${at}/url`, el.url, 3000);
      break;
    case 'static_select':
    case 'multi_static_select':
      checkOptions(out, at, el.options, 100);
      if (Array.isArray(el.option_groups)) maxCount(out, `${at}/option_groups`, el.option_groups, 100);
      break;
    case 'overflow':
      checkOptions(out, at, el.options, 5);
      break;
    case 'checkboxes':
    case 'radio_buttons':
      checkOptions(out, at, el.options, 10);
      break;
  }
}

function checkOptions(out: string[], at: string, options: unknown, max: number): void {
  if (!Array.isArray(options)) return;
  maxCount(out, `${at}/options`, options, max);
  options.forEach((o, i) => {
    maxLen(out, `${at}/options/${i}/text/text`, textOf(isObject(o) ? o.text : undefined), 75);
    maxLen(out, `${at}/options/${i}/value`, isObject(o) ? o.value : undefined, 150);
    maxLen(out, `${at}/options/${i}/description/text`, textOf(isObject(o) ? o.description : undefined), 75);
  });
}

function maxLen(out: string[], at: string, value: unknown, max: number): void {
  if (typeof value === 'string' && value.length > max) out.push(`${at}: ${value.length} characters, at most ${max}`);
}

function maxCount(out: string[], at: string, list: unknown[], max: number): void {
  if (list.length > max) out.push(`${at}: ${list.length} items, at most ${max}`);
}

function textOf(obj: unknown): unknown {
  return isObject(obj) ? obj.text : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------------------
// Wire helpers

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Query string plus form or JSON body, as sent (form values stay strings). */
function parseParams(
  url: URL,
  contentType: string,
  raw: string,
): { params: Record<string, unknown> } | { error: string; code: string } {
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (raw === '') return { params };
  if (contentType === 'application/json') {
    try {
      const body: unknown = JSON.parse(raw);
      if (!isObject(body)) return { error: 'JSON body is not an object', code: 'json_not_object' };
      return { params: { ...params, ...body } };
    } catch {
      return { error: 'body is not valid JSON', code: 'invalid_json' };
    }
  }
  if (contentType === 'application/x-www-form-urlencoded') {
    return { params: { ...params, ...Object.fromEntries(new URLSearchParams(raw)) } };
  }
  return { error: `unsupported content type ${JSON.stringify(contentType)}`, code: 'invalid_post_type' };
}

/** The WebClient JSON-stringifies nested values into form fields; parse them back for tests and checks. */
function decodeJsonParams(wire: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...wire };
  for (const key of JSON_PARAMS) {
    const value = out[key];
    if (typeof value !== 'string') continue;
    try {
      out[key] = JSON.parse(value);
    } catch {
      // left as a string; the checks report it
    }
  }
  return out;
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers }).end(JSON.stringify(body));
}

function preview(value: unknown): string {
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}
