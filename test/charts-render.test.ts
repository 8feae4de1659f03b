/**
 * The chart renderers: every kind of chart becomes a self-contained SVG (size, title, the names as
 * text with ä/ö/å, user text escaped, never markup) and a PNG that decodes at twice the SVG's size,
 * opaque and not one colour. The builders' text tables say the same as the charts.
 */
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { chartPng, chartSvg, PNG_SCALE } from '../adapters/charts/render-chart.js';
import { chartFileName } from '../adapters/charts/view-charts.js';
import { countBallots, type Candidate } from '../src/domain/election.js';
import { translator } from '../src/i18n/translator.js';
import { type ChartSpec, electionVotesChart, pollTopicsChart, stvRoundsChart, turnoutChart } from '../src/views/chart.js';

const fi = translator('fi');
const sv = translator('sv');
const en = translator('en');

const EVIL = 'Tilat <script>alert("x")</script> & ”säännöt”';

const candidates: Candidate[] = ['äijä', 'örjan', 'åsa', 'eero'].map((u, i) => ({ seq: i + 1, userId: u, org: i === 1 ? 'Åbolands Kör & <b>' : null, state: 'accepted' }));
const name = (seq: string) => {
  const c = candidates.find((x) => String(x.seq) === seq)!;
  return `${c.seq}. @${c.userId}${c.org ? ` (${c.org})` : ''}`;
};
function ballots(): number[][] {
  const out: number[][] = [];
  const add = (n: number, r: number[]) => out.push(...Array.from({ length: n }, () => r));
  add(9, [1, 2]);
  add(4, [2, 3]);
  add(5, [3, 1]);
  add(2, [4, 3]);
  return out;
}

const poll = pollTopicsChart(fi, { id: 'P3', question: 'Mitä käsitellään syksyllä?' }, [
  { seq: 2, text: EVIL, votes: 9 },
  { seq: 1, text: 'Järjestöjen yhteistyö', votes: 7 },
  { seq: 3, text: 'Åbolands ungdomar', votes: 0 },
], [2], 12);
const stv = stvRoundsChart(sv, { id: 'E2', title: 'Styrelse' }, countBallots({ title: 'Styrelse', seats: 2, method: 'stv', rule: 'scottish' }, candidates, ballots(), 'seed'), name);
const votes = electionVotesChart(en, { id: 'E3', title: 'Chair' }, countBallots({ title: 'Chair', seats: 1, method: 'plurality', rule: 'scottish' }, candidates, ballots(), 'seed'), name);
const turnout = turnoutChart(fi, { id: 'E1', title: 'Hallitus' }, [
  { label: 'Kallion Kaiku ry', voted: 3, total: 4 },
  { label: 'Mäntän Möhkäleet', voted: 0, total: 2 },
]);
const ALL: [string, ChartSpec][] = [['poll topics', poll], ['STV rounds', stv], ['election votes', votes], ['turnout', turnout]];

/** The SVG's declared size. */
function svgSize(svg: string): { width: number; height: number } {
  const m = /^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"[^>]*\sheight="(\d+(?:\.\d+)?)"/.exec(svg);
  expect(m).not.toBeNull();
  return { width: Number(m![1]), height: Number(m![2]) };
}

