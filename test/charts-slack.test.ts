/**
 * Charts on Slack: a chart's PNG goes up through the v2 external upload (getUploadURLExternal →
 * bytes → completeUploadExternal, to no channel) before the message, which shows it with an image
 * block `slack_file: { id }` whose alt text is the chart's table. FakeSlack checks the image block
 * (Block Kit) and that its file was uploaded there as a PNG.
 */
import { webApi } from '@slack/bolt';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Neuvo } from '../src/app/neuvo.js';
import type { CommandContext } from '../src/app/ports.js';
import { translator } from '../src/i18n/translator.js';
import { turnoutChart } from '../src/views/chart.js';
import type { View } from '../src/views/view.js';
import { PNG_SCALE, chartSvg } from '../adapters/charts/render-chart.js';
import { SLACK_TEAM, SlackHarness, type SlackReply } from './contract/slack-driver.js';
import type { FakeSlackUpload } from './fakes/slack-api.js';
import { startTestRuntime } from './support/runtime.js';

type J = Record<string, any>;

const ADMIN = 'U0ADMIN001';
const ALICE = 'U0ALICE001';
const BOB = 'U0BOB00001';

const chart = turnoutChart(translator('fi'), { id: 'E9', title: 'Hallitus' }, [
  { label: 'Kallion Kaiku <b>&</b>', voted: 2, total: 3 },
  { label: 'Åbo Svenska', voted: 1, total: 1 },
]);
const chartView = (isPrivate: boolean): View => ({ private: isPrivate, lang: 'fi', blocks: [{ type: 'heading', text: 'Äänestysaktiivisuus' }, { type: 'chart', chart }] });
const STUBBED: Record<string, View> = { 'chart public': chartView(false), 'chart private': chartView(true) };

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: SlackHarness;
let channelSeq = 0;
const newChannel = () => `C0CHRT${String(++channelSeq).padStart(4, '0')}`;
const callsOf = (method: string) => h.fake.calls.filter((c) => c.method === method);
const indexOf = (method: string) => h.fake.calls.findIndex((c) => c.method === method);

beforeAll(async () => {
  rt = await startTestRuntime();
  const neuvo = {
    handle: (ctx: CommandContext, text: string) => (STUBBED[text] ? Promise.resolve(STUBBED[text]) : rt.neuvo.handle(ctx, text)),
    form: (ctx: CommandContext, text: string) => rt.neuvo.form(ctx, text),
  } as unknown as Neuvo;
  h = await SlackHarness.start({ neuvo, messenger: rt.messenger });
  for (const [id, name] of [[ADMIN, 'admin'], [ALICE, 'alice'], [BOB, 'bob']] as const) h.fake.setUser(id, { name, locale: 'en-US', is_admin: id === ADMIN });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

beforeEach(() => h.fake.clear());

/** The message's image blocks and the uploads they show, which must be PNGs that decode. */
function imagesOf(answer: SlackReply): { block: J; upload: FakeSlackUpload; png: PNG }[] {
  return answer.blocks
    .filter((b) => b.type === 'image')
    .map((block) => {
      const upload = h.fake.uploads.find((u) => u.fileId === block.slack_file?.id);
      expect(upload, `an upload for ${JSON.stringify(block.slack_file)}`).toBeDefined();
      return { block, upload: upload!, png: PNG.sync.read(upload!.bytes) };
    });
}

describe('a chart in an answer', () => {
  it('uploads the PNG to no channel before posting, and the posted message shows it with an image block', async () => {
    const channel = newChannel();
    const { key } = await h.command(ALICE, 'chart public', { channel });
    const answer = await h.reply(key, channel);
    expect(answer.via).toBe('post');
    const [image, ...more] = imagesOf(answer);
    expect(more).toEqual([]);
    expect(image!.block).toEqual({
      type: 'image',
      slack_file: { id: image!.upload.fileId },
      alt_text: chart.alt.replaceAll('\t', ' · '),
      title: { type: 'plain_text', text: chart.title, emoji: false },
    });
    expect(image!.upload).toMatchObject({ filename: 'neuvo-e9-turnout.png', channel: null });
    // The v2 flow, in order, before the message that shows the file.
    expect(indexOf('files.getUploadURLExternal')).toBeLessThan(indexOf('files.completeUploadExternal'));
    expect(indexOf('files.completeUploadExternal')).toBeLessThan(indexOf('chat.postMessage'));
    expect(callsOf('files.upload')).toEqual([]);
    const svg = /width="(\d+)" height="(\d+)"/.exec(chartSvg(chart))!;
    expect([image!.png.width, image!.png.height]).toEqual([Number(svg[1]) * PNG_SCALE, Number(svg[2]) * PNG_SCALE]);
    expect(answer.text).toContain('📈 E9 · Hallitus');
    expect(h.fake.violations).toEqual([]);
  });

  it('shows the chart in a private answer too, without sending anything to a DM', async () => {
    const channel = newChannel();
    const { key } = await h.command(BOB, 'chart private', { channel });
    const answer = await h.reply(key, channel);
    expect(answer).toMatchObject({ via: 'response_url', responseType: 'ephemeral' });
    expect(imagesOf(answer)).toHaveLength(1);
    expect(callsOf('conversations.open')).toEqual([]);
    expect(callsOf('chat.postMessage')).toEqual([]);
    expect(h.fake.violations).toEqual([]);
  });

  it('shows the chart’s table instead when its upload fails, and still answers', async () => {
    const channel = newChannel();
    h.fake.failNext('files.getUploadURLExternal', { status: 200, error: 'missing_scope' });
    const { key } = await h.command(ALICE, 'chart public', { channel });
    const answer = await h.reply(key, channel);
    expect(answer.blocks.filter((b) => b.type === 'image')).toEqual([]);
    const text = JSON.stringify(answer.blocks);
    expect(text).toContain('Kallion Kaiku &lt;b&gt;&amp;&lt;/b&gt; · 2/3');
    expect(text).toContain('Åbo Svenska · 1/1');
  });
});

describe('FakeSlack’s image blocks', () => {
  it('refuses an image block whose slack_file was never uploaded, or that names both a file and a URL', async () => {
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: h.fake.apiUrl, retryConfig: { retries: 0 }, logger: { debug() {}, info() {}, warn() {}, error() {}, setLevel() {}, getLevel: () => 'error', setName() {} } as never });
    const post = (block: J) => client.chat.postMessage({ channel: newChannel(), text: 'x', blocks: [block as never] });
    await expect(post({ type: 'image', alt_text: 'a', slack_file: { id: 'F0NOSUCH01' } })).rejects.toThrow(/invalid_blocks/);
    await expect(post({ type: 'image', alt_text: 'a', slack_file: { id: 'F0NOSUCH01' }, image_url: 'https://example.org/a.png' })).rejects.toThrow();
    expect(h.fake.violations.join('\n')).toMatch(/F0NOSUCH01.*is no file uploaded/);
    expect(h.fake.violations.join('\n')).toMatch(/exactly one of image_url and slack_file/);
  });
});

