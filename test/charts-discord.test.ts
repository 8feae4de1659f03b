/**
 * Charts on Discord: a chart is a PNG attachment of the message (multipart `files[n]`, listed in
 * `attachments` with the chart's table as its `description`, cut at 1024 characters), shown as
 * the embed's image `attachment://<name>.png`. FakeDiscord checks that the embed's image names a
 * file of the same message.
 */
import { REST, Routes } from 'discord.js';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { drawViewCharts } from '../adapters/charts/lazy-charts.js';
import { renderDiscord } from '../adapters/discord/render.js';
import type { CommandContext } from '../src/app/ports.js';
import { translator } from '../src/i18n/translator.js';
import { turnoutChart } from '../src/views/chart.js';
import type { Form, View } from '../src/views/view.js';
import { DISCORD_GUILD, DISCORD_USERS, DiscordHarness, MANAGE_GUILD } from './contract/discord-driver.js';
import type { FakeCall } from './fakes/discord-api.js';
import { votedBoardElection } from './support/scenarios.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const { coord, alice, bob } = DISCORD_USERS;

const chart = turnoutChart(translator('sv'), { id: 'E9', title: 'Styrelse' }, [
  { label: 'Åbo Kör', voted: 2, total: 3 },
  { label: 'Mäntän **Möhkäleet**', voted: 1, total: 1 },
]);
const chartView = (isPrivate: boolean): View => ({ private: isPrivate, lang: 'sv', blocks: [{ type: 'heading', text: 'Valdeltagande' }, { type: 'chart', chart }] });
/** A chart whose table is longer than an attachment's description may be. */
const longChart = turnoutChart(translator('fi'), { id: 'E8', title: 'Iso' }, Array.from({ length: 80 }, (_, i) => ({ label: `Järjestö numero ${i + 1}`, voted: i % 3, total: 3 })));

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: DiscordHarness;
let next: { view?: View } = {};
let channelSeq = 10;
const freshChannel = () => `11000000000000007${String(channelSeq++).padStart(2, '0')}`;
const fileCalls = () => h.fake.calls.filter((c) => c.files.length > 0);

