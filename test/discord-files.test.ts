/**
 * Files on Discord: the renderer returns a view's files apart from the JSON body; replies (direct,
 * deferred, follow-ups, form steps) and the messenger send them as attachments — multipart parts
 * `files[n]` listed in `payload_json.attachments` — with the view's content type. FakeDiscord parses
 * the parts, checks them against the attachments list and the upload limit, and keeps the bytes.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { REST, Routes } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DiscordMessenger } from '../adapters/discord/discord-messenger.js';
import { renderDiscord } from '../adapters/discord/render.js';
import { POSTED } from '../adapters/discord/reply.js';
import type { Form, View } from '../src/views/view.js';
import type { CommandContext } from '../src/app/ports.js';
import { parseBlt } from '../src/domain/tally/index.js';
import { DISCORD_CHANNEL, DISCORD_GUILD, DISCORD_USERS, DiscordHarness, fileLine, MANAGE_GUILD, readableText } from './contract/discord-driver.js';
import { FakeDiscord, type FakeCall } from './fakes/discord-api.js';
import { votedBoardElection } from './support/scenarios.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const { coord, alice, bob } = DISCORD_USERS;
const MiB = 1024 * 1024;

const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nSUMMARY:Neuvottelu – Pirkanmaan hyvinvointialue €\r\nDTSTART:20261014T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const CSV = 'topic;votes\r\n"Sote-palvelut, ikäihmiset";3\r\nÅbo_*bold*;1\r\n';
const ics = { type: 'file', name: 'neuvo-N1.ics', mime: 'text/calendar', content: ICS } as const;
const csv = { type: 'file', name: 'neuvo-P1.csv', mime: 'text/csv', content: CSV } as const;

const publicView: View = { private: false, blocks: [{ type: 'heading', text: 'Negotiation N1' }, { type: 'text', text: ['Add it to your calendar.'] }, ics] };
const privateView: View = { private: true, blocks: [{ type: 'text', text: ['Your export of P1.'] }, csv] };
/** A file of `bytes` bytes (ASCII, so characters are bytes). */
/** Bytes that are not UTF-8 (a PDF's binary marker, a NUL, 0xff): they must arrive exactly. */
const BINARY = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x25, 0xe2, 0xe3, 0xcf, 0xd3, 0x00, 0xff, 0x80, 0x0a]);
const pdfView: View = { private: true, blocks: [{ type: 'text', text: ['The proposal.'] }, { type: 'file', name: 'ehdotus-E1.pdf', mime: 'application/pdf', content: BINARY.toString('base64'), encoding: 'base64' }] };
const sized = (name: string, bytes: number): View['blocks'][number] => ({ type: 'file', name, mime: 'text/csv', content: 'x'.repeat(bytes) });

const dir = mkdtempSync(join(tmpdir(), 'neuvo-discord-files-'));
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: DiscordHarness;
/** What the stub core answers next (the real core when unset), and after how long. */
let next: { view?: View; form?: View; delayMs?: number } = {};
let channelSeq = 10;
const freshChannel = () => `11000000000000002${String(channelSeq++).padStart(2, '0')}`;

const REPLY_WITHIN_MS = 300;

beforeAll(async () => {
  rt = await startTestRuntime();
  const wait = () => new Promise((r) => setTimeout(r, next.delayMs ?? 0));
  const neuvo = {
    handle: async (ctx: CommandContext, text: string): Promise<View> => (next.view ? (await wait(), next.view) : rt.neuvo.handle(ctx, text)),
    form: async (ctx: CommandContext, text: string): Promise<Form | View> => (next.form ? (await wait(), next.form) : rt.neuvo.form(ctx, text)),
  };
  h = await DiscordHarness.start({ neuvo, messenger: rt.messenger, names: rt.names }, { replyWithinMs: REPLY_WITHIN_MS });
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await h?.stop();
  await rt?.stop();
});

beforeEach(() => {
  next = {};
  h.fake.clear();
});

/** The file parts of a request, in a comparable shape. */
const partsOf = (call: FakeCall) => call.files.map((f) => ({ field: f.field, filename: f.filename, contentType: f.contentType, text: f.data.toString('utf8') }));
const fileCalls = () => h.fake.calls.filter((c) => c.files.length > 0);

