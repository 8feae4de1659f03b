import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pollHarness } from './poll-harness.js';

let h: Awaited<ReturnType<typeof pollHarness>>;

beforeAll(async () => {
  h = await pollHarness();
});
afterAll(async () => {
  await h?.stop();
});

/** A poll in voting with the given topics, voted by `votes` (user → picks), then closed. */
async function closedPoll(theme: string, topics: string[], votes: Record<string, string>, pick = 2): Promise<void> {
  await h.run('coord', `poll new "About ${theme}" theme:${theme} options:"${topics.join('|')}" pick:${pick}`);
  const seq = /P(\d+)/.exec(h.messenger.posts.at(-1)!.text)![1];
  for (const [user, picks] of Object.entries(votes)) expect((await h.view(user, `vote P${seq} ${picks}`)).error).toBeUndefined();
  expect((await h.view('coord', `poll close P${seq}`)).private).toBe(false);
}

describe('the agenda', () => {
  it('is empty until a poll closes, and says how topics get there', async () => {
    await h.network();
    expect(await h.run('m1', 'agenda')).toBe('Nothing on the agenda yet: topics join it when a poll closes (/neuvo poll new).');
  });

  it('groups the chosen topics by theme in the negotiations’ order, most voted first', async () => {
    await h.network();
    await closedPoll('follow-up', ['Yearly report', 'Indicators'], { m1: '2', m2: '2', m3: '1' });
    await closedPoll('goals', ['Loneliness', 'Transport', 'Culture'], { m1: '2 3', m2: '2', m3: '1 2' });
    expect(await h.run('m1', 'agenda')).toBe(
      [
        'Agenda for the next negotiation',
        'Goals (3)',
        'Transport (P2, 3 votes)',
        // Loneliness and Culture tie for second place: both stay on the agenda.
        'Loneliness (P2, 1 vote)\nCulture (P2, 1 vote)',
        'Follow-up (2)',
        'Indicators (P1, 2 votes)\nYearly report (P1, 1 vote)',
      ].join('\n'),
    );
    const rows = await h.sql<{ rank: number; topic: string }[]>`
      select a.rank, a.topic from agenda_items a join spaces s on s.network_id = a.network_id
      where s.channel_id = ${h.channelId} and a.theme = 'goals' order by a.rank`;
    expect(rows).toEqual([
      { rank: 1, topic: 'Transport' },
      { rank: 2, topic: 'Loneliness' },
      { rank: 3, topic: 'Culture' },
    ]);
  });

  it('takes no topic without votes, and closing twice adds nothing', async () => {
    await h.network();
    await h.run('coord', 'poll new "Quiet" theme:measures options:"A|B"');
    expect(await h.run('coord', 'poll close P1')).toContain('No topic got a vote, so none joins the agenda.');
    expect(await h.run('coord', 'poll close P1')).toBe('P1 is already closed: see /neuvo poll show P1.');
    await closedPoll('measures', ['Clubs', 'Meals'], { m1: '1' }, 1);
    expect(await h.run('m1', 'agenda')).toBe('Agenda for the next negotiation\nMeasures (1)\nClubs (P2, 1 vote)');
  });

  it('speaks the network’s language, with the themes’ Finnish names', async () => {
    await h.network(3, 'lang:fi');
    await closedPoll('cooperation', ['Yhteiset tilat', 'Vapaaehtoiset'], { m1: '1', m2: '1 2' });
    expect(await h.run('m1', 'agenda')).toBe(
      'Seuraavan neuvottelun asialista\nYhteistyö (2)\nYhteiset tilat (P1, 2 ääntä)\nVapaaehtoiset (P1, 1 ääni)',
    );
  });
});
