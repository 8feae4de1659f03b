import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext, MessageRef, Messenger, PersonRef, Space } from '../src/app/ports.js';
import { calendarFeed } from '../src/app/services/negotiation-calendar.js';
import type { View } from '../src/views/view.js';
import { viewText } from './support/view-text.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { deleteKeys, startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
let channel = 0;
let channelId = '';

/** Keeps what was sent as text (for reading) and as views (for buttons and files). */
class ViewMessenger extends RecordingMessenger implements Messenger {
  readonly views: View[] = [];
  /** Card updates, in order. */
  readonly updated: View[] = [];
  override async update(ref: MessageRef, view: View): Promise<void> {
    await super.update(ref, view);
    this.updated.push(view);
  }
  override async post(space: Space, view: View): Promise<MessageRef> {
    const ref = await super.post(space, view);
    this.views.push(view);
    return ref;
  }
  override async direct(person: PersonRef, view: View): Promise<void> {
    await super.direct(person, view);
    this.views.push(view);
  }
}
const messenger = new ViewMessenger();

const ctx = (user: string, lang?: 'fi'): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false, ...(lang ? { locale: lang } : {}) },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const text = viewText;
const handle = (user: string, line: string) => rt.neuvo.handle(ctx(user), line);
const run = async (user: string, line: string) => text(await handle(user, line));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The scheduled jobs of negotiation N`seq` in this test's channel, earliest first. */
const jobsOf = (seq: number) =>
  sql<{ id: string; kind: string; detail: string; due_at: Date; state: string }[]>`
    select j.id::text, j.kind, j.detail, j.due_at, j.state from scheduled_jobs j join negotiations n on n.id = j.entity_id
    where n.channel_id = ${channelId} and n.seq = ${seq} order by j.due_at, j.detail`;
const networkId = async () => (await rt.deps.networks.findBySpace(ctx('coord').space))!.id;
const budgetJobs = async () =>
  sql<{ id: string; detail: string; due_at: Date; state: string }[]>`select id::text, detail, due_at, state from scheduled_jobs where kind = 'budget.remind' and entity_id = ${await networkId()} order by due_at`;
/** The ids BullMQ holds, waiting or delayed. */
const queued = async () => new Set((await rt.scheduler.queue.getJobs(['delayed', 'waiting', 'prioritized'])).map((j) => j.id));

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await rt.stop();
});
beforeEach(async () => {
  channelId = `ng${++channel}`;
  messenger.sent.length = 0;
  messenger.updates.length = 0;
  messenger.views.length = 0;
  messenger.updated.length = 0;
  messenger.failing = false;
  await run('coord', 'setup area:Pirkanmaa');
});

