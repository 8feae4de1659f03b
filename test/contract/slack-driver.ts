/**
 * Drives the real Slack adapter (Bolt, HTTP mode or Socket Mode) against FakeSlack: commands and clicks
 * go in as signed requests (or Socket Mode envelopes), answers come back as acks, Web API calls and
 * response_url posts, normalised to the contract's {@link Outcome}.
 */
import type { Level } from 'pino';
import { capturingLogger } from '../support/capture-log.js';
import type { Runtime } from '../../adapters/runtime.js';
import { launchSlack, type RunningSlack, slackOptions } from '../../adapters/slack/slack-adapter.js';
import type { SeenStore } from '../../adapters/slack/replay-guard.js';
import { loadConfig } from '../../src/config.js';
import { FakeSlack, type FakeSlackCall } from '../fakes/slack-api.js';
import { blockActionsPayload, postInteraction, postSlashCommand, type SignOptions } from '../fakes/slack-signing.js';
import { FakeSocketMode } from '../fakes/slack-socket-mode.js';
import { TEST_SECRET } from '../support/runtime.js';
import type { AdapterDriver, Outcome } from './driver.js';

export const SLACK_TEAM = 'T0NEUVO001';
export const SLACK_CHANNEL = 'C0GENERAL1';
export const SLACK_SECRET = 'test-signing-secret';
/** The scenario's logical users as Slack users. */
export const SLACK_USERS: Readonly<Record<string, string>> = {
  coord: 'U0COORD001',
  alice: 'U0ALICE001',
  bob: 'U0BOB00001',
  // The candidates and deputies of the balance scenario (issue #15).
  matti: 'U0MATTI001',
  mikko: 'U0MIKKO001',
  wilma: 'U0WILMA001',
  dora: 'U0DORA0001',
  dana: 'U0DANA0001',
  dave: 'U0DAVE0001',
};

type Json = Record<string, any>;

/** An answer as it reached Slack: a post in a channel, or a response_url message. */
export interface SlackReply {
  readonly via: 'post' | 'response_url';
  /** The channel posted in (posts only). */
  readonly channel?: string;
  /** `ephemeral` or `in_channel` for response_url messages. */
  readonly responseType?: string;
  readonly replaceOriginal?: boolean;
  readonly blocks: Json[];
  readonly text: string;
  readonly unfurlLinks?: unknown;
}

let keyCounter = 0;

/** The real adapter on a real runtime, a FakeSlack, and helpers to talk to them like Slack does. */
export class SlackHarness {
  private readonly consumed = new Set<object>();
  /** Requests Bolt is processing (see `start`). */
  private running = 0;

  private constructor(
    readonly fake: FakeSlack,
    readonly slack: RunningSlack,
    readonly eventsUrl: string,
    readonly baseUrl: string,
    /** Log lines the adapter wrote (JSON), for tests that expect a logged failure. */
    readonly logs: string[],
    /** In Socket Mode: the fake WebSocket commands and clicks arrive on (no events URL then). */
    readonly socket?: FakeSocketMode,
  ) {}

