/**
 * The fake Discord against the real discord.js Client: if these pass, end-to-end tests built on
 * FakeDiscord exercise the same REST calls and gateway events production will.
 */
import { once } from 'node:events';
import {
  ActionRowBuilder,
  ApplicationCommandOptionType,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  Routes,
  SlashCommandBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Guild,
  type Interaction,
  type ModalSubmitInteraction,
  type StringSelectMenuInteraction,
} from 'discord.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { FakeDiscord, type FakeCall } from './fakes/discord-api.js';

const GUILD = '290926798626357999';
const CHANNEL = '645027906669510667';
const MASON = { id: '53908232506183680', username: 'mason', global_name: 'Mason' };
const AINO = { id: '809850198683418695', username: 'aino', global_name: 'Aino Virtanen' };

let fake: FakeDiscord;
let client: Client;
let readyAfterMs = Number.NaN;

/** Resolves with the next interaction the client emits. */
function nextInteraction<T extends Interaction>(): Promise<T> {
  return new Promise((resolve) => client.once(Events.InteractionCreate, (i) => resolve(i as T)));
}

/** The callback call for one interaction id. */
const callbackFor = (interactionId: string) => (c: FakeCall) => c.route === '/interactions/{interaction_id}/{interaction_token}/callback' && c.path.startsWith(`/interactions/${interactionId}/`);

/** A message with one "Vote" button, posted through the fake so it is stored there. */
async function postMessageWithButton(customId: string): Promise<{ id: string; components: unknown[] }> {
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId(customId).setLabel('Vote').setStyle(ButtonStyle.Primary));
  return (await client.rest.post(Routes.channelMessages(CHANNEL), { body: { content: 'Poll: budget 2026', components: [row.toJSON()] } })) as { id: string; components: unknown[] };
}

beforeAll(async () => {
  fake = await FakeDiscord.start({ applicationId: '1300000000000000001' });
  client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: fake.apiBase } });
  const started = Date.now();
  const ready = once(client, Events.ClientReady);
  await client.login('any-token');
  await ready;
  readyAfterMs = Date.now() - started;
});

afterAll(async () => {
  await client?.destroy();
  await fake?.close();
});

beforeEach(() => fake.clear());

