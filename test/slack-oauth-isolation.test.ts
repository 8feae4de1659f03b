/**
 * One hosted Neuvo in two Slack workspaces, installed through the real OAuth flow (Bolt's installer
 * against the fake Slack's oauth.v2.access), with the same channel and user ids in both: separate
 * networks, every Web API call with its own workspace's token (the fake refuses any token it did not
 * issue and records whose each call carried), nothing of one visible from the other, and an uninstall
 * that deletes one workspace's tokens and fails its pending jobs while the other goes on.
 */
import { count, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchSlack, type RunningSlack, slackOptions } from '../adapters/slack/slack-adapter.js';
import { slackTenancy } from '../adapters/slack/tenancy.js';
import { siteOf, slackInstallCallbacks } from '../adapters/web/routes.js';
import { reminders, scheduledJobs, slackInstallations, spaces } from '../db/schema.js';
import { loadConfig } from '../src/config.js';
import { readableText } from './contract/slack-driver.js';
import { FakeSlack } from './fakes/slack-api.js';
import { postSigned, postSlashCommand } from './fakes/slack-signing.js';
import { capturingLogger } from './support/capture-log.js';
import { startTestRuntime, TEST_SECRET } from './support/runtime.js';

const CLIENT_ID = '1111111111.2222222222';
const CLIENT_SECRET = 'fake-client-secret';
const SIGNING_SECRET = 'test-signing-secret';
const CHANNEL = 'C0SAME0001';
const USER = 'U0SAME0001';
/** A workspace admin in A, nobody special in B. */
const OTHER = 'U0SAME0002';
const A = { team: 'T0WKSPA001', token: 'xoxb-workspace-a-token' };
const B = { team: 'T0WKSPB001', token: 'xoxb-workspace-b-token' };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let fake: FakeSlack;
let slack: RunningSlack;
let tenancy: ReturnType<typeof slackTenancy>;
let base: string;
/** The adapter's log at trace, every line of it. */
let logs: string[];
let seq = 0;

beforeAll(async () => {
  rt = await startTestRuntime();
  fake = await FakeSlack.start();
  fake.oauthApp(CLIENT_ID, CLIENT_SECRET);
  fake.setUser(USER, { name: 'same', is_admin: true, locale: 'en-GB' });
  fake.setUserIn(A.team, OTHER, { name: 'admin-in-a', is_admin: true, locale: 'en-GB' });
  fake.setUserIn(B.team, OTHER, { name: 'member-in-b', is_admin: false, locale: 'en-GB' });
  const config = loadConfig({
    NEUVO_SECRET: TEST_SECRET,
    SLACK_CLIENT_ID: CLIENT_ID,
    SLACK_CLIENT_SECRET: CLIENT_SECRET,
    SLACK_STATE_SECRET: 'a-state-secret-of-at-least-32-characters',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    PORT: '0',
  });
  const captured = capturingLogger('trace');
  logs = captured.logs;
  tenancy = slackTenancy(rt.database.db, rt.deps.jobs, TEST_SECRET, slackInstallCallbacks(siteOf(config)));
  slack = await launchSlack(rt, { ...slackOptions(config, tenancy), host: '127.0.0.1' }, captured.log);
  base = `http://127.0.0.1:${slack.address!.port}`;
});

afterAll(async () => {
  await slack?.stop();
  await fake?.close();
  await rt?.stop();
});

/** Add to Slack as a browser does it: /slack/install → Slack's authorize page → /slack/oauth_redirect with the code and the state cookie. */
async function install(ws: { team: string; token: string; refreshToken?: string; expiresIn?: number; enterpriseId?: string; isEnterpriseInstall?: boolean }): Promise<Response> {
  const code = `code-${ws.team}`;
  fake.grant(code, { teamName: ws.team, ...ws, teamId: ws.team });
  const start = await fetch(`${base}/slack/install`, { redirect: 'manual' });
  expect(start.status).toBe(302);
  const authorize = new URL(start.headers.get('location')!);
  expect(`${authorize.origin}${authorize.pathname}`).toBe('https://slack.com/oauth/v2/authorize');
  expect(authorize.searchParams.get('client_id')).toBe(CLIENT_ID);
  expect(authorize.searchParams.get('scope')).toBe('commands,chat:write,chat:write.public,files:write,im:write,users:read');
  const cookie = start.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return fetch(`${base}/slack/oauth_redirect?code=${code}&state=${encodeURIComponent(authorize.searchParams.get('state')!)}`, { headers: { cookie, 'accept-language': 'fi-FI,fi;q=0.9' } });
}