  /**
   * Starts FakeSlack first (Bolt calls auth.test as it is built), then the adapter on a free port.
   * `runtime` may be a stub core (`{ neuvo: { handle, form }, messenger: { register } }`).
   */
  static async start(runtime: Pick<Runtime, 'neuvo' | 'messenger'> & Partial<Pick<Runtime, 'names'>>, opts: { userCacheMs?: number; socketMode?: boolean; logLevel?: Level; seen?: SeenStore } = {}): Promise<SlackHarness> {
    const fake = await FakeSlack.start({ teamId: SLACK_TEAM });
    const socket = opts.socketMode ? await FakeSocketMode.start(fake) : undefined;
    const { log, logs } = capturingLogger(opts.logLevel);
    try {
      const credentials = socket ? { SLACK_APP_TOKEN: `xapp-1-${socket.appId}-1-test` } : { SLACK_SIGNING_SECRET: SLACK_SECRET };
      const config = loadConfig({ NEUVO_SECRET: TEST_SECRET, SLACK_BOT_TOKEN: 'xoxb-test-token', ...credentials, SLACK_API_URL: fake.apiUrl, PORT: '0' });
      const slack = await launchSlack(runtime, { ...slackOptions(config), host: '127.0.0.1', ...(opts.userCacheMs !== undefined ? { userCacheMs: opts.userCacheMs } : {}), ...(opts.seen ? { seen: opts.seen } : {}) }, log);
      const base = slack.address ? `http://127.0.0.1:${slack.address.port}` : '';
      const harness = new SlackHarness(fake, slack, base && `${base}/slack/events`, base, logs, socket);
      // Counts the requests Bolt is processing (middleware and listeners): a request is acked first and
      // answered after, so once none is processed every answer to a request acked so far has reached the fake.
      const processEvent = slack.app.processEvent.bind(slack.app);
      slack.app.processEvent = async (event) => {
        harness.running += 1;
        try {
          await processEvent(event);
        } finally {
          harness.running -= 1;
        }
      };
      return harness;
    } catch (err) {
      await socket?.close();
      await fake.close();
      throw err;
    }
  }

  /** How many calls the fake had seen when each response_url was made: posts before it answer nothing. */
  private readonly callsBefore = new Map<string, number>();

  /** A new response_url on the fake, with its key. */
  responseUrl(): { key: string; url: string } {
    const key = `r${++keyCounter}`;
    this.callsBefore.set(key, this.fake.calls.length);
    return { key, url: this.fake.responseUrl(key) };
  }

  /** Sends `/neuvo <text>` as Slack would (text already in Slack's escaped wire form). */
  async command(user: string, text: string, opts: { channel?: string; sign?: SignOptions; userName?: string; team?: string } = {}): Promise<{ status: number; key: string }> {
    const { key, url } = this.responseUrl();
    const fields = { text, user_id: user, user_name: opts.userName ?? user.toLowerCase(), channel_id: opts.channel ?? SLACK_CHANNEL, team_id: opts.team ?? SLACK_TEAM, response_url: url, channel_name: 'general' };
    // Socket Mode has no HTTP status: an acked envelope counts as 200.
    if (this.socket) return { status: (await this.socket.command(key, fields)) ? 200 : 0, key };
    const res = await postSlashCommand(this.eventsUrl, SLACK_SECRET, fields, opts.sign ?? {});
    return { status: await this.fake.answerInAck(key, res), key };
  }

  /** Clicks a button of an earlier reply (by its label) as `user`. */
  async click(user: string, on: SlackReply, label: string, channel = SLACK_CHANNEL): Promise<{ status: number; key: string }> {
    const button = on.blocks
      .filter((b) => b.type === 'actions')
      .flatMap((b) => b.elements as Json[])
      .find((e) => e.text?.text === label);
    if (!button) throw new Error(`no button “${label}” in ${JSON.stringify(on.blocks)}`);
    const { key, url } = this.responseUrl();
    const ephemeral = on.via === 'response_url' && on.responseType === 'ephemeral';
    const ts = `${Math.floor(Date.now() / 1000)}.000100`;
    const payload = blockActionsPayload({
      user,
      channel,
      team: SLACK_TEAM,
      actionId: button.action_id,
      value: button.value,
      responseUrl: url,
      buttonText: label,
      messageTs: ts,
      isEphemeral: ephemeral,
      // Slack includes the message for buttons in ordinary (non-ephemeral) messages.
      ...(ephemeral ? {} : { message: { type: 'message', user: this.fake.botUserId, bot_id: this.fake.botId, ts, text: on.text, blocks: on.blocks } }),
    });
    if (this.socket) return { status: (await this.socket.interaction(key, payload)) ? 200 : 0, key };
    const res = await postInteraction(this.eventsUrl, SLACK_SECRET, payload);
    return { status: res.status, key };
  }