describe('negotiation reminders through the real BullMQ worker', () => {
  it('a reminder fires on time in the channel, once, saying how long is left', async () => {
    await run('coord', 'setup reminders:1m');
    const start = Date.now();
    expect(await run('coord', 'negotiation add "HYTE 2027" at:+1m2s where:"Tampere-talo"')).toContain('Reminder before it starts: 1 minute.');
    await messenger.waitFor(2, 10_000);
    expect(Date.now() - start).toBeGreaterThanOrEqual(1_500);
    expect(text(messenger.views[0]!)).toContain('N1 · HYTE 2027');
    expect(messenger.sent[1]!.to).toBe(`#${channelId}`);
    expect(messenger.sent[1]!.text).toMatch(/^⏰ N1 · HYTE 2027 starts in 1 minute: .+\.$/);
    expect(messenger.views[1]!.blocks.find((b) => b.type === 'actions')).toEqual({
      type: 'actions',
      buttons: [
        { label: 'Show N1', command: 'negotiation show N1' },
        { label: 'Calendar (.ics)', command: 'negotiation ics' },
      ],
    });
    await sleep(300);
    expect(messenger.sent).toHaveLength(2);
    expect((await jobsOf(1)).map((j) => [j.detail, j.state])).toEqual([
      ['60', 'done'],
      ['next-day', 'pending'],
      ['month', 'pending'],
      ['next-round', 'pending'],
    ]);
  });

  it('editing the time reschedules: the old jobs are cancelled, leave the queue and never fire', async () => {
    await run('coord', 'setup reminders:1m');
    await run('coord', 'negotiation add "HYTE 2027" at:+1m1s');
    const old = await jobsOf(1);
    expect(old.map((j) => j.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
    const moved = await run('coord', 'negotiation edit N1 at:"14.10.2027 klo 13"');
    expect(moved).toContain('Negotiation N1 · HYTE 2027 was updated');
    expect(moved).toContain('its reminders and follow-ups were rescheduled');
    const now = await jobsOf(1);
    expect(now.filter((j) => old.some((o) => o.id === j.id)).map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const fresh = now.filter((j) => j.state === 'pending');
    expect(fresh.map((j) => [j.detail, j.due_at.toISOString()])).toEqual([
      ['60', '2027-10-14T09:59:00.000Z'],
      ['next-day', '2027-10-15T06:00:00.000Z'],
      ['month', '2027-11-13T07:00:00.000Z'],
      ['next-round', '2028-09-14T06:00:00.000Z'],
    ]);
    const inQueue = await queued();
    for (const j of old) expect(inQueue.has(j.id)).toBe(false);
    for (const j of fresh) expect(inQueue.has(j.id)).toBe(true);
    // The card was updated in place with the new date.
    expect(text(messenger.updated.at(-1)!)).toMatch(/When: 14 Oct 2027, 13:00/);
    await sleep(1_800);
    expect(messenger.sent).toHaveLength(1); // the card only
  });

  it('cancelling drops every pending job from Postgres and the queue; the card says cancelled', async () => {
    await run('coord', 'setup reminders:1m');
    await run('coord', 'negotiation add "HYTE 2027" at:+1m1s');
    const jobs = await jobsOf(1);
    expect(await run('coord', 'negotiation cancel N1')).toMatch(/^Negotiation N1 · HYTE 2027 \(.+\) is cancelled\.$/);
    expect((await jobsOf(1)).map((j) => j.state)).toEqual(['cancelled', 'cancelled', 'cancelled', 'cancelled']);
    const inQueue = await queued();
    for (const j of jobs) expect(inQueue.has(j.id)).toBe(false);
    await sleep(1_800);
    expect(messenger.sent).toHaveLength(1);
    expect(text(messenger.updated.at(-1)!)).toContain('N1 · HYTE 2027 — cancelled');
    expect(text(messenger.updated.at(-1)!)).toContain('This negotiation is cancelled.');
    for (const j of jobs) expect(await rt.neuvo.runJob(j.id)).toBe('skipped');
  });

  it('after Redis is flushed, reconcile restores exactly the pending jobs and none runs twice', async () => {
    await run('coord', 'setup reminders:1m');
    await run('coord', 'negotiation add "First" at:+1m3s');
    await run('coord', 'negotiation add "Second" at:+1m3s');
    await run('coord', 'negotiation cancel N2');
    await deleteKeys(rt.prefix);
    expect((await queued()).size).toBe(0);
    const pending = (await rt.deps.jobs.pending()).map((j) => j.id);
    expect(await rt.reconcile()).toBe(pending.length);
    expect(await queued()).toEqual(new Set(pending));
    // The periodic reconcile (or another process) adds nothing new.
    expect(await rt.reconcile()).toBe(pending.length);
    expect((await queued()).size).toBe(pending.length);
    for (const j of await jobsOf(2)) expect(pending).not.toContain(j.id);
    await messenger.waitFor(3, 10_000); // two cards, one reminder
    await sleep(800);
    const reminders = messenger.sent.filter((m) => m.text.startsWith('⏰'));
    expect(reminders.map((m) => m.text.slice(0, 12))).toEqual(['⏰ N1 · First']);
  });

  it('running the same reminder job three times at once posts it once', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:+3d');
    const reminder = (await jobsOf(1)).find((j) => j.kind === 'negotiation.remind')!;
    const results = await Promise.all([rt.neuvo.runJob(reminder.id), rt.neuvo.runJob(reminder.id), rt.neuvo.runJob(reminder.id)]);
    expect(results.filter((r) => r === 'done')).toHaveLength(1);
    expect(messenger.sent.filter((m) => m.text.startsWith('⏰'))).toHaveLength(1);
    expect(messenger.sent.at(-1)!.text).toContain('starts in 1 day');
  });

  it('a reminder whose post fails stays pending for the queue to retry', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:+3d');
    const reminder = (await jobsOf(1)).find((j) => j.kind === 'negotiation.remind')!;
    messenger.failing = true;
    await expect(rt.neuvo.runJob(reminder.id)).rejects.toThrow('platform unavailable');
    expect((await jobsOf(1)).find((j) => j.id === reminder.id)!.state).toBe('pending');
    messenger.failing = false;
    // Queued as `reminder` (a personal reminder's kind), it still runs as what its row says.
    expect(await rt.neuvo.runJob(reminder.id, 'reminder')).toBe('done');
  });
});

describe('follow-ups after a negotiation', () => {
  const followUp = async (seq: number, detail: string) => {
    const job = (await jobsOf(seq)).find((j) => j.detail === detail)!;
    expect(await rt.neuvo.runJob(job.id)).toBe('done');
    return messenger.views.at(-1)!;
  };

  it('the next day asks coordinators for the results, or shows them once posted', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    await run('coord', 'negotiation add "HYTE 2028" at:"12.10.2028 klo 13"');
    expect(text(await followUp(1, 'next-day'))).toMatch(/^N1 · HYTE 2027 was held on .+\. Coordinators: post its results for everyone with \/neuvo negotiation result N1 link:<address>/);
    await run('coord', 'negotiation result N2 link:https://www.pirha.fi/hyte/2028 summary:"Agreed"');
    expect(text(await followUp(2, 'next-day'))).toBe('N2 · HYTE 2028 was held. Its results: https://www.pirha.fi/hyte/2028');
  });

  it('a month later asks what happened to our topics: the agenda, or how to make one', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    await run('coord', 'negotiation add "HYTE 2028" at:"12.10.2028 klo 13"');
    expect(text(await followUp(1, 'month'))).toBe('A month since N1 · HYTE 2027: what happened to our topics?\nNo topics were chosen in polls this time. For the next round, start one with /neuvo poll new.');
    const network = await networkId();
    const [poll] = await sql`insert into polls (network_id, seq, question, theme, phase, pick, anonymous, results, platform, workspace_id, channel_id, created_by)
      values (${network}, 1, 'What to raise?', 'goals', 'closed', 3, false, 'live', 'console', 'w', ${channelId}, 'coord') returning id`;
    await sql`insert into agenda_items (network_id, poll_id, theme, topic, rank, votes) values
      (${network}, ${poll!.id}, 'goals', 'Lower thresholds for volunteering', 1, 7), (${network}, ${poll!.id}, 'goals', 'Loneliness of the elderly', 2, 4)`;
    const month = text(await followUp(2, 'month'));
    expect(month).toContain('Goals: Lower thresholds for volunteering (P1)\nGoals: Loneliness of the elderly (P1)');
  });

  it('eleven months later proposes next year’s election with a button that starts it', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    const view = await followUp(1, 'next-round');
    expect(text(view)).toMatch(/^Eleven months since N1 · HYTE 2027 \(.+\): next year’s negotiations are coming\. Time to choose the network’s representatives\.$/);
    const button = view.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : []))[0]!;
    expect(button).toEqual({ label: 'Start an election', command: 'election new "Representatives 2028" seats:2 method:stv', style: 'primary' });
    // The button's command is one the coordinator can run as it is.
    expect(await run('coord', button.command)).toContain('Election E1 created');
  });
});

