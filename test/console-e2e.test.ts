import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../db/client.js';
import { decodePng } from './support/png.js';
import { deleteKeys, TEST_REDIS_URL } from './support/runtime.js';

const prefix = `neuvo-test-${randomBytes(4).toString('hex')}`;
// Creating and migrating an embedded database takes the bot some ten seconds on a busy machine: it is
// done once here, and each data directory a test needs empty starts as a copy of it.
const migrated = mkdtempSync(join(tmpdir(), 'neuvo-console-migrated-'));
/** A new data directory (for NEUVO_DATA_DIR) holding an empty, migrated embedded database. */
const freshDataDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), name));
  cpSync(migrated, dir, { recursive: true });
  return dir;
};
let dataDir: string;

beforeAll(async () => {
  await (await openDatabase({ dataDir: join(migrated, 'pglite') })).close();
  dataDir = freshDataDir('neuvo-console-');
}, 90_000);

/** Pipes `lines` into `npm start` (console adapter, embedded database) and returns what it printed. */
function npmStart(lines: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '--silent'], {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, NEUVO_DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, NEUVO_QUEUE_PREFIX: prefix, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
    child.stdin.end(lines.join('\n') + '\n');
  });
}

afterAll(async () => {
  for (const dir of [dataDir, migrated]) if (dir) rmSync(dir, { recursive: true, force: true });
  await deleteKeys(prefix);
});

