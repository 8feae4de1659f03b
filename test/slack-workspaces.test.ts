/**
 * Requests from a Slack workspace Neuvo is not installed in: Slack signs them with the app's signing
 * secret like any other, but the bot token acts in one workspace only. The real adapter on a real
 * runtime refuses them with a short private answer and changes nothing; which workspaces count as
 * installed (the token's, or its whole Enterprise Grid organisation) is `installedByToken`.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installedByToken } from '../adapters/slack/installation.js';
import { auditLog, spaces } from '../db/schema.js';
import { readableText, SLACK_SECRET, SLACK_TEAM, SlackHarness, type SlackReply } from './contract/slack-driver.js';
import { blockActionsPayload, postInteraction, viewSubmissionPayload } from './fakes/slack-signing.js';
import { startTestRuntime } from './support/runtime.js';

const OTHER_TEAM = 'T0OTHER001';
const ADMIN = 'U0ADMIN001';
const NOT_INSTALLED = 'Neuvo is not installed in this workspace.';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let seq = 0;
const newChannel = () => `C0WKSP${String(++seq).padStart(4, '0')}`;

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await SlackHarness.start(rt);
  h.fake.setUser(ADMIN, { name: 'admin', is_admin: true, locale: 'en-GB' });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

const spacesOf = async (team: string) => (await rt.database.db.select({ n: count() }).from(spaces).where(eq(spaces.workspaceId, team)))[0]!.n;
const auditRows = async () => (await rt.database.db.select({ n: count() }).from(auditLog))[0]!.n;
/** Web API calls the fake received since `from`, by method. */
const callsSince = (from: number) => h.fake.calls.slice(from).map((c) => c.method);

describe('a signed request from a workspace Neuvo is not installed in', () => {
  it('refuses a slash command with a private answer in its ack, and creates no network', async () => {
    const audit = await auditRows();
    const from = h.fake.calls.length;
    const { status, key } = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel: newChannel(), team: OTHER_TEAM });
    expect(status).toBe(200);
    const answer = await h.fake.waitForResponse((r) => r.id === key);
    expect(answer.via).toBe('ack');
    expect((answer.body as { response_type?: string }).response_type).toBe('ephemeral');
    expect(readableText({ via: 'response_url', blocks: (answer.body as { blocks: [] }).blocks, text: '' })).toBe(NOT_INSTALLED);
    expect(await spacesOf(OTHER_TEAM)).toBe(0);
    expect(await auditRows()).toBe(audit);
    // Nobody of the other workspace is looked up with our token.
    expect(callsSince(from)).toEqual([]);
  });

  it('refuses a button click with a private answer through its response_url, and runs nothing', async () => {
    const channel = newChannel();
    const audit = await auditRows();
    const from = h.fake.calls.length;
    const { key, url } = h.responseUrl();
    const payload = blockActionsPayload({ user: ADMIN, channel, team: OTHER_TEAM, actionId: 'neuvo:0', value: 'setup area:Pirkanmaa', responseUrl: url });
    expect((await postInteraction(h.eventsUrl, SLACK_SECRET, payload)).status).toBe(200);
    const answer = await h.fake.waitForResponse((r) => r.id === key);
    const body = answer.body as { response_type?: string; replace_original?: boolean; blocks: [] };
    expect(body.response_type).toBe('ephemeral');
    expect(body.replace_original).toBe(false);
    expect(readableText({ via: 'response_url', blocks: body.blocks, text: '' } satisfies SlackReply)).toBe(NOT_INSTALLED);
    expect(await spacesOf(OTHER_TEAM)).toBe(0);
    expect(await auditRows()).toBe(audit);
    expect(callsSince(from)).toEqual([]);
  });

  it('refuses a form submission by showing the answer in the modal, and runs nothing', async () => {
    const channel = newChannel();
    const audit = await auditRows();
    const from = h.fake.calls.length;
    const payload = viewSubmissionPayload({
      user: ADMIN,
      team: OTHER_TEAM,
      callbackId: 'neuvo-form',
      privateMetadata: JSON.stringify({ command: 'setup', channel, team: OTHER_TEAM }),
      values: { area: { answer: { type: 'plain_text_input', value: 'area:Pirkanmaa' } } },
    });
    const res = await postInteraction(h.eventsUrl, SLACK_SECRET, payload);
    expect(res.status).toBe(200);
    const ack = (await res.json()) as { response_action: string; view: { blocks: [] } };
    expect(ack.response_action).toBe('update');
    expect(readableText({ via: 'response_url', blocks: ack.view.blocks, text: '' })).toBe(NOT_INSTALLED);
    expect(await spacesOf(OTHER_TEAM)).toBe(0);
    expect(await auditRows()).toBe(audit);
    expect(callsSince(from)).toEqual([]);
  });

  it('still serves the workspace of the token', async () => {
    const channel = newChannel();
    const { status, key } = await h.command(ADMIN, 'setup area:Pirkanmaa', { channel });
    expect(status).toBe(200);
    expect(readableText(await h.reply(key, channel))).toContain('Neuvo is set up for the organisation network of Pirkanmaa');
    expect(await spacesOf(SLACK_TEAM)).toBeGreaterThan(0);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('where Neuvo counts as installed (auth.test of the token)', () => {
  it('a workspace install serves its own workspace only, and in Enterprise Grid only with its organisation', () => {
    const plain = installedByToken({ team_id: 'T1', is_enterprise_install: false });
    expect(plain('T1', undefined)).toBe(true);
    expect(plain('T2', undefined)).toBe(false);
    expect(plain(undefined, undefined)).toBe(false);
    const inGrid = installedByToken({ team_id: 'T1', enterprise_id: 'E1', is_enterprise_install: false });
    expect(inGrid('T1', 'E1')).toBe(true);
    expect(inGrid('T1', 'E2')).toBe(false);
    expect(inGrid('T2', 'E1')).toBe(false);
  });

  it('an org-wide install serves every workspace of its organisation and none outside it', () => {
    const org = installedByToken({ enterprise_id: 'E1', is_enterprise_install: true });
    expect(org('T7', 'E1')).toBe(true);
    expect(org(undefined, 'E1')).toBe(true);
    expect(org('T7', 'E2')).toBe(false);
    expect(org('T7', undefined)).toBe(false);
  });
});
