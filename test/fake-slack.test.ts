/**
 * Proves the fake Slack platform is faithful enough to drive the real Bolt app:
 * signatures match Slack's documented vector, Bolt starts against the fake, commands flow both ways,
 * contract breaches are caught, and the WebClient's rate-limit handling works against it.
 */
import { readFileSync } from 'node:fs';
import { REFERENCE_DIR } from './support/reference.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { App, HTTPReceiver, LogLevel, type Logger } from '@slack/bolt';
import { FakeSlack } from './fakes/slack-api.js';
import {
  blockActionsPayload,
  postInteraction,
  postSlashCommand,
  signSlackRequest,
  viewSubmissionPayload,
} from './fakes/slack-signing.js';

const REFERENCE = join(REFERENCE_DIR, 'slack');
const readJson = (file: string) => JSON.parse(readFileSync(join(REFERENCE, file), 'utf8')) as Record<string, any>;

const SIGNING_SECRET = 'test-signing-secret';
const TEAM = 'T0FAKETEAM';
const USER = 'U0TESTUSER1';
const CHANNEL = 'C0TESTCHAN1';

describe('signSlackRequest', () => {
  const vector = readJson('request_signing_vector.json');

  it('reproduces the signature of Slack’s documented example exactly', () => {
    const headers = signSlackRequest(vector.signing_secret, vector.raw_body, Number(vector.headers['X-Slack-Request-Timestamp']));
    expect(headers).toEqual({
      'x-slack-signature': vector.expected_signature,
      'x-slack-request-timestamp': vector.headers['X-Slack-Request-Timestamp'],
    });
  });

  it('gives a different signature when the body is tampered with (the vector’s negative case)', () => {
    const tampered = vector.raw_body + vector.negative_cases_from_same_test[0].raw_body_suffix;
    const headers = signSlackRequest(vector.signing_secret, tampered, Number(vector.headers['X-Slack-Request-Timestamp']));
    expect(headers['x-slack-signature']).not.toBe(vector.expected_signature);
  });

  it('sends slash commands byte for byte like the Bolt fixture, signed over that body', async () => {
    const fixture = readJson('payloads/slack_slash_command.bolt-python.json');
    const seen: { body: string; headers: Record<string, unknown> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ body, headers: req.headers });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const p = fixture.payload;
      const res = await postSlashCommand(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`, SIGNING_SECRET, {
        text: p.text,
        user_id: p.user_id,
        user_name: p.user_name,
        channel_id: p.channel_id,
        team_id: p.team_id,
        command: p.command,
        response_url: p.response_url,
        trigger_id: p.trigger_id,
      }, { timestamp: 1531420618 });
      expect(res.status).toBe(200);
      expect(seen[0]!.body).toBe(fixture.raw_body);
      expect(seen[0]!.headers['x-slack-signature']).toBe(signSlackRequest(SIGNING_SECRET, fixture.raw_body, 1531420618)['x-slack-signature']);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});

describe('payload builders', () => {
  it('build block_actions payloads with exactly the Bolt fixture’s structure', () => {
    const fixture = readJson('payloads/slack_block_actions.bolt-python.json').payload;
    const built = blockActionsPayload({
      user: 'W111', channel: 'C111', team: 'T111', actionId: 'a', value: 'click_me_123',
      responseUrl: 'https://hooks.slack.com/actions/T111/111/random-value', messageTs: '111.222', isEphemeral: true,
    });
    expect(shapeOf(built)).toEqual(shapeOf(fixture));
    expect(built).toMatchObject({ container: fixture.container, channel: fixture.channel, user: fixture.user });
  });

  it('build view_submission payloads with exactly the Bolt fixture’s structure', () => {
    const fixture = readJson('payloads/slack_view_submission.bolt-python.json').payload;
    const built = viewSubmissionPayload({
      user: 'W111', team: 'T111', callbackId: 'view-id', privateMetadata: 'This is for you!',
      values: { hspI: { maBWU: { type: 'plain_text_input', value: 'test' } } },
    });
    expect(shapeOf(built)).toEqual(shapeOf(fixture));
    expect((built.view as Record<string, unknown>).state).toEqual(fixture.view.state);
  });
});

describe('FakeSlack driving a real Bolt app', () => {
  let fake: FakeSlack;
  let app: App;
  let eventsUrl: string;
  const logs: string[] = [];

  beforeAll(async () => {
    // The fake must be up before `new App`: Bolt calls auth.test from the constructor.
    fake = await FakeSlack.start({ teamId: TEAM });
    const receiver = new HTTPReceiver({ signingSecret: SIGNING_SECRET, processBeforeResponse: false, logger: collectingLogger(logs) });
    app = new App({
      token: 'xoxb-test-token',
      receiver,
      logger: collectingLogger(logs),
      clientOptions: { slackApiUrl: fake.apiUrl },
    });
    app.command('/neuvo', async ({ command, ack, client, respond }) => {
      await ack();
      await client.chat.postMessage({
        channel: command.channel_id,
        text: `Hei ${command.user_name}: ${command.text}`,
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: `*${command.text}*` } },
          { type: 'actions', elements: [{ type: 'button', action_id: 'vote', text: { type: 'plain_text', text: 'Äänestä' }, value: 'yes' }] },
        ],
      });
      await respond({ text: 'Valmis.' });
    });
    app.action('vote', async ({ ack, body, respond }) => {
      await ack();
      await respond({ text: `Ääni kirjattu: ${(body as { actions: { value: string }[] }).actions[0]!.value}`, replace_original: false });
    });
    app.view('nominate', async ({ ack, view, client, body }) => {
      await ack();
      await client.chat.postMessage({
        channel: body.user.id,
        text: `Ehdokas: ${view.state.values.candidate!.name!.value} (${view.private_metadata})`,
      });
    });
    // Port 0 picks a free port; App#start resolves with the node http.Server, whose address() tells which.
    const server = await app.start({ port: 0, host: '127.0.0.1' });
    eventsUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slack/events`;
  });

  afterAll(async () => {
    await app?.stop();
    await fake?.close();
  });

  it('answers the auth.test Bolt makes at start-up, with a spec-conformant answer', async () => {
    const call = await fake.waitFor((c) => c.method === 'auth.test');
    expect(call.params).toMatchObject({});
    expect(fake.violations).toEqual([]);
  });

  it('delivers a signed slash command to app.command and records its postMessage and respond()', async () => {
    const responseUrl = fake.responseUrl();
    const res = await postSlashCommand(eventsUrl, SIGNING_SECRET, {
      text: 'kokous',
      user_id: USER,
      user_name: 'maija',
      channel_id: CHANNEL,
      team_id: TEAM,
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);

    const post = await fake.waitFor((c) => c.method === 'chat.postMessage');
    expect(post.params).toMatchObject({ channel: CHANNEL, text: 'Hei maija: kokous' });
    // Blocks travel JSON-encoded inside the form body; the fake hands them back as objects.
    expect(post.params.blocks).toEqual([
      expect.objectContaining({ type: 'section' }),
      expect.objectContaining({ type: 'actions' }),
    ]);
    const reply = await fake.waitForResponse((r) => responseUrl.endsWith(`/${r.id}`));
    expect(reply.body).toEqual({ text: 'Valmis.' });
    expect(fake.violations).toEqual([]);
  });

  it('delivers a signed button click to app.action, whose respond() reaches the fake', async () => {
    const responseUrl = fake.responseUrl('vote-click');
    const payload = blockActionsPayload({
      user: USER, channel: CHANNEL, team: TEAM, actionId: 'vote', value: 'yes', responseUrl,
    });
    const res = await postInteraction(eventsUrl, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    const reply = await fake.waitForResponse((r) => r.id === 'vote-click');
    expect(reply.body).toEqual({ text: 'Ääni kirjattu: yes', replace_original: false });
    expect(fake.violations).toEqual([]);
  });

  it('delivers a signed view submission to app.view with its state values', async () => {
    const payload = viewSubmissionPayload({
      user: USER, team: TEAM, callbackId: 'nominate', privateMetadata: 'election-7',
      values: { candidate: { name: { type: 'plain_text_input', value: 'Matti' } } },
    });
    const res = await postInteraction(eventsUrl, SIGNING_SECRET, payload);
    expect(res.status).toBe(200);
    const post = await fake.waitFor((c) => c.method === 'chat.postMessage' && c.params.channel === USER);
    expect(post.params.text).toBe('Ehdokas: Matti (election-7)');
    expect(fake.violations).toEqual([]);
  });

  describe('contract checks', () => {
    afterEach(() => fake.clear());

    it('flags chat.postMessage without channel and answers like Slack (invalid_arguments)', async () => {
      // @ts-expect-error deliberately breaking the contract
      await expect(app.client.chat.postMessage({ text: 'no channel' })).rejects.toMatchObject({
        data: { ok: false, error: 'invalid_arguments' },
      });
      expect(fake.violations).toEqual(['chat.postMessage: missing required field: channel']);
    });

    it('flags a message with 51 blocks (invalid_blocks)', async () => {
      const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
      await expect(app.client.chat.postMessage({ channel: CHANNEL, text: 'many', blocks })).rejects.toMatchObject({
        data: { error: 'invalid_blocks' },
      });
      expect(fake.violations).toEqual(['chat.postMessage: blocks: 51 blocks, at most 50 allowed']);
    });

    it('flags a button text of 76 characters', async () => {
      const blocks = [
        { type: 'actions', elements: [{ type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'x'.repeat(76) } }] },
      ];
      await expect(app.client.chat.postMessage({ channel: CHANNEL, text: 'long button', blocks })).rejects.toMatchObject({
        data: { error: 'invalid_blocks' },
      });
      expect(fake.violations).toEqual(['chat.postMessage: blocks/0/elements/0/text/text: 76 characters, at most 75']);
    });

    it('flags calls to methods the fake does not implement (unknown_method)', async () => {
      await expect(app.client.apiCall('reminders.add', { text: 'x', time: '1' })).rejects.toMatchObject({
        data: { error: 'unknown_method' },
      });
      expect(fake.violations).toEqual(['reminders.add: method not implemented by FakeSlack']);
    });

    it('answers users.info, conversations.open and views.open in shapes that fit the spec', async () => {
      fake.setUser(USER, { real_name: 'Maija Meikäläinen', is_admin: true });
      const info = await app.client.users.info({ user: USER });
      expect(info.user).toMatchObject({ id: USER, real_name: 'Maija Meikäläinen', is_admin: true, is_owner: false, tz: 'Europe/Helsinki' });
      const dm = await app.client.conversations.open({ users: USER });
      expect(dm.channel?.id).toMatch(/^D[A-Z0-9]{8,}$/);
      const opened = await app.client.views.open({
        trigger_id: '1.2.3',
        view: { type: 'modal', title: { type: 'plain_text', text: 'Vaali' }, blocks: [] },
      });
      expect(opened.view?.id).toMatch(/^V/);
      expect(fake.violations).toEqual([]);
    });
  });

  it('rejects a request with a bad signature with HTTP 401 (Bolt)', async () => {
    const res = await postSlashCommand(
      eventsUrl,
      SIGNING_SECRET,
      { text: 'x', user_id: USER, channel_id: CHANNEL, team_id: TEAM, response_url: fake.responseUrl() },
      { signature: `v0=${'0'.repeat(64)}` },
    );
    expect(res.status).toBe(401);
  });

  it('rejects a correctly signed request whose timestamp is 6 minutes old with HTTP 401 (Bolt)', async () => {
    const res = await postSlashCommand(
      eventsUrl,
      SIGNING_SECRET,
      { text: 'x', user_id: USER, channel_id: CHANNEL, team_id: TEAM, response_url: fake.responseUrl() },
      { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 },
    );
    expect(res.status).toBe(401);
  });

  it('makes the WebClient wait for Retry-After after an injected 429 and then succeed', async () => {
    fake.clear();
    fake.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const started = Date.now();
    const result = await app.client.chat.postMessage({ channel: CHANNEL, text: 'after the limit' });
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(fake.faultsServed).toEqual([expect.objectContaining({ method: 'chat.postMessage', status: 429 })]);
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    expect(fake.violations).toEqual([]);
  }, 15_000);
});

/** Keeps Bolt and WebClient quiet (expected 401s and rate-limit notices) while keeping the lines for debugging. */
function collectingLogger(lines: string[]): Logger {
  let level = LogLevel.INFO;
  const log = (lvl: string) => (...msg: unknown[]) => void lines.push(`${lvl} ${msg.map(String).join(' ')}`);
  return {
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}

/** The structure of a JSON value: keys and value types, not the values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? 'null' : typeof value;
}