// Each test starts the real bot (tsx, embedded PGlite) once or twice: slow on a loaded 2-core machine.
describe('console adapter through npm start', { timeout: 90_000 }, () => {
  it('runs piped lines in order, fires a reminder through BullMQ during :sleep, and exits', async () => {
    const { code, out, err } = await npmStart([
      '/neuvo help',
      '/neuvo setup area:Pirkanmaa',
      '/neuvo org add "Pirkanmaan Sydänyhdistys"',
      ':as bob',
      '/neuvo org add "Not allowed"',
      '/neuvo org join "Pirkanmaan Sydänyhdistys"',
      ':as me',
      '/neuvo org approve J1',
      '/neuvo org list',
      '/neuvo remind +2s "Negotiations next week @everyone"',
      ':sleep 4',
      '/neuvo frobnicate',
    ]);
    expect(err).not.toMatch(/Error|could not start/);
    expect(code).toBe(0);
    const order = [
      '/neuvo remind <date> "<message>" [to:@user|#channel]',
      '[#general] Neuvo is set up for the organisation network of Pirkanmaa',
      '[#general] Organisation “Pirkanmaan Sydänyhdistys” added.',
      '✗ Only a coordinator of this network can do that.',
      '[#general] @bob asks to join “Pirkanmaan Sydänyhdistys” (J1).',
      '[Approve: /neuvo org approve J1]',
      '[#general] @bob joined “Pirkanmaan Sydänyhdistys” (J1, approved by @me).',
      '• Pirkanmaan Sydänyhdistys — @bob',
      'Reminder R1 set for',
      '[#general] ⏰ Reminder from @me: Negotiations next week @everyone',
      '✗ Unknown command “frobnicate”.',
    ];
    let at = 0;
    for (const line of order) {
      const found = out.indexOf(line, at);
      expect(found, `"${line}" after position ${at} in:\n${out}`).toBeGreaterThanOrEqual(0);
      at = found + line.length;
    }
  });

  it('keeps its data in the embedded database between runs, and exits without waiting for later jobs', async () => {
    const started = Date.now();
    const { code, out } = await npmStart(['/neuvo org list', '/neuvo remind +1h "later"', '/neuvo reminders']);
    expect(code).toBe(0);
    expect(out).toContain('Pirkanmaan Sydänyhdistys — @bob');
    expect(out).toContain('R2 ·');
    expect(Date.now() - started).toBeLessThan(60_000);
  });

  it('runs a 2-seat STV election for five organisations from start to finish, saving the count’s chart', async () => {
    const members = ['anna', 'bert', 'cia', 'dan', 'eva'];
    const electionDir = freshDataDir('neuvo-election-');
    const { code, out } = await npmStart(
      [
        ':in elections',
        '/neuvo setup area:Kainuu',
        ...members.flatMap((m, i) => [`/neuvo org add "Org ${'ABCDE'[i]}"`, `/neuvo org member add "Org ${'ABCDE'[i]}" @${m}`]),
        '/neuvo election new "Representatives 2027" seats:2 method:stv',
        ':as anna',
        '/neuvo election nominate E1 @anna org:"Org A"',
        '/neuvo election nominate E1 @bert',
        ':as bert',
        '/neuvo election accept E1',
        ':as cia',
        '/neuvo election nominate E1 @cia',
        ':as me',
        '/neuvo election open E1',
        ...[['anna', '1 2'], ['bert', '2 1'], ['cia', '3 2'], ['dan', '1 3'], ['eva', '1 2']].flatMap(([m, b]) => [`:as ${m}`, `/neuvo vote E1 ${b}`]),
        ':as me',
        '/neuvo election close E1',
      ],
      { NEUVO_DATA_DIR: electionDir },
    );
    expect(code).toBe(0);
    expect(out.match(/Receipt: [A-Z0-9]{10}/g)).toHaveLength(5);
    expect(out).toContain('Elected, in order of election:\n  • 1. @anna (Org A)\n  • 2. @bert');
    expect(out).toContain('Quota: 2.00000');
    // Anna's surplus goes two thirds to Bert; Cia is excluded and her ballot elects Bert.
    expect(out).toContain('@cia excluded');
    // The result's chart is a PNG under $NEUVO_DATA_DIR/charts, and the answer says where.
    const chart = join(electionDir, 'charts', 'neuvo-e1-rounds.png');
    expect(out).toContain(`📈 Chart “E1 · Representatives 2027 — the count round by round”: ${chart}`);
    expect(decodePng(readFileSync(chart)).width).toBeGreaterThan(1000);
    rmSync(electionDir, { recursive: true, force: true });
  });

  it('closes an election and writes its proposal PDF under the data directory for a coordinator only', async () => {
    const members = ['Äijälä', 'Sjöberg', 'Åström'];
    const orgs = ['Äänekosken Omaiset', 'Sjöbergs Förening', 'Åbo Hjärtförening'];
    const data = freshDataDir('neuvo-proposal-');
    try {
      const { code, out } = await npmStart(
        [
          ':in vaalit',
          '/neuvo setup area:Pirkanmaa lang:fi',
          ...members.flatMap((m, i) => [`/neuvo org add "${orgs[i]}"`, `/neuvo org member add "${orgs[i]}" @${m}`]),
          '/neuvo election new "Edustajat 2027" seats:2 method:stv',
          ...members.flatMap((m, i) => [`:as ${m}`, `/neuvo election nominate E1 @${m} org:"${orgs[i]}"`]),
          ':as me',
          '/neuvo election proposal E1',
          '/neuvo election open E1',
          ...[['Äijälä', '1 2'], ['Sjöberg', '2 1'], ['Åström', '1 3']].flatMap(([m, b]) => [`:as ${m}`, `/neuvo vote E1 ${b}`]),
          '/neuvo election proposal E1',
          ':as me',
          '/neuvo election close E1',
          '/neuvo election proposal E1',
        ],
        { NEUVO_DATA_DIR: data },
      );
      expect(code).toBe(0);
      expect(out).toContain('✗ Vaali E1 ei ole vielä päättynyt: ehdotus laaditaan, kun äänet on laskettu.');
      expect(out).toContain('✗ Vain verkoston koordinaattori voi tehdä tämän.');
      expect(out).toContain('Ehdotus Pirkanmaan hyvinvointialueelle vaalin E1 tuloksesta (PDF):');
      const path = /📎 ehdotus-E1\.pdf → (.+)$/m.exec(out)?.[1];
      expect(path, out).toBe(join(data, 'files', 'ehdotus-E1.pdf'));
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(text).toContain('Ehdotus Pirkanmaan hyvinvointialueen järjestöedustajiksi');
      expect(text).toContain('Pirkanmaan hyvinvointialueen järjestöverkosto ehdottaa, että Pirkanmaan hyvinvointialue nimeää järjestöjen edustajiksi seuraavat henkilöt.');
      // Äijälä and Sjöberg are elected; Åström is not proposed.
      expect(text).toContain('Äijälä');
      expect(text).toContain('Äänekosken Omaiset');
      expect(text).toContain('Sjöbergs Förening');
      expect(text).toContain('Sjöberg');
      expect(text).not.toContain('Åström');
      expect(text).not.toContain('Åbo Hjärtförening');
      expect(text).toContain('Äänestysaktiivisuus 3/3 (100 %)');
      expect(text).toMatch(/Pirkanmaalla \d{1,2}\. \p{L}+ \d{4} me koordinaattori/u);
    } finally {
      rmSync(data, { recursive: true, force: true });
    }
    // About thirty lines through the real bot, each reply waited for: slower than the others on a busy machine.
  }, 180_000);

  it('stops with a message naming the variable when the configuration is invalid', async () => {
    const { code, err } = await npmStart([], { NEUVO_TZ: 'Mars/Base' });
    expect(code).toBe(1);
    expect(err).toContain('NEUVO_TZ: expected an IANA time zone');
  });
});