  /**
   * The answer to the request that was given response_url `key`: a message on that response_url, or the
   * next chat.postMessage in `channel` not yet taken.
   */
  async reply(key: string, channel = SLACK_CHANNEL, timeoutMs = 30_000): Promise<SlackReply> {
    // A post made before the request (a card an earlier command posted, not taken) is no answer to it.
    const since = this.callsBefore.get(key) ?? 0;
    const posted = (c: FakeSlackCall, i: number) => i >= since && c.method === 'chat.postMessage' && c.params.channel === channel && !this.consumed.has(c);
    const candidate = () => this.fake.responses.some((r) => r.id === key && !this.consumed.has(r)) || this.fake.calls.some(posted);
    await this.poll(timeoutMs, `a reply to ${key}`, () => (candidate() ? true : undefined));
    // A command may post (an election card) before it answers, by chat.postMessage or the response_url:
    // the answer is what comes last, all in by the time its listener has returned.
    await this.idle(timeoutMs);
    return this.poll(timeoutMs, `a reply to ${key}`, () => {
      const response = this.fake.responses.find((r) => r.id === key && !this.consumed.has(r));
      if (response) {
        this.consumed.add(response);
        const body = response.body as Json;
        return {
          via: 'response_url',
          responseType: body.response_type,
          replaceOriginal: body.replace_original,
          blocks: body.blocks ?? [],
          text: body.text ?? '',
        };
      }
      const post = this.fake.calls.findLast(posted);
      return post ? this.take(post) : undefined;
    });
  }

  /**
   * Resolves once Bolt is processing no request: whatever the requests answered so far did (a command
   * run, an answer sent) is done, and a request refused or dropped did nothing.
   */
  idle(timeoutMs = 30_000): Promise<true> {
    return this.poll(timeoutMs, 'Bolt to finish its requests', () => (this.running === 0 ? true : undefined));
  }

  /** The next chat.postMessage (any channel) not yet taken as a reply. */
  async nextPost(timeoutMs = 30_000): Promise<SlackReply> {
    return this.poll(timeoutMs, 'a post', () => {
      const post = this.fake.calls.find((c) => c.method === 'chat.postMessage' && !this.consumed.has(c));
      return post ? this.take(post) : undefined;
    });
  }

  /** The users a conversations.open before `post` opened a DM with (how a DM's channel id is known). */
  dmUserOf(post: SlackReply): string | undefined {
    const at = this.fake.calls.findIndex((c) => c.method === 'chat.postMessage' && c.params.channel === post.channel && c.params.text === post.text);
    const open = this.fake.calls.slice(0, at).reverse().find((c) => c.method === 'conversations.open');
    return open ? String(open.params.users) : undefined;
  }

  async stop(): Promise<void> {
    await this.slack.stop().catch(() => {});
    await this.socket?.close();
    await this.fake.close();
  }

  private take(call: FakeSlackCall): SlackReply {
    this.consumed.add(call);
    const p = call.params;
    return { via: 'post', channel: String(p.channel), blocks: (p.blocks as Json[]) ?? [], text: String(p.text ?? ''), unfurlLinks: p.unfurl_links };
  }

  private async poll<T>(timeoutMs: number, what: string, find: () => T | undefined): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() > until) {
        const seen = this.fake.calls.map((c) => c.method).join(', ');
        throw new Error(`no ${what} within ${timeoutMs} ms (calls: ${seen}; responses: ${this.fake.responses.map((r) => r.id).join(', ')})`);
      }
      await new Promise((r) => setTimeout(r, 15));
    }
  }
}

/** Slack's escaping of what people type: `&`, `<`, `>` arrive as entities. */
export function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Everything a reader sees, as plain text: mentions back to `@name`, links as their text, mrkdwn
 * unescaped. A file reads `📎 name` (the context line the renderer puts where the file block was).
 */
