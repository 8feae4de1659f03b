import type { ChartSpec } from '../../src/views/chart.js';
import type { View } from '../../src/views/view.js';

/** The charts of a view, in order. */
export function viewCharts(view: View): ChartSpec[] {
  return view.blocks.flatMap((b) => (b.type === 'chart' ? [b.chart] : []));
}

/** A chart's PNG file name: its `name` kept to safe characters, `.png`. */
export function chartFileName(spec: ChartSpec): string {
  return `${spec.name.replace(/[^A-Za-z0-9._-]+/g, '-').slice(0, 80) || 'chart'}.png`;
}
