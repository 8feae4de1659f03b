/**
 * Benchmark: a `reminders` list of 5,000 reminders of 1,000 characters each (markup and would-be
 * pings in every message, a mention in every item), rendered by each adapter: console text, Slack
 * Block Kit, Discord embeds. Each renders only what fits its platform's budget and ends the list
 * with "… and N more".
 *
 * Figure: ms per render, the median of 21 after 3 warm-ups. Baseline, same run: the same adapter
 * rendering a list of only the items it shows, so ratio = ours / baseline says what the 5,000 cost
 * beyond what is shown (≈ 1 when the work stops at the budget).
 *
 * Run alone: npx tsx bench/render.bench.ts   (prints one JSON line)
 */
import { pathToFileURL } from 'node:url';
import { renderConsole } from '../adapters/console/render.js';
import { renderDiscord } from '../adapters/discord/render.js';
import { renderSlack } from '../adapters/slack/render.js';
import type { View } from '../src/views/view.js';
import { longReminderList } from '../test/support/long-list.js';
import { now, percentile, ratio, round } from './lib/stats.js';

const ITEMS = 5_000;

/** Median ms of one call of `fn`, over 21 calls after 3 warm-ups. */
function msPerCall(fn: () => unknown): number {
  for (let i = 0; i < 3; i++) fn();
  const times = Array.from({ length: 21 }, () => {
    const t0 = now();
    fn();
    return now() - t0;
  });
  return percentile(times, 50);
}

/** The list items a rendered message shows: its bullet lines. */
const bullets = (text: string, bullet: string): number => text.split('\n').filter((l) => l.startsWith(bullet)).length;

const ADAPTERS: Record<string, { ids: { user: string; channel: string }; render: (v: View) => unknown; shown: (out: unknown) => number }> = {
  console: { ids: { user: 'alice', channel: 'general' }, render: renderConsole, shown: (out) => bullets(out as string, '  • ') },
  slack: {
    ids: { user: 'U0ALICE001', channel: 'C0GENERAL1' },
    render: renderSlack,
    shown: (out) => bullets(((out as ReturnType<typeof renderSlack>).blocks as { text?: { text: string } }[]).map((b) => b.text?.text ?? '').join('\n'), '• '),
  },
  discord: {
    ids: { user: '1200000000000000002', channel: '1100000000000000002' },
    render: renderDiscord,
    shown: (out) => bullets((out as ReturnType<typeof renderDiscord>).embeds.map((e) => e.description ?? '').join('\n'), '• '),
  },
};

/** Renders the 5,000-item list on every adapter (and, as the baseline, the items each shows). */
export function runRender() {
  const out: Record<string, unknown> = { items: ITEMS, messageChars: 1_000 };
  for (const [name, a] of Object.entries(ADAPTERS)) {
    const view = longReminderList(a.ids, 'fi', ITEMS);
    const shown = a.shown(a.render(view));
    const list = view.blocks[1] as Extract<View['blocks'][number], { type: 'list' }>;
    const onlyShown: View = { ...view, blocks: [view.blocks[0]!, { type: 'list', items: list.items.slice(0, shown) }] };
    const ms = msPerCall(() => a.render(view));
    const baselineMs = msPerCall(() => a.render(onlyShown));
    out[name] = { ms: round(ms, 3), shown, baselineShownOnlyMs: round(baselineMs, 3), ratioOursOverBaseline: ratio(ms, baselineMs) };
  }
  return out;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(JSON.stringify({ bench: 'render', ...runRender() }));
}
