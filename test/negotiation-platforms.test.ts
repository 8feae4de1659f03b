/**
 * Negotiations on the platforms: the Discord scheduled event created, edited and cancelled with the
 * negotiation (every call checked by FakeDiscord against discord_openapi.json), the card edited in
 * place on Slack and Discord, and the calendar feed over HTTP (Bolt's receiver and the plain server).
 */
import { Writable } from 'node:stream';
import { Routes } from 'discord.js';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFeedServer } from '../adapters/feed-server.js';
import { calendarRoute } from '../adapters/slack/routes.js';
import { launchSlack, slackOptions } from '../adapters/slack/slack-adapter.js';
import { calendarFeed } from '../src/app/services/negotiation-calendar.js';
import { loadConfig } from '../src/config.js';
import { DISCORD_CHANNEL, DISCORD_GUILD, DISCORD_USERS, DiscordHarness } from './contract/discord-driver.js';
import { SLACK_CHANNEL, SLACK_USERS, SlackHarness } from './contract/slack-driver.js';
import { FakeSlack } from './fakes/slack-api.js';
import { startTestRuntime, TEST_SECRET } from './support/runtime.js';

type Json = Record<string, any>;
const { coord, alice } = DISCORD_USERS;

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt?.stop());

describe('on Discord', () => {
  let h: DiscordHarness;
  beforeAll(async () => {
    h = await DiscordHarness.start(rt);
  });
  afterAll(async () => h?.stop());

  const events = (method: string) => h.fake.calls.filter((c) => c.method === method && c.route?.startsWith('/guilds/{guild_id}/scheduled-events'));

  it('a negotiation is a guild scheduled event: created, edited and cancelled with it, as Discord’s spec allows', async () => {
    await h.command(coord, 'setup area:Pirkanmaa');
    expect((await h.command(alice, 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"')).body.embeds[0].description).toContain('Only a coordinator');
    const added = await h.command(coord, 'negotiation add "HYTE-neuvottelut 2027" at:"14.10.2027 klo 13" where:"Tampere-talo, Sali 1" about:"Goals and measures"');
    expect(added.ephemeral).toBe(true);

    const [create] = events('POST');
    expect(create!.path).toBe(`/guilds/${DISCORD_GUILD}/scheduled-events`);
    expect(create!.status).toBe(200);
    expect(create!.body).toEqual({
      name: 'N1 · HYTE-neuvottelut 2027',
      description: 'Goals and measures',
      privacy_level: 2,
      entity_type: 3,
      entity_metadata: { location: 'Tampere-talo, Sali 1' },
      scheduled_start_time: '2027-10-14T10:00:00.000Z',
      // No until: Discord needs an end for external events; two hours is assumed.
      scheduled_end_time: '2027-10-14T12:00:00.000Z',
    });
    const eventId = String((create!.response as Json).id);

    // The card: posted in the channel, then edited in place (PATCH) on every change.
    const card = await h.nextPost();
    expect(card.path).toBe(`/channels/${DISCORD_CHANNEL}/messages`);
    const cardId = String((card.response as Json).id);
    // Native timestamps: every reader sees the time in their own clock.
    expect(JSON.stringify(card.body)).toContain(`<t:${Date.parse('2027-10-14T10:00:00Z') / 1000}:F>`);

    await h.command(coord, 'negotiation edit N1 at:"15.10.2027 kl. 9" until:11:30 link:https://www.pirha.fi/hyte where:-');
    const [edit] = events('PATCH');
    expect(edit!.path).toBe(`/guilds/${DISCORD_GUILD}/scheduled-events/${eventId}`);
    // With no place left, the link is where the event is.
    expect(edit!.body).toMatchObject({ scheduled_start_time: '2027-10-15T06:00:00.000Z', scheduled_end_time: '2027-10-15T08:30:00.000Z', entity_metadata: { location: 'https://www.pirha.fi/hyte' } });
    const cardEdits = () => h.fake.calls.filter((c) => c.method === 'PATCH' && c.path === `/channels/${DISCORD_CHANNEL}/messages/${cardId}`);
    expect(cardEdits()).toHaveLength(1);
    expect(JSON.stringify(cardEdits()[0]!.body)).toContain(`<t:${Date.parse('2027-10-15T06:00:00Z') / 1000}:F>`);

    await h.command(coord, 'negotiation result N1 link:https://www.pirha.fi/hyte/2027');
    expect(cardEdits()).toHaveLength(2);

    await h.command(coord, 'negotiation cancel N1');
    expect(events('PATCH').at(-1)!.body).toEqual({ status: 4 });
    expect(cardEdits()).toHaveLength(3);
    expect(JSON.stringify(cardEdits()[2]!.body)).toContain('cancelled');
    const stored = (await h.discord.client.rest.get(Routes.guildScheduledEvent(DISCORD_GUILD, eventId))) as Json;
    expect(stored.status).toBe(4);
    expect((await rt.deps.negotiations.list((await rt.deps.networks.findBySpace({ platform: 'discord', workspaceId: DISCORD_GUILD, channelId: DISCORD_CHANNEL }))!.id))[0]!.eventId).toBe(eventId);

    expect(h.fake.violations).toEqual([]);
    expect(h.logs.filter((l) => JSON.parse(l).level >= 50)).toEqual([]);
  });
});

describe('on Slack', () => {
  it('the card is edited in place with chat.update on edit, result and cancel', async () => {
    const h = await SlackHarness.start(rt);
    // The fake's users have Finnish clients by default; these use English Slack.
    for (const [name, id] of Object.entries(SLACK_USERS)) h.fake.setUser(id, { name, real_name: name, locale: 'en-US' });
    try {
      const send = async (user: string, text: string) => {
        const { key } = await h.command(SLACK_USERS[user]!, text);
        return h.reply(key);
      };
      await send('coord', 'setup area:Kainuu');
      await send('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13" link:https://hyvinvointialue.kainuu.fi');
      expect(h.fake.calls.filter((c) => c.method === 'chat.postMessage' && JSON.stringify(c.params.blocks).includes('N1 · HYTE 2027'))).toHaveLength(1);
      await send('coord', 'negotiation edit N1 where:"Kajaani"');
      await send('coord', 'negotiation result N1 link:https://hyvinvointialue.kainuu.fi/tulokset');
      await send('coord', 'negotiation cancel N1');
      const updates = h.fake.calls.filter((c) => c.method === 'chat.update');
      // One message, the card, updated three times where it was posted.
      expect(updates).toHaveLength(3);
      expect(new Set(updates.map((u) => `${String(u.params.channel)} ${String(u.params.ts)}`))).toEqual(new Set([`${SLACK_CHANNEL} ${String(updates[0]!.params.ts)}`]));
      expect(JSON.stringify(updates[0]!.params.blocks)).toContain('Kajaani');
      expect(JSON.stringify(updates[1]!.params.blocks)).toContain('tulokset');
      expect(JSON.stringify(updates[2]!.params.blocks)).toContain('cancelled');
      // Slack has no events of its own: nothing to mirror.
      expect(h.fake.violations).toEqual([]);
    } finally {
      await h.stop();
    }
  });
});

describe('the calendar feed over HTTP', () => {
  const quiet = pino({ level: 'silent' }, new Writable({ write: (_c, _e, cb) => cb() }));
  const routes = () => [calendarRoute((id, token) => calendarFeed(rt.deps, id, token))];
  let networkId = '';

  const feedCtx = (user: string) => ({
    actor: { platform: 'console' as const, workspaceId: 'w', userId: user, isPlatformAdmin: false },
    space: { platform: 'console' as const, workspaceId: 'w', channelId: 'feed' },
  });

  beforeAll(async () => {
    const ctx = feedCtx;
    rt.messenger.register('console', { post: async (space) => ({ space, messageId: '1' }), update: async () => {}, direct: async () => {} });
    await rt.neuvo.handle(ctx('coord'), 'setup area:Lappi');
    await rt.neuvo.handle(ctx('coord'), 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    networkId = (await rt.deps.networks.findBySpace(ctx('coord').space))!.id;
  });

  const expectFeed = async (base: string) => {
    const token = (await rt.deps.networks.feedToken(networkId))!;
    const res = await fetch(`${base}/calendar/${networkId}/${token}.ics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('inline; filename="neuvo-lappi.ics"');
    // The network id alone, or with another token, is no feed.
    expect((await fetch(`${base}/calendar/${networkId}.ics`)).status).toBe(404);
    expect((await fetch(`${base}/calendar/${networkId}/${'0'.repeat(64)}.ics`)).status).toBe(404);
    const body = await res.text();
    expect(body).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(body).toContain('DTSTART:20271014T100000Z');
    expect((await fetch(`${base}/calendar/00000000-0000-4000-8000-000000000000/${token}.ics`)).status).toBe(404);
    expect((await fetch(`${base}/calendar/whatever.txt`)).status).toBe(404);
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { ok: true }]);
  };

  it('is served beside Slack’s endpoint by Bolt’s receiver', async () => {
    const fake = await FakeSlack.start();
    const config = loadConfig({ NEUVO_SECRET: TEST_SECRET, SLACK_BOT_TOKEN: 'xoxb-test', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl, PORT: '0' });
    const slack = await launchSlack(rt, { ...slackOptions(config), host: '127.0.0.1', routes: routes() }, quiet);
    try {
      await expectFeed(`http://127.0.0.1:${slack.address!.port}`);
    } finally {
      await slack.stop();
      await fake.close();
    }
  });

  it('is served by the small feed server when only Discord runs', async () => {
    const server = await startFeedServer(routes(), 0, '127.0.0.1');
    try {
      const base = `http://127.0.0.1:${server.address.port}`;
      await expectFeed(base);
      expect((await fetch(`${base}/slack/events`, { method: 'POST' })).status).toBe(404);
      // After a reset the old URL is gone and the new one serves the feed.
      const old = (await rt.deps.networks.feedToken(networkId))!;
      await rt.neuvo.handle(feedCtx('coord'), 'negotiation feed-reset');
      expect((await fetch(`${base}/calendar/${networkId}/${old}.ics`)).status).toBe(404);
      await expectFeed(base);
    } finally {
      await server.stop();
    }
  });
});