describe('chartSvg', () => {
  it.each(ALL)('%s: a self-contained SVG with a size, a title and an opaque white background', (_, spec) => {
    const svg = chartSvg(spec);
    const { width, height } = svgSize(svg);
    expect(width).toBeGreaterThan(400);
    expect(height).toBeGreaterThan(100);
    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain(`aria-labelledby="${spec.name}-title"><title id="${spec.name}-title">`);
    expect(svg).toMatch(new RegExp(`^<svg[^>]*><title[^>]*>[^<]*</title><desc>[^<]*</desc><rect width="${width}" height="${height}" fill="white"/>`));
    expect(svg).not.toMatch(/<(script|foreignObject|image)\b/i);
  });

  it('writes user text as escaped text, never as markup', () => {
    const svg = chartSvg(poll);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;');
    expect(svg).not.toMatch(/&(?!(amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
    const names = chartSvg(stv);
    expect(names).not.toContain('<b>');
    expect(names).toContain('Åbolands Kör &amp; &lt;b&gt;');
  });

  it('keeps ä, ö and å in the names and titles, in DejaVu Sans then sans-serif', () => {
    const svg = chartSvg(stv);
    for (const text of ['@äijä', '@örjan', '@åsa', 'Styrelse']) expect(svg).toContain(text);
    expect(svg).toContain(`font-family="'DejaVu Sans', sans-serif"`);
    expect(chartSvg(turnout)).toContain('Mäntän Möhkäleet');
  });

  it('writes Finnish and Swedish numbers with a decimal comma', () => {
    const meek = stvRoundsChart(fi, { id: 'E4', title: 'Meek' }, countBallots({ title: 'Meek', seats: 2, method: 'stv', rule: 'meek' }, candidates, ballots(), 'seed'), name);
    expect(meek.alt).toMatch(/\d,\d/);
    // Meek's fractions in the marks' labels, in the language's form.
    expect(chartSvg(meek)).toMatch(/Ääniä: \d+,\d+;/);
  });
});

describe('chartPng', () => {
  it.each(ALL)('%s: a PNG at twice the SVG size, opaque, not one colour', (_, spec) => {
    const { width, height } = svgSize(chartSvg(spec));
    const png = PNG.sync.read(Buffer.from(chartPng(spec)));
    expect(png.width).toBe(Math.round(width * PNG_SCALE));
    expect(png.height).toBe(Math.round(height * PNG_SCALE));
    const colours = new Set<number>();
    let transparent = 0;
    for (let i = 0; i < png.data.length; i += 4) {
      colours.add(png.data.readUInt32BE(i));
      if (png.data[i + 3]! < 255) transparent++;
    }
    expect(transparent).toBe(0);
    expect(colours.size).toBeGreaterThan(10);
    // The corner is the white background (Discord's dark mode shows no transparent chart).
    expect([...png.data.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it('draws text: the title row has dark pixels', () => {
    const png = PNG.sync.read(Buffer.from(chartPng(turnout)));
    let dark = 0;
    for (let y = 0; y < 60; y++) for (let x = 0; x < png.width; x++) if (png.data[(y * png.width + x) * 4]! < 80) dark++;
    expect(dark).toBeGreaterThan(100);
  });

  it('names the file from the chart, in safe characters', () => {
    expect(chartFileName(poll)).toBe('neuvo-p3-topics.png');
    const odd = chartFileName({ ...poll, name: 'ä/../x y\\z' });
    expect(odd).toMatch(/^[A-Za-z0-9._-]+\.png$/);
    expect(odd).not.toMatch(/[/\\ ]/);
  });
});

describe('chart builders', () => {
  it('a poll chart marks the topics on the agenda and its table lists every topic with its votes', () => {
    expect(poll.kind).toBe('poll-topics');
    if (poll.kind !== 'poll-topics') return;
    expect(poll.bars.map((b) => [b.label, b.value, b.marked])).toEqual([[`2. ${EVIL}`, 9, true], ['1. Järjestöjen yhteistyö', 7, false], ['3. Åbolands ungdomar', 0, false]]);
    expect(poll.alt.split('\n')).toEqual(['P3 · Mitä käsitellään syksyllä? — äänet aiheittain', '12 henkilöä äänesti', 'Aihe\tÄäniä', `2. ${EVIL}\t9 (asialistalla)`, '1. Järjestöjen yhteistyö\t7', '3. Åbolands ungdomar\t0']);
  });

  it('an STV chart follows each candidate round by round, with the quota and who was elected or excluded when', () => {
    if (stv.kind !== 'stv-rounds') throw new Error(stv.kind);
    const count = countBallots({ title: 'Styrelse', seats: 2, method: 'stv', rule: 'scottish' }, candidates, ballots(), 'seed');
    expect(stv.quota).toBe(Number(count.quota));
    expect(stv.candidates).toEqual(candidates.map((c) => name(String(c.seq))));
    for (const round of count.rounds) {
      for (const c of round.elected) expect(stv.events).toContainEqual(expect.objectContaining({ round: round.round, candidate: name(c), outcome: 'elected' }));
      for (const c of round.excluded) expect(stv.events).toContainEqual(expect.objectContaining({ round: round.round, candidate: name(c), outcome: 'excluded' }));
    }
    // An excluded candidate's line ends in the round they were excluded in.
    const out = stv.events.find((e) => e.outcome === 'excluded')!;
    expect(Math.max(...stv.points.filter((p) => p.candidate === out.candidate).map((p) => p.round))).toBe(out.round);
    expect(stv.alt).toContain(`Kvot: ${count.quota!.replace('.', ',')}`);
    expect(stv.alt.split('\n').filter((l) => l.startsWith('Omgång '))).toHaveLength(count.rounds.length);
  });

  it('a votes chart sorts candidates by votes and marks the winner', () => {
    if (votes.kind !== 'election-votes') throw new Error(votes.kind);
    expect(votes.bars.map((b) => b.value)).toEqual([...votes.bars.map((b) => b.value)].sort((a, b) => b - a));
    expect(votes.bars.filter((b) => b.marked).map((b) => b.label)).toEqual(['1. @äijä']);
  });

  it('a turnout chart tells voted from all per organisation', () => {
    expect(turnout.alt.split('\n').slice(1)).toEqual(['Järjestö\täänestänyt', 'Kallion Kaiku ry\t3/4', 'Mäntän Möhkäleet\t0/2']);
  });
});

describe('vega-lite in the process', () => {
  it('leaves Set.prototype as it found it, before and after drawing (discord.js fails to load otherwise)', async () => {
    const before = JSON.stringify(new Set([1]));
    chartSvg(turnoutChart(translator('fi'), { id: 'E1', title: 'Hallitus' }, [{ label: 'Järjestö ä', voted: 1, total: 2 }]));
    expect(Object.getOwnPropertyNames(Set.prototype)).not.toContain('toJSON');
    expect([before, JSON.stringify(new Set([1]))]).toEqual(['{}', '{}']);
    // The module discord.js loads through, which the pollution broke, loads after the charts.
    await expect(import('@vladfrangu/async_event_emitter')).resolves.toBeDefined();
  });
});