describe('rendering', () => {
  it('returns a view’s files apart from the JSON body, with the view’s content type (UTF-8 for text)', () => {
    const m = renderDiscord(publicView);
    expect(m.files).toEqual([{ name: 'neuvo-N1.ics', data: Buffer.from(ICS, 'utf8'), contentType: 'text/calendar; charset=utf-8' }]);
    // Discord names the attachment under the message; the embed does not repeat it.
    expect(JSON.stringify(m.embeds)).not.toContain('neuvo-N1.ics');
    expect('files' in renderDiscord({ private: false, blocks: [{ type: 'text', text: ['hi'] }] })).toBe(false);
  });

  it('decodes a binary (base64) file block to its bytes, typed without a charset', () => {
    expect(renderDiscord(pdfView).files).toEqual([{ name: 'ehdotus-E1.pdf', data: BINARY, contentType: 'application/pdf' }]);
  });

  it('sends a view that is only a file without a placeholder embed (the attachment is the message)', () => {
    expect(renderDiscord({ private: true, blocks: [csv] }).embeds).toEqual([]);
  });

  it('leaves out a file over the size limit and a file beyond the tenth, and says so in the message', () => {
    const big = renderDiscord({ private: false, blocks: [sized('small.csv', 100), sized('big.csv', 9 * MiB)] }, { maxFileBytes: 8 * MiB });
    expect(big.files?.map((f) => f.name)).toEqual(['small.csv']);
    expect(readableText(big as unknown as Json)).toBe('📎 big.csv is not attached: 9.0 MiB is more than Discord takes here (8.0 MiB).');
    const many = renderDiscord({ private: false, blocks: Array.from({ length: 11 }, (_, i) => sized(`f${i}.csv`, 10)) });
    expect(many.files).toHaveLength(10);
    expect(readableText(many as unknown as Json)).toBe('📎 f10.csv is not attached: a message takes 10 files at most.');
  });
});

describe('FakeDiscord checks uploads', () => {
  let fake: FakeDiscord;
  let rest: REST;
  const channel = '1100000000000000099';
  const file = (name: string, bytes = 4) => ({ name, data: Buffer.alloc(bytes, 'x'), contentType: 'text/plain' });
  beforeAll(async () => {
    fake = await FakeDiscord.start({ attachmentSizeLimit: 1024 });
    rest = new REST({ api: fake.apiBase, retries: 0 }).setToken('test-bot-token');
  });
  afterAll(() => fake?.close());
  beforeEach(() => fake.clear());

  it('stores a posted file with its bytes, name (renamed by attachments[n].filename) and content type', async () => {
    const posted = (await rest.post(Routes.channelMessages(channel), { body: { content: 'x', attachments: [{ id: '0', filename: 'real.csv' }] }, files: [file('part.csv')] })) as Json;
    expect(posted.attachments).toEqual([expect.objectContaining({ filename: 'real.csv', size: 4, content_type: 'text/plain' })]);
    expect(fake.attachments).toEqual([expect.objectContaining({ messageId: posted.id, channelId: channel, filename: 'real.csv', contentType: 'text/plain', bytes: Buffer.from('xxxx') })]);
    expect(fake.violations).toEqual([]);
  });

  it('refuses parts the attachments list does not match, an edit that uploads without listing, and files over the limit', async () => {
    const posted = (await rest.post(Routes.channelMessages(channel), { body: { content: 'x' } })) as Json;
    const stored = fake.attachments.length;
    await expect(rest.post(Routes.channelMessages(channel), { body: { content: 'x', attachments: [{ id: '1' }] }, files: [file('a.csv')] })).rejects.toThrow(/Invalid Form Body/);
    await expect(rest.patch(Routes.channelMessage(channel, posted.id), { body: { content: 'y' }, files: [file('a.csv')] })).rejects.toThrow(/Invalid Form Body/);
    await expect(rest.post(Routes.channelMessages(channel), { body: { content: 'x' }, files: [{ ...file('a.csv'), key: 'file' }] })).rejects.toThrow(/Invalid Form Body/);
    await expect(rest.post(Routes.channelMessages(channel), { body: { content: 'x', attachments: [{ id: '0' }] }, files: [file('huge.csv', 1025)] })).rejects.toThrow(/Request entity too large/);
    expect(fake.violations).toEqual([
      expect.stringMatching(/attachments\[0\] names files\[1\], which the request does not carry.*files\[0\] is not listed in attachments/s),
      expect.stringContaining('An edit that uploads files must list them in attachments'),
      expect.stringContaining('File part "file" must be named files[n]'),
      expect.stringContaining('huge.csv is 1025 bytes, over the upload limit of 1024'),
    ]);
    expect(fake.attachments).toHaveLength(stored);
  });
});