export function readableText(reply: SlackReply, names: Readonly<Record<string, string>> = {}): string {
  const plain = (mrkdwn: string) =>
    mrkdwn
      .replace(/<@([A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `@${names[id] ?? id}`)
      .replace(/<#([A-Z0-9]+)(?:\|[^>]*)?>/g, (_, id: string) => `#${names[id] ?? id}`)
      .replace(/<(?:https?|mailto):[^|>]*\|([^>]*)>/g, '$1')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  const lines: string[] = [];
  for (const b of reply.blocks) {
    if (b.type === 'header') lines.push(b.text.text);
    else if (b.type === 'section' && b.text) lines.push(plain(b.text.text));
    else if (b.type === 'section' && b.fields) {
      for (const f of b.fields as Json[]) lines.push(plain(String(f.text).replace(/^\*([^\n]*)\*\n/, '$1: ')));
    } else if (b.type === 'context') lines.push(...(b.elements as Json[]).map((e) => plain(e.text ?? '')));
  }
  return lines.join('\n').replace(/^⚠️ /, '').trim();
}

/** The buttons of a reply: label and the command each runs. */
export function buttonsOf(reply: SlackReply): { label: string; command: string }[] {
  return reply.blocks.filter((b) => b.type === 'actions').flatMap((b) => (b.elements as Json[]).map((e) => ({ label: e.text.text, command: e.value })));
}

/** The contract driver: logical users `coord`, `alice`, `bob` in `#general` of one workspace. */
export async function slackDriver(runtime: Runtime, opts: { socketMode?: boolean; logLevel?: Level } = {}): Promise<AdapterDriver & { readonly harness: SlackHarness }> {
  const harness = await SlackHarness.start(runtime, opts);
  const names: Record<string, string> = { [SLACK_CHANNEL]: 'general' };
  for (const [name, id] of Object.entries(SLACK_USERS)) {
    names[id] = name;
    // The fake reports a Finnish client by default; the scenario's people use English Slack.
    harness.fake.setUser(id, { name, real_name: name, locale: 'en-US' });
  }
  const raw = new WeakMap<Outcome, SlackReply>();
  const outcome = (reply: SlackReply): Outcome => {
    const visibility = reply.via === 'post' || reply.responseType === 'in_channel' ? 'public' : 'private';
    const o: Outcome = { visibility, text: readableText(reply, names), buttons: buttonsOf(reply) };
    raw.set(o, reply);
    return o;
  };
  const userId = (user: string) => {
    const id = SLACK_USERS[user];
    if (!id) throw new Error(`unknown user ${user}`);
    return id;
  };
  // As Slack sends it with should_escape: typed text escaped, a mention of a known person as <@U…|name>.
  const wire = (text: string) =>
    slackEscape(text).replace(/(^|[\s"“(:])@([\p{L}\p{N}_.-]+)/gu, (all, before: string, name: string) =>
      SLACK_USERS[name] ? `${before}<@${SLACK_USERS[name]}|${name}>` : all,
    );
  const expectAck = (status: number) => {
    if (status !== 200) throw new Error(`Slack endpoint answered ${status}`);
  };
  return {
    name: 'slack',
    harness,
    async send(user, text) {
      const { status, key } = await harness.command(userId(user), wire(text), { userName: user });
      expectAck(status);
      return outcome(await harness.reply(key));
    },
    async click(user, on, label) {
      const reply = raw.get(on);
      if (!reply) throw new Error('click: not an outcome of this driver');
      const { status, key } = await harness.click(userId(user), reply, label);
      expectAck(status);
      return outcome(await harness.reply(key));
    },
    async nextPost(timeoutMs = 30_000) {
      const post = await harness.nextPost(timeoutMs);
      const dmUser = post.channel?.startsWith('D') ? harness.dmUserOf(post) : undefined;
      const to = dmUser ? `DM → @${names[dmUser] ?? dmUser}` : `#${names[post.channel ?? ''] ?? post.channel}`;
      return { ...outcome(post), to };
    },
    close: () => harness.stop(),
  };
}
