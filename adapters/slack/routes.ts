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

/** A network's negotiations as an iCalendar file, or undefined for no such network or a wrong token. */
export type CalendarFeed = (networkId: string, token: string) => Promise<{ readonly name: string; readonly content: string } | undefined>;

const CALENDAR_PATH = /^\/calendar\/([^/]+)\/([^/]+)\.ics$/;

/**
 * `GET /calendar/<network-id>/<token>.ics`: the network's negotiations as a feed calendar apps
 * subscribe to (200 `text/calendar`; 404 for an unknown network or a token that is not, or no longer,
 * the network's). The path is read from the URL itself, so the same route serves Bolt's receiver and
 * the plain feed server.
 */
export function calendarRoute(feed: CalendarFeed, onError: (err: unknown) => void = () => {}): CustomRoute {
  return {
    path: '/calendar/:network/:file',
    method: ['GET', 'HEAD'],
    handler: (req, res) => {
      const [, id, token] = CALENDAR_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname) ?? [];
      const answer = async () => {
        const file = id && token ? await feed(id, token) : undefined;
        if (file === undefined) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('no such calendar\n');
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `inline; filename="${file.name}"`,
          // Calendar apps poll feeds; a few minutes of caching spares the database. Private: the URL is a secret.
          'cache-control': 'private, max-age=300',
        });
        res.end(file.content);
      };
      answer().catch((err: unknown) => {
        onError(err);
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('calendar unavailable\n');
      });
    },
  };
}

/** The HTTP routes served beside Slack's endpoint; later ones (a calendar feed, metrics) go in `extra`. */
export function slackRoutes(extra: readonly CustomRoute[] = []): CustomRoute[] {
  return [healthRoute, ...extra];
}
