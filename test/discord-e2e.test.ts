/**
 * The Discord adapter end to end: a real discord.js client logged in on FakeDiscord, the real core on
 * Postgres, reminders through the real BullMQ worker. Every REST call is checked by the fake against
 * Discord's spec and limits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { neuvoCommand } from '../adapters/discord/command-definitions.js';
import { POSTED } from '../adapters/discord/reply.js';
import type { CommandContext } from '../src/app/ports.js';
import { ZWSP } from '../adapters/discord/markdown.js';
import {
  DISCORD_APP,
  DISCORD_CHANNEL,
  DISCORD_GUILD,
  DISCORD_USERS,
  DiscordHarness,
  MANAGE_GUILD,
  ORDINARY,
  readableText,
} from './contract/discord-driver.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const { coord, alice, bob } = DISCORD_USERS;
const MOD = { id: '1200000000000000009', username: 'mod', global_name: 'Moderator' };
const NAMES: Record<string, string> = { [coord.id]: 'coord', [alice.id]: 'alice', [bob.id]: 'bob', [MOD.id]: 'mod', [DISCORD_CHANNEL]: 'general' };
/** A channel of its own per test, so each test starts without a network. */
let channelSeq = 10;
const freshChannel = () => `11000000000000001${String(channelSeq++).padStart(2, '0')}`;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: DiscordHarness;

const errorLogs = (harness: DiscordHarness) => harness.logs.map((l) => JSON.parse(l) as Json).filter((l) => l.level >= 50);

