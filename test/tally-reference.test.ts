/**
 * The counting core against the reference material in /work/shared/reference/elections:
 * every INDEX.json case with a BLT file elects exactly the expected winners under its rule, and
 * where Droop's dump/report exist, every round's figures, states and tie-breaks equal Droop's.
 * Each file is read once and each (case, rule) is counted once.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { count, parseBlt, type CountResult, type Election, type RuleName } from '../src/domain/tally/index.js';

const BASE = process.env['NEUVO_ELECTIONS_DIR'] ?? '/work/shared/reference/elections';

interface IndexCase {
  id: string;
  format: string;
  ballots_file: string;
  seats: number;
  candidates: number;
  valid_ballots: number | null;
  rule: string;
  expected_winners: string[];
  expected_files: string[];
  quota?: string;
  droop_rounds?: number;
}

const INDEX = JSON.parse(readFileSync(join(BASE, 'INDEX.json'), 'utf8')) as { elections: IndexCase[] };
const EXTRA = JSON.parse(readFileSync(join(BASE, 'scotland-extra/expected_summary.json'), 'utf8')) as {
  wards: Record<string, { winners_in_order_elected: string[]; quota: string; rounds: number }>;
};

/** The rule each INDEX case is counted under. */
function ruleOf(c: IndexCase): RuleName {
  if (c.id.startsWith('gpus-2005/')) {
    const tag = c.id.slice('gpus-2005/'.length);
    if (tag.startsWith('meek-prf')) return 'meek';
    if (tag.startsWith('meek-o9-guarded')) return 'meek-guarded';
    if (tag.startsWith('wigm-prf')) return 'wigm';
    if (tag.startsWith('scotland')) return 'scottish';
  }
  if (/Scottish STV/.test(c.rule)) return 'scottish';
  throw new Error(`no rule mapping for ${c.id}: ${c.rule}`);
}

const text = new Map<string, string>();
const read = (rel: string): string => {
  let t = text.get(rel);
  if (t === undefined) {
    t = readFileSync(join(BASE, rel), 'utf8');
    text.set(rel, t);
  }
  return t;
};
const elections = new Map<string, Election>();
const election = (rel: string): Election => {
  let e = elections.get(rel);
  if (e === undefined) {
    const r = parseBlt(read(rel));
    if (!r.ok) throw new Error(`${rel}: ${r.error.code} ${r.error.message}`);
    e = r.value;
    elections.set(rel, e);
  }
  return e;
};

/** Counts with the lot in ballot order, which is Droop's default tie order. */
const results = new Map<string, CountResult>();
const counted = (c: IndexCase): CountResult => {
  let r = results.get(c.id);
  if (r === undefined) {
    const e = election(c.ballots_file);
    const res = count(ruleOf(c), e, { lotOrder: e.candidates.map((_, i) => i), seed: 'droop-ballot-order' });
    if (!res.ok) throw new Error(`${c.id}: ${res.error.code} ${res.error.message}`);
    r = res.value;
    results.set(c.id, r);
  }
  return r;
};

const bltCases = INDEX.elections.filter((c) => c.ballots_file.endsWith('.blt'));
const norm = (s: string): string => s.replace(/\s+/g, ' ').trim();
const STATE: Record<string, string> = { H: 'hopeful', e: 'pending', E: 'elected', D: 'excluded', W: 'withdrawn' };

describe('INDEX.json cases', () => {
  it('has a BLT file for every case except the two Minneapolis CVR cases', () => {
    const others = INDEX.elections.filter((c) => !c.ballots_file.endsWith('.blt')).map((c) => c.id);
    expect(others.sort()).toEqual(['minneapolis-2013-park-board', 'minneapolis-2017-mayor']);
    expect(bltCases.length).toBe(INDEX.elections.length - 2);
  });

  for (const c of bltCases) {
    it(`${c.id} elects exactly the expected winners under ${ruleOf(c)}`, () => {
      const e = election(c.ballots_file);
      expect(e.candidates.length).toBe(c.candidates);
      expect(e.seats).toBe(c.seats);
      const r = counted(c);
      expect(r.validBallots).toBe(c.valid_ballots);
      expect(r.winners).toHaveLength(c.seats);
      expect([...r.winners].sort()).toEqual([...c.expected_winners].sort());
    });
  }

  it('counts every case the same from a merged parse (identical ballot lines as one), as neuvo-tally reads files', () => {
    for (const c of bltCases) {
      const merged = parseBlt(read(c.ballots_file), { merge: true });
      if (!merged.ok) throw new Error(`${c.id}: ${merged.error.message}`);
      const e = merged.value;
      expect(e.ballots.length).toBeLessThanOrEqual(election(c.ballots_file).ballots.length);
      expect(count(ruleOf(c), e, { lotOrder: e.candidates.map((_, i) => i), seed: 'droop-ballot-order' })).toEqual({ ok: true, value: counted(c) });
    }
  });

  it('elects the same winners with a seeded lot as with the ballot-order lot', () => {
    for (const c of bltCases) {
      const seeded = count(ruleOf(c), election(c.ballots_file), { seed: 'neuvo' });
      expect(seeded.ok).toBe(true);
      if (seeded.ok) expect([...seeded.value.winners].sort()).toEqual([...counted(c).winners].sort());
    }
  });
});

