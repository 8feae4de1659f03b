/**
 * `tally <ballots.blt> [--rule R] [--seed S] [--json]`: counts a BLT ballot file and prints the
 * winners and every round as a table, or (with --json) one JSON object.
 * Exit codes: 0 counted; 2 bad arguments, unreadable or invalid file, unknown rule.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { count, isRuleName, parseBlt, RULES, type CountResult, type Election, type Round } from '../../src/domain/tally/index.js';

/** Where the CLI writes; injectable for tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readFile: (path: string) => string;
}

const defaultIo: CliIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
  readFile: (p) => readFileSync(p, 'utf8'),
};

const USAGE = `usage: tally <ballots.blt> [--rule ${Object.keys(RULES).join('|')}] [--seed S] [--json]
  --rule   counting rule (default scottish)
  --seed   seed for the lot that breaks remaining ties (default: first 16 hex digits of the file's SHA-256)
  --json   print one JSON object {"winners", "rounds", "quota", "rule", ...} instead of tables
`;

interface Args { file: string; rule: string; seed: string | undefined; json: boolean }

function parseArgs(argv: readonly string[]): Args | { help: true } | string {
  let file: string | undefined;
  let rule = 'scottish';
  let seed: string | undefined;
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '-h' || flag === '--help') return { help: true };
    else if (flag === '--json') json = true;
    else if (flag === '--rule') { const v = value(); if (v === undefined) return '--rule needs a value'; rule = v; }
    else if (flag === '--seed') { const v = value(); if (v === undefined) return '--seed needs a value'; seed = v; }
    else if (a.startsWith('-') && a !== '-') return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `unexpected argument ${a}`;
  }
  if (file === undefined) return 'no ballot file given';
  return { file, rule, seed, json };
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export function run(argv: readonly string[], io: CliIo = defaultIo): number {
  const args = parseArgs(argv);
  if (typeof args === 'string') { io.err(`tally: ${args}\n${USAGE}`); return 2; }
  if ('help' in args) { io.out(USAGE); return 0; }
  if (!isRuleName(args.rule)) {
    io.err(`tally: unknown rule "${args.rule}"; use one of ${Object.keys(RULES).join(', ')}\n`);
    return 2;
  }
  let text: string;
  try {
    text = io.readFile(args.file);
  } catch (e) {
    io.err(`tally: cannot read ${args.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}\n`);
    return 2;
  }
  const parsed = parseBlt(text, { merge: true }); // only counted: identical lines need no object each
  if (!parsed.ok) {
    const where = parsed.error.line === undefined ? '' : `:${parsed.error.line}`;
    io.err(`tally: ${args.file}${where}: ${parsed.error.message} (${parsed.error.code})\n`);
    return 2;
  }
  const seed = args.seed ?? createHash('sha256').update(text).digest('hex').slice(0, 16);
  const result = count(args.rule, parsed.value, { seed });
  if (!result.ok) {
    io.err(`tally: ${args.file}: ${result.error.message} (${result.error.code})\n`);
    return 2;
  }
  if (args.json) {
    const r = result.value;
    io.out(`${JSON.stringify({
      winners: r.winners,
      rounds: r.rounds,
      quota: r.quota,
      rule: r.rule,
      seed: r.seed,
      tieBreaks: r.tieBreaks,
      lotOrder: r.lotOrder,
      title: parsed.value.title,
      seats: parsed.value.seats,
      validBallots: r.validBallots,
    })}\n`);
  } else {
    io.out(render(parsed.value, result.value));
  }
  return 0;
}

/** Describes what happened in a round, in one line. */
function describeRound(r: Round): string {
  const parts: string[] = [];
  if (r.action === 'first-count') parts.push('first preferences counted');
  else if (r.action === 'surplus-transferred') parts.push(`surplus of ${r.candidate} transferred (${r.transferred})`);
  else if (r.action === 'excluded') parts.push(r.excluded.length > 1 ? `excluded ${r.excluded.join(', ')}` : `excluded ${r.candidate}`);
  else if (r.action === 'elected') parts.push(`iteration reached the quota`);
  if (r.elected.length > 0) parts.push(`elected ${r.elected.join(', ')}`);
  if (r.action !== 'excluded' && r.excluded.length > 0) parts.push(`not elected ${r.excluded.join(', ')}`);
  if (r.iterations !== undefined && r.action !== 'first-count') parts.push(`${r.iterations} iteration${r.iterations === 1 ? '' : 's'}`);
  return parts.join('; ');
}

