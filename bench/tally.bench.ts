/**
 * Benchmark: Scottish STV on 100,000 random ranked ballots (seeded), 20 candidates, 5 seats.
 * Run: npx tsx bench/tally.bench.ts
 * Prints one JSON line: {"bench":"tally-scottish","ballots":100000,"candidates":20,"seats":5,"ms":…, …}
 * `ms` is the median of 5 counts (each includes grouping identical ballots), after one warm-up.
 * Baseline, same run and ballots: a plurality count (the same grouping, then one pass), for scale.
 * Target: ≤ 1 s.
 */
import { pathToFileURL } from 'node:url';
import { plurality, randomBelow, seededUint32, stvScottish, type Ballot, type Election } from '../src/domain/tally/index.js';

const BALLOTS = 100_000;
const CANDIDATES = 20;
const SEATS = 5;
const TARGET_MS = 1_000;

/**
 * Random ballots: each next preference is drawn in proportion to a fixed popularity weight among
 * the candidates not yet ranked (so some candidates are much stronger than others, as in real
 * elections), and after each preference the voter stops with probability 1/4. Also the footprint
 * bench's ballot file (`neuvo-tally` as a whole process).
 */
export function generate(seed: string): Election {
  const next = seededUint32(seed);
  const popularity = Array.from({ length: CANDIDATES }, (_, c) => 1 + ((CANDIDATES - c) * (CANDIDATES - c)) / 4 | 0);
  const ballots: Ballot[] = [];
  for (let b = 0; b < BALLOTS; b++) {
    const left = Array.from({ length: CANDIDATES }, (_, c) => c);
    const ranking: number[] = [];
    do {
      let total = 0;
      for (const c of left) total += popularity[c]!;
      let r = randomBelow(next, total);
      let i = 0;
      while (r >= popularity[left[i]!]!) { r -= popularity[left[i]!]!; i++; }
      ranking.push(left[i]!);
      left.splice(i, 1);
    } while (left.length > 0 && randomBelow(next, 4) !== 0);
    ballots.push({ weight: 1, ranking });
  }
  return {
    title: 'bench',
    candidates: Array.from({ length: CANDIDATES }, (_, c) => `Candidate ${c + 1}`),
    seats: SEATS,
    ballots,
    withdrawn: [],
  };
}

/** Median of 5 timed runs of `count` after one warm-up, in ms. */
function median(count: () => void): number {
  const timeOnce = (): number => {
    const t0 = process.hrtime.bigint();
    count();
    const t1 = process.hrtime.bigint();
    return Number((t1 - t0) / 1000n) / 1000;
  };
  timeOnce(); // warm-up
  const times = Array.from({ length: 5 }, timeOnce).sort((a, b) => a - b);
  return times[2]!;
}

/** Counts the generated election with Scottish STV (and plurality, the baseline). */
export function runTally() {
  const election = generate('neuvo-bench');
  const ms = median(() => {
    const r = stvScottish(election, { seed: 'bench' });
    if (!r.ok || r.value.winners.length !== SEATS) throw new Error('bench count failed');
  });
  const baselineMs = median(() => {
    const r = plurality(election, { seed: 'bench' });
    if (!r.ok || r.value.winners.length !== SEATS) throw new Error('bench plurality count failed');
  });
  return {
    ballots: BALLOTS,
    candidates: CANDIDATES,
    seats: SEATS,
    ms: Math.round(ms),
    baselinePluralityMs: Math.round(baselineMs),
    ratioStvOverPlurality: baselineMs > 0 ? Math.round((ms / baselineMs) * 100) / 100 : null,
    targetMs: TARGET_MS,
    targetMet: ms <= TARGET_MS,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify({ bench: 'tally-scottish', ...runTally() }));
}
