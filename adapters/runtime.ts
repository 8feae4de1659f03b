import type { Worker } from 'bullmq';
import { sql } from 'drizzle-orm';
import type { Redis } from 'ioredis';
import { DrizzleAgendaRepository } from '../db/repositories/drizzle-agenda-repository.js';
import { DrizzleElectionRepository } from '../db/repositories/drizzle-election-repository.js';
import { DrizzleNetworkRepository } from '../db/repositories/drizzle-network-repository.js';
import { DrizzleNegotiationRepository } from '../db/repositories/drizzle-negotiation-repository.js';
import { DrizzleOrganisationRepository } from '../db/repositories/drizzle-organisation-repository.js';
import { DrizzlePrivacyRepository } from '../db/repositories/drizzle-privacy-repository.js';
import { DrizzlePublishedResultRepository } from '../db/repositories/drizzle-published-result-repository.js';
import { DrizzlePollRepository } from '../db/repositories/drizzle-poll-repository.js';
import { DrizzleReminderRepository } from '../db/repositories/drizzle-reminder-repository.js';
import { DrizzleScheduledJobRepository } from '../db/repositories/drizzle-scheduled-job-repository.js';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import { pruneVoteKeys } from '../db/housekeeping.js';
import { VoteSealer } from '../db/sealing.js';
import { BullmqJobScheduler } from '../jobs/bullmq-job-scheduler.js';
import { reconcile, reconcileEvery } from '../jobs/reconcile.js';
import { bullConnection, type RedisEndpoint, resolveRedis } from '../jobs/redis.js';
import { isConnectionError, RedisHealth } from '../jobs/redis-health.js';
import { startWorker } from '../jobs/worker.js';
import type { Clock } from '../src/app/ports.js';
import { DEFAULT_LIMITS, type Limits } from '../src/app/limits.js';
import { Neuvo } from '../src/app/neuvo.js';
import { ThrottledCardUpdates } from '../src/app/services/poll-card-updates.js';
import type { Deps } from '../src/app/request.js';
import type { Lang } from '../src/i18n/translator.js';
import { createMetrics, type NeuvoMetrics } from './metrics.js';
import { PdfkitDocumentRenderer } from './pdf/pdfkit-document-renderer.js';
import { RoutingEventMirror } from './routing-event-mirror.js';
import { RoutingMessenger } from './routing-messenger.js';
import { RoutingPersonNames } from './routing-person-names.js';
import { PacedMessenger } from './paced-messenger.js';
import { platformLimits } from './pacing-limits.js';
import { RedisPacer } from '../jobs/redis-pacer.js';

export interface RuntimeOptions {
  readonly databaseUrl?: string;
  readonly dataDir: string;
  readonly redisUrl?: string;
  readonly queuePrefix: string;
  readonly defaults: { readonly lang: Lang; readonly zone: string };
  readonly reconcileEveryMs: number;
  /** NEUVO_SECRET: seals secret ballots and anonymous picks until close (`db/sealing.ts`). */
  readonly secret: string;
  /** Jobs one process runs at once (default 50): they mostly wait on Slack or Discord. */
  readonly workerConcurrency?: number;
  readonly clock?: Clock;
  /**
   * The worker takes no job until `runJobs()`: the process calls it once its adapters registered their
   * messengers, so a job due at start is not tried (and put back to wait) before Slack or Discord is up.
   */
  readonly holdJobs?: boolean;
  /** Quotas (see `Limits`); unset ones keep their defaults. */
  readonly limits?: Partial<Limits>;
  /** Where Neuvo's web server is reached (`NEUVO_PUBLIC_URL`): results pages are linked by full address. */
  readonly publicUrl?: string | undefined;
  /**
   * Pace Slack and Discord sends to their published limits across processes (`paced-messenger.ts`);
   * off when absent. `timeScale` divides every interval (a benchmark's faster fake platforms).
   */
  readonly pacing?: { readonly timeScale?: number };
  /** `warn` (one line per Redis outage) falls back to `error`. */
  readonly log: { error(obj: unknown, msg: string): void; warn?(obj: unknown, msg: string): void; info(obj: unknown, msg: string): void };
}

/** How long start-up waits for the queue's Redis to answer (or to be found away) before going on. */
const CONNECT_WAIT_MS = 5_000;
/** How long closing waits for BullMQ to finish on its own before cutting the connections. */
const CLOSE_WAIT_MS = 2_000;

/** Whether `work` settles within `ms`. */
function settlesWithin(ms: number, work: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  return Promise.race([work.then(() => true, () => true), late]).finally(() => clearTimeout(timer));
}