describe('results from the real core', () => {
  const ctx = (channel: string, user: string): CommandContext => ({
    actor: { platform: 'slack', workspaceId: SLACK_TEAM, userId: user, isPlatformAdmin: user === ADMIN, locale: 'en' },
    space: { platform: 'slack', workspaceId: SLACK_TEAM, channelId: channel },
  });

  it('a closed poll’s result and a closed STV election’s result carry their charts; the turnout view carries one', async () => {
    const channel = newChannel();
    const core = (user: string, line: string) => rt.neuvo.handle(ctx(channel, user), line);
    await core(ADMIN, 'setup area:Kainuu');
    await core(ADMIN, 'org add "Mäntän Möhkäleet"');
    await core(ADMIN, `org member add "Mäntän Möhkäleet" <@${ALICE}>`);
    await core(ADMIN, 'org add "Åbo Kör"');
    await core(ADMIN, `org member add "Åbo Kör" <@${BOB}>`);
    await core(ADMIN, 'election new "Board 2027" seats:1 method:stv');
    await core(ALICE, `election nominate E1 <@${ALICE}>`);
    await core(BOB, `election nominate E1 <@${BOB}>`);
    await core(ADMIN, 'election open E1');
    await core(ALICE, 'vote E1 1 2');
    h.fake.clear();

    const turnout = await h.command(ADMIN, 'election turnout E1', { channel });
    const turnoutAnswer = await h.reply(turnout.key, channel);
    const [turnoutImage] = imagesOf(turnoutAnswer);
    expect(turnoutImage!.upload.filename).toBe('neuvo-e1-turnout.png');
    expect(turnoutImage!.block.alt_text).toContain('Mäntän Möhkäleet · 1/1');
    expect(turnoutImage!.block.alt_text).toContain('Åbo Kör · 0/1');

    await core(BOB, 'vote E1 2');
    h.fake.clear();
    const close = await h.command(ADMIN, 'election close E1', { channel });
    const result = await h.reply(close.key, channel);
    const [rounds] = imagesOf(result);
    expect(rounds!.upload.filename).toBe('neuvo-e1-rounds.png');
    expect(rounds!.block.alt_text).toMatch(/^E1 · Board 2027 — the count round by round/);
    expect(rounds!.png.width).toBeGreaterThan(1000);

    await core(ADMIN, 'poll new "Mitä käsitellään?" theme:goals options:"Yksinäisyys|Nuorten <b>mieli</b>|Kylien bussit" pick:2');
    await core(ADMIN, 'poll open P1');
    await core(ALICE, 'vote P1 2 1');
    await core(BOB, 'vote P1 2');
    h.fake.clear();
    const pollClose = await h.command(ADMIN, 'poll close P1', { channel });
    const pollResult = await h.reply(pollClose.key, channel);
    const [topics] = imagesOf(pollResult);
    expect(topics!.upload.filename).toBe('neuvo-p1-topics.png');
    expect(topics!.block.alt_text).toContain('2. Nuorten <b>mieli</b> · 2');
    expect(topics!.png.height).toBeGreaterThan(200);
    expect(h.fake.violations).toEqual([]);
  });
});
