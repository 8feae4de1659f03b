import { timingSafeEqual } from 'node:crypto';
import type { CustomRoute } from '@slack/bolt';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { JobKind, Metrics, Platform } from '../src/app/ports.js';

/** What became of one message sent through a platform's messenger. */
export type DeliveryOutcome = 'ok' | 'refused' | 'retried';

/** The core's counters plus the adapters' own, in one prom-client registry of this process. */
export interface NeuvoMetrics extends Metrics {
  readonly registry: Registry;
  /** A post, card update or DM: sent, refused for good (`DeliveryRefused`), or failed and left to retry. */
  delivery(platform: Platform, outcome: DeliveryOutcome): void;
  /** The platform answered 429 (its client waits and retries). */
  rateLimited(platform: Platform): void;
}

/** BullMQ's counts of jobs not yet started. */
export type QueueDepth = () => Promise<{ readonly waiting?: number; readonly delayed?: number }>;

/**
 * A registry of its own (not prom-client's global one), so two runtimes in one test process do not
 * share counts. Every label is a fixed word: command ids, job kinds, platforms, outcomes.
 */
export function createMetrics(queueDepth: QueueDepth): NeuvoMetrics {
  const registry = new Registry();
  const commands = new Counter({ name: 'neuvo_commands_total', help: 'Commands handled, by command id and outcome (ok, refused, error).', labelNames: ['command', 'outcome'], registers: [registry] });
  const votes = new Counter({ name: 'neuvo_votes_total', help: 'New votes recorded, by kind (election, poll) and whether secret/anonymous.', labelNames: ['kind', 'secret'], registers: [registry] });
  const lateness = new Histogram({
    name: 'neuvo_job_lateness_seconds',
    help: 'From a scheduled job coming due to its start, by job kind.',
    labelNames: ['kind'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900],
    registers: [registry],
  });
  const deliveries = new Counter({ name: 'neuvo_deliveries_total', help: 'Messages sent to a platform, by platform and outcome (ok, refused, retried).', labelNames: ['platform', 'outcome'], registers: [registry] });
  const limited = new Counter({ name: 'neuvo_rate_limited_total', help: '429 answers from a platform, by platform.', labelNames: ['platform'], registers: [registry] });
  // Registered with the registry, which asks it at each scrape.
  new Gauge({
    name: 'neuvo_queue_jobs',
    help: 'Jobs in the queue not yet started, by state (waiting, delayed); read at scrape time.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      // An unreachable Redis leaves the gauge unset rather than failing the whole scrape.
      const counts = await queueDepth().catch(() => undefined);
      this.reset();
      if (counts) for (const state of ['waiting', 'delayed'] as const) this.set({ state }, counts[state] ?? 0);
    },
  });
  return {
    registry,
    command: (command, outcome) => commands.inc({ command, outcome }),
    vote: (kind, secret) => votes.inc({ kind, secret: String(secret) }),
    jobStarted: (kind: JobKind, latenessMs) => lateness.observe({ kind }, latenessMs / 1000),
    delivery: (platform, outcome) => deliveries.inc({ platform, outcome }),
    rateLimited: (platform) => limited.inc({ platform }),
  };
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * `GET /metrics` in Prometheus' text format. With `token` (METRICS_TOKEN) it asks for
 * `Authorization: Bearer <token>` (401 otherwise): the counts hold no ids, but say how busy the service is.
 */
export function metricsRoute(registry: Registry, token?: string): CustomRoute {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (req, res) => {
      const auth = req.headers.authorization ?? '';
      if (token && !(auth.startsWith('Bearer ') && sameToken(auth.slice(7), token))) {
        res.writeHead(401, { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer' });
        res.end('unauthorized\n');
        return;
      }
      registry.metrics().then(
        (text) => {
          res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
          res.end(text);
        },
        () => {
          res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
          res.end('metrics unavailable\n');
        },
      );
    },
  };
}
