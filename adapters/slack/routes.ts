import type { CustomRoute } from '@slack/bolt';

/** `GET /healthz`: 200 `{"ok":true}` while the process serves requests (for load balancers and probes). */
export const healthRoute: CustomRoute = {
  path: '/healthz',
  method: ['GET'],
  handler: (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ ok: true }));
  },
};

/** The HTTP routes served beside Slack's endpoint; later ones (a calendar feed, metrics) go in `extra`. */
export function slackRoutes(extra: readonly CustomRoute[] = []): CustomRoute[] {
  return [healthRoute, ...extra];
}
