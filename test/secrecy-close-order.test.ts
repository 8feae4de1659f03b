/**
 * A close writes what it opened in an order of its own, never in the order the votes came: the order
 * of written row versions (their place in the page, and in the WAL) is readable by anyone with the
 * database, and the first participation row names the first voter.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId: 'general' },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', new RecordingMessenger());
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await rt?.stop();
});

describe('closing an anonymous poll', () => {
  it('writes the counts in topic order, whatever the first voter picked', async () => {
    await run('coord', 'setup area:Kainuu');
    await run('coord', 'poll new "Topics" theme:goals options:"V|W|X|Y|Z" pick:2 anonymous:yes');
    // The first voter's picks, in the order they typed them, are what a vote-ordered close writes first.
    for (const [voter, picks] of [['first', '4 2'], ['second', '1'], ['third', '5 3']] as const) {
      expect(await run(voter, `vote P1 ${picks}`)).toContain('Your anonymous vote in P1 is counted');
    }
    await run('coord', 'poll close P1');
    const [{ close } = { close: '' }] = await sql<{ close: string }[]>`select xmin::text as close from polls`;
    const written = await sql<{ seq: number }[]>`select option_seq as seq from poll_counts where xmin::text = ${close} order by ctid`;
    expect(written.map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });
});