/**
 * `/neuvo <text>` from USER in CHANNEL of `team`; resolves with the answer's text: private on the
 * response_url (or in the ack), or public by chat.postMessage, which must carry `team`'s token.
 */
async function command(team: string, text: string, grid?: { enterprise: string; tokenOf: string }, user = USER): Promise<string> {
  const key = `r${++seq}`;
  const from = fake.calls.length;
  const org = grid ? { enterprise_id: grid.enterprise, is_enterprise_install: 'true' } : {};
  const res = await postSlashCommand(`${base}/slack/events`, SIGNING_SECRET, { text, user_id: user, channel_id: CHANNEL, team_id: team, response_url: fake.responseUrl(key), channel_name: 'general', ...org });
  expect(await fake.answerInAck(key, res)).toBe(200);
  const answer = await Promise.race([
    fake.waitForResponse((r) => r.id === key).then((r) => r.body as { blocks?: []; text?: string }),
    fake.waitFor((c) => c.method === 'chat.postMessage' && fake.calls.indexOf(c) >= from).then((c) => {
      expect(c.team).toBe(grid?.tokenOf ?? team);
      return c.params as { blocks?: []; text?: string };
    }),
  ]);
  return readableText({ via: 'response_url', blocks: answer.blocks ?? [], text: answer.text ?? '' });
}

/** Slack's Events API: a signed event_callback of `team` (or of an org-wide install of `enterprise`). */
async function event(team: string, event: Record<string, unknown>, enterprise?: string): Promise<number> {
  const org = enterprise ? { enterprise_id: enterprise, is_enterprise_install: true, authorizations: [{ enterprise_id: enterprise, team_id: null, user_id: 'U0FAKEBOT1', is_bot: true, is_enterprise_install: true }] } : {};
  const body = JSON.stringify({ token: 'unused', team_id: team, api_app_id: 'A0NEUVOAPP', type: 'event_callback', event_id: `Ev${++seq}${team}`, event_time: Math.floor(Date.now() / 1000), event, ...org });
  return (await postSigned(`${base}/slack/events`, SIGNING_SECRET, body, {}, 'application/json')).status;
}