beforeAll(async () => {
  rt = await startTestRuntime();
  const neuvo = {
    handle: async (ctx: CommandContext, text: string): Promise<View> => next.view ?? rt.neuvo.handle(ctx, text),
    form: async (ctx: CommandContext, text: string): Promise<Form | View> => rt.neuvo.form(ctx, text),
  };
  // Drawing a chart on a loaded machine can outlast a short reply budget; these tests are about the
  // attachment and the embed, not the deferral (discord-files.test.ts covers that path).
  h = await DiscordHarness.start({ neuvo, messenger: rt.messenger, names: rt.names }, { replyWithinMs: 10_000 });
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

beforeEach(() => {
  next = {};
  h.fake.clear();
});

/** The request's one PNG part, decoded. */
function pngPart(call: FakeCall): { filename: string; png: PNG } {
  const parts = call.files.filter((f) => f.contentType === 'image/png');
  expect(parts).toHaveLength(1);
  return { filename: parts[0]!.filename, png: PNG.sync.read(parts[0]!.data) };
}

describe('rendering', () => {
  it('attaches the PNG with the table as its description and shows it as the embed’s image', async () => {
    const view = chartView(false);
    const m = renderDiscord(view, { chartPngs: await drawViewCharts(view) });
    expect(m.files).toHaveLength(1);
    expect(m.files![0]).toMatchObject({ name: 'neuvo-e9-turnout.png', contentType: 'image/png', description: chart.alt });
    expect(m.embeds.at(-1)!.image).toEqual({ url: 'attachment://neuvo-e9-turnout.png' });
    expect(PNG.sync.read(m.files![0]!.data).width).toBeGreaterThan(1000);
  });

  it('shows a chart not drawn beforehand as its table, escaped', () => {
    const m = renderDiscord(chartView(false));
    expect(m.files ?? []).toEqual([]);
    expect(JSON.stringify(m.embeds)).toContain(chart.alt.split('\n')[0]!.replaceAll('*', '\\*'));
  });

  it('cuts a description longer than 1024 characters with “…”', async () => {
    expect(longChart.alt.length).toBeGreaterThan(1024);
    const view: View = { private: false, blocks: [{ type: 'chart', chart: longChart }] };
    const description = renderDiscord(view, { chartPngs: await drawViewCharts(view) }).files![0]!.description!;
    expect(description).toHaveLength(1024);
    expect(description.endsWith('…')).toBe(true);
    expect(longChart.alt.startsWith(description.slice(0, -1))).toBe(true);
  });
});

describe('through discord.js and the REST messenger', () => {
  it('a reply carries the PNG part, listed with its description, and the embed shows it', async () => {
    next = { view: chartView(false) };
    const a = await h.command(alice, 'help', { channelId: freshChannel() });
    const [call] = fileCalls();
    const { filename, png } = pngPart(call!);
    expect(filename).toBe('neuvo-e9-turnout.png');
    expect(png.width).toBeGreaterThan(1000);
    expect(png.height).toBeGreaterThan(200);
    expect((call!.body as Json).data.attachments).toEqual([expect.objectContaining({ id: '0', description: chart.alt })]);
    expect(a.body.embeds.at(-1).image).toMatchObject({ url: 'attachment://neuvo-e9-turnout.png' });
    expect(h.fake.attachments.at(-1)).toMatchObject({ filename: 'neuvo-e9-turnout.png', contentType: 'image/png', description: chart.alt });
    expect(h.fake.violations).toEqual([]);
  });

  it('an ephemeral answer carries its chart too', async () => {
    next = { view: chartView(true) };
    const a = await h.command(bob, 'help', { channelId: freshChannel() });
    expect(a.ephemeral).toBe(true);
    expect(pngPart(fileCalls()[0]!).filename).toBe('neuvo-e9-turnout.png');
    expect(h.fake.violations).toEqual([]);
  });

  it('the messenger posts the chart as an attachment with its description, shown in the embed', async () => {
    const channelId = freshChannel();
    const ref = await rt.messenger.post({ platform: 'discord', workspaceId: DISCORD_GUILD, channelId }, { ...chartView(false), blocks: [{ type: 'chart', chart: longChart }] });
    const [post] = fileCalls();
    expect(pngPart(post!).filename).toBe('neuvo-e8-turnout.png');
    const listed = (post!.body as Json).attachments;
    expect(listed).toEqual([{ id: '0', filename: 'neuvo-e8-turnout.png', description: expect.stringMatching(/…$/) }]);
    expect(listed[0].description).toHaveLength(1024);
    expect((h.fake.getMessage(ref.messageId) as Json | undefined)?.embeds.at(-1).image).toMatchObject({ url: 'attachment://neuvo-e8-turnout.png' });
    expect(h.fake.violations).toEqual([]);
  });

  it('FakeDiscord refuses an embed image that names no file of the message', async () => {
    const rest = new REST({ api: h.fake.apiBase, retries: 0 }).setToken('test-bot-token');
    const post = rest.post(Routes.channelMessages(freshChannel()), {
      body: { embeds: [{ image: { url: 'attachment://other.png' } }], attachments: [{ id: '0', filename: 'a.png' }] },
      files: [{ name: 'a.png', data: Buffer.from('x'), contentType: 'image/png' }],
    });
    await expect(post).rejects.toThrow(/Invalid Form Body/);
    expect(h.fake.violations.join('\n')).toContain('attachment://other.png names no file of this message');
  });
});

describe('results from the real core', () => {
  it('a closed STV election’s result is answered with its rounds chart', async () => {
    const channelId = freshChannel();
    const ctx = (user: { id: string }): CommandContext => ({
      actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: user.id, isPlatformAdmin: user === coord, locale: 'en' },
      space: { platform: 'discord', workspaceId: DISCORD_GUILD, channelId },
    });
    const core = (user: { id: string }, line: string) => rt.neuvo.handle(ctx(user), line);
    await votedBoardElection(core, { coord, a: alice, b: bob }, (u) => `<@${u.id}>`);
    h.fake.clear();

    const a = await h.command(coord, 'election close E1', { channelId, permissions: MANAGE_GUILD });
    const call = fileCalls().find((c) => c.files.some((f) => f.filename === 'neuvo-e1-rounds.png'));
    expect(call).toBeDefined();
    expect(pngPart(call!).png.width).toBeGreaterThan(1000);
    expect(a.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-e1-rounds.png', content_type: 'image/png' })]);
    expect(a.body.embeds.at(-1).image).toMatchObject({ url: 'attachment://neuvo-e1-rounds.png' });
    // An image cannot mention: the chart and its table name people as Discord shows them, not by id.
    const description = String(a.attachments[0]!.description);
    expect(description).toContain('Round 1: 1. @Alice 1.00000 · 2. @Bob 1.00000');
    expect(description).not.toContain(alice.id);
    expect(h.fake.violations).toEqual([]);
  });
});