/** Which of the runtime's backing services answered a probe. */
export interface Readiness {
  readonly postgres: boolean;
  readonly redis: boolean;
}

/** How long a readiness probe waits for each service: probes are frequent, a slow answer counts as down. */
const READY_WAIT_MS = 1_000;

/** Everything behind the adapters: database, queue, worker and the core, wired together. */
export interface Runtime {
  readonly neuvo: Neuvo;
  readonly messenger: RoutingMessenger;
  /** Platform events mirroring negotiations; the Discord adapter registers its own. */
  readonly events: RoutingEventMirror;
  /** People's names for documents; the Slack and Discord adapters register their directories. */
  readonly names: RoutingPersonNames;
  readonly database: OpenDatabase;
  readonly scheduler: BullmqJobScheduler;
  readonly worker: Worker;
  readonly deps: Deps;
  /** This process's counters for `GET /metrics`. */
  readonly metrics: NeuvoMetrics;
  /** The Redis the queue uses and its key prefix, for adapters that share state across processes. */
  readonly redis: { readonly url: string; readonly prefix: string };
  /** Re-adds every pending job to the queue (also run at start and periodically). */
  reconcile(): Promise<number>;
  /** Starts taking jobs when they were held (`holdJobs`); nothing otherwise. */
  runJobs(): void;
  /**
   * Stops taking jobs and waits (up to 2 s) for those running to finish, while the platforms are still
   * connected. A job taken but whose work has not started is handed back (lease cleared, back to
   * waiting on the queue for another worker); one whose work started finishes; a job that fails
   * meanwhile gives its lease back and stays queued. A send still unanswered after the wait keeps its
   * lease: it may have arrived.
   */
  drainJobs(): Promise<void>;
  /** Whether Postgres answers `select 1` and Redis answers `PING`, each within `timeoutMs` (for `/readyz`). */
  ready(timeoutMs?: number): Promise<Readiness>;
  close(): Promise<void>;
}

