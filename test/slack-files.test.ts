/**
 * Files on Slack: the renderer leaves file blocks out of Block Kit and names them; replies and the
 * messenger upload them with the external upload flow (files.getUploadURLExternal → upload URL →
 * files.completeUploadExternal) that FakeSlack implements and checks. A private answer's files go to
 * the asker's DM, since Slack attaches no files to ephemeral messages.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { renderSlack } from '../adapters/slack/render.js';
import { reply } from '../adapters/slack/reply.js';
import type { Neuvo } from '../src/app/neuvo.js';
import type { CommandContext } from '../src/app/ports.js';
import { parseBlt } from '../src/domain/tally/index.js';
import type { View } from '../src/views/view.js';
import { readableText, SLACK_TEAM, SlackHarness } from './contract/slack-driver.js';
import { FakeSlack, type FakeSlackCall } from './fakes/slack-api.js';
import { votedBoardElection } from './support/scenarios.js';
import { startTestRuntime } from './support/runtime.js';

type J = Record<string, any>;

const ADMIN = 'U0ADMIN001';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

/** A calendar with non-ASCII text and CRLF line ends: the bytes must arrive exactly. */
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Neuvo//FI\r\nBEGIN:VEVENT\r\nUID:n1@neuvo\r\nSUMMARY:Neuvottelu – Pirkanmaan hyvinvointialue €\r\nDTSTART:20261014T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const CSV = 'topic;votes\r\n"Sote-palvelut, ikäihmiset";3\r\nÅbo & <Turku>;1\r\n';

