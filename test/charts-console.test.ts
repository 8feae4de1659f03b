/**
 * Charts on the console: the PNG is written under the adapter's chart directory
 * (`$NEUVO_DATA_DIR/charts` when main starts it) and the answer prints its path and the table.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { renderConsole } from '../adapters/console/render.js';
import { translator } from '../src/i18n/translator.js';
import { pollTopicsChart } from '../src/views/chart.js';
import { startTestRuntime } from './support/runtime.js';

const chartDir = join(mkdtempSync(join(tmpdir(), 'neuvo-charts-test-')), 'charts');
let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let printed: string[] = [];
let adapter: ConsoleAdapter;

beforeAll(async () => {
  rt = await startTestRuntime();
  const out = new Writable({
    write(chunk, _enc, cb) {
      printed.push(String(chunk));
      cb();
    },
  });
  adapter = new ConsoleAdapter(rt.neuvo, out, { user: 'me', channel: 'general', chartDir });
  rt.messenger.register('console', adapter.messenger);
});

afterAll(async () => {
  await rt?.stop();
  rmSync(join(chartDir, '..'), { recursive: true, force: true });
});

async function run(user: string, line: string): Promise<string> {
  await adapter.runLine(`:as ${user}`);
  printed = [];
  await adapter.runLine(line);
  return printed.join('');
}

/** The path a printed answer gives for its chart. */
const chartPath = (text: string) => /^📈 Chart “[^”]+”: (.+\.png)$/m.exec(text)?.[1];

describe('charts on the console', () => {
  it('prints the text table alone when nothing saves charts', () => {
    const chart = pollTopicsChart(translator('en'), { id: 'P1', question: 'What?' }, [{ seq: 1, text: 'Ääni', votes: 2 }], [1], 2);
    expect(renderConsole({ private: true, blocks: [{ type: 'chart', chart }] })).toBe(
      ['  P1 · What? — votes per topic', '  2 people voted', '  Topic  Votes', '  1. Ääni  2 (on the agenda)'].join('\n'),
    );
  });

  it('a closed poll’s result saves its chart as a PNG and prints its path and table', async () => {
    await run('me', '/neuvo setup area:Kainuu');
    await run('me', '/neuvo org add "Kallion Kaiku"');
    await run('me', '/neuvo org member add "Kallion Kaiku" @anna');
    await run('me', '/neuvo poll new "Mitä käsitellään?" theme:goals options:"Yksinäisyys|Nuorten mieli|Kylien bussit" pick:2');
    await run('me', '/neuvo poll open P1');
    await run('anna', '/neuvo vote P1 2 1');
    await run('me', '/neuvo vote P1 2');
    const result = await run('me', '/neuvo poll close P1');
    const path = chartPath(result);
    expect(path).toBe(join(chartDir, 'neuvo-p1-topics.png'));
    expect(existsSync(path!)).toBe(true);
    const png = PNG.sync.read(readFileSync(path!));
    expect(png.width).toBeGreaterThan(1000);
    expect(png.height).toBeGreaterThan(200);
    expect(result).toContain('  2. Nuorten mieli  2 (on the agenda)');
    expect(result).toContain('  3. Kylien bussit  0');
  });
});