/** Opens the database (migrating it), connects Redis, starts the worker and the reconcile loop. */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const sealer = new VoteSealer(opts.secret);
  const database = await openDatabase({ dataDir: opts.dataDir, ...(opts.databaseUrl ? { url: opts.databaseUrl } : {}) });
  let redis: RedisEndpoint | undefined;
  const connections: Redis[] = [];
  try {
    redis = await resolveRedis(opts.redisUrl);
    const clock = opts.clock ?? { now: () => new Date() };
    const queueConn = bullConnection(redis.url);
    const workerConn = bullConnection(redis.url);
    connections.push(queueConn, workerConn);
    const scheduler = new BullmqJobScheduler(queueConn, opts.queuePrefix, () => clock.now(), () => health.healthy);
    const warn = (obj: unknown, msg: string) => (opts.log.warn ?? opts.log.error).call(opts.log, obj, msg);
    const health = new RedisHealth([queueConn, workerConn], {
      down: (err) => warn({ reason: err instanceof Error ? err.message : String(err) }, 'Redis is unreachable: jobs wait, and commands that schedule answer "try again" until it is back'),
      up: (afterOutage) => {
        if (afterOutage) opts.log.info({}, 'Redis is back');
        // Jobs of commands that committed while the queue was unreachable, all of them after a wipe,
        // and at the first connect those the start-up reconcile could not add yet.
        runReconcile().then(
          (restored) => restored > 0 && opts.log.info({ restored }, 'pending jobs re-added to the queue'),
          (err: unknown) => opts.log.error({ err }, 'reconcile failed'),
        );
      },
    });
    // Not a listener, BullMQ would print each reconnect attempt's error with its stack.
    scheduler.queue.on('error', (err) => (isConnectionError(err) ? health.lost(err) : opts.log.error({ err }, 'queue error')));
    const metrics = createMetrics(() => scheduler.queue.getJobCounts('waiting', 'delayed'));
    const messenger = new RoutingMessenger((platform, outcome) => metrics.delivery(platform, outcome));
    const delivering = opts.pacing
      ? new PacedMessenger(messenger, new RedisPacer(queueConn, opts.queuePrefix), platformLimits(opts.pacing.timeScale), (err) => warn({ err }, 'pacing unavailable: sending unpaced'))
      : messenger;
    const events = new RoutingEventMirror();
    const names = new RoutingPersonNames();
    const { db } = database;
    const jobs = new DrizzleScheduledJobRepository(db);
    const deps: Deps = {
      networks: new DrizzleNetworkRepository(db),
      orgs: new DrizzleOrganisationRepository(db),
      reminders: new DrizzleReminderRepository(db),
      elections: new DrizzleElectionRepository(db, sealer),
      agenda: new DrizzleAgendaRepository(db),
      polls: new DrizzlePollRepository(db, sealer),
      cardUpdates: new ThrottledCardUpdates(undefined, (err, card) => opts.log.error({ err }, `updating ${card}`)),
      negotiations: new DrizzleNegotiationRepository(db),
      events,
      jobs,
      privacy: new DrizzlePrivacyRepository(db),
      published: new DrizzlePublishedResultRepository(db),
      ...(opts.publicUrl ? { publicUrl: opts.publicUrl } : {}),
      scheduler,
      messenger: delivering,
      documents: new PdfkitDocumentRenderer(),
      names,
      clock,
      metrics,
      defaults: opts.defaults,
      limits: { ...DEFAULT_LIMITS, ...opts.limits },
      onError: (err, where) => opts.log.error({ err }, where),
      onNotice: (detail, what) => opts.log.info(detail, what),
    };
    const neuvo = new Neuvo(deps);
    const worker = startWorker({
      connection: workerConn,
      prefix: opts.queuePrefix,
      ...(opts.workerConcurrency ? { concurrency: opts.workerConcurrency } : {}),
      held: opts.holdJobs ?? false,
      run: async (id, name) => {
        const outcome = await neuvo.runJob(id, name);
        // A refused delivery is final (see DeliveryRefused): worth a warning, not a retry.
        if (outcome === 'failed') opts.log.error({ jobId: id }, 'job failed for good: the platform refused the delivery');
        return outcome;
      },
      onFailed: (id, err) => opts.log.error({ err, jobId: id }, 'job failed'),
      onError: (err) => (isConnectionError(err) ? health.lost(err) : opts.log.error({ err }, 'worker error')),
    });
    const runReconcile = () => reconcile(deps.jobs, scheduler);
    await health.settled(CONNECT_WAIT_MS);
    const restored = await runReconcile();
    if (restored > 0) opts.log.info({ restored }, 'pending jobs re-added to the queue');
    // The periodic pass also drops vote keys past any retry (see VOTE_KEY_DAYS).
    const stopReconcile = reconcileEvery(
      opts.reconcileEveryMs,
      () => Promise.all([runReconcile(), pruneVoteKeys(db, clock.now())]),
      (err) => opts.log.error({ err }, 'reconcile failed'),
    );
    const endpoint = redis;
    return {
      neuvo,
      messenger,
      events,
      names,
      database,
      scheduler,
      worker,
      deps,
      metrics,
      redis: { url: endpoint.url, prefix: opts.queuePrefix },
      reconcile: runReconcile,
      runJobs() {
        if (opts.holdJobs && !worker.isRunning() && !worker.closing) worker.run().catch((err: unknown) => opts.log.error({ err }, 'worker stopped'));
      },
      async drainJobs() {
        // A job taken but not yet started is handed back at once, for another worker.
        jobs.withhold();
        if (health.up) await settlesWithin(CLOSE_WAIT_MS, worker.close());
      },
      async ready(timeoutMs = READY_WAIT_MS) {
        // settlesWithin counts a rejection as settled, so each probe resolves true only on a real answer.
        const answers = (probe: () => Promise<unknown>) => {
          let ok = false;
          return settlesWithin(timeoutMs, probe().then(() => (ok = true))).then(() => ok);
        };
        const [postgres, redisUp] = await Promise.all([answers(() => db.execute(sql`select 1`)), answers(() => queueConn.ping())]);
        return { postgres, redis: redisUp };
      },
      async close() {
        stopReconcile();
        health.stop();
        // BullMQ's graceful close waits for Redis without end: while it is unreachable (or when closing
        // takes too long) the connections are cut instead, so a signal is honoured in every state.
        const graceful = Promise.allSettled([worker.close(), scheduler.close()]);
        if (!health.up || !(await settlesWithin(CLOSE_WAIT_MS, graceful))) {
          await settlesWithin(CLOSE_WAIT_MS, Promise.allSettled([worker.close(true), worker.disconnect(), scheduler.queue.disconnect()]));
        }
        connections.forEach((c) => c.disconnect());
        await endpoint.stop();
        await database.close();
      },
    };
  } catch (err) {
    connections.forEach((c) => c.disconnect());
    await redis?.stop();
    await database.close();
    throw err;
  }
}
