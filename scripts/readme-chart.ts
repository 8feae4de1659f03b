/**
 * Draws the chart the README shows (`docs/chart-stv-rounds.png`): a Finnish network's two-seat
 * Scottish STV election counted by the bot's own tally, drawn by the same renderer the adapters use.
 * Run with `npx tsx scripts/readme-chart.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chartPng } from '../adapters/charts/render-chart.js';
import { type Candidate, countBallots } from '../src/domain/election.js';
import { translator } from '../src/i18n/translator.js';
import { stvRoundsChart } from '../src/views/chart.js';

const candidates: Candidate[] = [
  { seq: 1, userId: 'aino', org: 'Kallion Kaiku' },
  { seq: 2, userId: 'börje', org: 'Åbolands Kör' },
  { seq: 3, userId: 'eero', org: null },
  { seq: 4, userId: 'sääde', org: 'Mäntän Möhkäleet' },
  { seq: 5, userId: 'örjan', org: null },
].map((c) => ({ ...c, state: 'accepted' as const }));

/** Ballots by ranking (card numbers), with how many voters ranked so. */
const RANKINGS: [number, number[]][] = [
  [14, [1, 3]],
  [6, [2, 5]],
  [5, [3, 1]],
  [4, [4, 2]],
  [3, [5, 4]],
  [2, [4, 3]],
];
const ballots = RANKINGS.flatMap(([n, ranking]) => Array.from({ length: n }, () => ranking));

const count = countBallots({ title: 'Hallitus 2027', seats: 2, method: 'stv', rule: 'scottish' }, candidates, ballots, 'readme');
const name = (seq: string) => {
  const c = candidates.find((x) => String(x.seq) === seq)!;
  return `${c.seq}. @${c.userId}${c.org ? ` (${c.org})` : ''}`;
};
const chart = stvRoundsChart(translator('fi'), { id: 'E1', title: 'Hallitus 2027' }, count, name);
const out = join(import.meta.dirname, '..', 'docs', 'chart-stv-rounds.png');
writeFileSync(out, chartPng(chart));
console.log(`${out}\n${chart.alt}`);
