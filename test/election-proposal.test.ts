import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext, PersonNames } from '../src/app/ports.js';
import { Neuvo } from '../src/app/neuvo.js';
import type { View } from '../src/views/view.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
let neuvo: Neuvo;
const messenger = new RecordingMessenger();
const dir = mkdtempSync(join(tmpdir(), 'neuvo-proposal-e2e-'));
let channel = 0;
let channelId = '';

/** Names as a platform would give them: the console ids are nicknames, the directory has full names. */
const names: PersonNames = {
  async names(_workspace, ids) {
    const known: Record<string, string> = { aijala: 'Aino Äijälä', sjoberg: 'Sture Sjöberg', coord: 'Åsa Öhman' };
    return new Map(ids.flatMap((id) => (known[id] ? [[id, known[id]] as const] : [])));
  },
};

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const view = (user: string, line: string) => neuvo.handle(ctx(user), line);
const run = async (user: string, line: string) => viewText(await view(user, line));

/** The PDF a view attaches, as pdftotext reads it (white space runs as one space). */
function pdfOf(v: View): string {
  const file = v.blocks.find((b) => b.type === 'file');
  if (file?.type !== 'file') throw new Error(`no file in: ${viewText(v)}`);
  expect(file.encoding).toBe('base64');
  expect(file.mime).toBe('application/pdf');
  const bytes = Buffer.from(file.content, 'base64');
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const path = join(dir, `${channelId}.pdf`);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
}

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  neuvo = new Neuvo({ ...rt.deps, names });
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await sql?.end();
  await rt.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A Swedish-speaking network in Österbotten with three organisations and a closed 2-seat election E1. */
beforeEach(async () => {
  channelId = `prop${++channel}`;
  await run('coord', 'setup area:Pohjanmaa lang:sv');
  for (const [org, member] of [['Föreningen Åkerö', 'aijala'], ['Sydänyhdistys', 'sjoberg'], ['Omaiset', 'virtanen']] as const) {
    await run('coord', `org add "${org}"`);
    await run('coord', `org member add "${org}" @${member}`);
  }
  await run('coord', 'negotiation add "Vårens förhandling" at:+30d where:"Vasa stadshus"');
  await run('coord', 'election new "Representanter 2027" seats:2 method:stv');
  await run('aijala', 'election nominate E1 @aijala org:"Föreningen Åkerö"');
  await run('sjoberg', 'election nominate E1 @sjoberg org:"Sydänyhdistys"');
  await run('virtanen', 'election nominate E1 @virtanen org:"Omaiset"');
});

describe('election proposal', () => {
  it('is refused before the election closes, and to anyone but a coordinator', async () => {
    expect(await run('coord', 'election proposal E1')).toBe('E1 är inte avslutat ännu: förslaget görs när rösterna har räknats.');
    await run('coord', 'election open E1');
    expect(await run('coord', 'election proposal E1')).toBe('E1 är inte avslutat ännu: förslaget görs när rösterna har räknats.');
    for (const [user, ballot] of [['aijala', '1 2'], ['sjoberg', '2 1'], ['virtanen', '1 3']]) await run(user!, `vote E1 ${ballot}`);
    await run('coord', 'election close E1');
    expect(await run('aijala', 'election proposal E1')).toBe('Bara en koordinator för nätverket kan göra det.');
    expect((await view('aijala', 'election proposal E1')).blocks.some((b) => b.type === 'file')).toBe(false);
  });

  it('attaches the proposal of the elected as a PDF in the network’s language, with names from the platform', async () => {
    await run('coord', 'election open E1');
    for (const [user, ballot] of [['aijala', '1 2'], ['sjoberg', '2 1'], ['virtanen', '1 3']]) await run(user!, `vote E1 ${ballot}`);
    await run('coord', 'election close E1');
    const reply = await view('coord', 'election proposal E1');
    expect(reply.private).toBe(true);
    expect(viewText(reply)).toBe('Förslaget till välfärdsområdet Österbotten utifrån resultatet i E1 (PDF):');
    expect(reply.blocks.find((b) => b.type === 'file')).toMatchObject({ name: 'forslag-E1.pdf' });
    const text = pdfOf(reply);
    expect(text).toContain('Förslag till organisationernas representanter i välfärdsområdet Österbotten');
    expect(text).toContain('Organisationsnätverket i välfärdsområdet Österbotten föreslår att välfärdsområdet Österbotten utser följande personer till organisationernas representanter.');
    expect(text).toContain('Vårens förhandling');
    expect(text).toContain('Vasa stadshus');
    // Both elected, by their platform names, with their organisations; the third candidate is not proposed.
    expect(text).toContain('Aino Äijälä');
    expect(text).toContain('Föreningen Åkerö');
    expect(text).toContain('Sture Sjöberg');
    expect(text).not.toContain('virtanen');
    expect(text).toContain('Valdeltagande 3/3 (100 %)');
    expect(text).toMatch(/Röstningen avslutades \d{1,2} \p{L}+ \d{4}/u);
    // The coordinator signs, by name.
    expect(text).toMatch(/För nätverket Österbotten den \d{1,2} \p{L}+ \d{4} Åsa Öhman koordinator/u);
  });

  it('is refused when the election did not reach its quorum', async () => {
    await sql`update elections set quorum = 100 where channel_id = ${channelId} and seq = 1`;
    await run('coord', 'election open E1');
    await run('aijala', 'vote E1 1 2');
    await run('coord', 'election close E1');
    expect(await run('coord', 'election proposal E1')).toBe('E1 uppnådde inte kravet på beslutförhet, så inget förslag görs.');
  });
});
