/**
 * Nothing secret in the logs, at any level: a secret election and an anonymous poll run through the
 * real Slack adapter (Bolt, fake Slack) and the real Discord client (fake Discord) with every logger at
 * `trace`, including answers the platform refuses and a vote the database fails. The captured log
 * text holds no receipt code, no ballot or picks (as typed, as a form's state, as query parameters, or
 * as the answer that repeats them) and no interaction token.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { safeError } from '../adapters/logging.js';
import type { Outcome } from './contract/driver.js';
import { DISCORD_USERS, DiscordHarness, discordDriver } from './contract/discord-driver.js';
import { SLACK_SECRET, SLACK_TEAM, SLACK_USERS, slackDriver } from './contract/slack-driver.js';
import type { FakeSlackCall } from './fakes/slack-api.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload, type ViewStateValue } from './fakes/slack-signing.js';
import { capturingLogger } from './support/capture-log.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;
type Driver = Awaited<ReturnType<typeof slackDriver>> | Awaited<ReturnType<typeof discordDriver>>;

/** What only the voter may see: the answers to votes repeat the ballot or the picks, and carry the receipt. */
const ANSWER_PHRASES = ['secret ballot in E1', 'anonymous vote in P1 is counted'];
const RECEIPT = /Receipt: ([A-Z0-9]{10})/;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
const runtimeLog = capturingLogger('trace');

beforeAll(async () => {
  rt = await startTestRuntime({ log: runtimeLog.log });
});

afterAll(async () => {
  await rt?.stop();
});

/** A network with Org A (alice), Org B (bob), Org C (coord); E1 (STV, alice and bob) open; P1 anonymous, pick 2. */
async function electionAndPoll(d: Driver): Promise<void> {
  await d.send('coord', 'setup area:Kainuu');
  for (const [org, member] of [['Org A', 'alice'], ['Org B', 'bob'], ['Org C', 'coord']] as const) {
    await d.send('coord', `org add "${org}"`);
    await d.send('coord', `org member add "${org}" @${member}`);
  }
  await d.send('coord', 'election new "Board 2027" seats:1 method:stv');
  await d.nextPost();
  await d.send('alice', 'election nominate E1 @alice org:"Org A"');
  await d.send('alice', 'election nominate E1 @bob');
  await d.send('bob', 'election accept E1');
  expect((await d.send('coord', 'election open E1')).text).toContain('Voting is open in E1');
  await d.send('coord', 'poll new "Secret topics" theme:cooperation options:"Alpha|Beta|Gamma|Delta" pick:2 anonymous:yes');
}

/** Closes E1 and returns the published receipts (every ballot's, also of answers that never arrived). */
async function publishedReceipts(d: Driver): Promise<string[]> {
  const result: Outcome = await d.send('coord', 'election close E1');
  const codes = result.text.match(/\b[A-Z0-9]{10}\b/g) ?? [];
  expect(codes.length).toBeGreaterThanOrEqual(1);
  return codes;
}

/** The secrets that occur in `logs`. */
const leaked = (logs: readonly string[], secrets: readonly string[]) => {
  const text = logs.join('');
  return secrets.filter((s) => text.includes(s));
};

