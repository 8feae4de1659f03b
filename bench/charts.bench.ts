/**
 * Benchmark: drawing result charts. A poll of 100 topics, an STV count of 12 candidates over 3,000
 * ballots (every round), and a turnout of 60 organisations: ms for the SVG (vega, on the event loop)
 * and for the PNG (SVG + resvg), and how long `chartPngAsync` holds the event loop (the SVG part;
 * resvg draws on libuv's thread pool).
 *
 * Figure: median ms of 7 after 2 warm-ups. Baseline, same run: a poll chart of 2 topics, so the
 * ratio says what a big result costs beyond a chart's fixed price.
 *
 * Run alone: npx tsx bench/charts.bench.ts   (prints one JSON line)
 */
import { pathToFileURL } from 'node:url';
import { chartPng, chartPngAsync, chartSvg } from '../adapters/charts/render-chart.js';
import { type Candidate, countBallots } from '../src/domain/election.js';
import { translator } from '../src/i18n/translator.js';
import { type ChartSpec, pollTopicsChart, stvRoundsChart, turnoutChart } from '../src/views/chart.js';
import { now, percentile, ratio, round } from './lib/stats.js';

const tr = translator('fi');

function msPerCall(fn: () => unknown): number {
  for (let i = 0; i < 2; i++) fn();
  const times = Array.from({ length: 7 }, () => {
    const t0 = now();
    fn();
    return now() - t0;
  });
  return percentile(times, 50);
}

/** Median ms the event loop is held by one `chartPngAsync` (its synchronous part). */
async function heldMs(spec: ChartSpec): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 7; i++) {
    const t0 = now();
    const png = chartPngAsync(spec);
    times.push(now() - t0);
    await png;
  }
  return percentile(times, 50);
}

function stvChart(): ChartSpec {
  const candidates: Candidate[] = Array.from({ length: 12 }, (_, i) => ({ seq: i + 1, userId: `ehdokas${i + 1}`, org: `Järjestö ${i + 1}`, state: 'accepted' }));
  // Seeded, varied rankings: a count of many rounds.
  let x = 7;
  const next = () => (x = (x * 1103515245 + 12345) % 2 ** 31);
  const ballots = Array.from({ length: 3000 }, () => {
    const order = candidates.map((c) => c.seq).sort(() => (next() % 3) - 1);
    return order.slice(0, 1 + (next() % 6));
  });
  const count = countBallots({ title: 'Valtuusto', seats: 4, method: 'stv', rule: 'scottish' }, candidates, ballots, 'bench');
  return stvRoundsChart(tr, { id: 'E1', title: 'Valtuusto' }, count, (seq) => `${seq}. @ehdokas${seq}`);
}

export async function runCharts() {
  const topics = (n: number) => Array.from({ length: n }, (_, i) => ({ seq: i + 1, text: `Aihe numero ${i + 1}: yksinäisyys ja yhteisöt`, votes: (i * 37) % 101 }));
  const small = pollTopicsChart(tr, { id: 'P1', question: 'Pieni' }, topics(2), [1], 100);
  const charts: Record<string, ChartSpec> = {
    poll100: pollTopicsChart(tr, { id: 'P2', question: 'Iso kysely' }, topics(100), [1, 2, 3], 100),
    stv12: stvChart(),
    turnout60: turnoutChart(tr, { id: 'E2', title: 'Hallitus' }, Array.from({ length: 60 }, (_, i) => ({ label: `Järjestö ${i + 1}`, voted: i % 4, total: 4 }))),
  };
  const baselinePng = msPerCall(() => chartPng(small));
  const out: Record<string, unknown> = { baselinePoll2PngMs: round(baselinePng, 1) };
  for (const [name, spec] of Object.entries(charts)) {
    const svgMs = msPerCall(() => chartSvg(spec));
    const pngMs = msPerCall(() => chartPng(spec));
    out[name] = { svgMs: round(svgMs, 1), pngMs: round(pngMs, 1), asyncHoldsEventLoopMs: round(await heldMs(spec), 1), pngBytes: chartPng(spec).byteLength, ratioPngOverBaseline: ratio(pngMs, baselinePng) };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify({ bench: 'charts', ...(await runCharts()) }));
}