describe('DST edges', () => {
  it('reminders 1 day and 14 days before keep the wall-clock time across the last Sundays of March and October', async () => {
    await run('coord', 'negotiation add "Spring" at:"29.3.2027 klo 10"');
    await run('coord', 'negotiation add "Autumn" at:"1.11.2027 klo 10"');
    const reminders = async (seq: number) => (await jobsOf(seq)).filter((j) => j.kind === 'negotiation.remind').map((j) => j.due_at.toISOString());
    // 10:00 local each time: EET (+2) before the March change, EEST (+3) after; back to EET after October's.
    expect(await reminders(1)).toEqual(['2027-03-15T08:00:00.000Z', '2027-03-28T07:00:00.000Z', '2027-03-29T06:00:00.000Z']);
    expect(await reminders(2)).toEqual(['2027-10-18T07:00:00.000Z', '2027-10-31T08:00:00.000Z', '2027-11-01T07:00:00.000Z']);
  });

  it('new reminder offsets re-plan the scheduled negotiations', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    await run('coord', 'setup reminders:2h');
    const pending = (await jobsOf(1)).filter((j) => j.state === 'pending');
    expect(pending.map((j) => [j.detail, j.due_at.toISOString()])).toEqual([
      ['7200', '2027-10-14T08:00:00.000Z'],
      ['next-day', '2027-10-15T06:00:00.000Z'],
      ['month', '2027-11-13T07:00:00.000Z'],
      ['next-round', '2028-09-14T06:00:00.000Z'],
    ]);
  });
});