const publicView: View = {
  private: false,
  blocks: [
    { type: 'heading', text: 'Negotiation N1' },
    { type: 'text', text: ['Add it to your calendar.'] },
    { type: 'file', name: 'neuvo-N1.ics', mime: 'text/calendar', content: ICS },
  ],
};
const privateView: View = {
  private: true,
  blocks: [
    { type: 'text', text: ['Your export of P1.'] },
    { type: 'file', name: 'neuvo-P1.csv', mime: 'text/csv', content: CSV },
  ],
};
/** Bytes that are not UTF-8 (a PDF's binary marker, a NUL, 0xff): they must arrive exactly. */
const BINARY = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x80, 0x0a]);
const pdfView: View = {
  private: true,
  blocks: [
    { type: 'text', text: ['The proposal.'] },
    { type: 'file', name: 'ehdotus-E1.pdf', mime: 'application/pdf', content: BINARY.toString('base64'), encoding: 'base64' },
  ],
};
/** Views the stub core answers with, by command line. */
const STUBBED: Record<string, View> = { 'files public': publicView, 'files private': privateView, 'files pdf': pdfView };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
const dir = mkdtempSync(join(tmpdir(), 'neuvo-slack-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let channelSeq = 0;
const newChannel = () => `C0FILE${String(++channelSeq).padStart(4, '0')}`;

const callsOf = (method: string) => h.fake.calls.filter((c) => c.method === method);
const indexOf = (call: FakeSlackCall) => h.fake.calls.indexOf(call);
const errorLogs = (logs: string[]) => logs.map((l) => JSON.parse(l) as J).filter((l) => l.level >= 50);
/** The WebClient logs refused calls at error level; these tests expect them. */
const quiet = { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error', setName() {} } as unknown as webApi.Logger;

beforeAll(async () => {
  rt = await startTestRuntime();
  // The real core, except for the command lines above, which answer with hand-made views.
  const neuvo = {
    handle: (ctx: CommandContext, text: string) => (STUBBED[text] ? Promise.resolve(STUBBED[text]) : rt.neuvo.handle(ctx, text)),
    form: (ctx: CommandContext, text: string) => rt.neuvo.form(ctx, text),
  } as unknown as Neuvo;
  h = await SlackHarness.start({ neuvo, messenger: rt.messenger, names: rt.names });
  for (const [id, name] of [[ADMIN, 'admin'], [ALICE, 'alice'], [BOB, 'bob']] as const) h.fake.setUser(id, { name, locale: 'en-US', is_admin: id === ADMIN });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

beforeEach(() => h.fake.clear());

describe('rendering', () => {
  it('leaves a file block out of Block Kit, names it in a context line and returns the bytes apart', () => {
    const m = renderSlack(publicView);
    expect(m.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
    expect(m.blocks.at(-1)).toEqual({ type: 'context', elements: [{ type: 'mrkdwn', text: '📎 neuvo-N1.ics' }] });
    expect(m.text).toBe('Negotiation N1\nAdd it to your calendar.\n📎 neuvo-N1.ics');
    expect(m.files).toEqual([{ name: 'neuvo-N1.ics', mime: 'text/calendar', data: Buffer.from(ICS, 'utf8') }]);
  });

  it('decodes a binary (base64) file block to its bytes', () => {
    expect(renderSlack(pdfView).files).toEqual([{ name: 'ehdotus-E1.pdf', mime: 'application/pdf', data: BINARY }]);
  });

  it('escapes a file name like any user text, and adds no `files` to views without any', () => {
    const m = renderSlack({ private: false, blocks: [{ type: 'file', name: '<!channel> & co.csv', mime: 'text/csv', content: 'x' }] });
    expect(m.blocks).toEqual([{ type: 'context', elements: [{ type: 'mrkdwn', text: '📎 &lt;!channel&gt; &amp; co.csv' }] }]);
    expect('files' in renderSlack({ private: false, blocks: [{ type: 'text', text: ['hi'] }] })).toBe(false);
  });
});

describe('the external upload flow on FakeSlack', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    fake = await FakeSlack.start({ teamId: SLACK_TEAM });
    client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  });
  afterAll(() => fake?.close());
  beforeEach(() => fake.clear());

  it('runs files.uploadV2: the URL for name and length, the bytes to it, then completion into the channel', async () => {
    const bytes = Buffer.from(CSV, 'utf8');
    await client.files.uploadV2({ channel_id: 'C0GENERAL1', file: bytes, filename: 'votes.csv', title: 'votes.csv', initial_comment: 'Votes' });
    expect(fake.calls.map((c) => c.method)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(fake.calls[0]!.params).toMatchObject({ filename: 'votes.csv', length: String(bytes.length) });
    expect(fake.calls[1]!.params).toMatchObject({ channel_id: 'C0GENERAL1', initial_comment: 'Votes', files: [{ id: expect.stringMatching(/^F/), title: 'votes.csv' }] });
    expect(fake.uploads).toEqual([expect.objectContaining({ filename: 'votes.csv', title: 'votes.csv', channel: 'C0GENERAL1', initialComment: 'Votes', bytes })]);
    expect(fake.violations).toEqual([]);
  });

  it('refuses what Slack would: no length, a file never uploaded, an unknown id, a length that does not match', async () => {
    await expect(client.apiCall('files.getUploadURLExternal', { filename: 'a.csv' })).rejects.toThrow(/invalid_arguments/);
    const slot = (await client.files.getUploadURLExternal({ filename: 'a.csv', length: 3 })) as J;
    await expect(client.files.completeUploadExternal({ files: [{ id: slot.file_id }], channel_id: 'C0GENERAL1' })).rejects.toThrow(/file_not_found/);
    await expect(client.files.completeUploadExternal({ files: [{ id: 'F0NOSUCHID' }], channel_id: 'C0GENERAL1' })).rejects.toThrow(/file_not_found/);
    expect((await fetch(slot.upload_url, { method: 'POST', body: 'abcd' })).status).toBe(200);
    expect(fake.violations).toEqual([
      'files.getUploadURLExternal: missing required field: length',
      `files.completeUploadExternal: files: ${slot.file_id} was never uploaded to its upload_url`,
      'files.completeUploadExternal: files: "F0NOSUCHID" was not issued by files.getUploadURLExternal',
      `upload ${slot.file_id}: 4 bytes uploaded, but files.getUploadURLExternal was told length 3`,
    ]);
    expect(fake.uploads).toEqual([]);
  });
});

describe('answers with files, through Bolt', () => {
  it('posts a public view in the channel, then uploads its file there with the exact bytes and name', async () => {
    const channel = newChannel();
    const { key } = await h.command(ALICE, 'files public', { channel });
    const answer = await h.reply(key, channel);
    expect(answer.via).toBe('post');
    expect(answer.blocks.some((b) => b.type === 'file')).toBe(false);
    expect(readableText(answer)).toBe('Negotiation N1\nAdd it to your calendar.\n📎 neuvo-N1.ics');
    const upload = await h.fake.waitForUpload((u) => u.channel === channel);
    expect(upload).toMatchObject({ filename: 'neuvo-N1.ics', title: 'neuvo-N1.ics', initialComment: undefined });
    expect(upload.bytes.equals(Buffer.from(ICS, 'utf8'))).toBe(true);
    // The message first, so the file follows what introduces it.
    expect(indexOf(callsOf('chat.postMessage')[0]!)).toBeLessThan(indexOf(callsOf('files.getUploadURLExternal')[0]!));
    expect(callsOf('files.getUploadURLExternal')[0]!.params).toMatchObject({ filename: 'neuvo-N1.ics', length: String(Buffer.byteLength(ICS)) });
    expect(h.fake.violations).toEqual([]);
  });

  it('sends a private view’s file to the asker’s DM and says so, with a link there, in the ephemeral answer', async () => {
    const channel = newChannel();
    const { key } = await h.command(ALICE, 'files private', { channel });
    const answer = await h.reply(key, channel);
    expect(answer).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    const dm = await h.fake.waitFor((c) => c.method === 'conversations.open' && c.params.users === ALICE);
    const upload = await h.fake.waitForUpload();
    const dmId = upload.channel!;
    expect(dmId).toMatch(/^D/);
    expect(upload).toMatchObject({ filename: 'neuvo-P1.csv', initialComment: 'Your export of P1.' });
    expect(upload.bytes.equals(Buffer.from(CSV, 'utf8'))).toBe(true);
    expect(indexOf(dm)).toBeLessThan(indexOf(callsOf('files.completeUploadExternal')[0]!));
    expect(JSON.stringify(answer.blocks)).toContain(`<https://slack.com/app_redirect?channel=${dmId}|neuvo-P1.csv>`);
    expect(readableText(answer)).toBe('Your export of P1.\n📎 neuvo-P1.csv · sent to you in a direct message');
    // Nothing of it reached the channel.
    expect(callsOf('chat.postMessage')).toEqual([]);
    expect(h.fake.uploads.filter((u) => u.channel === channel)).toEqual([]);
    expect(h.fake.violations).toEqual([]);
  });

  it('uploads a binary file (the proposal PDF) to the asker’s DM with its exact bytes', async () => {
    const channel = newChannel();
    const { key } = await h.command(ALICE, 'files pdf', { channel });
    await h.reply(key, channel);
    const upload = await h.fake.waitForUpload((u) => u.filename === 'ehdotus-E1.pdf');
    expect(upload.bytes.equals(BINARY)).toBe(true);
    expect(callsOf('files.getUploadURLExternal').at(-1)!.params).toMatchObject({ filename: 'ehdotus-E1.pdf', length: String(BINARY.length) });
    expect(h.fake.violations).toEqual([]);
  });

  it('says in the ephemeral answer when the DM with the file failed', async () => {
    const channel = newChannel();
    h.fake.failNext('files.getUploadURLExternal', { status: 200, error: 'missing_scope' });
    const { key } = await h.command(BOB, 'files private', { channel });
    const answer = await h.reply(key, channel);
    expect(readableText(answer)).toBe('Your export of P1.\n📎 neuvo-P1.csv · could not be sent; please try again');
    expect(h.fake.uploads).toEqual([]);
    expect(errorLogs(h.logs).at(-1)).toMatchObject({ code: 'missing_scope', msg: 'slack: sending the files of a private answer failed' });
  });

  it('exports a closed election from the real core as a BLT file in the voter’s DM', async () => {
    const channel = newChannel();
    const ctx = (user: string): CommandContext => ({
      actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: user, isPlatformAdmin: user === ADMIN, locale: 'en' },
      space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel },
    });
    const core = (user: string, line: string) => rt.neuvo.handle(ctx(user), line);
    await votedBoardElection(core, { coord: ADMIN, a: ALICE, b: BOB }, (u) => `<@${u}>`);
    expect(JSON.stringify(await core(ADMIN, 'election close E1'))).toContain('Result of E1');
    h.fake.clear();

    const { key } = await h.command(ALICE, 'election export E1', { channel });
    const answer = await h.reply(key, channel);
    expect(answer).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    expect(readableText(answer)).toContain('📎 neuvo-E1.blt · sent to you in a direct message');
    const upload = await h.fake.waitForUpload((u) => u.filename === 'neuvo-E1.blt');
    expect(upload.channel).toMatch(/^D/);
    const blt = parseBlt(upload.bytes.toString('utf8'));
    expect(blt.ok).toBe(true);
    expect(blt.ok && blt.value).toMatchObject({ seats: 1, title: 'Board 2027' });
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the proposal PDF from the real core', () => {
  it('sends a coordinator the proposal by DM, naming people as Slack shows them', async () => {
    const channel = newChannel();
    const CAROL = 'U0CAROL001';
    h.fake.setUser(CAROL, { name: 'asa.sjostrom', profile: { display_name: 'Åsa Sjöström', display_name_normalized: 'Asa Sjostrom' } });
    const ctx = (user: string): CommandContext => ({
      actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: user, isPlatformAdmin: user === ADMIN, locale: 'fi' },
      space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel },
    });
    const core = (user: string, line: string) => rt.neuvo.handle(ctx(user), line);
    await core(ADMIN, 'setup area:Kainuu lang:fi');
    await core(ADMIN, 'org add "Kainuun Omaiset"');
    await core(ADMIN, `org member add "Kainuun Omaiset" <@${ALICE}>`);
    await core(ADMIN, 'election new "Edustajat 2027" seats:1 method:stv');
    await core(ADMIN, `election nominate E1 <@${CAROL}> org:"Kainuun Omaiset"`);
    await core(CAROL, 'election accept E1');
    await core(ADMIN, 'election open E1');
    await core(ALICE, 'vote E1 1');
    await core(ADMIN, 'election close E1');
    h.fake.clear();

    const { key } = await h.command(ADMIN, 'election proposal E1', { channel });
    const answer = await h.reply(key, channel);
    expect(readableText(answer)).toContain('📎 ehdotus-E1.pdf');
    const upload = await h.fake.waitForUpload((u) => u.filename === 'ehdotus-E1.pdf');
    expect(upload.channel).toMatch(/^D/);
    expect(upload.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const path = join(dir, 'slack-proposal.pdf');
    writeFileSync(path, upload.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Ehdotus Kainuun hyvinvointialueen järjestöedustajiksi');
    expect(text).toContain('Åsa Sjöström Kainuun Omaiset');
    expect(text).not.toContain(CAROL);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('answers when the bot may not post in the channel', () => {
  let fake: FakeSlack;
  let client: webApi.WebClient;
  beforeAll(async () => {
    fake = await FakeSlack.start({ teamId: SLACK_TEAM });
    client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet });
  });
  afterAll(() => fake?.close());

  it('answers through the response_url in the channel and sends the file to the asker’s DM', async () => {
    fake.failNext('chat.postMessage', { status: 200, error: 'not_in_channel' });
    const url = fake.responseUrl('r-not-in');
    const respond = async (body: unknown) => {
      await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    };
    await reply(publicView, { channelId: 'C0PRIVATE1', userId: ALICE, respond: respond as never, client, fromClick: false }, pino({ level: 'silent' }));
    expect(fake.responses).toEqual([expect.objectContaining({ id: 'r-not-in', body: expect.objectContaining({ response_type: 'in_channel' }) })]);
    expect(fake.uploads).toEqual([expect.objectContaining({ filename: 'neuvo-N1.ics', channel: expect.stringMatching(/^D/) })]);
    expect(fake.violations).toEqual([]);
  });
});

describe('the messenger (what jobs post through)', () => {
  const space = (channelId: string) => ({ platform: 'slack' as const, workspaceId: SLACK_TEAM, channelId });

  it('posts a view with a file in the channel and uploads the file there', async () => {
    const channel = newChannel();
    const ref = await rt.messenger.post(space(channel), publicView);
    const post = callsOf('chat.postMessage')[0]!;
    expect(post.params.channel).toBe(channel);
    expect(ref.messageId).toMatch(/^\d+\.\d{6}$/);
    expect(h.fake.uploads).toEqual([expect.objectContaining({ filename: 'neuvo-N1.ics', channel, bytes: Buffer.from(ICS, 'utf8') })]);
    expect(h.fake.violations).toEqual([]);
  });

  it('sends a direct message with a file into the DM, and an update does not upload the file again', async () => {
    await rt.messenger.direct({ platform: 'slack', workspaceId: SLACK_TEAM, userId: BOB }, privateView);
    const dm = String(callsOf('chat.postMessage')[0]!.params.channel);
    expect(dm).toMatch(/^D/);
    expect(h.fake.uploads).toEqual([expect.objectContaining({ filename: 'neuvo-P1.csv', channel: dm })]);

    const channel = newChannel();
    const ref = await rt.messenger.post(space(channel), publicView);
    await rt.messenger.update(ref, publicView);
    expect(callsOf('chat.update')).toHaveLength(1);
    expect(h.fake.uploads.filter((u) => u.channel === channel)).toHaveLength(1);
    expect(h.fake.violations).toEqual([]);
  });

  it('uploads a large file whole (Slack takes files far beyond Discord’s limits)', async () => {
    const channel = newChannel();
    const big = `${'x;'.repeat(4.5 * 1024 * 1024)}\n`;
    await rt.messenger.post(space(channel), { private: false, blocks: [{ type: 'file', name: 'big.csv', mime: 'text/csv', content: big }] });
    const upload = await h.fake.waitForUpload((u) => u.channel === channel);
    expect(upload.bytes.length).toBe(Buffer.byteLength(big));
    expect(h.fake.violations).toEqual([]);
  });

  it('keeps the posted message when the upload fails: logged, not thrown, so a retried job cannot post it twice', async () => {
    const channel = newChannel();
    const logs: string[] = [];
    const { SlackMessenger } = await import('../adapters/slack/slack-messenger.js');
    const log = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) }));
    const messenger = new SlackMessenger(new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 }, logger: quiet }), log);
    h.fake.failNext('files.completeUploadExternal', { status: 200, error: 'not_in_channel' });
    const ref = await messenger.post(space(channel), publicView);
    expect(ref.messageId).toBeTruthy();
    expect(h.fake.uploads).toEqual([]);
    expect(errorLogs(logs)).toEqual([expect.objectContaining({ code: 'not_in_channel', files: ['neuvo-N1.ics'] })]);
  });
});