describe('replies with files, through discord.js', () => {
  it('attaches a public view’s file to the reply: right name, content type and bytes, listed in attachments', async () => {
    next = { view: publicView };
    const a = await h.command(alice, 'help', { channelId: freshChannel() });
    expect(a).toMatchObject({ via: 'reply', ephemeral: false });
    const [call] = fileCalls();
    expect(call!.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(partsOf(call!)).toEqual([{ field: 'files[0]', filename: 'neuvo-N1.ics', contentType: 'text/calendar; charset=utf-8', text: ICS }]);
    expect((call!.body as Json).data.attachments).toEqual([{ id: '0' }]);
    expect(a.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-N1.ics', content_type: 'text/calendar; charset=utf-8', size: Buffer.byteLength(ICS) })]);
    expect(h.fake.attachments.at(-1)!.bytes.equals(Buffer.from(ICS, 'utf8'))).toBe(true);
    expect([readableText(a.body), ...a.attachments.map(fileLine)].join('\n')).toBe('Negotiation N1\nAdd it to your calendar.\n📎 neuvo-N1.ics');
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches a private view’s file to the ephemeral reply (Discord allows attachments there)', async () => {
    next = { view: privateView };
    const a = await h.command(bob, 'help', { channelId: freshChannel() });
    expect(a).toMatchObject({ via: 'reply', ephemeral: true });
    expect(partsOf(fileCalls()[0]!)).toEqual([{ field: 'files[0]', filename: 'neuvo-P1.csv', contentType: 'text/csv; charset=utf-8', text: CSV }]);
    expect(a.attachments.map(fileLine)).toEqual(['📎 neuvo-P1.csv']);
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches a binary file (the proposal PDF) with its exact bytes', async () => {
    next = { view: pdfView };
    const a = await h.command(bob, 'help', { channelId: freshChannel() });
    expect(a).toMatchObject({ via: 'reply', ephemeral: true });
    const [part] = fileCalls()[0]!.files;
    expect(part).toMatchObject({ filename: 'ehdotus-E1.pdf', contentType: 'application/pdf' });
    expect(h.fake.attachments.at(-1)!.bytes.equals(BINARY)).toBe(true);
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches the file to the edit of “thinking…” when a private answer is slow', async () => {
    next = { view: privateView, delayMs: REPLY_WITHIN_MS + 200 };
    const a = await h.command(bob, 'help', { channelId: freshChannel() });
    expect(a).toMatchObject({ via: 'deferred', ephemeral: true });
    const [edit] = fileCalls();
    expect(edit!.method).toBe('PATCH');
    expect(edit!.path).toMatch(/\/messages\/@original$/);
    expect(partsOf(edit!)).toEqual([expect.objectContaining({ filename: 'neuvo-P1.csv', contentType: 'text/csv; charset=utf-8', text: CSV })]);
    expect((edit!.body as Json).attachments).toEqual([{ id: '0' }]);
    expect(a.attachments.map(fileLine)).toEqual(['📎 neuvo-P1.csv']);
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches the file to the public follow-up when a public answer is slow', async () => {
    next = { view: publicView, delayMs: REPLY_WITHIN_MS + 200 };
    const a = await h.command(alice, 'help', { channelId: freshChannel() });
    expect(a).toMatchObject({ via: 'deferred', ephemeral: false });
    const [follow] = fileCalls();
    expect(follow!.method).toBe('POST');
    expect(follow!.route).toBe('/webhooks/{webhook_id}/{webhook_token}');
    expect(partsOf(follow!)).toEqual([expect.objectContaining({ filename: 'neuvo-N1.ics', contentType: 'text/calendar; charset=utf-8', text: ICS })]);
    // The private “✅” that resolved the deferral carries nothing.
    expect(h.fake.calls.find((c) => c.method === 'PATCH' && (c.body as Json)?.content === POSTED)?.files).toEqual([]);
    expect(a.attachments.map(fileLine)).toEqual(['📎 neuvo-N1.ics']);
    expect(h.fake.violations).toEqual([]);
  });

  it('uses the interaction’s attachment_size_limit: 9 MiB goes (the limit is 10 MiB), 11 MiB is left out with a note', async () => {
    next = { view: { private: true, blocks: [{ type: 'text', text: ['Exports'] }, sized('nine.csv', 9 * MiB), sized('eleven.csv', 11 * MiB)] } };
    const a = await h.command(bob, 'help', { channelId: freshChannel() });
    expect(a.attachments.map((x) => [x.filename, x.size])).toEqual([['nine.csv', 9 * MiB]]);
    expect(readableText(a.body)).toBe('Exports\n📎 eleven.csv is not attached: 11.0 MiB is more than Discord takes here (10.0 MiB).');
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches a form step’s answer: in place on Neuvo’s ephemeral message, as a new reply from a public one', async () => {
    const formButton: View['blocks'][number] = { type: 'actions', buttons: [{ label: 'Vote', command: 'vote E1', form: true }] };
    for (const isPrivate of [true, false]) {
      next = { view: { private: isPrivate, blocks: [{ type: 'text', text: ['Ballot'] }, formButton] } };
      const card = await h.command(alice, 'help', { channelId: DISCORD_CHANNEL });
      h.fake.clear();
      next = { form: privateView };
      const payload = h.fake.dispatchInteraction(
        h.fake.buttonClick({ guildId: DISCORD_GUILD, channelId: DISCORD_CHANNEL, user: alice, customId: 'neuvo-form:vote E1', message: card.messageId }),
      );
      const callback = await h.fake.waitFor((c) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback' && c.path.startsWith(`/interactions/${payload.id}/`));
      expect((callback.body as Json).type).toBe(isPrivate ? 7 : 4);
      expect(partsOf(callback)).toEqual([expect.objectContaining({ field: 'files[0]', filename: 'neuvo-P1.csv', contentType: 'text/csv; charset=utf-8', text: CSV })]);
      expect((callback.body as Json).data.attachments).toEqual([{ id: '0' }]);
    }
    expect(h.fake.violations).toEqual([]);
  });

  it('exports a closed election from the real core as a BLT attachment of the ephemeral answer', async () => {
    const channelId = freshChannel();
    const ctx = (user: { id: string }): CommandContext => ({
      actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: user.id, isPlatformAdmin: user === coord, locale: 'en' },
      space: { platform: 'discord', workspaceId: DISCORD_GUILD, channelId },
    });
    const core = (user: { id: string }, line: string) => rt.neuvo.handle(ctx(user), line);
    await votedBoardElection(core, { coord, a: alice, b: bob }, (u) => `<@${u.id}>`);
    expect(JSON.stringify(await core(coord, 'election close E1'))).toContain('Result of E1');
    h.fake.clear();

    const a = await h.command(alice, 'election export E1', { channelId, permissions: MANAGE_GUILD });
    expect(a.ephemeral).toBe(true);
    expect(a.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-E1.blt', content_type: 'text/plain; charset=utf-8' })]);
    const blt = parseBlt(h.fake.attachments.at(-1)!.bytes.toString('utf8'));
    expect(blt.ok && blt.value).toMatchObject({ seats: 1, title: 'Board 2027' });
    expect(h.fake.violations).toEqual([]);
  });

  it('attaches the proposal PDF from the real core to a coordinator’s ephemeral answer, naming people as Discord shows them', async () => {
    const channelId = freshChannel();
    const ctx = (user: { id: string }): CommandContext => ({
      actor: { platform: 'discord', workspaceId: DISCORD_GUILD, userId: user.id, isPlatformAdmin: user === coord, locale: 'sv' },
      space: { platform: 'discord', workspaceId: DISCORD_GUILD, channelId },
    });
    const core = (user: { id: string }, line: string) => rt.neuvo.handle(ctx(user), line);
    await core(coord, 'setup area:Pohjanmaa lang:sv');
    await core(coord, 'org add "Föreningen Åkerö"');
    await core(coord, `org member add "Föreningen Åkerö" <@${bob.id}>`);
    await core(coord, 'election new "Representanter 2027" seats:1 method:stv');
    await core(alice, `election nominate E1 <@${alice.id}> org:"Föreningen Åkerö"`);
    await core(coord, 'election open E1');
    await core(bob, 'vote E1 1');
    await core(coord, 'election close E1');
    h.fake.clear();

    const a = await h.command(coord, 'election proposal E1', { channelId, permissions: MANAGE_GUILD });
    expect(a.ephemeral).toBe(true);
    expect(a.attachments).toEqual([expect.objectContaining({ filename: 'forslag-E1.pdf', content_type: 'application/pdf' })]);
    const path = join(dir, 'discord-proposal.pdf');
    writeFileSync(path, h.fake.attachments.at(-1)!.bytes);
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Förslag till organisationernas representanter i välfärdsområdet Österbotten');
    // Alice's global name, not her id; the coordinator signs by theirs.
    expect(text).toContain('Alice Föreningen Åkerö');
    expect(text).not.toContain(alice.id);
    expect(text).toMatch(/den \d{1,2} \p{L}+ \d{4} Coord koordinator/u);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('the messenger (what jobs post through)', () => {
  const space = (channelId: string) => ({ platform: 'discord' as const, workspaceId: DISCORD_GUILD, channelId });

  it('posts a view with its file as an attachment named in attachments', async () => {
    const channelId = freshChannel();
    const ref = await rt.messenger.post(space(channelId), publicView);
    const [post] = fileCalls();
    expect(post!.path).toBe(`/channels/${channelId}/messages`);
    expect(partsOf(post!)).toEqual([{ field: 'files[0]', filename: 'neuvo-N1.ics', contentType: 'text/calendar; charset=utf-8', text: ICS }]);
    expect((post!.body as Json).attachments).toEqual([{ id: '0', filename: 'neuvo-N1.ics' }]);
    expect(h.fake.getMessage(ref.messageId)?.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-N1.ics' })]);
    expect(h.fake.violations).toEqual([]);
  });

  it('sends a direct message with its file, and an update with a file replaces the attachment', async () => {
    await rt.messenger.direct({ platform: 'discord', workspaceId: DISCORD_GUILD, userId: bob.id }, privateView);
    const [post] = fileCalls();
    const dm = String(post!.path.split('/')[2]);
    expect(h.dmRecipient(dm)).toBe(bob.id);
    expect(h.fake.channelMessages(dm).at(-1)?.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-P1.csv' })]);

    const channelId = freshChannel();
    const ref = await rt.messenger.post(space(channelId), publicView);
    await rt.messenger.update(ref, { ...publicView, blocks: [...publicView.blocks.slice(0, 2), { ...ics, name: 'neuvo-N1-v2.ics' }] });
    expect(h.fake.getMessage(ref.messageId)?.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-N1-v2.ics' })]);
    // An update without files leaves the attachment alone.
    await rt.messenger.update(ref, { private: false, blocks: [{ type: 'text', text: ['Moved to Friday.'] }] });
    expect(h.fake.getMessage(ref.messageId)?.attachments).toEqual([expect.objectContaining({ filename: 'neuvo-N1-v2.ics' })]);
    expect(h.fake.violations).toEqual([]);
  });

  it('keeps to 8 MiB without an interaction to say more: a 9 MiB file is left out with a note, nothing refused', async () => {
    const logs: string[] = [];
    const messenger = new DiscordMessenger(h.discord.client.rest, pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (logs.push(String(c)), cb()) })));
    const channelId = freshChannel();
    await messenger.post(space(channelId), { private: false, blocks: [{ type: 'text', text: ['Export'] }, sized('nine.csv', 9 * MiB)] });
    const [post] = h.fake.calls.filter((c) => c.path === `/channels/${channelId}/messages`);
    expect(post!.status).toBe(200);
    expect(post!.files).toEqual([]);
    expect(readableText(post!.body as Json)).toBe('Export\n📎 nine.csv is not attached: 9.0 MiB is more than Discord takes here (8.0 MiB).');
    expect(h.fake.violations).toEqual([]);
  });
});
