/**
 * The chart engine (vega, vega-lite and resvg: about a quarter of a second and 30 MiB to load) is
 * loaded at the first chart, not at start: most processes draw one only when a result is shown.
 */
import type { ChartSpec } from '../../src/views/chart.js';
import type { View } from '../../src/views/view.js';
import { viewCharts } from './view-charts.js';

let engine: Promise<typeof import('./render-chart.js')> | undefined;

/** `render-chart.ts`, loaded once, on first use. */
export const chartEngine = () => (engine ??= import('./render-chart.js'));

/** The PNG of each of the view's charts, drawn off the event loop; a view without charts loads nothing. */
export async function drawViewCharts(view: View): Promise<ReadonlyMap<ChartSpec, Uint8Array>> {
  if (viewCharts(view).length === 0) return new Map();
  return (await chartEngine()).viewChartPngs(view);
}