beforeAll(async () => {
  rt = await startTestRuntime();
  h = await DiscordHarness.start(rt);
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

describe('login and registration', () => {
  it('registers /neuvo by bulk overwrite in DISCORD_GUILD_ID, as the spec allows', async () => {
    const put = await h.fake.waitFor('PUT /applications/{application_id}/guilds/{guild_id}/commands');
    expect(put.path).toBe(`/applications/${DISCORD_APP}/guilds/${DISCORD_GUILD}/commands`);
    expect(put.status).toBe(200);
    expect(put.body).toEqual([JSON.parse(JSON.stringify(neuvoCommand()))]);
    expect(h.fake.calls.some((c) => c.route === '/applications/{application_id}/commands')).toBe(false);
    // Interactions now carry the registered command's id.
    expect(h.fake.slashCommand({ guildId: DISCORD_GUILD, channelId: DISCORD_CHANNEL, user: alice, name: 'neuvo' }).data.guild_id).toBe(DISCORD_GUILD);
    expect(h.discord.client.isReady()).toBe(true);
    expect(h.fake.violations).toEqual([]);
  });

  it('registers globally when no guild is configured', async () => {
    const global = await DiscordHarness.start({ neuvo: rt.neuvo, messenger: { register: () => {} } }, { guildId: null });
    try {
      const put = await global.fake.waitFor('PUT /applications/{application_id}/commands');
      expect(put.path).toBe(`/applications/${DISCORD_APP}/commands`);
      expect(put.status).toBe(200);
      expect(global.fake.violations).toEqual([]);
    } finally {
      await global.stop();
    }
  });
});

describe('slash commands', () => {
  it('answers through the interaction callback, ephemeral for a private view', async () => {
    const answer = await h.command(alice, 'help', { channelId: freshChannel() });
    expect(answer.via).toBe('reply');
    expect(answer.ephemeral).toBe(true);
    expect(answer.body.flags).toBe(64);
    expect(answer.body.embeds[0].title).toBe('Neuvo commands');
    expect(readableText(answer.body)).toContain('/neuvo org member add "<organisation>" @user');
    expect(h.fake.violations).toEqual([]);
  });

  it('answers a public view for everyone, with the coordinator mentioned and allowed to be pinged', async () => {
    const answer = await h.command(coord, 'setup area:Pirkanmaa', { channelId: freshChannel() });
    expect(answer.ephemeral).toBe(false);
    expect(answer.body.flags ?? 0).toBe(0);
    expect(readableText(answer.body, NAMES)).toContain('@coord is the coordinator');
    expect(answer.body.allowed_mentions).toEqual({ parse: [], users: [coord.id] });
    expect(h.fake.violations).toEqual([]);
  });

  it('speaks the client’s language before a network has chosen one', async () => {
    const answer = await h.command(alice, 'org list', { channelId: freshChannel(), locale: 'fi' });
    expect(readableText(answer.body)).toContain('Tällä kanavalla ei ole vielä verkostoa.');
  });

  it('works in a DM with the bot', async () => {
    const answer = await h.command(alice, 'help', { guildId: null, channelId: '1100000000000000099' });
    expect(answer.ephemeral).toBe(true);
    expect(answer.body.embeds[0].title).toBe('Neuvo commands');
    expect(h.fake.violations).toEqual([]);
  });

  it('answers a subcommand it does not know (a stale registration) with the core’s unknown command', async () => {
    const answer = await h.command(alice, 'frobnicate', { channelId: freshChannel() });
    expect(answer.ephemeral).toBe(true);
    expect(readableText(answer.body)).toContain('Unknown command “frobnicate”.');
  });
});

describe('coordinators', () => {
  it('lets a member with Manage Server run a coordinator command and refuses everyone else', async () => {
    const channelId = freshChannel();
    await h.command(coord, 'setup area:Satakunta', { channelId });
    const refused = await h.command(alice, 'org add "Satakunnan Martat"', { channelId });
    expect(refused.ephemeral).toBe(true);
    expect(readableText(refused.body)).toBe('Only a coordinator of this network can do that.');
    expect(refused.body.embeds[0].color).toBe(0xed4245);

    const added = await h.command(MOD, 'org add "Satakunnan Martat"', { channelId, permissions: ORDINARY | MANAGE_GUILD });
    expect(added.ephemeral).toBe(false);
    expect(readableText(added.body)).toBe('Organisation “Satakunnan Martat” added.');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('buttons', () => {
  it('runs the button’s command as the person who clicked, in a new message, leaving the original as it was', async () => {
    const channelId = freshChannel();
    await h.command(coord, 'setup area:Kainuu', { channelId });
    await h.command(coord, 'org add "Kainuun Setlementti"', { channelId });
    const join = await h.command(alice, 'org join "Kainuun Setlementti"', { channelId });
    expect(join.body.components[0].components.map((b: Json) => [b.label, b.custom_id, b.style])).toEqual([
      ['Approve', 'neuvo:org approve J1', 1],
      ['Decline', 'neuvo:org decline J1', 4],
    ]);

    const byMember = await h.click(bob, join.messageId, 'Approve', { channelId });
    expect(readableText(byMember.body)).toBe('Only a coordinator of this network can do that.');
    const approved = await h.click(coord, join.messageId, 'Approve', { channelId });
    expect(approved.via).toBe('reply');
    expect(approved.ephemeral).toBe(false);
    expect(readableText(approved.body, NAMES)).toBe('@alice joined “Kainuun Setlementti” (J1, approved by @coord).');
    expect(approved.messageId).not.toBe(join.messageId);
    expect(h.fake.getMessage(join.messageId)?.edited_timestamp).toBeNull();
    expect(h.fake.violations).toEqual([]);
  });
});

describe('echoed user text', () => {
  it('never pings: @everyone and a role mention in an organisation name stay text, allowed_mentions parses nothing', async () => {
    const channelId = freshChannel();
    await h.command(coord, 'setup area:Lappi', { channelId });
    const answer = await h.command(coord, 'org add "@everyone <@&1> **Lapin** @here"', { channelId });
    expect(answer.ephemeral).toBe(false);
    expect(answer.body.allowed_mentions).toEqual({ parse: [], users: [] });
    const description = answer.body.embeds[0].description as string;
    expect(description).toContain(`@${ZWSP}everyone \\<@&1> \\*\\*Lapin\\*\\* @${ZWSP}here`);
    expect(readableText(answer.body)).toBe('Organisation “@everyone <@&1> **Lapin** @here” added.');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('reminders', () => {
  it('delivers a channel reminder through the BullMQ worker with POST /channels/:id/messages', async () => {
    const channelId = freshChannel();
    await h.command(coord, 'setup area:Kymenlaakso', { channelId });
    const set = await h.command(alice, 'remind +1s "Kokous huomenna @everyone"', { channelId });
    expect(set.ephemeral).toBe(true);
    const post = await h.nextPost(10_000);
    expect(post.path).toBe(`/channels/${channelId}/messages`);
    expect(post.headers.authorization).toBe('Bot test-bot-token');
    expect(readableText(post.body as Json, NAMES)).toBe('⏰ Reminder from @alice: Kokous huomenna @everyone');
    expect((post.body as Json).allowed_mentions).toEqual({ parse: [], users: [alice.id] });
    expect(h.fake.violations).toEqual([]);
  });

  it('delivers a DM reminder by opening the DM channel with /users/@me/channels', async () => {
    const channelId = freshChannel();
    await h.command(coord, 'setup area:Pohjanmaa', { channelId });
    await h.command(alice, 'remind +1s "Muista äänestää" to:@alice', { channelId });
    const post = await h.nextPost(10_000);
    const open = h.fake.calls.find((c) => c.method === 'POST' && c.path === '/users/@me/channels');
    expect(open?.body).toEqual({ recipient_id: alice.id });
    expect(post.path).toBe(`/channels/${(open?.response as Json).id}/messages`);
    expect(h.dmRecipient(post.path.split('/')[2]!)).toBe(alice.id);
    expect(readableText(post.body as Json, NAMES)).toBe('⏰ Reminder from @alice: Muista äänestää');
    expect(h.fake.violations).toEqual([]);
  });
});

describe('reminders stay inside their network', () => {
  it('refuses a channel of another network picked in the channel option, and posts nothing there', async () => {
    const [mine, theirs] = [freshChannel(), freshChannel()];
    await h.command(coord, 'setup area:Kainuu', { channelId: mine });
    await h.command(coord, 'setup area:Lappi', { channelId: theirs });
    const refused = await h.command(alice, `remind +1s "Log in here" to:#${theirs}`, { channelId: mine });
    expect(readableText(refused.body)).toBe('Reminders can be posted only in this network’s own channels, and that channel is not one of them.');
    const ok = await h.command(alice, `remind +1h "Standup" to:#${mine}`, { channelId: mine });
    expect(readableText(ok.body)).toMatch(/^Reminder R1 set for /);
    expect(h.fake.violations).toEqual([]);
  });
});

describe('failures', () => {
  it('logs a reply Discord refuses and carries on', async () => {
    h.fake.failNext((c) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback', { status: 404, code: 10062, message: 'Unknown interaction' });
    const payload = h.dispatchCommand(alice, 'help', { channelId: freshChannel() });
    const until = Date.now() + 5_000;
    while (!h.logs.some((l) => l.includes('answering an interaction failed')) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    const logged = errorLogs(h).find((l) => l.msg === 'discord: answering an interaction failed');
    expect(logged).toMatchObject({ stage: 'reply', interaction: payload.id });
    h.logs.length = 0;
    const next = await h.command(alice, 'help', { channelId: freshChannel() });
    expect(next.ephemeral).toBe(true);
    expect(errorLogs(h)).toEqual([]);
  });
});

describe('a slow core', () => {
  let slow: DiscordHarness;
  const delayMs = 300;

  beforeAll(async () => {
    // The core takes longer than the adapter waits (50 ms here, 2 s in production): it must defer.
    const neuvo = { handle: async (ctx: CommandContext, text: string) => (await new Promise((r) => setTimeout(r, delayMs)), rt.neuvo.handle(ctx, text)) };
    slow = await DiscordHarness.start({ neuvo, messenger: { register: () => {} } }, { replyWithinMs: 50 });
  });

  afterAll(async () => {
    await slow?.stop();
  });

  it('defers ephemerally and then edits @original with a private view', async () => {
    const payload = slow.dispatchCommand(alice, 'help', { channelId: freshChannel() });
    const answer = await slow.answerTo(payload);
    const callback = slow.fake.calls.find((c) => c.path.startsWith(`/interactions/${String(payload.id)}/`));
    expect(callback?.body).toEqual({ type: 5, data: { flags: 64 } });
    expect(answer.via).toBe('deferred');
    expect(answer.ephemeral).toBe(true);
    expect(answer.body.embeds[0].title).toBe('Neuvo commands');
    const edit = slow.fake.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${DISCORD_APP}/${String(payload.token)}/messages/@original`);
    expect(edit?.status).toBe(200);
    expect(slow.fake.violations).toEqual([]);
  });

  it('posts a public view as a follow-up for everyone, leaving a private ✅ in place of “thinking…”', async () => {
    const channelId = freshChannel();
    const payload = slow.dispatchCommand(coord, 'setup area:Etelä-Savo', { channelId });
    const answer = await slow.answerTo(payload);
    const token = String(payload.token);
    const edit = slow.fake.calls.find((c) => c.method === 'PATCH' && c.path === `/webhooks/${DISCORD_APP}/${token}/messages/@original`);
    expect(edit?.body).toMatchObject({ content: POSTED, embeds: [], components: [], allowed_mentions: { parse: [] } });
    expect(answer.via).toBe('deferred');
    expect(answer.ephemeral).toBe(false);
    expect(readableText(answer.body, NAMES)).toContain('Neuvo is set up for the organisation network of Etelä-Savo');
    expect(answer.body.allowed_mentions).toEqual({ parse: [], users: [coord.id] });
    const stored = slow.fake.getMessage(answer.messageId);
    expect(Number(stored?.flags ?? 0) & 64).toBe(0);
    expect(slow.fake.violations).toEqual([]);
    expect(errorLogs(slow)).toEqual([]);
  });
});

describe('the whole file', () => {
  it('made no call Discord would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });
});
