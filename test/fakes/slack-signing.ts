/**
 * Signed requests from "Slack" to a Bolt HTTPReceiver, for end-to-end tests.
 *
 * Bodies are shaped like the Bolt team's fixtures in
 * `reference/slack/payloads/*.bolt-python.json`; signatures follow Slack's v0 scheme
 * (see `reference/slack/request_signing_vector.json`).
 */
import { createHmac } from 'node:crypto';

/** Headers Slack adds to every request it sends to an app. */
export interface SlackSignatureHeaders {
  'x-slack-signature': string;
  'x-slack-request-timestamp': string;
}

/** Lets a test send a stale timestamp or a forged signature, or mark a request as Slack's retry. */
export interface SignOptions {
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** Sent instead of the correct signature. */
  signature?: string;
  /** Slack's `X-Slack-Retry-Num` (with reason `http_timeout`): this delivery was sent before without a 200. */
  retryNum?: number;
}

/**
 * Slack's v0 signature: `v0=` + hex HMAC-SHA256(secret, `v0:{timestamp}:{rawBody}`).
 * The secret is used as-is (UTF-8), not hex-decoded.
 */
export function signSlackRequest(
  signingSecret: string,
  rawBody: string,
  timestamp: number = Math.floor(Date.now() / 1000),
): SlackSignatureHeaders {
  const hmac = createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex');
  return { 'x-slack-signature': `v0=${hmac}`, 'x-slack-request-timestamp': String(timestamp) };
}

/** Fields of a slash command; the rest default to the Bolt fixture's values. */
export interface SlashCommandFields {
  text: string;
  user_id: string;
  channel_id: string;
  team_id: string;
  response_url: string;
  user_name?: string;
  command?: string;
  trigger_id?: string;
  team_domain?: string;
  channel_name?: string;
  enterprise_id?: string;
  enterprise_name?: string;
  /** 'true' from a workspace an org-wide Enterprise Grid installation serves. */
  is_enterprise_install?: string;
  token?: string;
}

/**
 * POSTs a signed slash command (form-encoded, every field of
 * `payloads/slack_slash_command.bolt-python.json`, in its order) to a Bolt endpoint.
 */
export async function postSlashCommand(
  url: string,
  secret: string,
  fields: SlashCommandFields,
  opts: SignOptions = {},
): Promise<Response> {
  return postSigned(url, secret, new URLSearchParams(slashCommandPayload(fields)).toString(), opts);
}

/**
 * A slash command's fields as Slack sends them: the keys and order of the fixture's raw_body, fixture
 * values for what the test leaves out. Form-encoded over HTTP, a JSON payload in Socket Mode.
 */
export function slashCommandPayload(fields: SlashCommandFields): Record<string, string> {
  return {
    token: fields.token ?? 'verification_token',
    team_id: fields.team_id,
    team_domain: fields.team_domain ?? 'test-domain',
    channel_id: fields.channel_id,
    channel_name: fields.channel_name ?? 'random',
    user_id: fields.user_id,
    user_name: fields.user_name ?? 'primary-owner',
    command: fields.command ?? '/neuvo',
    text: fields.text,
    enterprise_id: fields.enterprise_id ?? 'E111',
    enterprise_name: fields.enterprise_name ?? 'Org Name',
    ...(fields.is_enterprise_install ? { is_enterprise_install: fields.is_enterprise_install } : {}),
    response_url: fields.response_url,
    trigger_id: fields.trigger_id ?? newTriggerId(),
  };
}

/** POSTs a signed interaction (`payload=<url-encoded JSON>`, as Slack sends them) to a Bolt endpoint. */
export async function postInteraction(
  url: string,
  secret: string,
  payload: object,
  opts: SignOptions = {},
): Promise<Response> {
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return postSigned(url, secret, body, opts);
}

/** Input for {@link blockActionsPayload}. */
export interface BlockActionsInput {
  user: string;
  channel: string;
  team: string;
  actionId: string;
  value: string;
  responseUrl: string;
  /** ts of the message holding the button; a fresh one if omitted. */
  messageTs?: string;
  blockId?: string;
  /** Button label as the user saw it. */
  buttonText?: string;
  userName?: string;
  channelName?: string;
  triggerId?: string;
  /** The message the button sits in; real payloads carry it for non-ephemeral messages. */
  message?: Record<string, unknown>;
  isEphemeral?: boolean;
}