describe('gateway', () => {
  it('lets a real discord.js Client log in and emit clientReady within 2 s', () => {
    expect(readyAfterMs).toBeLessThan(2000);
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(fake.botUser.id);
    expect(client.application?.id).toBe(fake.applicationId);
    expect(fake.connectedClients).toBe(1);
  });

  it('received IDENTIFY with the token and intents, uncompressed', () => {
    const identify = fake.gatewayFrames.find((f) => f.op === 2)?.d as { token: string; intents: number; compress: boolean };
    expect(identify.token).toBe('any-token');
    expect(identify.intents).toBe(GatewayIntentBits.Guilds);
    expect(identify.compress).toBe(false);
  });

  it('speaks the protocol: HELLO, heartbeat ACK, READY, then dispatches with increasing sequence numbers', async () => {
    const { url } = (await client.rest.get(Routes.gatewayBot())) as { url: string };
    const socket = new WebSocket(`${url}?v=10&encoding=json`);
    const frames: { op: number; s: number | null; t: string | null; d: Record<string, unknown> | null }[] = [];
    const next = () => new Promise<(typeof frames)[number]>((resolve) => socket.once('message', (raw) => resolve(JSON.parse(raw.toString()))));
    try {
      frames.push(await next());
      socket.send(JSON.stringify({ op: 1, d: null }));
      frames.push(await next());
      socket.send(JSON.stringify({ op: 2, d: { token: 'raw-token', intents: 0, properties: {} } }));
      frames.push(await next());
      const received = next();
      fake.dispatch('GUILD_SCHEDULED_EVENT_CREATE', { id: '1' });
      frames.push(await received);
    } finally {
      socket.close();
    }
    expect(frames.map((f) => [f.op, f.s, f.t])).toEqual([
      [10, null, null],
      [11, null, null],
      [0, 1, 'READY'],
      [0, 2, 'GUILD_SCHEDULED_EVENT_CREATE'],
    ]);
    expect(frames[0]?.d).toMatchObject({ heartbeat_interval: expect.any(Number) });
    expect(frames[2]?.d).toMatchObject({ v: 10, guilds: [], shard: [0, 1], application: { id: fake.applicationId }, resume_gateway_url: url });
  });

  it('lets the client RESUME its session after an op 7 RECONNECT', async () => {
    const resumed = once(client, Events.ShardResume);
    fake.requestReconnect();
    await resumed;
    const resume = fake.gatewayFrames.find((f) => f.op === 6)?.d as { session_id: string; seq: number };
    expect(resume.session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(fake.connectedClients).toBe(1);
    expect(fake.violations).toEqual([]);
  });

  it('refuses to dispatch when no client is listening, instead of dropping the event', async () => {
    const lonely = await FakeDiscord.start();
    try {
      expect(() => lonely.dispatch('INTERACTION_CREATE', {})).toThrow(/no client has identified/);
    } finally {
      await lonely.close();
    }
  });
});

describe('guilds', () => {
  const OTHER_GUILD = '290926798626358111';
  const OTHER_CHANNEL = '645027906669511111';

  it('adds the bot to a guild with GUILD_CREATE: discord.js emits guildCreate and caches it with its channels', async () => {
    const created = once(client, Events.GuildCreate);
    fake.addGuild({ id: OTHER_GUILD, name: 'Lapin järjestöverkosto', channels: [OTHER_CHANNEL] });
    const [guild] = (await created) as [Guild];
    expect(guild.id).toBe(OTHER_GUILD);
    expect(guild.name).toBe('Lapin järjestöverkosto');
    expect(guild.available).toBe(true);
    expect(client.channels.cache.get(OTHER_CHANNEL)?.isTextBased()).toBe(true);
    expect(guild.members.me?.id).toBe(fake.botUser.id);
  });

  it('sends an outage as GUILD_DELETE with unavailable: true: guildUnavailable, the guild stays, posting still works', async () => {
    const unavailable = once(client, Events.GuildUnavailable);
    fake.removeGuild(OTHER_GUILD, { outage: true });
    const [guild] = (await unavailable) as [Guild];
    expect(guild.available).toBe(false);
    expect(client.guilds.cache.has(OTHER_GUILD)).toBe(true);
    const available = once(client, Events.GuildAvailable);
    fake.addGuild({ id: OTHER_GUILD, channels: [OTHER_CHANNEL] });
    await available;
    expect(guild.available).toBe(true);
    await client.rest.post(Routes.channelMessages(OTHER_CHANNEL), { body: { content: 'Still here' } });
    expect(fake.violations).toEqual([]);
  });

  it('sends a removal as GUILD_DELETE without unavailable: guildDelete; then posting there is 403 Missing Access and a violation', async () => {
    const deleted = once(client, Events.GuildDelete);
    fake.removeGuild(OTHER_GUILD);
    const [guild] = (await deleted) as [Guild];
    expect(guild.id).toBe(OTHER_GUILD);
    expect(client.guilds.cache.has(OTHER_GUILD)).toBe(false);
    const refused = await client.rest.post(Routes.channelMessages(OTHER_CHANNEL), { body: { content: 'Anyone?' } }).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(DiscordAPIError);
    expect(refused).toMatchObject({ status: 403, code: 50001 });
    expect(fake.violations).toEqual([`POST /channels/${OTHER_CHANNEL}/messages: the bot was removed from guild ${OTHER_GUILD}`]);
    expect(() => fake.dispatchInteraction(fake.slashCommand({ guildId: OTHER_GUILD, channelId: OTHER_CHANNEL, user: MASON, name: 'neuvo' }))).toThrow(/removed from guild/);
  });

  it('adds the bot back with a fresh GUILD_CREATE: guildCreate again, and posting works', async () => {
    const created = once(client, Events.GuildCreate);
    fake.addGuild({ id: OTHER_GUILD, channels: [OTHER_CHANNEL] });
    await created;
    await client.rest.post(Routes.channelMessages(OTHER_CHANNEL), { body: { content: 'Back' } });
    expect(fake.violations).toEqual([]);
  });
});

describe('slash commands', () => {
  it('delivers a subcommand group + subcommand with string and user options as a ChatInputCommandInteraction', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    const payload = fake.dispatchInteraction(
      fake.slashCommand({
        guildId: GUILD,
        channelId: CHANNEL,
        user: MASON,
        locale: 'fi',
        name: 'neuvo',
        subcommandGroup: 'poll',
        subcommand: 'create',
        options: [
          { name: 'question', type: ApplicationCommandOptionType.String, value: 'Budget 2026?' },
          { name: 'coordinator', type: ApplicationCommandOptionType.User, value: AINO },
        ],
      }),
    );
    const interaction = await received;

    expect(interaction.isChatInputCommand()).toBe(true);
    expect(interaction.id).toBe(payload.id);
    expect(interaction.commandName).toBe('neuvo');
    expect(interaction.options.getSubcommandGroup()).toBe('poll');
    expect(interaction.options.getSubcommand()).toBe('create');
    expect(interaction.options.getString('question')).toBe('Budget 2026?');
    expect(interaction.options.getUser('coordinator')?.globalName).toBe('Aino Virtanen');
    expect(interaction.user.id).toBe(MASON.id);
    expect(interaction.locale).toBe('fi');
    expect(interaction.guildId).toBe(GUILD);
    expect(interaction.channelId).toBe(CHANNEL);
    expect(interaction.memberPermissions?.has('SendMessages')).toBe(true);

    const embed = new EmbedBuilder().setTitle('Budget 2026?').setDescription('Vote below').addFields({ name: 'Closes', value: 'Friday' });
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('poll:1:yes').setLabel('Yes').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('poll:1:no').setLabel('No').setStyle(ButtonStyle.Danger),
    );
    await interaction.reply({ embeds: [embed], components: [row], flags: MessageFlags.Ephemeral });

    const call = await fake.waitFor(callbackFor(payload.id));
    expect(call.status).toBe(204);
    expect(call.headers.authorization).toBeUndefined(); // callbacks are sent without the bot token
    expect(call.query).toEqual({ with_response: 'false' });
    expect(call.body).toMatchObject({ type: 4, data: { flags: 64, embeds: [{ title: 'Budget 2026?' }], components: [{ type: 1 }] } });
    expect(fake.originalResponse(payload.id)).toMatchObject({ flags: 64, embeds: [{ type: 'rich', title: 'Budget 2026?' }] });
    expect(fake.violations).toEqual([]);
  });

  it('turns deferReply() then editReply() into a type 5 callback and a PATCH of @original', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    const payload = fake.dispatchInteraction(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo', subcommand: 'help' }));
    const interaction = await received;
    expect(interaction.options.getSubcommand()).toBe('help');

    await interaction.deferReply();
    const edited = await interaction.editReply({ content: 'Here is help' });

    const deferred = await fake.waitFor(callbackFor(payload.id));
    expect(deferred.body).toEqual({ type: 5, data: { flags: 0 } });
    const patch = await fake.waitFor('PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original');
    expect(patch.path).toBe(`/webhooks/${fake.applicationId}/${payload.token}/messages/@original`);
    expect(patch.body).toMatchObject({ content: 'Here is help' });
    expect(edited.content).toBe('Here is help');
    expect(fake.originalResponse(payload.id)).toMatchObject({ content: 'Here is help', flags: 0, edited_timestamp: null });
    expect(fake.violations).toEqual([]);
  });

  it('still maps the deprecated `ephemeral: true` to flags 64', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    const payload = fake.dispatchInteraction(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }));
    const interaction = await received;
    await interaction.deferReply({ ephemeral: true });
    expect((await fake.waitFor(callbackFor(payload.id))).body).toEqual({ type: 5, data: { flags: 64 } });
    expect(fake.violations).toEqual([]);
  });

  it('answers with_response=true with an interaction callback response discord.js can read', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    fake.dispatchInteraction(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }));
    const interaction = await received;
    const response = await interaction.reply({ content: 'Hei!', withResponse: true });
    expect(response.resource?.message?.content).toBe('Hei!');
    expect(response.interaction.responseMessageId).toBe(response.resource?.message?.id);
    expect(fake.violations).toEqual([]);
  });

  it('records follow-ups and refuses a second initial response like Discord (40060)', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    fake.dispatchInteraction(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }));
    const interaction = await received;
    await interaction.reply('first');
    const followUp = await interaction.followUp({ content: 'second', flags: MessageFlags.Ephemeral });
    expect(followUp.flags.has(MessageFlags.Ephemeral)).toBe(true);
    expect(fake.violations).toEqual([]);

    // Bypass discord.js's own "already replied" guard to see what Discord would say.
    await expect(client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'again' } }, auth: false })).rejects.toMatchObject({ code: 40060 });
    expect(fake.violations).toEqual([expect.stringContaining('second response')]);
  });

  it('delivers a command from a DM with `user` instead of `member`, and accepts file uploads as multipart', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    const payload = fake.dispatchInteraction(fake.slashCommand({ channelId: '900000000000000001', user: AINO, name: 'neuvo', subcommand: 'export' }));
    const interaction = await received;
    expect(interaction.inGuild()).toBe(false);
    expect(interaction.user.username).toBe(AINO.username);
    await interaction.reply({ content: 'Your export', files: [{ attachment: Buffer.from('name;role\n'), name: 'export.csv' }] });

    const call = await fake.waitFor(callbackFor(payload.id));
    expect(call.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(call.files).toEqual([expect.objectContaining({ filename: 'export.csv', size: 10 })]);
    expect(call.body).toMatchObject({ type: 4, data: { content: 'Your export', attachments: [{ id: '0' }] } });
    expect(fake.originalResponse(payload.id)?.attachments).toEqual([expect.objectContaining({ filename: 'export.csv' })]);
    expect(fake.violations).toEqual([]);
  });

  it('flags a first response that comes after the 3-second deadline', async () => {
    const slow = await FakeDiscord.start({ interactionDeadlineMs: 50 });
    const slowClient = new Client({ intents: [], rest: { api: slow.apiBase } });
    try {
      const ready = once(slowClient, Events.ClientReady);
      await slowClient.login('any-token');
      await ready;
      const received = new Promise<ChatInputCommandInteraction>((resolve) => slowClient.once(Events.InteractionCreate, (i) => resolve(i as ChatInputCommandInteraction)));
      slow.dispatchInteraction(slow.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }));
      const interaction = await received;
      await new Promise((r) => setTimeout(r, 80));
      await expect(interaction.reply('too late')).rejects.toMatchObject({ code: 10062 });
      expect(slow.violations).toEqual([expect.stringMatching(/first response \d+ ms after dispatch/)]);
    } finally {
      await slowClient.destroy();
      await slow.close();
    }
  });
});

