/**
 * Draws the core's charts (`src/views/chart.ts`) without a browser: vega-lite compiles a spec, vega
 * lays it out and writes SVG, resvg turns the SVG into PNG. The font is DejaVu Sans from the
 * `dejavu-fonts-ttf` package, the only font resvg is given, so ä, ö and å look the same on every
 * machine; the SVG names the same family (then sans-serif), so the SVG inline on a page and the PNG
 * agree. Backgrounds are opaque white: a transparent chart is unreadable in Discord's dark mode.
 */
import { createRequire } from 'node:module';
import { Resvg, renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import type { ChartSpec } from '../../src/views/chart.js';
import type { View } from '../../src/views/view.js';
import { compileVegaLite } from './vega-lite-compile.js';
import { chartFileName, viewCharts } from './view-charts.js';

/** The family the SVG asks for and resvg has: the one font it is given. */
export const CHART_FONT_FAMILY = 'DejaVu Sans';

/** The plot's width in CSS pixels; the PNG is drawn at {@link PNG_SCALE} times the SVG's size. */
export const CHART_WIDTH = 560;
export const PNG_SCALE = 2;

const COLOURS = { marked: '#2f6fb3', unmarked: '#9fb4c9', voted: '#2e7d4f', notVoted: '#c9ced6', quota: '#b3261e', text: '#1f2328' } as const;

/** Found through the package, so the compiled program in `dist/` finds it too. */
const require = createRequire(import.meta.url);
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => require.resolve(`dejavu-fonts-ttf/ttf/${f}`));

/** Finnish and Swedish numbers: decimal comma, a no-break space between thousands. */
const NORDIC_NUMBERS = { decimal: ',', thousands: '\u00a0', grouping: [3], currency: ['', '\u00a0€'] };

function config(lang: ChartSpec['lang']): NonNullable<TopLevelSpec['config']> {
  return {
    font: `'${CHART_FONT_FAMILY}', sans-serif`,
    background: 'white',
    view: { stroke: null },
    title: { anchor: 'start', fontSize: 15, limit: CHART_WIDTH + 200, color: COLOURS.text, offset: 12 },
    axis: { labelFontSize: 12, titleFontSize: 12, labelColor: COLOURS.text, titleColor: COLOURS.text, labelLimit: 260 },
    legend: { labelFontSize: 12, orient: 'bottom', title: null, labelLimit: 400, columns: 2 },
    padding: 12,
    ...(lang === 'en' ? {} : { locale: { number: NORDIC_NUMBERS } }),
  } as NonNullable<TopLevelSpec['config']>;
}

/** Whether every value is a whole number, so the axis counts in whole votes. */
const whole = (values: readonly number[]) => values.every((v) => Number.isInteger(v));

function barsSpec(spec: Extract<ChartSpec, { kind: 'poll-topics' | 'election-votes' }>): TopLevelSpec {
  const values = spec.bars.map((b) => ({ label: b.label, value: b.value, status: b.marked ? spec.markedLabel : spec.unmarkedLabel }));
  const ints = whole(spec.bars.map((b) => b.value));
  return {
    width: CHART_WIDTH,
    height: { step: 26 },
    data: { values },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'value', type: 'quantitative', title: spec.valueLabel, axis: { tickMinStep: ints ? 1 : undefined, format: ints ? 'd' : undefined } },
    },
    layer: [
      {
        mark: { type: 'bar' },
        encoding: {
          color: { field: 'status', type: 'nominal', scale: { domain: [spec.markedLabel, spec.unmarkedLabel], range: [COLOURS.marked, COLOURS.unmarked] } },
        },
      },
      {
        mark: { type: 'text', align: 'left', dx: 4, color: COLOURS.text, fontSize: 12 },
        encoding: { text: { field: 'value', type: 'quantitative', format: ints ? 'd' : ',.2~f' } },
      },
    ],
  } as TopLevelSpec;
}

function roundsSpec(spec: Extract<ChartSpec, { kind: 'stv-rounds' }>): TopLevelSpec {
  const rounds = [...new Set(spec.points.map((p) => p.round))];
  const colour = { field: 'candidate', type: 'nominal', title: null, sort: spec.candidates, scale: { scheme: spec.candidates.length > 10 ? 'tableau20' : 'tableau10' } };
  const x = { field: 'round', type: 'ordinal', title: spec.roundLabel, sort: rounds, axis: { labelAngle: 0 } };
  const y = { field: 'votes', type: 'quantitative', title: spec.votesLabel };
  return {
    width: Math.max(CHART_WIDTH, rounds.length * 40),
    height: 320,
    layer: [
      { data: { values: spec.points }, mark: { type: 'line', point: true, strokeWidth: 2 }, encoding: { x, y, color: colour } },
      {
        data: { values: spec.events.map((e) => ({ ...e, outcome: e.outcome === 'elected' ? spec.electedLabel : spec.excludedLabel })) },
        mark: { type: 'point', filled: true, size: 160, stroke: COLOURS.text, strokeWidth: 1 },
        encoding: {
          x,
          y,
          color: colour,
          shape: { field: 'outcome', type: 'nominal', title: null, scale: { domain: [spec.electedLabel, spec.excludedLabel], range: ['triangle-up', 'cross'] } },
        },
      },
      ...(spec.quota === null
        ? []
        : [
            {
              data: { values: [{ quota: spec.quota, label: spec.quotaLabel }] },
              layer: [
                { mark: { type: 'rule', color: COLOURS.quota, strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y: { field: 'quota', type: 'quantitative' } } },
                {
                  mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, color: COLOURS.quota, fontSize: 12, x: 'width' },
                  encoding: { y: { field: 'quota', type: 'quantitative' }, text: { field: 'label' } },
                },
              ],
            },
          ]),
    ],
    resolve: { scale: { color: 'shared' } },
  } as TopLevelSpec;
}