interface DumpRow {
  round: number | 'X';
  action: string;
  cols: string[]; // the numeric columns after Action (Quota, then NT or Votes/Surplus/Residual)
  cands: { name: string; state: string; vote: string; kf?: string }[];
}

/** Parses a Droop dump (TSV). `meek` dumps have 3 more header columns and a kf column per candidate. */
function parseDump(tsv: string, meek: boolean): DumpRow[] {
  const rows: DumpRow[] = [];
  for (const line of tsv.split('\n').slice(1)) {
    if (line === '') continue;
    const f = line.split('\t');
    const action = f[1]!;
    if (action === 'log' || action === 'round' || action === 'iterate') continue;
    const nHead = meek ? 4 : 2;
    const per = meek ? 4 : 3;
    const cands = [];
    for (let i = 2 + nHead; i < f.length; i += per) {
      cands.push({ name: f[i]!, state: f[i + 1]!, vote: f[i + 2]!, ...(meek ? { kf: f[i + 3]! } : {}) });
    }
    rows.push({ round: f[0] === 'X' ? 'X' : Number(f[0]), action, cols: f.slice(2, 2 + nHead), cands });
  }
  return rows;
}

/** Droop's "Break tie" report lines, in order: who was chosen and how. */
function parseReportTies(report: string): { chosen: string; method: 'earlier-stage' | 'lot' }[] {
  const out: { chosen: string; method: 'earlier-stage' | 'lot' }[] = [];
  for (const line of report.split('\n')) {
    const m = /^Action: Break tie(?: by (prior stage|lot))? \(.*\): \[.*\] -> (.*)$/.exec(line);
    if (m) out.push({ chosen: norm(m[2]!), method: m[1] === 'prior stage' ? 'earlier-stage' : 'lot' });
  }
  return out;
}

const dumpCases = bltCases.filter((c) => c.expected_files.some((f) => f.endsWith('.tsv')));

describe('round-by-round figures equal the Droop dumps', () => {
  it('covers Glasgow 2007, Edinburgh 2017, the four GPUS 2005 tags and all 25 scotland-extra wards', () => {
    const ids = dumpCases.map((c) => c.id);
    expect(ids.filter((i) => i.startsWith('glasgow-2007/'))).toHaveLength(5);
    expect(ids.filter((i) => i.startsWith('edinburgh-2017/'))).toHaveLength(4);
    expect(ids.filter((i) => i.startsWith('gpus-2005/'))).toHaveLength(4);
    expect(ids.filter((i) => i.startsWith('scotland-extra/'))).toHaveLength(25);
  });

  for (const c of dumpCases) {
    const rule = ruleOf(c);
    const meek = rule === 'meek' || rule === 'meek-guarded';
    it(`${c.id} (${rule}): every round's votes, ${meek ? 'keep factors, quota, residual, surplus' : 'non-transferable, quota'} and states`, () => {
      const r = counted(c);
      const dumpFile = c.expected_files.find((f) => f.endsWith('.tsv'))!;
      const rows = parseDump(read(dumpFile), meek);
      const end = rows.find((row) => row.round === 'X')!;
      const lastRound = Math.max(...rows.map((row) => (row.round === 'X' ? 0 : row.round)));
      expect(r.rounds).toHaveLength(lastRound + 1); // our round n is Droop's round n-1
      const names = election(c.ballots_file).candidates.map(norm);
      expect(end.cands.map((x) => x.name)).toEqual(names);

      for (let dr = 0; dr <= lastRound; dr++) {
        const ours = r.rounds[dr]!;
        const inRound = rows.filter((row) => row.round === dr && (dr === 0 ? true : row.action !== 'tie'));
        const isFinal = dr === lastRound;
        const where = `${c.id} Droop round ${dr}`;
        if (!meek) {
          // WIGM family: our round = the state after Droop's last action of that round.
          const last = inRound[inRound.length - 1]!;
          const [quota, nt] = last.cols;
          expect(ours.quota, where).toBe(quota);
          expect(ours.exhausted, where).toBe(nt);
          expect(ours.tallies.map((t) => t.votes), where).toEqual(last.cands.map((x) => x.vote));
          const states = (isFinal ? end : last).cands.map((x) => STATE[x.state]);
          expect(ours.tallies.map((t) => t.status), where).toEqual(states);
        } else {
          // Meek: our round shows the figures of the round's final iteration — Droop's first
          // elect/defeat row of the round — and the states after the round's last action.
          const acts = inRound.filter((row) => row.action === 'begin' || row.action === 'elect' || row.action === 'defeat');
          const first = acts[0]!;
          const last = acts[acts.length - 1]!;
          const [quota, votes, surplus, residual] = first.cols;
          expect(ours.quota, where).toBe(quota);
          expect(ours.totalVotes, where).toBe(votes);
          expect(ours.exhausted, where).toBe(residual);
          expect(ours.tallies.map((t) => t.votes), where).toEqual(first.cands.map((x) => x.vote));
          expect(ours.tallies.map((t) => t.keepFactor), where).toEqual(first.cands.map((x) => x.kf));
          // Droop logs an election before it recomputes the surplus; defeat rows carry the final one.
          if (first.action === 'begin') expect(ours.surplus, where).toBe(surplus);
          if (last.action === 'defeat') expect(ours.surplus, where).toBe(last.cols[2]);
          const states = (isFinal ? end : last).cands.map((x) => STATE[x.state]);
          expect(ours.tallies.map((t) => t.status), where).toEqual(states);
        }
      }

      // Ties: broken in the same rounds, choosing the same candidates, by the same method.
      const tieRounds = rows.filter((row) => row.action === 'tie').map((row) => (row.round as number) + 1);
      expect(r.tieBreaks.map((t) => t.round)).toEqual(tieRounds);
      const reportFile = c.expected_files.find((f) => f.endsWith('report.txt'))!;
      expect(r.tieBreaks.map((t) => ({ chosen: norm(t.chosen), method: t.method }))).toEqual(parseReportTies(read(reportFile)));
    });
  }
});