describe('budget season', () => {
  it('setup budget-reminder plans a yearly job in the network’s zone; changing or clearing it re-plans', async () => {
    await run('coord', 'setup budget-reminder:06-01');
    expect((await budgetJobs()).map((j) => [j.detail, j.due_at.toISOString(), j.state])).toEqual([['06-01', '2027-06-01T06:00:00.000Z', 'pending']]);
    await run('coord', 'setup budget-reminder:09-15');
    const changed = await budgetJobs();
    expect(changed.map((j) => [j.detail, j.state])).toEqual([
      ['06-01', 'cancelled'],
      ['09-15', 'pending'],
    ]);
    expect(await queued()).not.toContain(changed[0]!.id);
    await run('coord', 'setup tz:America/New_York');
    expect((await budgetJobs()).filter((j) => j.state === 'pending').map((j) => j.due_at.toISOString())).toEqual(['2027-09-15T13:00:00.000Z']);
    expect(await run('coord', 'setup budget-reminder:-')).toContain('—');
    expect((await budgetJobs()).filter((j) => j.state === 'pending')).toEqual([]);
  });

  it('a run posts in the network’s channels and plans next year’s; a stale job does nothing', async () => {
    await run('coord', 'setup budget-reminder:06-01');
    const [job] = await budgetJobs();
    expect(await rt.neuvo.runJob(job!.id)).toBe('done');
    expect(messenger.sent.at(-1)).toEqual({ to: `#${channelId}`, text: expect.stringContaining('💶 Budget season') });
    expect((await budgetJobs()).map((j) => [j.due_at.toISOString(), j.state])).toEqual([
      ['2027-06-01T06:00:00.000Z', 'done'],
      ['2028-06-01T06:00:00.000Z', 'pending'],
    ]);
    // A job planned for a setting that has changed since (setup re-planned) is finished without a word.
    await sql`update networks set budget_reminder = '09-01' where id = ${await networkId()}`;
    const sent = messenger.sent.length;
    expect(await rt.neuvo.runJob((await budgetJobs())[1]!.id)).toBe('skipped');
    expect(messenger.sent).toHaveLength(sent);
  });
});

