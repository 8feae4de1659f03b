import { LRUCache } from 'lru-cache';
import type { PublishedSnapshot } from '../../src/app/ports.js';
import { type Lang, translator } from '../../src/i18n/translator.js';
import { type ChartSpec, electionVotesChart, pollTopicsChart, stvRoundsChart, turnoutChart } from '../../src/views/chart.js';
import { chartEngine } from '../charts/lazy-charts.js';
import type { RenderedChart } from './results-page.js';

/** The charts of a results page, from its snapshot: the count (rounds or votes), turnout, or a poll's topics. */
export function resultsChartSpecs(s: PublishedSnapshot, lang: Lang): ChartSpec[] {
  const tr = translator(lang);
  if (s.kind === 'poll') {
    const ranking = s.topics.map((t, i) => ({ seq: i + 1, text: t.topic, votes: t.votes }));
    return [pollTopicsChart(tr, { id: `P${s.seq}`, question: s.question }, ranking, ranking.filter((_, i) => s.topics[i]!.agenda).map((r) => r.seq), s.voters)];
  }
  const e = { id: `E${s.seq}`, title: s.title };
  const same = (name: string) => name;
  const count = s.method === 'stv' ? stvRoundsChart(tr, e, s, same) : electionVotesChart(tr, e, s, same);
  const turnout = s.turnout.map((t) => ({ label: t.org, voted: t.voted, total: t.total }));
  return turnout.length > 0 ? [count, turnoutChart(tr, e, turnout)] : [count];
}

/**
 * `chartsFor` of the results routes: a page's charts as SVG, kept per page and language (a snapshot
 * never changes, and drawing takes longer than the rest of the page).
 */
export function resultsCharts(): (s: PublishedSnapshot, lang: Lang, id: string) => Promise<readonly RenderedChart[]> {
  const cache = new LRUCache<string, readonly RenderedChart[]>({ max: 200 });
  return async (s, lang, id) => {
    const key = `${id}:${lang}`;
    let charts = cache.get(key);
    if (!charts) {
      const { chartSvg } = await chartEngine();
      charts = resultsChartSpecs(s, lang).map((spec) => ({ svg: chartSvg(spec), alt: spec.alt }));
      cache.set(key, charts);
    }
    return charts;
  };
}