describe('scotland-extra details', () => {
  const byId = new Map(bltCases.map((c) => [c.id, c]));
  const get = (id: string): IndexCase => byId.get(`scotland-extra/${id}`)!;

  it('gives every ward the quota, number of rounds and order of election in expected_summary.json', () => {
    for (const [ward, w] of Object.entries(EXTRA.wards)) {
      const r = counted(get(ward));
      expect(r.quota, ward).toBe(w.quota);
      expect(r.rounds.length, ward).toBe(w.rounds + 1);
      expect(r.winners, ward).toEqual(w.winners_in_order_elected);
    }
  });

  it('Cromarty Firth: excludes FLETCHER on a 0.01388 gap to RATTRAY, who takes the last seat', () => {
    const r = counted(get('highland-2012-ward07-cromarty-firth'));
    const after5 = r.rounds[5]!; // Droop round 5 = stage 6
    const vote = (name: string): string => after5.tallies.find((t) => t.candidate === name)!.votes;
    expect(vote('Martin RATTRAY')).toBe('547.96766');
    expect(vote('Sheila Marion FLETCHER')).toBe('547.95378');
    const next = r.rounds[6]!;
    expect(next.action).toBe('excluded');
    expect(next.candidate).toBe('Sheila Marion FLETCHER');
    expect(r.winners[r.winners.length - 1]).toBe('Martin RATTRAY');
    expect(r.tieBreaks).toEqual([]);
  });

  it('Paisley North East & Ralston: equal 1311.00000 surpluses are ordered by the prior stage (SHARKEY first)', () => {
    const r = counted(get('renfrewshire-2017-ward03-paisley-northeast-ralston'));
    const before = r.rounds[5]!; // Droop round 5 ends with both on 1311.00000, both pending
    for (const name of ['Neill GRAHAM', 'JIM SHARKEY']) {
      const t = before.tallies.find((x) => x.candidate === name)!;
      expect(t.votes).toBe('1311.00000');
      expect(t.status).toBe('pending');
    }
    expect(r.tieBreaks).toEqual([
      { round: 7, reason: 'surplus-order', between: ['Neill GRAHAM', 'JIM SHARKEY'], chosen: 'JIM SHARKEY', method: 'earlier-stage' },
    ]);
    expect(r.rounds[6]!.action).toBe('surplus-transferred');
    expect(r.rounds[6]!.candidate).toBe('JIM SHARKEY');
    expect(r.rounds[6]!.transferred).toBe('109.00000');
    // The seeded lot is never consulted, so any seed gives the same count.
    const seeded = count('scottish', election(get('renfrewshire-2017-ward03-paisley-northeast-ralston').ballots_file), { seed: 'x' });
    expect(seeded.ok && seeded.value.rounds).toEqual(r.rounds);
  });

  it('Inverclyde West: fills every seat at the first stage, with no transfer', () => {
    const r = counted(get('inverclyde-2022-ward05-inverclyde-west'));
    expect(r.rounds).toHaveLength(1);
    expect(r.rounds[0]!.action).toBe('first-count');
    expect(r.rounds[0]!.elected).toEqual(r.winners);
    expect(r.rounds[0]!.exhausted).toBe('0.00000');
  });
});

describe('GPUS 2005 under four rules', () => {
  it('elects Olsen under Meek but Sevigny under WIGM and Scottish STV', () => {
    const g = (tag: string): CountResult => counted(bltCases.find((c) => c.id === `gpus-2005/${tag}`)!);
    expect(g('meek-prf-o6-fixed-p9-d9').winners).toContain('Kristen Olsen');
    expect(g('meek-o9-guarded-p18-g9-d18').winners).toContain('Kristen Olsen');
    expect(g('wigm-prf-fixed-p4-d4').winners).toContain('Tom Sevigny');
    expect(g('scotland-fixed-p5-d5').winners).toContain('Tom Sevigny');
  });
});

beforeAll(() => {
  // Fail fast with a clear message if the reference folder is missing.
  expect(INDEX.elections.length).toBeGreaterThan(0);
});