function turnoutSpec(spec: Extract<ChartSpec, { kind: 'turnout' }>): TopLevelSpec {
  const values = spec.rows.flatMap((r, i) => [
    { label: r.label, order: i, status: spec.votedLabel, rank: 0, count: r.voted },
    { label: r.label, order: i, status: spec.notVotedLabel, rank: 1, count: r.total - r.voted },
  ]);
  return {
    width: CHART_WIDTH,
    height: { step: 26 },
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'count', type: 'quantitative', stack: 'zero', title: spec.axisLabel, axis: { tickMinStep: 1, format: 'd' } },
      color: { field: 'status', type: 'nominal', scale: { domain: [spec.votedLabel, spec.notVotedLabel], range: [COLOURS.voted, COLOURS.notVoted] } },
      order: { field: 'rank', type: 'quantitative' },
    },
  } as TopLevelSpec;
}

/** The vega-lite spec of a chart (exported for tests and the README script). */
export function vegaLiteSpec(spec: ChartSpec): TopLevelSpec {
  const body = spec.kind === 'stv-rounds' ? roundsSpec(spec) : spec.kind === 'turnout' ? turnoutSpec(spec) : barsSpec(spec);
  return { ...body, title: { text: spec.title }, config: config(spec.lang), background: 'white' } as TopLevelSpec;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);

interface HeadlessView {
  run(): unknown;
  padding(): { top: number; bottom: number; left: number; right: number };
  background(): string;
  loader(): unknown;
  scenegraph(): { root: unknown };
  finalize(): void;
  readonly _viewWidth: number;
  readonly _viewHeight: number;
  readonly _origin: [number, number];
}

interface StringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scale: number): StringRenderer;
  background(colour: string): StringRenderer;
  render(scene: unknown): StringRenderer;
  svg(): string;
}

/**
 * The chart as a self-contained SVG document: width and height, `role="img"`, a `<title>` (then the
 * text table as `<desc>`), an opaque white background. User text (topics, names, titles) is text,
 * escaped by vega and here, never markup.
 *
 * Synchronous: all data is inline, so vega's dataflow runs to the end in `run()`; the SVG string
 * renderer is then driven the way `View.toSVG` drives it, without its promise.
 */
export function chartSvg(spec: ChartSpec): string {
  const view = new vega.View(vega.parse(compileVegaLite(vegaLiteSpec(spec)).spec), { renderer: 'none' }) as unknown as HeadlessView;
  try {
    view.run();
    const p = view.padding();
    const Renderer = (vega as unknown as { SVGStringRenderer: new (loader: unknown) => StringRenderer }).SVGStringRenderer;
    const svg = new Renderer(view.loader())
      .initialize(null, Math.max(0, view._viewWidth + p.left + p.right), Math.max(0, view._viewHeight + p.top + p.bottom), [p.left + view._origin[0], p.top + view._origin[1]], 1)
      .background(view.background())
      .render(view.scenegraph().root)
      .svg();
    const head = svg.indexOf('>') + 1;
    const open = svg.slice(0, head - 1);
    // An id of its own, so several charts inline on one page each name their own title.
    const id = `${chartFileName(spec).replace(/\.png$/, '')}-title`;
    return `${open} role="img" aria-labelledby="${id}"><title id="${id}">${escapeXml(spec.title)}</title><desc>${escapeXml(spec.alt)}</desc>${svg.slice(head)}`;
  } finally {
    view.finalize();
  }
}

let fontOptions: { fontFiles: string[]; loadSystemFonts: false; defaultFontFamily: string } | undefined;

function resvgOptions() {
  fontOptions ??= { fontFiles: FONT_FILES, loadSystemFonts: false, defaultFontFamily: CHART_FONT_FAMILY };
  return { font: fontOptions, fitTo: { mode: 'zoom' as const, value: PNG_SCALE }, background: 'white' };
}

const bytesOf = (png: Buffer) => new Uint8Array(png.buffer, png.byteOffset, png.byteLength);

/**
 * The chart as PNG at twice the SVG's size (sharp on high-density screens), drawn by resvg with
 * DejaVu Sans only (no system fonts: the same pixels on every machine).
 */
export function chartPng(spec: ChartSpec): Uint8Array {
  return bytesOf(new Resvg(chartSvg(spec), resvgOptions()).render().asPng());
}

/**
 * {@link chartPng} with the drawing (most of the work) on libuv's thread pool, so a chart does not
 * hold up other requests' acknowledgements; the adapters use this one.
 */
export async function chartPngAsync(spec: ChartSpec): Promise<Uint8Array> {
  return bytesOf((await renderAsync(chartSvg(spec), resvgOptions())).asPng());
}

/** The PNG of each of the view's charts, drawn off the event loop, for a renderer to attach. */
export async function viewChartPngs(view: View): Promise<ReadonlyMap<ChartSpec, Uint8Array>> {
  const charts = viewCharts(view);
  return new Map(await Promise.all(charts.map(async (c) => [c, await chartPngAsync(c)] as const)));
}