/** A `block_actions` payload for a button click, shaped like `payloads/slack_block_actions.bolt-python.json`. */
export function blockActionsPayload(input: BlockActionsInput): Record<string, unknown> {
  const userName = input.userName ?? 'primary-owner';
  const messageTs = input.messageTs ?? fakeTs();
  return {
    type: 'block_actions',
    user: { id: input.user, username: userName, name: userName, team_id: input.team },
    api_app_id: 'A111',
    token: 'verification_token',
    container: {
      type: 'message',
      message_ts: messageTs,
      channel_id: input.channel,
      is_ephemeral: input.isEphemeral ?? false,
    },
    trigger_id: input.triggerId ?? newTriggerId(),
    team: { id: input.team, domain: 'workspace-domain', enterprise_id: 'E111', enterprise_name: 'Sandbox Org' },
    channel: { id: input.channel, name: input.channelName ?? 'test-channel' },
    ...(input.message ? { message: input.message } : {}),
    response_url: input.responseUrl,
    actions: [
      {
        action_id: input.actionId,
        block_id: input.blockId ?? 'b',
        text: { type: 'plain_text', text: input.buttonText ?? 'Button', emoji: true },
        value: input.value,
        type: 'button',
        action_ts: fakeTs(),
      },
    ],
  };
}

/** One input's state as Slack reports it in `view.state.values[blockId][actionId]`. */
export type ViewStateValue = { type: string } & Record<string, unknown>;

/** Input for {@link viewSubmissionPayload}. */
export interface ViewSubmissionInput {
  user: string;
  team: string;
  callbackId: string;
  privateMetadata: string;
  /** `state.values`: block_id → action_id → value object (e.g. `{ type: 'plain_text_input', value: 'x' }`). */
  values: Record<string, Record<string, ViewStateValue>>;
  viewId?: string;
  userName?: string;
  title?: string;
  triggerId?: string;
  /** Present when the modal has `response_url_enabled` inputs. */
  responseUrls?: { block_id: string; action_id: string; channel_id: string; response_url: string }[];
}

/**
 * A `view_submission` payload shaped like `payloads/slack_view_submission.bolt-python.json`.
 * The view's blocks are input blocks derived from `values`, so blocks and state agree as in real payloads.
 */
export function viewSubmissionPayload(input: ViewSubmissionInput): Record<string, unknown> {
  const userName = input.userName ?? 'primary-owner';
  const viewId = input.viewId ?? 'V111';
  const blocks = Object.entries(input.values).flatMap(([blockId, actions]) =>
    Object.entries(actions).map(([actionId, state]) => ({
      type: 'input',
      block_id: blockId,
      label: { type: 'plain_text', text: blockId },
      optional: false,
      element: { type: state.type, action_id: actionId },
    })),
  );
  return {
    type: 'view_submission',
    team: { id: input.team, domain: 'workspace-domain', enterprise_id: 'E111', enterprise_name: 'Sandbox Org' },
    user: { id: input.user, username: userName, name: userName, team_id: input.team },
    api_app_id: 'A111',
    token: 'verification_token',
    trigger_id: input.triggerId ?? newTriggerId(),
    view: {
      id: viewId,
      team_id: input.team,
      type: 'modal',
      blocks,
      private_metadata: input.privateMetadata,
      callback_id: input.callbackId,
      state: { values: input.values },
      hash: `${Math.floor(Date.now() / 1000)}.3wRYuk3R`,
      title: { type: 'plain_text', text: input.title ?? 'My App' },
      clear_on_close: false,
      notify_on_close: false,
      close: { type: 'plain_text', text: 'Cancel' },
      submit: { type: 'plain_text', text: 'Submit' },
      previous_view_id: null,
      root_view_id: viewId,
      app_id: 'A111',
      external_id: '',
      app_installed_team_id: input.team,
      bot_id: 'B111',
    },
    response_urls: input.responseUrls ?? [],
  };
}

/** POSTs `body` signed with `secret` (form data unless `contentType` says otherwise: Events API bodies are JSON). */
export async function postSigned(url: string, secret: string, body: string, opts: SignOptions, contentType = 'application/x-www-form-urlencoded'): Promise<Response> {
  const headers = signSlackRequest(secret, body, opts.timestamp);
  if (opts.signature !== undefined) headers['x-slack-signature'] = opts.signature;
  const retry: Record<string, string> = opts.retryNum ? { 'x-slack-retry-num': String(opts.retryNum), 'x-slack-retry-reason': 'http_timeout' } : {};
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...headers, ...retry },
    body,
  });
  // Drain the body here so no socket stays busy after the test; hand back an equivalent Response.
  const text = await res.text();
  const nullBody = res.status === 204 || res.status === 205 || res.status === 304;
  return new Response(nullBody ? null : text, { status: res.status, statusText: res.statusText, headers: res.headers });
}

let triggerCounter = 0;
/** Trigger ids look like `111.222.xxx` (a number, a team number, a hash). */
function newTriggerId(): string {
  triggerCounter += 1;
  return `${Date.now()}${triggerCounter}.111.${triggerCounter.toString(16).padStart(8, '0')}`;
}

function fakeTs(): string {
  const ms = Date.now();
  return `${Math.floor(ms / 1000)}.${String((ms % 1000) * 1000).padStart(6, '0')}`;
}