describe('components', () => {
  it('delivers a button click as a ButtonInteraction and records update()', async () => {
    const message = await postMessageWithButton('poll:7:vote');
    const received = nextInteraction<ButtonInteraction>();
    const payload = fake.dispatchInteraction(fake.buttonClick({ guildId: GUILD, channelId: CHANNEL, user: MASON, customId: 'poll:7:vote', message: message.id }));
    const interaction = await received;

    expect(interaction.isButton()).toBe(true);
    expect(interaction.customId).toBe('poll:7:vote');
    expect(interaction.message.id).toBe(message.id);
    await interaction.update({ content: 'Thanks for voting', components: [] });

    const call = await fake.waitFor(callbackFor(payload.id));
    expect(call.body).toMatchObject({ type: 7, data: { content: 'Thanks for voting', components: [] } });
    expect(fake.getMessage(message.id)).toMatchObject({ content: 'Thanks for voting', components: [] });
    expect(fake.getMessage(message.id)?.edited_timestamp).toEqual(expect.any(String));
    expect(fake.violations).toEqual([]);
  });

  it('delivers a string select as a StringSelectMenuInteraction with its values', async () => {
    const select = new StringSelectMenuBuilder()
      .setCustomId('area')
      .addOptions({ label: 'Pirkanmaa', value: 'pirkanmaa' }, { label: 'Varsinais-Suomi', value: 'varsinais-suomi' });
    const message = (await client.rest.post(Routes.channelMessages(CHANNEL), {
      body: { content: 'Pick your area', components: [new ActionRowBuilder<StringSelectMenuBuilder>().addComponents(select).toJSON()] },
    })) as { id: string };
    const received = nextInteraction<StringSelectMenuInteraction>();
    const payload = fake.dispatchInteraction(fake.selectMenu({ guildId: GUILD, channelId: CHANNEL, user: MASON, customId: 'area', values: ['pirkanmaa'], message: message.id }));
    const interaction = await received;
    expect(interaction.isStringSelectMenu()).toBe(true);
    expect(interaction.values).toEqual(['pirkanmaa']);
    await interaction.deferUpdate();
    expect((await fake.waitFor(callbackFor(payload.id))).body).toEqual({ type: 6 });
    expect(fake.violations).toEqual([]);
  });

  it('validates showModal() and delivers the submitted modal as a ModalSubmitInteraction', async () => {
    const message = await postMessageWithButton('poll:8:comment');
    const clicked = nextInteraction<ButtonInteraction>();
    const click = fake.dispatchInteraction(fake.buttonClick({ guildId: GUILD, channelId: CHANNEL, user: MASON, customId: 'poll:8:comment', message: message.id }));
    const button = await clicked;
    const modal = new ModalBuilder()
      .setCustomId('comment-modal')
      .setTitle('Comment')
      .addComponents(new ActionRowBuilder<TextInputBuilder>().addComponents(new TextInputBuilder().setCustomId('text').setLabel('Your comment').setStyle(TextInputStyle.Paragraph)));
    await button.showModal(modal);
    expect((await fake.waitFor(callbackFor(click.id))).body).toMatchObject({ type: 9, data: { custom_id: 'comment-modal', title: 'Comment' } });

    const submitted = nextInteraction<ModalSubmitInteraction>();
    const submit = fake.dispatchInteraction(fake.modalSubmit({ guildId: GUILD, channelId: CHANNEL, user: MASON, customId: 'comment-modal', fields: { text: 'Looks good' }, message: message.id }));
    const interaction = await submitted;
    expect(interaction.isModalSubmit()).toBe(true);
    expect(interaction.fields.getTextInputValue('text')).toBe('Looks good');
    await interaction.reply({ content: 'Comment saved', flags: MessageFlags.Ephemeral });
    expect((await fake.waitFor(callbackFor(submit.id))).status).toBe(204);
    expect(fake.violations).toEqual([]);
  });
});