describe('the calendar', () => {
  /** iCalendar lines unfolded (RFC 5545 §3.1), events split. */
  const events = (ics: string) =>
    ics
      .replace(/\r\n[ \t]/g, '')
      .split('BEGIN:VEVENT')
      .slice(1)
      .map((e) => Object.fromEntries(e.split('\r\n').filter((l) => /^[A-Z-]+[:;]/.test(l)).map((l) => [l.slice(0, l.search(/[:;]/)), l.slice(l.indexOf(':') + 1)])));

  it('negotiation ics is a text/calendar file: UTC times, place, link, and cancelled ones marked', async () => {
    await run('coord', 'negotiation add "HYTE-neuvottelut 2027" at:"14.10.2027 klo 13" until:15:30 where:"Tampere-talo, Sali 1" link:https://www.pirha.fi/hyte about:"Goals; measures, cooperation"');
    await run('coord', 'negotiation add "Extra round" at:"2.3.2028 klo 9"');
    await run('coord', 'negotiation cancel N2');
    const view = await handle('alice', 'negotiation ics');
    expect(view.private).toBe(true);
    expect(text(view)).toContain('The calendar of Pirkanmaa: 2 negotiations.');
    const token = await rt.deps.networks.feedToken(await networkId());
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(text(view)).toContain(`Calendar apps can subscribe to /calendar/${await networkId()}/${token}.ics`);
    const file = view.blocks.find((b) => b.type === 'file');
    expect(file).toMatchObject({ type: 'file', name: 'neuvo-pirkanmaa.ics', mime: 'text/calendar' });
    const ics = file!.type === 'file' ? file!.content : '';
    expect(ics).toMatch(/^BEGIN:VCALENDAR\r\nVERSION:2\.0\r\n/);
    expect(ics).toContain('X-WR-CALNAME:Negotiations · Pirkanmaa');
    const [first, second] = events(ics);
    expect(first).toMatchObject({
      SUMMARY: 'HYTE-neuvottelut 2027',
      DTSTART: '20271014T100000Z', // 13:00 EEST
      DTEND: '20271014T123000Z',
      LOCATION: 'Tampere-talo\\, Sali 1',
      URL: 'https://www.pirha.fi/hyte',
      DESCRIPTION: 'Goals\\; measures\\, cooperation',
      STATUS: 'CONFIRMED',
    });
    expect(first!.UID).toMatch(/^negotiation-[0-9a-f-]{36}@neuvo$/);
    // No end given: two hours; 9:00 EET in March 2028 is 07:00 UTC.
    expect(second).toMatchObject({ SUMMARY: 'Extra round', DTSTART: '20280302T070000Z', DTEND: '20280302T090000Z', STATUS: 'CANCELLED' });
  });

  it('the feed of a network is the same calendar, only with its token; unknown networks have none', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    const id = await networkId();
    const token = (await rt.deps.networks.feedToken(id))!;
    const feed = await calendarFeed(rt.deps, id, token);
    expect(feed).toMatchObject({ name: 'neuvo-pirkanmaa.ics', content: expect.stringContaining('DTSTART:20271014T100000Z') });
    expect(await calendarFeed(rt.deps, id, '')).toBeUndefined();
    expect(await calendarFeed(rt.deps, id, token.slice(0, -1) + (token.endsWith('0') ? '1' : '0'))).toBeUndefined();
    expect(await calendarFeed(rt.deps, id, token.slice(0, -1))).toBeUndefined();
    expect(await calendarFeed(rt.deps, '00000000-0000-4000-8000-000000000000', token)).toBeUndefined();
    expect(await calendarFeed(rt.deps, 'not-a-uuid', token)).toBeUndefined();
  });

  it('an event’s SEQUENCE rises with each edit, result and cancellation, in the file and the feed', async () => {
    const id = await networkId();
    const token = (await rt.deps.networks.feedToken(id))!;
    const sequence = async () => {
      const file = (await handle('alice', 'negotiation ics')).blocks.find((b) => b.type === 'file');
      const feed = await calendarFeed(rt.deps, id, token);
      return [events(file!.type === 'file' ? file!.content : '')[0]!.SEQUENCE, events(feed!.content)[0]!.SEQUENCE];
    };
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    expect(await sequence()).toEqual(['0', '0']);
    await run('coord', 'negotiation edit N1 where:"Tampere-talo"');
    expect(await sequence()).toEqual(['1', '1']);
    await run('coord', 'negotiation result N1 link:https://www.pirha.fi/hyte');
    expect(await sequence()).toEqual(['2', '2']);
    await run('coord', 'negotiation cancel N1');
    expect(await sequence()).toEqual(['3', '3']);
  });

  it('a Swedish network’s calendar file is named after the Swedish area name', async () => {
    channelId = `ng${++channel}`;
    await run('coord', 'setup area:"Östra Nyland" lang:sv');
    const file = (await handle('alice', 'negotiation ics')).blocks.find((b) => b.type === 'file');
    expect(file).toMatchObject({ name: 'neuvo-ostra-nyland.ics' });
    const id = await networkId();
    expect(await calendarFeed(rt.deps, id, (await rt.deps.networks.feedToken(id))!)).toMatchObject({ name: 'neuvo-ostra-nyland.ics' });
  });

  it('negotiation feed-reset: a coordinator draws a new feed token, audited; the old URL stops working', async () => {
    const id = await networkId();
    const old = (await rt.deps.networks.feedToken(id))!;
    expect(await run('alice', 'negotiation feed-reset')).toContain('Only a coordinator');
    expect(await rt.deps.networks.feedToken(id)).toBe(old);
    const answer = await handle('coord', 'negotiation feed-reset');
    const token = (await rt.deps.networks.feedToken(id))!;
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(token).not.toBe(old);
    expect(answer.private).toBe(true);
    expect(text(answer)).toContain(`/calendar/${id}/${token}.ics`);
    expect(await calendarFeed(rt.deps, id, old)).toBeUndefined();
    expect(await calendarFeed(rt.deps, id, token)).toBeDefined();
    expect(await sql`select user_id from audit_log where network_id = ${id} and action = 'negotiation.feed-reset'`).toEqual([{ user_id: 'coord' }]);
  });
});

