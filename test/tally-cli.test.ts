/** The tally CLI: tables by default, exactly one JSON object with --json, exit code 2 on bad input. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, type CliIo } from '../adapters/tally-cli/cli.js';
import { toBlt } from '../src/domain/election.js';

const BASE = process.env['NEUVO_ELECTIONS_DIR'] ?? '/work/shared/reference/elections';
const CALTON = join(BASE, 'glasgow-2007/Calton-2007.blt');
const SC = join(BASE, 'gpus-2005/SC.blt');
const files = new Map<string, string>([
  [CALTON, readFileSync(CALTON, 'utf8')],
  [SC, readFileSync(SC, 'utf8')],
  ['bad.blt', '3 1\n1 1 4 0\n0\n"A"\n"B"\n"C"\n"T"\n'],
  ['seats.blt', '2 3\n1 1 0\n0\n"A"\n"B"\n"T"\n'],
  ['export.blt', toBlt('Representatives\n2027', 1, [{ seq: 1, name: 'Anna "A\\B"\nÖ' }, { seq: 2, name: 'Bo' }], [[1, 2], [2], [1]])],
]);

function cli(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const io: CliIo = {
    out: (t) => { out += t; },
    err: (t) => { err += t; },
    readFile: (p) => {
      const t = files.get(p);
      if (t === undefined) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
      return t;
    },
  };
  return { code: run(argv, io), out, err };
}

describe('tally CLI', () => {
  it('prints the winners and a table of every round', () => {
    const r = cli(CALTON);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out).toContain('Winners (in order of election):\n  1. George Redmond (round 1)\n  2. Alison E Thewliss (round 7)\n  3. Ruth Simpson (round 10)');
    expect(r.out).toContain('Quota: 1300.00000');
    expect(r.out).toMatch(/Gary Barton +\| +128\.00000 +\| +130\.40863 +\| +0\.00000x/);
    for (let i = 1; i <= 10; i++) expect(r.out).toContain(`Round ${i} `);
  });

  it('with --json prints exactly one JSON object with winners, rounds, quota and rule', () => {
    const r = cli(SC, '--rule', 'wigm', '--json', '--seed', 'abc');
    expect(r.code).toBe(0);
    expect(r.out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, 4)).toEqual(['winners', 'rounds', 'quota', 'rule']);
    expect(j['rule']).toBe('wigm');
    expect(j['quota']).toBe('18.8001');
    expect([...(j['winners'] as string[])].sort()).toEqual(['Pat LaMarche', 'Rebecca Rotzler', 'Steve Kramer', 'Tom Sevigny']);
    expect((j['rounds'] as unknown[]).length).toBe(13);
    expect(j['seed']).toBe('abc');
  });

  it('accepts --rule=meek and defaults the seed to the file hash, so reruns agree', () => {
    const a = cli(SC, '--rule=meek', '--json');
    const b = cli(SC, '--json', '--rule', 'meek');
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect((JSON.parse(a.out) as { seed: string }).seed).toMatch(/^[0-9a-f]{16}$/);
  });

  it('counts a file the bot exported, whatever its title and names', () => {
    const r = cli('export.blt', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ title: 'Representatives 2027', winners: ['Anna "A\\B" Ö'] });
  });

  it('exits 2 with a short message on an unknown rule, a missing or bad file, or bad arguments', () => {
    const cases: [string[], RegExp][] = [
      [[CALTON, '--rule', 'borda'], /unknown rule "borda"/],
      [['missing.blt'], /cannot read missing\.blt: ENOENT/],
      [['bad.blt'], /bad\.blt:2: candidate number 4 is not between 1 and 3 \(BAD_CANDIDATE_NUMBER\)/],
      [['seats.blt'], /TOO_FEW_CANDIDATES/],
      [[], /no ballot file given/],
      [[CALTON, '--frobnicate'], /unknown option --frobnicate/],
      [[CALTON, '--rule'], /--rule needs a value/],
    ];
    for (const [argv, msg] of cases) {
      const r = cli(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.out).toBe('');
      expect(r.err).toMatch(msg);
    }
  });

  it('runs as a program: npx tsx adapters/tally-cli/main.ts sets the exit code', () => {
    const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
    const good = spawnSync(tsx, ['adapters/tally-cli/main.ts', SC, '--rule', 'irv', '--json'], { encoding: 'utf8' });
    expect(good.status).toBe(0);
    expect((JSON.parse(good.stdout) as { winners: string[] }).winners).toHaveLength(1);
    const bad = spawnSync(tsx, ['adapters/tally-cli/main.ts', SC, '--rule', 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toContain('unknown rule');
  });
});