describe('two Slack workspaces installed by OAuth', () => {
  it('installs each through /slack/install and /slack/oauth_redirect, tokens sealed in the table', async () => {
    const a = await install(A);
    expect(a.status).toBe(200);
    expect(await a.text()).toContain('Neuvo on asennettu');
    expect((await install(B)).status).toBe(200);
    const rows = await rt.database.db.select().from(slackInstallations);
    expect(rows.map((r) => r.teamId).sort()).toEqual([A.team, B.team]);
    expect(JSON.stringify(rows)).not.toContain('xoxb-');
  });

  it('refuses a redirect whose state is not the browser’s, and stores nothing', async () => {
    fake.grant('code-forged', { token: 'xoxb-forged-token', teamId: 'T0FORGED01' });
    const res = await fetch(`${base}/slack/oauth_redirect?code=code-forged&state=forged`, { headers: { 'accept-language': 'en' } });
    expect(res.status).toBe(400);
    expect(await res.text()).toContain('The installation link had expired or was not this browser’s');
    expect(await rt.database.db.select({ n: count() }).from(slackInstallations).where(eq(slackInstallations.teamId, 'T0FORGED01'))).toEqual([{ n: 0 }]);
    // Cancelled on Slack's page: Slack comes back with an error instead of a code.
    const cancelled = await fetch(`${base}/slack/oauth_redirect?error=access_denied&state=whatever`, { headers: { 'accept-language': 'sv' } });
    expect(cancelled.status).toBe(400);
    expect(await cancelled.text()).toContain('Installationen avbröts');
  });

  it('keeps separate networks for the same channel and user ids, each call with its own workspace’s token', async () => {
    const from = fake.calls.length;
    expect(await command(A.team, 'setup area:Pirkanmaa')).toContain('Neuvo is set up for the organisation network of Pirkanmaa');
    expect(await command(B.team, 'setup area:Lappi')).toContain('Neuvo is set up for the organisation network of Lappi');
    await command(A.team, 'org add "Alpha ry"');
    await command(B.team, 'org add "Beta ry"');
    const listA = await command(A.team, 'org list');
    const listB = await command(B.team, 'org list');
    expect(listA).toContain('Alpha ry');
    expect(listA).not.toContain('Beta ry');
    expect(listB).toContain('Beta ry');
    expect(listB).not.toContain('Alpha ry');
    await command(A.team, 'election new "Board A" seats:1 method:stv');
    expect(await command(B.team, 'election list')).not.toContain('Board A');
    expect(await command(A.team, 'remind +7d "only in A"')).toContain('Reminder R1 set for');
    expect(await command(A.team, 'reminders')).toContain('only in A');
    expect(await command(B.team, 'reminders')).not.toContain('only in A');
    // users.info went out once per workspace, each time with that workspace's token.
    const lookups = fake.calls.slice(from).filter((c) => c.method === 'users.info');
    expect(lookups.map((c) => c.team).sort()).toEqual([A.team, B.team]);
    // The same user id is an admin in A and nobody special in B: rights do not cross over.
    expect(await command(A.team, 'org add "Gamma ry"', undefined, OTHER)).toContain('Gamma ry');
    expect(await command(B.team, 'org add "Gamma ry"', undefined, OTHER)).toBe('Only a coordinator of this network can do that.');
    expect(await command(B.team, 'org list')).not.toContain('Gamma ry');
    expect(fake.violations).toEqual([]);
  });

  it('answers a workspace without an installation “not installed”, and changes nothing', async () => {
    expect(await command('T0NOTINST1', 'setup area:Kainuu')).toBe('Neuvo is not installed in this workspace.');
    expect(await rt.database.db.select({ n: count() }).from(spaces).where(eq(spaces.workspaceId, 'T0NOTINST1'))).toEqual([{ n: 0 }]);
  });

  it('after one workspace removes Neuvo, fails its pending reminder and keeps the other’s, which fires there only', async () => {
    expect(await command(B.team, 'remind +1d "from B"')).toContain('Reminder R1 set for');
    const [jobB] = await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.workspaceId, B.team));
    // Slack sends both, in either order, perhaps twice.
    expect(await event(B.team, { type: 'tokens_revoked', tokens: { bot: ['U0FAKEBOT1'] }, event_ts: '1.1' })).toBe(200);
    expect(await event(B.team, { type: 'app_uninstalled', event_ts: '1.2' })).toBe(200);
    expect(await event(B.team, { type: 'app_uninstalled', event_ts: '1.3' })).toBe(200);
    fake.revoke(B.token);
    const afterUninstall = fake.calls.length;
    await expect.poll(async () => (await rt.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobB!.id)))[0], { timeout: 10_000 }).toMatchObject({ state: 'failed', failureReason: expect.stringMatching(/^slack:(tokens_revoked|app_uninstalled)$/) });
    expect((await rt.database.db.select().from(slackInstallations)).map((r) => r.teamId)).toEqual([A.team]);
    const [jobA] = await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.message, 'only in A'));
    expect((await rt.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobA!.id)))[0]).toMatchObject({ state: 'pending', failureReason: null });
    // The failed job does not run, even when the queue hands it out.
    const from = fake.calls.length;
    expect(await rt.neuvo.runJob(jobB!.id)).toBe('skipped');
    expect(fake.calls.slice(from)).toEqual([]);
    expect(await command(B.team, 'org list')).toBe('Neuvo is not installed in this workspace.');

    expect(await command(A.team, 'remind +1s "from A"')).toContain('Reminder R2 set for');
    const fired = await fake.waitFor((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('from A'), 15_000);
    expect(fired.team).toBe(A.team);
    expect(fired.params.channel).toBe(CHANNEL);
    expect(fake.calls.slice(afterUninstall).filter((c) => c.team !== A.team)).toEqual([]);
    expect(fake.violations).toEqual([]);
  });
});