/** Renders the result as plain-text tables (split into blocks that fit 120 columns). */
export function render(election: Election, r: CountResult): string {
  const lines: string[] = [];
  lines.push(election.title, `Rule: ${RULES[r.rule]}`);
  lines.push(`Seats: ${election.seats}   Valid ballots: ${r.validBallots}   Quota: ${r.quota ?? '-'}   Seed: ${r.seed}`, '');
  lines.push('Winners (in order of election):');
  r.winners.forEach((w, i) => {
    const round = r.rounds.find((x) => x.elected.includes(w));
    lines.push(`  ${i + 1}. ${w}${round ? ` (round ${round.round})` : ''}`);
  });
  lines.push('', 'Rounds:');
  for (const round of r.rounds) lines.push(`  ${String(round.round).padStart(2)}. ${describeRound(round)}`);
  if (r.tieBreaks.length > 0) {
    lines.push('', 'Ties:');
    for (const t of r.tieBreaks) {
      lines.push(`  round ${t.round}, ${t.reason}: ${t.between.join(' / ')} -> ${t.chosen} (${t.method === 'lot' ? `by lot, seed ${r.seed}` : 'by earlier stage'})`);
    }
  }
  lines.push('', 'Votes at the end of each round (* elected, x excluded in that round):');

  const label = (s: string): string => (s.length > 28 ? `${s.slice(0, 27)}…` : s);
  const rowLabels = [...election.candidates.map(label), 'Non-transferable'];
  const meek = r.rounds.some((x) => x.surplus !== undefined);
  if (meek) rowLabels.push('Quota', 'Surplus');
  const labelWidth = Math.max(...rowLabels.map((s) => s.length));
  const cell = (round: Round, c: number): string => {
    const t = round.tallies[c]!;
    if (t.status === 'withdrawn') return 'withdrawn';
    const mark = round.elected.includes(t.candidate) ? '*' : round.excluded.includes(t.candidate) ? 'x' : ' ';
    return `${t.votes}${mark}`;
  };
  const columns = r.rounds.map((round) => {
    const cells = election.candidates.map((_, c) => cell(round, c));
    cells.push(`${round.exhausted} `);
    if (meek) cells.push(`${round.quota ?? ''} `, `${round.surplus ?? ''} `);
    return { head: `Round ${round.round} `, cells };
  });
  const widths = columns.map((col) => Math.max(col.head.length, ...col.cells.map((s) => s.length)));
  let start = 0;
  while (start < columns.length) {
    let end = start;
    let used = labelWidth;
    while (end < columns.length && (end === start || used + 3 + widths[end]! <= 120)) { used += 3 + widths[end]!; end++; }
    const sep = `${'-'.repeat(labelWidth)}-+-${widths.slice(start, end).map((w) => '-'.repeat(w)).join('-+-')}`;
    lines.push('');
    lines.push(`${''.padEnd(labelWidth)} | ${columns.slice(start, end).map((col, i) => col.head.padStart(widths[start + i]!)).join(' | ')}`);
    lines.push(sep);
    rowLabels.forEach((lab, row) => {
      if (row === election.candidates.length) lines.push(sep);
      lines.push(`${lab.padEnd(labelWidth)} | ${columns.slice(start, end).map((col, i) => col.cells[row]!.padStart(widths[start + i]!)).join(' | ')}`);
    });
    start = end;
  }
  return `${lines.join('\n')}\n`;
}