describe('bad input and who may do what', () => {
  it('refuses bad dates, times, addresses and lengths with what was expected, and writes nothing', async () => {
    expect(await run('coord', 'negotiation add "X" at:someday')).toContain('“someday” is not a date: expected 2026-10-14T13:00, 14.10.2026 klo 13 or +3d.');
    expect(await run('coord', 'negotiation add "X" at:"28.3.2027 klo 3.30"')).toContain('does not exist in Europe/Helsinki: the clocks skip that hour.');
    expect(await run('coord', 'negotiation add "X" at:2020-01-01T10:00')).toContain('is in the past: choose a later time.');
    expect(await run('coord', 'negotiation add "X" at:"14.10.2027 klo 13" until:12:00')).toMatch(/^The end \(.+\) must be after the start \(.+\)\.$/);
    expect(await run('coord', 'negotiation add "X" at:"28.3.2027 klo 1" until:3:30')).toContain('“3:30” does not exist in Europe/Helsinki');
    expect(await run('coord', 'negotiation add "X" at:"14.10.2027 klo 13" until:noon')).toContain('until: “noon” is not a time or a date: expected 15:30 or 14.10.2026 klo 15.');
    expect(await run('coord', 'negotiation add "X" at:"14.10.2027 klo 13" link:pirha.fi')).toContain('link: “pirha.fi” is not a web address');
    expect(await run('coord', `negotiation add "${'x'.repeat(151)}" at:+3d`)).toBe('A negotiation title must have 1 to 150 characters.');
    expect(await run('coord', 'negotiation add "X" at:+9000d')).toContain('too far ahead');
    expect(await run('coord', 'negotiation add at:+3d')).toContain('Missing "<title>"');
    expect(await run('coord', 'negotiation list')).toContain('No negotiations yet.');
    expect((await sql`select count(*)::int as n from scheduled_jobs j join negotiations n on n.id = j.entity_id where n.channel_id = ${channelId}`)[0]!.n).toBe(0);

    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    expect(await run('coord', 'negotiation edit N1')).toContain('Nothing to change');
    expect(await run('coord', 'negotiation edit N7 where:"x"')).toBe('There is no negotiation N7: see /neuvo negotiation list.');
    expect(await run('coord', 'negotiation result N1 link:mailto:x@example.org')).toContain('is not a web address');
  });

  it('members read; only coordinators add, edit, cancel and post results', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    for (const line of ['negotiation add "Mine" at:+3d', 'negotiation edit N1 where:"x"', 'negotiation cancel N1', 'negotiation result N1 link:https://x.fi']) {
      expect(await run('alice', line)).toBe('Only a coordinator of this network can do that.');
    }
    expect(await run('alice', 'negotiation show N1')).toContain('N1 · HYTE 2027');
    expect(await run('alice', 'negotiation list')).toContain('1 negotiation');
  });

  it('edits keep the length, clear with -, and a new start moves until along', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13" until:15:30 where:"Tampere-talo" link:https://www.pirha.fi');
    await run('coord', 'negotiation edit N1 at:"15.10.2027 klo 9" where:- link:-');
    const n = (await rt.deps.negotiations.find(await networkId(), 1))!;
    expect([n.startsAt.toISOString(), n.endsAt!.toISOString(), n.place, n.link]).toEqual(['2027-10-15T06:00:00.000Z', '2027-10-15T08:30:00.000Z', null, null]);
    await run('coord', 'negotiation edit N1 until:-');
    expect((await rt.deps.negotiations.find(await networkId(), 1))!.endsAt).toBeNull();
  });
});

