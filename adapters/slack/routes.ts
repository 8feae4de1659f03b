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

/** A network's negotiations as iCalendar text, or undefined for no such network. */
export type CalendarFeed = (networkId: string) => Promise<string | undefined>;

const CALENDAR_PATH = /^\/calendar\/([^/]+)\.ics$/;

/**
 * `GET /calendar/<network-id>.ics`: the network's negotiations as a feed calendar apps subscribe to
 * (200 `text/calendar`; 404 for an unknown network). The path is read from the URL itself, so the same
 * route serves Bolt's receiver and the plain feed server.
 */
export function calendarRoute(feed: CalendarFeed, onError: (err: unknown) => void = () => {}): CustomRoute {
  return {
    path: '/calendar/:file',
    method: ['GET', 'HEAD'],
    handler: (req, res) => {
      const id = CALENDAR_PATH.exec(new URL(req.url ?? '/', 'http://localhost').pathname)?.[1];
      const answer = async () => {
        const ics = id ? await feed(id) : undefined;
        if (ics === undefined) {
          res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('no such calendar\n');
          return;
        }
        res.writeHead(200, {
          'content-type': 'text/calendar; charset=utf-8',
          'content-disposition': `inline; filename="neuvo-${id}.ics"`,
          // Calendar apps poll feeds; a few minutes of caching spares the database.
          'cache-control': 'public, max-age=300',
        });
        res.end(ics);
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