const waitFor = async (cond: () => boolean, what: string) => {
  const until = Date.now() + 5_000;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`no ${what} within 5 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('logs at trace hold no receipt, ballot, picks or interaction token', () => {
  it('Slack: votes by command and by form, an answer Slack refuses, an anonymous poll', async () => {
    const d = await slackDriver(rt, { logLevel: 'trace' });
    const h = d.harness;
    try {
      await electionAndPoll(d);
      const card = h.fake.calls.findLast(
        (c: FakeSlackCall) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && ((c.params.blocks ?? []) as Json[]).some((b) => b.type === 'header' && String(b.text.text).startsWith('E1 ·')),
      )!;
      const voteButton = (card.params.blocks as Json[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as Json[]).find((e) => e.text.text === 'Vote')!;
      const chosen = (value: string): ViewStateValue => ({ type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } });
      /** Votes 2-then-1 through the ballot modal; its answer goes by chat.postEphemeral. */
      const voteByForm = async (user: string, viewId: string) => {
        const before = h.fake.calls.length;
        const { url } = h.responseUrl();
        const click = blockActionsPayload({ user, channel: String(card.params.channel), team: SLACK_TEAM, actionId: voteButton.action_id, value: voteButton.value, responseUrl: url, buttonText: 'Vote' });
        expect((await postInteraction(h.eventsUrl, SLACK_SECRET, click)).status).toBe(200);
        const open = await h.fake.waitFor((c) => c.method === 'views.open' && h.fake.calls.indexOf(c) >= before);
        const view = open.params.view as Json;
        const submission = viewSubmissionPayload({
          user,
          team: SLACK_TEAM,
          callbackId: view.callback_id,
          privateMetadata: view.private_metadata,
          viewId,
          values: { 'answer-0': { answer: chosen('2') }, 'answer-1': { answer: chosen('1') } },
        });
        expect((await postInteraction(h.eventsUrl, SLACK_SECRET, submission)).status).toBe(200);
      };

      await voteByForm(SLACK_USERS.alice!, 'V0LOGS0001');
      const alice = await h.fake.waitFor((c) => c.method === 'chat.postEphemeral' && c.params.user === SLACK_USERS.alice);
      expect(String(alice.params.text)).toMatch(RECEIPT);
      // Bob's ballot is counted, but Slack refuses to show him its answer.
      h.fake.failNext('chat.postEphemeral', { status: 200, error: 'channel_not_found' });
      await voteByForm(SLACK_USERS.bob!, 'V0LOGS0002');
      await waitFor(() => h.logs.some((l) => l.includes('slack reply failed')), 'log of the refused answer');
      expect((await d.send('coord', 'vote E1 2 1')).text).toMatch(RECEIPT);
      expect((await d.send('alice', 'vote P1 2 4')).text).toContain('anonymous vote in P1 is counted');

      const logs = [...h.logs, ...runtimeLog.logs];
      const receipts = await publishedReceipts(d);
      // Trace lines were written (Bolt's and the Web API client's own included): the level took effect.
      expect(logs.some((l) => (JSON.parse(l) as Json).level <= 20)).toBe(true);
      // The ballot as typed, as a form's state, and the answers that repeat it.
      expect(leaked(logs, [...receipts, 'E1 2 1', 'P1 2 4', 'selected_option', ...ANSWER_PHRASES])).toEqual([]);
      expect(h.fake.violations).toEqual([]);
    } finally {
      await d.close();
    }
  }, 60_000);

  it('Slack in Socket Mode: votes whose answers ride on the envelopes’ acks', async () => {
    const own = await startTestRuntime();
    const d = await slackDriver(own, { socketMode: true, logLevel: 'trace' });
    try {
      await electionAndPoll(d);
      expect((await d.send('alice', 'vote E1 2 1')).text).toMatch(RECEIPT);
      expect((await d.send('alice', 'vote P1 2 4')).text).toContain('anonymous vote in P1 is counted');
      const logs = [...d.harness.logs];
      const receipts = await publishedReceipts(d);
      expect(leaked(logs, [...receipts, 'E1 2 1', 'P1 2 4', ...ANSWER_PHRASES])).toEqual([]);
    } finally {
      await d.close();
      await own.stop();
    }
  }, 60_000);

  it('Discord: votes, interaction replies Discord refuses, an anonymous poll', async () => {
    const d = await discordDriver(rt, { logLevel: 'trace' });
    const h = d.harness;
    try {
      await electionAndPoll(d);
      expect((await d.send('alice', 'vote E1 2 1')).text).toMatch(RECEIPT);
      // Bob's ballot and vote are counted, but Discord refuses both answers: the errors carry the
      // rendered answer and the interaction's URL with its token.
      const tokens: string[] = [];
      for (const text of ['vote E1 2 1', 'vote P1 1 3']) {
        h.fake.failNext((c) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback', { status: 400, code: 50035, message: 'Invalid Form Body' });
        const failures = h.logs.filter((l) => l.includes('answering an interaction failed')).length;
        tokens.push(String(h.dispatchCommand(DISCORD_USERS.bob, text).token));
        await waitFor(() => h.logs.filter((l) => l.includes('answering an interaction failed')).length > failures, 'log of the refused answer');
      }
      expect((await d.send('alice', 'vote P1 2 4')).text).toContain('anonymous vote in P1 is counted');

      const logs = [...h.logs, ...runtimeLog.logs];
      const receipts = await publishedReceipts(d);
      expect(tokens.every((t) => t.length >= 20)).toBe(true);
      expect(leaked(logs, [...receipts, ...tokens, ...ANSWER_PHRASES])).toEqual([]);
      // What a failure may still say: where it happened and Discord's status and code.
      const failure = logs.map((l) => JSON.parse(l) as Json).find((l) => l.msg === 'discord: answering an interaction failed')!;
      expect(failure).toMatchObject({ stage: 'reply', err: { status: 400, code: 50035 } });
      expect(h.fake.violations).toEqual([]);
    } finally {
      await d.close();
    }
  }, 60_000);

  it('Discord: a core that fails on a vote is logged with the command’s first word, not the ballot', async () => {
    const neuvo = { handle: async () => Promise.reject(new Error('the core is down')) };
    const h = await DiscordHarness.start({ neuvo, messenger: { register: () => {} } }, { logLevel: 'trace' });
    try {
      expect((await h.command(DISCORD_USERS.alice, 'vote E1 2 1')).ephemeral).toBe(true);
      // The command line as discord.js options give it back, whatever its quoting.
      expect(leaked(h.logs, ['2 1'])).toEqual([]);
      const logged = h.logs.map((l) => JSON.parse(l) as Json).find((l) => l.msg === 'discord: the core failed');
      expect(logged).toMatchObject({ command: 'vote', err: { message: 'the core is down' } });
    } finally {
      await h.stop();
    }
  });
});

describe('a vote the database fails', () => {
  it('is logged with the command’s first word and the failed query without its parameters (the picks, the voter)', async () => {
    const own = capturingLogger('trace');
    const rt2 = await startTestRuntime({ log: own.log });
    try {
      const ctx = (userId: string) => ({
        actor: { platform: 'console' as const, workspaceId: 'console', userId, isPlatformAdmin: userId === 'coord' },
        space: { platform: 'console' as const, workspaceId: 'console', channelId: 'general' },
      });
      await rt2.neuvo.handle(ctx('coord'), 'setup area:Kainuu');
      await rt2.neuvo.handle(ctx('coord'), 'poll new "Secret topics" theme:cooperation options:"Alpha|Beta|Gamma|Delta" pick:2 anonymous:yes');
      // A real failure of the vote's statement: its table is gone.
      await rt2.database.db.execute(sql`alter table poll_participations rename to poll_participations_away`);
      const answer = await rt2.neuvo.handle(ctx('voter-u0secret'), 'vote P1 2 4');
      expect(answer.error).toBe(true);
      const logged = own.logs.map((l) => JSON.parse(l) as Json).find((l) => l.msg === 'command: vote');
      expect(logged?.err.message).toBeDefined();
      // drizzle names the failed query's parameters in its message: here the voter.
      expect(leaked(own.logs, ['voter-u0secret', '2 4', '2,4'])).toEqual([]);
      expect(logged?.err.message).toContain('params: [not logged]');
    } finally {
      await rt2.stop();
    }
  });
});

describe('what a logged error keeps', () => {
  it('keeps kind, code, status, method and a redacted URL and message; drops bodies and raw answers', () => {
    const err = Object.assign(new Error('POST https://hooks.slack.com/commands/T1/2/abc failed for xoxb-123-456-secret'), {
      code: 50035,
      status: 400,
      method: 'POST',
      url: 'https://discord.com/api/v10/webhooks/1300000000000000001/aW50ZXJhY3Rpb246c2VjcmV0/messages/@original',
      requestBody: { json: { content: 'Receipt: ABCDEFGHJK' } },
      rawError: { message: 'Invalid Form Body', errors: { content: 'Receipt: ABCDEFGHJK' } },
      data: { ok: false, error: 'channel_not_found' },
      cause: Object.assign(new Error('socket hang up'), { config: { data: 'Receipt: ABCDEFGHJK' } }),
    });
    const logged = safeError(err);
    expect(logged).toMatchObject({
      type: 'Error',
      code: 50035,
      status: 400,
      method: 'POST',
      error: 'channel_not_found',
      url: 'https://discord.com/api/v10/webhooks/1300000000000000001/[token]/messages/@original',
      message: 'POST https://hooks.slack.com/[redacted] failed for [token]',
      cause: { type: 'Error', message: 'socket hang up' },
    });
    expect(JSON.stringify(logged)).not.toMatch(/ABCDEFGHJK|aW50ZXJhY3Rpb246c2VjcmV0|xoxb|T1\/2\/abc/);
  });
});
