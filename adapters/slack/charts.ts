/**
 * Charts on Slack: each chart's PNG is uploaded first through the v2 external upload
 * (files.getUploadURLExternal → POST the bytes → files.completeUploadExternal, run by the WebClient's
 * `files.uploadV2`; `files.upload` is retired) without a channel, so the file stays private to the
 * bot and appears nowhere by itself; the message then shows it with an image block
 * `{ type: 'image', slack_file: { id } }` (Block Kit's image block and Slack file object: the poster
 * must have access to the file, which the uploader has).
 */
import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { ChartSpec } from '../../src/views/chart.js';
import type { View } from '../../src/views/view.js';
import { chartEngine } from '../charts/lazy-charts.js';
import { chartFileName, viewCharts } from '../charts/view-charts.js';
import { slackErrorCode } from './slack-messenger.js';

/** The file id of a completed upload in `files.uploadV2`'s answer (`files: [{ files: [{ id }] }]`). */
function uploadedId(result: unknown): string | undefined {
  const completions = (result as { files?: { files?: { id?: unknown }[] }[] } | undefined)?.files ?? [];
  const id = completions.flatMap((c) => c.files ?? [])[0]?.id;
  return typeof id === 'string' ? id : undefined;
}

/**
 * Uploads the view's charts; resolves with a lookup of each uploaded chart's file id, for
 * `renderSlack`'s `chartFile`. A chart whose upload fails is logged and left without an id (the
 * message then shows its text table), so a chart never stops a result from being posted.
 */
export async function uploadCharts(client: webApi.WebClient, view: View, log: Logger): Promise<(chart: ChartSpec) => string | undefined> {
  const charts = viewCharts(view);
  if (charts.length === 0) return () => undefined;
  const ids = new Map<ChartSpec, string>();
  await Promise.all(
    charts.map(async (chart) => {
      const name = chartFileName(chart);
      try {
        const png = await (await chartEngine()).chartPngAsync(chart);
        const result = await client.files.uploadV2({ file: Buffer.from(png.buffer, png.byteOffset, png.byteLength), filename: name, title: chart.title, alt_text: chart.alt.slice(0, 1000) });
        const id = uploadedId(result);
        if (id) ids.set(chart, id);
        else log.warn({ file: name }, 'slack: a chart upload gave no file id');
      } catch (err) {
        log.error({ err, file: name, code: slackErrorCode(err) }, 'slack: uploading a chart failed; its table is shown instead');
      }
    }),
  );
  return (chart) => ids.get(chart);
}