describe('a workspace’s token', () => {
  it('is refreshed with Bolt’s token rotation before it expires, and the new one stored sealed', async () => {
    const D = { team: 'T0WKSPD001', token: 'xoxe.xoxb-workspace-d', refreshToken: 'xoxe-1-refresh-d', expiresIn: 600 };
    expect((await install(D)).status).toBe(200);
    const from = fake.calls.length;
    // Ten minutes left is inside Bolt's two hours: the first request refreshes it.
    expect(await command(D.team, 'setup area:Kainuu')).toContain('Neuvo is set up for the organisation network of Kainuu');
    expect(fake.refreshes).toEqual([{ teamId: D.team, token: `${D.token}-r1` }]);
    const used = fake.calls.slice(from).filter((c) => c.method !== 'oauth.v2.access');
    expect(used.length).toBeGreaterThan(0);
    expect(used.every((c) => c.team === D.team)).toBe(true);
    const stored = await tenancy.installations.fetchInstallation({ teamId: D.team, enterpriseId: undefined, isEnterpriseInstall: false });
    expect(stored.bot).toMatchObject({ token: `${D.token}-r1`, refreshToken: `${D.refreshToken}-r1` });
    expect(JSON.stringify(await rt.database.db.select().from(slackInstallations))).not.toContain('xoxe');
    expect(fake.violations).toEqual([]);
  });

  it('gone without the uninstall events being handled: a delivery there fails for good, and is not retried', async () => {
    const C = { team: 'T0WKSPC001', token: 'xoxb-workspace-c-token' };
    expect((await install(C)).status).toBe(200);
    expect(await command(C.team, 'setup area:Kainuu')).toContain('Neuvo is set up');
    expect(await command(C.team, 'remind +1d "from C"')).toContain('Reminder R1 set for');
    const [job] = await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.workspaceId, C.team));
    await tenancy.installations.deleteInstallation!({ teamId: C.team, enterpriseId: undefined, isEnterpriseInstall: false });
    slack.clients!.forget(C.team);
    const from = fake.calls.length;
    expect(await rt.neuvo.runJob(job!.id)).toBe('failed');
    expect((await rt.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, job!.id)))[0]).toMatchObject({ state: 'failed' });
    expect(fake.calls.slice(from)).toEqual([]);
  });
});

describe('a token Slack revoked while a process still holds it', () => {
  it('fails the delivery for good (token_revoked), not retried', async () => {
    const E = { team: 'T0WKSPE001', token: 'xoxb-workspace-e-token' };
    expect((await install(E)).status).toBe(200);
    expect(await command(E.team, 'setup area:Kainuu')).toContain('Neuvo is set up');
    expect(await command(E.team, 'remind +1d "from E"')).toContain('Reminder R1 set for');
    const [job] = await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.workspaceId, E.team));
    // Revoked at Slack, with the installation still stored (the events not yet arrived, or handled elsewhere).
    fake.revoke(E.token);
    expect(await rt.neuvo.runJob(job!.id)).toBe('failed');
    // One attempt, answered token_revoked.
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('from E'))).toHaveLength(1);
  });
});

describe('an org-wide Enterprise Grid install', () => {
  it('serves the organisation’s workspaces, in commands and from the worker, and its removal fails their jobs', async () => {
    const GRID = { team: 'T0GRIDHOME', token: 'xoxb-grid-org-token', enterpriseId: 'E0GRID0001', isEnterpriseInstall: true };
    const grid = { enterprise: GRID.enterpriseId, tokenOf: GRID.team };
    expect((await install(GRID)).status).toBe(200);
    expect((await rt.database.db.select().from(slackInstallations).where(eq(slackInstallations.enterpriseId, GRID.enterpriseId))).map((r) => r.teamId)).toEqual(['']);
    expect(await command('T0GRIDWS01', 'setup area:Kanta-Häme', grid)).toContain('Neuvo is set up for the organisation network of Kanta-Häme');
    expect(await command('T0GRIDWS01', 'remind +1d "later"', grid)).toContain('Reminder R1 set for');
    // The worker knows the workspace only; the org-wide install serves it.
    expect(await command('T0GRIDWS01', 'remind +1s "grid now"', grid)).toContain('Reminder R2 set for');
    const fired = await fake.waitFor((c) => c.method === 'chat.postMessage' && String(c.params.text).includes('grid now'), 15_000);
    expect(fired.team).toBe(GRID.team);

    const [later] = await rt.database.db.select({ id: reminders.jobId }).from(reminders).where(eq(reminders.message, 'later'));
    expect(await event('T0GRIDWS01', { type: 'app_uninstalled', event_ts: '2.1' }, GRID.enterpriseId)).toBe(200);
    await expect.poll(async () => (await rt.database.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, later!.id)))[0], { timeout: 10_000 }).toMatchObject({ state: 'failed', failureReason: 'slack:app_uninstalled' });
    expect(await rt.database.db.select().from(slackInstallations).where(eq(slackInstallations.enterpriseId, GRID.enterpriseId))).toEqual([]);
    expect(await command('T0GRIDWS01', 'org list', grid)).toBe('Neuvo is not installed in this workspace.');
    expect(fake.violations).toEqual([]);
  });
});

describe('the log of all this, at trace', () => {
  it('holds no bot token, refresh token, client secret or authorization code', () => {
    expect(logs.length).toBeGreaterThan(0);
    const all = logs.join('\n');
    for (const secret of ['xoxb-', 'xoxe', CLIENT_SECRET, 'code-T0']) expect(all).not.toContain(secret);
  });
});
