/**
 * One bot, many servers: the real Discord adapter (discord.js on FakeDiscord, `/neuvo` registered
 * globally) in two guilds, each with its own network, on the real core, Postgres and BullMQ worker.
 * Nothing of one server is visible or reachable from the other, and when the bot is removed from a
 * server (GUILD_DELETE without `unavailable`) its pending jobs fail and nothing is posted there again;
 * an outage (`unavailable: true`) changes nothing.
 */
import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REMOVED_FROM_SERVER } from '../adapters/discord/discord-messenger.js';
import { reminders, scheduledJobs } from '../db/schema.js';
import { DeliveryRefused } from '../src/domain/errors.js';
import { DISCORD_USERS, DiscordHarness, type InteractionOptions, MANAGE_GUILD, ORDINARY, readableText } from './contract/discord-driver.js';
import type { FakeUserInput } from './fakes/discord-api.js';
import { startTestRuntime } from './support/runtime.js';

type Json = Record<string, any>;

const { coord, alice, bob } = DISCORD_USERS;
const MOD = { id: '1200000000000000009', username: 'mod', global_name: 'Moderator' };
/** Lapland's network lives in server A, Kainuu's in server B. */
const A = { id: '1100000000000000101', channels: ['1100000000000000111', '1100000000000000112'] };
const B = { id: '1100000000000000201', channels: ['1100000000000000211'] };
const [A1, A2] = A.channels as [string, string];
const [B1] = B.channels as [string];
const inA: InteractionOptions = { guildId: A.id, channelId: A1 };
const inB: InteractionOptions = { guildId: B.id, channelId: B1 };
const NAMES: Record<string, string> = { [coord.id]: 'coord', [alice.id]: 'alice', [bob.id]: 'bob', [MOD.id]: 'mod', [A1]: 'a1', [A2]: 'a2', [B1]: 'b1' };
const NOT_COORDINATOR = 'Only a coordinator of this network can do that.';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let h: DiscordHarness;

/** Runs `/neuvo <text>` and resolves with what the reader sees. */
const say = async (user: FakeUserInput, text: string, where: InteractionOptions) => readableText((await h.command(user, text, where)).body, NAMES);

/** Waits for a condition (polling), failing with `what` after 10 s. */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The scheduled jobs of the reminders set in a server. */
const reminderJobs = (guildId: string) =>
  rt.database.db
    .select({ id: scheduledJobs.id, state: scheduledJobs.state, reason: scheduledJobs.failureReason, message: reminders.message })
    .from(reminders)
    .innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId))
    .where(eq(reminders.workspaceId, guildId));

/** The channel post (not an interaction answer) into `channelId` whose text contains `text`, once it comes. */
async function postSaying(channelId: string, text: string): Promise<Json> {
  let found: Json | undefined;
  await until(`“${text}” is posted in ${channelId}`, () => {
    found = h.fake.calls.find((c) => c.method === 'POST' && c.path === `/channels/${channelId}/messages` && c.status === 200 && readableText(c.body as Json).includes(text));
    return found !== undefined;
  });
  return found!;
}

/** Channel posts (not interaction answers) into the given channels since call number `from`. */
const postsInto = (channels: readonly string[], from: number) => h.fake.calls.slice(from).filter((c) => c.route === '/channels/{channel_id}/messages' && channels.includes(String(c.path.split('/')[2])));

beforeAll(async () => {
  rt = await startTestRuntime();
  // Registered globally, as a bot serving many servers is.
  h = await DiscordHarness.start(rt, { guildId: null });
  h.fake.addUser(MOD);
  h.fake.addGuild({ id: A.id, name: 'Lapin järjestöt', channels: A.channels });
  h.fake.addGuild({ id: B.id, name: 'Kainuun järjestöt', channels: B.channels });
  await until('both servers are in the client’s cache', () => h.discord.client.guilds.cache.has(A.id) && h.discord.client.guilds.cache.has(B.id));
  expect(await say(coord, 'setup area:Lappi', inA)).toContain('@coord is the coordinator');
  expect(await say(alice, 'setup area:Kainuu', inB)).toContain('@alice is the coordinator');
});

afterAll(async () => {
  await h?.stop();
  await rt?.stop();
});

