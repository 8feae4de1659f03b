import type { CustomRoute } from '@slack/bolt';
import type { Readiness } from './runtime.js';

/**
 * `GET /readyz`: 200 `{"ok":true}` when Postgres and Redis both answer, else 503
 * `{"ok":false,"down":["redis"]}` naming what did not, so a load balancer stops sending work here.
 */
export function readyRoute(ready: () => Promise<Readiness>): CustomRoute {
  return {
    path: '/readyz',
    method: ['GET'],
    handler: (_req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        res.end(JSON.stringify(body));
      };
      ready().then(
        (r) => {
          const down = (Object.keys(r) as (keyof Readiness)[]).filter((k) => !r[k]);
          send(down.length ? 503 : 200, down.length ? { ok: false, down } : { ok: true });
        },
        () => send(503, { ok: false, down: ['postgres', 'redis'] }),
      );
    },
  };
}