describe('in the network’s language and zone', () => {
  it('a Finnish network reads Finnish dates back in Finnish, on the card and in the status', async () => {
    await run('coord', 'setup lang:fi');
    expect(await run('coord', 'negotiation add "HYTE-neuvottelut 2027" at:"14.10.2027 klo 13" until:"klo 15.30" where:"Tampere-talo"')).toContain(
      'Neuvottelu N1 lisätty: sen kortti on kanavalla ja pysyy ajan tasalla.\nMuistutukset ennen alkua: 14 päivää, 1 päivä ja 1 tunti.',
    );
    expect(text(messenger.views.at(-1)!)).toContain('Aika: 14.10.2027 klo 13.00–15.30');
    const status = await run('alice', 'status');
    expect(status).toContain('Tuleva neuvottelu:\nN1 · HYTE-neuvottelut 2027 · 14.10.2027 klo 13.00 · Tampere-talo');
    expect(await run('coord', 'negotiation add "X" at:joskus')).toContain('”joskus” ei ole päivämäärä');
  });

  it('status lists the upcoming negotiations, not the cancelled ones', async () => {
    await run('coord', 'negotiation add "HYTE 2027" at:"14.10.2027 klo 13"');
    await run('coord', 'negotiation add "Cancelled one" at:"15.10.2027 klo 13"');
    await run('coord', 'negotiation cancel N2');
    const status = await handle('alice', 'status');
    expect(text(status)).toContain('Upcoming negotiation:\nN1 · HYTE 2027 · ');
    expect(text(status)).not.toContain('Cancelled one');
    expect(status.blocks.at(-1)).toMatchObject({ type: 'actions', buttons: expect.arrayContaining([{ label: 'Negotiations', command: 'negotiation list' }]) });
  });

  it('status shows a negotiation that has started as under way, not upcoming, and drops it once it has ended', async () => {
    await run('coord', 'negotiation add "Started" at:+1d');
    await run('coord', 'negotiation add "Ended" at:+1d');
    await run('coord', 'negotiation add "Later" at:+2d');
    const id = await networkId();
    // Moving the start into the past: the commands rightly refuse a past time.
    await sql`update negotiations set starts_at = now() - interval '30 minutes', ends_at = now() + interval '1 hour' where network_id = ${id} and seq = 1`;
    await sql`update negotiations set starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' where network_id = ${id} and seq = 2`;
    const status = await run('alice', 'status');
    expect(status).toMatch(/Negotiation under way:\nN1 · Started · [^\n]*\nUpcoming negotiation:\nN3 · Later · /);
    expect(status).not.toContain('Ended');
  });

  it('status gives someone in no organisation no member role, and says how to join', async () => {
    await run('coord', 'org add "Lions Tampere"');
    const status = await run('alice', 'status');
    expect(status).toContain('Your role: not in any organisation yet');
    expect(status).toContain('You are not in an organisation yet: /neuvo org join "<organisation>".');
  });
});