describe('two servers, two networks', () => {
  it('gives each server the network set up in its channel', async () => {
    expect(await say(bob, 'setup', inA)).toContain('Welfare area: Lappi');
    expect(await say(bob, 'setup', inB)).toContain('Welfare area: Kainuu');
    // Another channel of server A has no network until someone sets one up there.
    expect(await say(bob, 'org list', { guildId: A.id, channelId: A2 })).toBe('This channel has no network yet. A coordinator starts with: /neuvo setup area:<welfare area>');
  });

  it('makes the coordinator of one server’s network no coordinator of the other’s', async () => {
    expect(await say(coord, 'org add "Lapin Martat"', inA)).toBe('Organisation “Lapin Martat” added.');
    expect(await say(coord, 'org add "Kainuun Martat"', inB)).toBe(NOT_COORDINATOR);
    expect(await say(alice, 'org add "Lapin Setlementti"', inA)).toBe(NOT_COORDINATOR);
    expect(await say(alice, 'org add "Kainuun Martat"', inB)).toBe('Organisation “Kainuun Martat” added.');
    expect(await say(bob, 'coordinator list', inA)).toContain('@coord');
    expect(await say(bob, 'coordinator list', inA)).not.toContain('@alice');
    expect(await say(bob, 'coordinator list', inB)).toContain('@alice');
    expect(await say(bob, 'coordinator list', inB)).not.toContain('@coord');
  });

  it('gives a member with Manage Server in A no coordinator rights in B’s network', async () => {
    const admin = { ...inA, permissions: ORDINARY | MANAGE_GUILD };
    expect(await say(MOD, 'org add "Lapin Nuoret"', admin)).toBe('Organisation “Lapin Nuoret” added.');
    expect(await say(MOD, 'org add "Kainuun Nuoret"', inB)).toBe(NOT_COORDINATOR);
    expect(await say(MOD, 'coordinator add @bob', inB)).toBe(NOT_COORDINATOR);
    // Nor can A's admin reach B's channel from A.
    expect(await say(MOD, `remind +1h "Hello B" to:#${B1}`, admin)).toContain('not one of them');
    expect(await say(bob, 'org list', inB)).toContain('Kainuun Martat');
    expect(await say(bob, 'org list', inB)).not.toContain('Lapin');
  });

  it('resolves R1, P1 and E1 in each network separately', async () => {
    expect(await say(coord, 'remind +1h "Lapin kokous"', inA)).toMatch(/^Reminder R1 set for /);
    expect(await say(alice, 'remind +1h "Kainuun kokous"', inB)).toMatch(/^Reminder R1 set for /);
    expect(await say(coord, 'poll new "Lapin aiheet" theme:goals', inA)).toContain('P1');
    expect(await say(coord, 'election new "Lapin hallitus" seats:1 method:plurality per:person', inA)).toContain('E1');

    expect(await say(alice, 'remind cancel R1', inB)).toBe('Reminder R1 cancelled.');
    const remindersA = await say(coord, 'reminders', inA);
    expect(remindersA).toContain('Lapin kokous');
    expect(remindersA).not.toContain('Kainuun');
    expect(await say(bob, 'poll show P1', inB)).toBe('There is no poll P1: see /neuvo poll list.');
    expect(await say(bob, 'election show E1', inB)).toBe('There is no election E1: see /neuvo election list.');
    expect(await say(bob, 'poll show P1', inA)).toContain('Lapin aiheet');
    expect(await say(bob, 'election show E1', inA)).toContain('Lapin hallitus');
    expect((await reminderJobs(A.id)).map((j) => j.state)).toEqual(['pending']);
  });

  it('lets the same person act in both servers separately', async () => {
    expect(await say(bob, 'org join "Lapin Martat"', inA)).toBe('@bob asks to join “Lapin Martat” (J1). A coordinator approves or declines.');
    // The same Discord user asks in the other server: a request of that network, numbered there.
    expect(await say(bob, 'org join "Kainuun Martat"', inB)).toBe('@bob asks to join “Kainuun Martat” (J1). A coordinator approves or declines.');
    expect(await say(coord, 'org approve J1', inB)).toBe(NOT_COORDINATOR);
    expect(await say(coord, 'org approve J1', inA)).toBe('@bob joined “Lapin Martat” (J1, approved by @coord).');
    // Approved in Lapland's network only: Kainuu's request is still open.
    expect(await say(bob, 'org list', inA)).toContain('@bob');
    expect(await say(bob, 'org list', inB)).not.toContain('@bob');
    expect(await say(alice, 'org approve J1', inB)).toBe('@bob joined “Kainuun Martat” (J1, approved by @alice).');
    expect(await say(bob, 'org list', inB)).toContain('@bob');
  });

  it('made no call Discord would refuse', () => {
    expect(h.fake.violations).toEqual([]);
  });
});