describe('REST checks', () => {
  it('records channel messages sent through client.rest and answers with a full message object', async () => {
    const message = (await client.rest.post(Routes.channelMessages(CHANNEL), { body: { content: 'Muistutus: kokous huomenna' } })) as Record<string, unknown>;
    const call = await fake.waitFor('POST /channels/{channel_id}/messages');
    expect(call.headers.authorization).toBe('Bot any-token');
    expect(call.body).toEqual({ content: 'Muistutus: kokous huomenna' });
    expect(message).toMatchObject({ channel_id: CHANNEL, content: 'Muistutus: kokous huomenna', author: { id: fake.botUser.id, bot: true }, embeds: [], components: [] });
    expect(message.id).toMatch(/^\d{17,20}$/);

    await client.rest.patch(Routes.channelMessage(CHANNEL, String(message.id)), { body: { content: 'Muistutus: kokous tänään' } });
    await client.rest.delete(Routes.channelMessage(CHANNEL, String(message.id)));
    const deleted = await fake.waitFor('DELETE /channels/{channel_id}/messages/{message_id}');
    expect(deleted.status).toBe(204);
    expect(fake.getMessage(String(message.id))).toBeUndefined();
    expect(fake.violations).toEqual([]);
  });

  it('rejects a message with 6 action rows like Discord (400, 50035) and records a violation', async () => {
    const row = (i: number) => ({ type: 1, components: [{ type: 2, style: 1, custom_id: `b${i}`, label: `B${i}` }] });
    const error = await client.rest.post(Routes.channelMessages(CHANNEL), { body: { components: [0, 1, 2, 3, 4, 5].map(row) } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiscordAPIError);
    expect(error).toMatchObject({ status: 400, code: 50035 });
    expect(fake.violations).toEqual([expect.stringContaining('action rows')]);
  });

  it('rejects a 101-character custom_id in an interaction reply', async () => {
    const received = nextInteraction<ChatInputCommandInteraction>();
    fake.dispatchInteraction(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }));
    const interaction = await received;
    const tooLong = { type: 1, components: [{ type: 2, style: 1, custom_id: 'x'.repeat(101), label: 'Go' }] };
    await expect(interaction.reply({ content: 'x', components: [tooLong] })).rejects.toMatchObject({ code: 50035 });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toContain('/data/components/0/components/0/custom_id');
  });

  it('validates bulk overwrites of application commands against the spec and echoes them with ids', async () => {
    const neuvo = new SlashCommandBuilder()
      .setName('neuvo')
      .setDescription('Neuvottelut ja vaalit')
      .addSubcommandGroup((g) =>
        g
          .setName('poll')
          .setDescription('Polls')
          .addSubcommand((s) =>
            s
              .setName('create')
              .setDescription('Create a poll')
              .addStringOption((o) => o.setName('question').setDescription('Question').setRequired(true))
              .addUserOption((o) => o.setName('coordinator').setDescription('Coordinator')),
          ),
      )
      .setDefaultMemberPermissions(0n);
    const registered = await client.application!.commands.set([neuvo.toJSON()]);
    const put = await fake.waitFor('PUT /applications/{application_id}/commands');
    expect(put.body).toEqual([neuvo.toJSON()]);
    expect(registered.first()?.name).toBe('neuvo');
    expect(fake.violations).toEqual([]);

    // Interactions now carry the registered command's id.
    expect(fake.slashCommand({ guildId: GUILD, channelId: CHANNEL, user: MASON, name: 'neuvo' }).data.id).toBe(registered.first()?.id);

    const guildCommands = await client.application!.commands.set([{ name: 'neuvo-dev', description: 'Development copy' }], GUILD);
    expect(guildCommands.first()?.guildId).toBe(GUILD);
    expect((await client.application!.commands.fetch()).map((c) => c.name)).toEqual(['neuvo']);
    expect((await client.application!.commands.fetch({ guildId: GUILD })).map((c) => c.name)).toEqual(['neuvo-dev']);
    expect(fake.violations).toEqual([]);

    const bad = [{ name: 'Neuvo Command', description: 'x'.repeat(101), options: [{ type: 3, name: 'q', description: 'q', required: false }, { type: 3, name: 'r', description: 'r', required: true }] }];
    await expect(client.rest.put(Routes.applicationCommands(fake.applicationId), { body: bad })).rejects.toMatchObject({ code: 50035 });
    expect(fake.violations).toHaveLength(1);
    expect(fake.violations[0]).toMatch(/not a valid slash command name/);
    expect(fake.violations[0]).toMatch(/description/);
    expect(fake.violations[0]).toMatch(/Required options must be placed before/);
  });

  it('makes @discordjs/rest wait and retry after an injected 429, and after a 500', async () => {
    fake.failNext('POST /channels/{channel_id}/messages', { status: 429, retryAfter: 0.2 });
    const started = Date.now();
    const message = (await client.rest.post(Routes.channelMessages(CHANNEL), { body: { content: 'after the rate limit' } })) as { content: string };
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(message.content).toBe('after the rate limit');
    const statuses = fake.calls.filter((c) => c.route === '/channels/{channel_id}/messages').map((c) => c.status);
    expect(statuses).toEqual([429, 200]);
    expect(fake.calls[0]?.response).toMatchObject({ retry_after: 0.2, global: false });

    fake.failNext((c) => c.method === 'GET' && c.path === `/users/${AINO.id}`, { status: 500 });
    const user = await client.users.fetch(AINO.id, { force: true });
    expect(user.username).toBe(AINO.username);
    expect(fake.calls.filter((c) => c.path === `/users/${AINO.id}`).map((c) => c.status)).toEqual([500, 200]);
    expect(fake.violations).toEqual([]);
  });

  it('answers DMs, users, members and scheduled events with spec-conformant objects', async () => {
    const dm = await client.users.createDM(AINO.id);
    expect(dm.recipientId).toBe(AINO.id);
    await client.rest.post(Routes.channelMessages(dm.id), { body: { content: 'Hei Aino!' } });
    const member = (await client.rest.get(Routes.guildMember(GUILD, MASON.id))) as { user: { id: string } };
    expect(member.user.id).toBe(MASON.id);

    const start = new Date(Date.now() + 86_400_000);
    const event = (await client.rest.post(Routes.guildScheduledEvents(GUILD), {
      body: {
        name: 'Yhteistoimintaneuvottelu',
        privacy_level: 2,
        entity_type: 3,
        scheduled_start_time: start.toISOString(),
        scheduled_end_time: new Date(start.getTime() + 3_600_000).toISOString(),
        entity_metadata: { location: 'Tampere, Hatanpään sairaala' },
      },
    })) as { id: string; status: number; creator_id: string };
    expect(event).toMatchObject({ status: 1, creator_id: fake.botUser.id });
    await client.rest.patch(Routes.guildScheduledEvent(GUILD, event.id), { body: { status: 4 } });
    await client.rest.delete(Routes.guildScheduledEvent(GUILD, event.id));
    expect(fake.violations).toEqual([]);

    // PLATFORM-FACTS: external events need a location and an end time.
    await expect(
      client.rest.post(Routes.guildScheduledEvents(GUILD), { body: { name: 'No end', privacy_level: 2, entity_type: 3, scheduled_start_time: start.toISOString(), entity_metadata: { location: 'x' } } }),
    ).rejects.toMatchObject({ code: 50035 });
    expect(fake.violations).toEqual([expect.stringContaining('scheduled_end_time')]);
  });

  it('answers unknown routes with 404 {message, code: 0} and records a violation', async () => {
    await expect(client.rest.get('/definitely/not/discord' as `/${string}`)).rejects.toMatchObject({ status: 404, code: 0 });
    await expect(client.rest.get(Routes.channelMessages('undefined'))).rejects.toMatchObject({ status: 400, code: 50035 });
    expect(fake.violations).toEqual([expect.stringContaining('no such route'), expect.stringContaining('is not snowflake')]);
  });

  it('rejects waitFor after the timeout, listing the calls it saw', async () => {
    await client.rest.get(Routes.user(MASON.id));
    await expect(fake.waitFor('DELETE /channels/{channel_id}', 50)).rejects.toThrow(/timed out after 50 ms[\s\S]*GET \/users\/53908232506183680 → 200/);
  });
});
