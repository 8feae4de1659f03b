/**
 * The compiled program: `npm run build` into a directory of its own (inside the project, like `dist/`),
 * then the `neuvo-tally` bin and the `start:prod` command run from it with plain node, no tsx. Catches
 * what only the build can break: a file the code reads at run time that is not beside the compiled
 * module (the SQL migrations), the bin's shebang and mode, ESM resolution of the emitted `.js`.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, type CliIo } from '../adapters/tally-cli/cli.js';
import { deleteKeys, TEST_REDIS_URL } from './support/runtime.js';

const ROOT = join(import.meta.dirname, '..');
const BUILDS = join(ROOT, '.build-test');
const out = join(BUILDS, randomBytes(4).toString('hex'));
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
/** A path of package.json (`dist/…`) in this test's build. */
const built = (path: string) => join(out, path.replace(/^dist\//, ''));
const dataDir = mkdtempSync(join(tmpdir(), 'neuvo-compiled-'));
const prefix = `neuvo-test-${randomBytes(4).toString('hex')}`;
const ELECTIONS = process.env['NEUVO_ELECTIONS_DIR'] ?? '/work/shared/reference/elections';
const CALTON = join(ELECTIONS, 'glasgow-2007/Calton-2007.blt');

interface Ran { code: number | null; out: string; err: string }

function exec(command: string, args: string[], opts: { input?: string; env?: Record<string, string> } = {}): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out: stdout, err: stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

beforeAll(async () => {
  const r = await exec('npm', ['run', 'build', '--silent', '--', '--out-dir', out]);
  expect(r.code, r.out + r.err).toBe(0);
}, 240_000);

afterAll(async () => {
  rmSync(out, { recursive: true, force: true });
  if (existsSync(BUILDS) && readdirSync(BUILDS).length === 0) rmSync(BUILDS, { recursive: true });
  rmSync(dataDir, { recursive: true, force: true });
  await deleteKeys(prefix);
});

describe('the compiled build', { timeout: 120_000 }, () => {
  it('draws a chart from the build with its font (found through the package, not a source path)', async () => {
    const script = [
      `const { chartPng } = await import(${JSON.stringify(join(out, 'adapters/charts/render-chart.js'))});`,
      `const { translator } = await import(${JSON.stringify(join(out, 'src/i18n/translator.js'))});`,
      `const { turnoutChart } = await import(${JSON.stringify(join(out, 'src/views/chart.js'))});`,
      `const png = chartPng(turnoutChart(translator('fi'), { id: 'E1', title: 'Äänestys' }, [{ label: 'Åbo', voted: 1, total: 2 }]));`,
      'process.stdout.write(Buffer.from(png).toString("base64"));',
    ].join('\n');
    const r = await exec('node', ['--input-type=module', '-e', script]);
    expect(r.err).toBe('');
    const png = Buffer.from(r.out, 'base64');
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(png.readUInt32BE(16)).toBeGreaterThan(1000);
  });

  it('neuvo-tally runs as a program from the build and prints what the source CLI prints', async () => {
    const compiled = await exec(built(pkg.bin['neuvo-tally']!), [CALTON, '--json', '--rule', 'wigm']);
    let expected = '';
    const io: CliIo = { out: (t) => { expected += t; }, err: () => {}, readFile: (p) => readFileSync(p, 'utf8') };
    expect(run([CALTON, '--json', '--rule', 'wigm'], io)).toBe(0);
    expect(compiled).toEqual({ code: 0, out: expected, err: '' });
  });

  it('start:prod runs the console from the build: migrates a new database, answers and fires a reminder', async () => {
    const [node, ...args] = pkg.scripts['start:prod']!.split(' ');
    expect(node).toBe('node');
    const flags = args.filter((a) => a.startsWith('--'));
    const [main, ...rest] = args.filter((a) => !a.startsWith('--'));
    const r = await exec(process.execPath, [...flags, built(main!), ...rest], {
      input: ['/neuvo setup area:Pirkanmaa', '/neuvo org add "Pirkanmaan Sydänyhdistys"', '/neuvo remind +2s "From the build"', ':sleep 4', ''].join('\n'),
      env: { NEUVO_DATA_DIR: dataDir, REDIS_URL: TEST_REDIS_URL, NEUVO_QUEUE_PREFIX: prefix, SLACK_BOT_TOKEN: '', DISCORD_TOKEN: '' },
    });
    expect(r.err).not.toMatch(/Error|could not start/);
    expect(r.code).toBe(0);
    let at = 0;
    for (const line of ['Neuvo is set up for the organisation network of Pirkanmaa', 'Organisation “Pirkanmaan Sydänyhdistys” added.', '⏰ Reminder from @me: From the build']) {
      const found = r.out.indexOf(line, at);
      expect(found, `"${line}" after position ${at} in:\n${r.out}`).toBeGreaterThanOrEqual(0);
      at = found + line.length;
    }
  });

  it('the compiled PDF renderer finds its embedded fonts from the build', async () => {
    const pdfPath = join(dataDir, 'compiled.pdf');
    const doc = { lang: 'fi', title: 'Ehdotus', author: 'Verkosto', subject: 's', reference: ['EHDOTUS'], recipient: ['Pirkanmaan hyvinvointialue'], blocks: [{ kind: 'paragraph', text: 'Äijälä, Öhman, Åström' }], pageLabel: 'Sivu {page}/{pages}' };
    const script = `const { PdfkitDocumentRenderer } = await import(${JSON.stringify(built('dist/adapters/pdf/pdfkit-document-renderer.js'))});
const { writeFileSync } = await import('node:fs');
writeFileSync(${JSON.stringify(pdfPath)}, await new PdfkitDocumentRenderer().pdf(${JSON.stringify(doc)}));`;
    const r = await exec(process.execPath, ['--input-type=module', '-e', script]);
    expect(r, r.err).toMatchObject({ code: 0, err: '' });
    const text = await exec('pdftotext', ['-enc', 'UTF-8', pdfPath, '-']);
    expect(text.out).toContain('Äijälä, Öhman, Åström');
    expect((await exec('pdffonts', [pdfPath])).out).toMatch(/DejaVuSans +CID TrueType/);
  });

  it('the build refuses an output directory that is not a build place rather than emptying it', async () => {
    const outside = mkdtempSync(join(tmpdir(), 'neuvo-not-a-build-'));
    try {
      const r = await exec('npm', ['run', 'build', '--silent', '--', '--out-dir', outside]);
      expect(r.code).not.toBe(0);
      expect(r.err).toContain('--out-dir must be dist/ or a directory under dist/ or .build-test/');
      expect(existsSync(outside)).toBe(true);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });
});