describe('GUILD_DELETE', () => {
  it('changes nothing on an outage (unavailable: true): the server’s reminder is still posted', async () => {
    await say(bob, 'remind +1s "Outage or not"', inA);
    h.fake.removeGuild(A.id, { outage: true });
    await until('server A is unavailable', () => h.discord.client.guilds.cache.get(A.id)?.available === false);
    await postSaying(A1, 'Outage or not');
    await until('its job is done', async () => (await reminderJobs(A.id)).some((j) => j.message === 'Outage or not' && j.state === 'done'));
    // The outage ends with a GUILD_CREATE of the same server.
    h.fake.addGuild({ id: A.id, channels: A.channels });
    await until('server A is available again', () => h.discord.client.guilds.cache.get(A.id)?.available === true);
    expect(h.fake.violations).toEqual([]);
  });

  it('on removal fails the server’s pending jobs with the reason, leaves the other server’s to fire, and posts nothing there', async () => {
    await say(bob, 'remind +1h "Lapin DM" to:@bob', inA);
    expect(await say(alice, 'remind +1s "Kainuu still here"', inB)).toMatch(/^Reminder R\d set for /);
    const pendingA = (await reminderJobs(A.id)).filter((j) => j.state === 'pending');
    expect(pendingA.map((j) => j.message).sort()).toEqual(['Lapin DM', 'Lapin kokous']);
    const before = h.fake.calls.length;

    h.fake.removeGuild(A.id);
    await until('A’s jobs have failed', async () => (await reminderJobs(A.id)).every((j) => j.state !== 'pending'));
    const ids = pendingA.map((j) => j.id);
    const failed = await rt.database.db.select().from(scheduledJobs).where(inArray(scheduledJobs.id, ids));
    expect(failed.map((j) => [j.state, j.failureReason])).toEqual(ids.map(() => ['failed', REMOVED_FROM_SERVER]));

    await postSaying(B1, 'Kainuu still here');

    // Run A's jobs now, as the worker would when they come due: skipped, nothing sent.
    for (const id of ids) expect(await rt.neuvo.runJob(id)).toBe('skipped');
    expect(postsInto(A.channels, before)).toEqual([]);
    expect(h.fake.calls.slice(before).filter((c) => c.path === '/users/@me/channels')).toEqual([]);
    expect(h.logs.some((l) => l.includes('removed from a server'))).toBe(true);
    expect(h.fake.violations).toEqual([]);
  });

  it('refuses for good, without asking Discord, to post into or DM on behalf of a server the bot left', async () => {
    const before = h.fake.calls.length;
    const view = { private: false, blocks: [{ type: 'text' as const, text: ['Anyone there?'] }] };
    await expect(rt.messenger.post({ platform: 'discord', workspaceId: A.id, channelId: A1 }, view)).rejects.toEqual(new DeliveryRefused(REMOVED_FROM_SERVER));
    await expect(rt.messenger.direct({ platform: 'discord', workspaceId: A.id, userId: bob.id }, view)).rejects.toBeInstanceOf(DeliveryRefused);
    expect(h.fake.calls.slice(before)).toEqual([]);
    // Server B is still served.
    await rt.messenger.post({ platform: 'discord', workspaceId: B.id, channelId: B1 }, view);
    expect(h.fake.violations).toEqual([]);
  });

  it('works again once the bot is added back; the jobs that failed stay failed', async () => {
    const failedBefore = (await reminderJobs(A.id)).filter((j) => j.state === 'failed').map((j) => j.id);
    h.fake.addGuild({ id: A.id, channels: A.channels });
    await until('server A is back in the cache', () => h.discord.client.guilds.cache.has(A.id));
    // The network's data stayed: the same network answers.
    expect(await say(bob, 'setup', inA)).toContain('Welfare area: Lappi');
    expect(await say(bob, 'remind +1s "Back again"', inA)).toMatch(/^Reminder R\d set for /);
    await postSaying(A1, 'Back again');
    const states = await rt.database.db.select({ state: scheduledJobs.state }).from(scheduledJobs).where(inArray(scheduledJobs.id, failedBefore));
    expect(states.map((s) => s.state)).toEqual(failedBefore.map(() => 'failed'));
    expect(h.fake.violations).toEqual([]);
  });
});
