import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CustomRoute } from '@slack/bolt';
import { slackRoutes } from './slack/routes.js';

/** A running feed server. */
export interface FeedServer {
  readonly server: Server;
  readonly address: AddressInfo;
  stop(): Promise<void>;
}

/** Whether a route path (`/calendar/:file`) matches a request path, segment by segment. */
function matches(route: string, path: string): boolean {
  const want = route.split('/');
  const got = path.split('/');
  return want.length === got.length && want.every((w, i) => w.startsWith(':') ? got[i] !== '' : w === got[i]);
}

/**
 * A small `node:http` server for Neuvo's own HTTP routes (`/healthz`, the calendar feed) when no Slack
 * receiver serves them, e.g. a Discord-only deployment. The routes are the same objects Bolt gets.
 */
export async function startFeedServer(extra: readonly CustomRoute[], port: number, host?: string): Promise<FeedServer> {
  const routes = slackRoutes(extra);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = (req.method ?? 'GET').toUpperCase();
    const route = routes.find((r) => matches(r.path, path) && [r.method].flat().map((m) => m.toUpperCase()).includes(method));
    if (route) return route.handler(req, res);
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('not found\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    server,
    address: server.address() as AddressInfo,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
