/**
 * Neuvo's composition root: reads the environment, starts the runtime and the adapters that have
 * credentials (Slack, Discord), or the console when none do.
 */
import { resolve } from 'node:path';
import { pino } from 'pino';
import { calendarFeed } from '../src/app/services/negotiation-calendar.js';
import { ConfigError, loadConfig } from '../src/config.js';
import { ConsoleAdapter, CONSOLE_WORKSPACE } from './console/console-adapter.js';
import { startDiscord } from './discord/discord-adapter.js';
import { startFeedServer } from './feed-server.js';
import { createLogger } from './logging.js';
import { metricsRoute } from './metrics.js';
import { readyRoute } from './ops-routes.js';
import { type Runtime, startRuntime } from './runtime.js';
import { trialSecret } from './trial-secret.js';
import { calendarRoute } from './slack/routes.js';
import { pageRoutes, siteOf, slackInstallCallbacks } from './web/routes.js';
import { launchSlack, slackOptions } from './slack/slack-adapter.js';
import { slackTenancy } from './slack/tenancy.js';

/** Signals are honoured within 5 s: closing gets 4 s, then the process exits regardless. */
const SHUTDOWN_LIMIT_MS = 4_000;

async function main(): Promise<void> {
  const loadedMs = Math.round(process.uptime() * 1000);
  const config = loadConfig(process.env);
  // The console prints replies on stdout; logs go to stderr and stay quiet unless asked for.
  const log = createLogger(config.LOG_LEVEL ?? (config.console ? 'warn' : 'info'), pino.destination(2));
  const stops: (() => Promise<void>)[] = [];
  let runtime: Runtime | undefined;
  let stopping = false;
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    // Whatever still hangs (a platform, a half-open connection), the process is gone within 5 s.
    setTimeout(() => process.exit(code), SHUTDOWN_LIMIT_MS).unref();
    // Jobs first, while Slack and Discord are still connected: running deliveries finish, no new one starts.
    await runtime?.drainJobs().catch((err) => log.error({ err }, 'draining jobs failed'));
    for (const stop of stops.reverse()) await stop().catch((err) => log.error({ err }, 'stop failed'));
    await runtime?.close().catch((err) => log.error({ err }, 'close failed'));
    process.exit(code);
  };
  // Listened to before starting, so a signal during start-up is honoured too.
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));
  // loadConfig requires NEUVO_SECRET wherever a platform or a shared database is used.
  const secret = config.NEUVO_SECRET ?? (await trialSecret(resolve(config.NEUVO_DATA_DIR), log));
  const rt = await startRuntime({
    dataDir: resolve(config.NEUVO_DATA_DIR, 'pglite'),
    ...(config.DATABASE_URL ? { databaseUrl: config.DATABASE_URL } : {}),
    ...(config.REDIS_URL ? { redisUrl: config.REDIS_URL } : {}),
    queuePrefix: config.NEUVO_QUEUE_PREFIX,
    defaults: { lang: config.NEUVO_LANG, zone: config.NEUVO_TZ },
    reconcileEveryMs: config.RECONCILE_INTERVAL_SECONDS * 1000,
    workerConcurrency: config.WORKER_CONCURRENCY,
    limits: config.limits,
    holdJobs: true,
    secret,
    log,
  });
  runtime = rt;
  // Where start-up time goes: loading the modules (loadedMs), then the database, Redis and worker; the platforms after.
  log.info({ database: rt.database.kind, loadedMs, startedMs: Math.round(process.uptime() * 1000) }, 'runtime started');
  // The calendar feed and the web pages are served beside Slack's endpoint, or on their own small server
  // for Discord; the console runs no server.
  const routes = [
    calendarRoute((id, token) => calendarFeed(rt.deps, id, token), (err) => log.error({ err }, 'calendar feed failed')),
    ...pageRoutes(siteOf(config)),
    readyRoute(() => rt.ready()),
    metricsRoute(rt.metrics.registry, config.METRICS_TOKEN),
  ];
  // Slack and Discord start at once: each waits on its own platform, not on the other.
  const starting: Promise<() => Promise<void>>[] = [];
  if (config.slack) {
    // A distributed app keeps each workspace's installation (its tokens sealed) in the database.
    const tenancy = config.slackDistributed ? slackTenancy(rt.database.db, rt.deps.jobs, secret, slackInstallCallbacks(siteOf(config))) : undefined;
    starting.push(launchSlack(rt, { ...slackOptions(config, tenancy), routes }, log).then((slack) => slack.stop));
  }
  else if (config.discord) {
    starting.push(
      startFeedServer(routes, config.PORT).then((feed) => {
        log.info({ port: feed.address.port }, 'web pages, calendar feed, /healthz and /readyz listening');
        return feed.stop;
      }),
    );
  }
  if (config.discord) starting.push(startDiscord(config, rt, log));
  stops.push(...(await Promise.all(starting)));
  if (!config.console) rt.runJobs();

  if (config.console) {
    // Binary files (the proposal PDF) are written beside the console's data, and their path printed.
    const adapter = new ConsoleAdapter(rt.neuvo, process.stdout, { user: config.NEUVO_CONSOLE_USER, channel: config.NEUVO_CONSOLE_CHANNEL }, { filesDir: resolve(config.NEUVO_DATA_DIR, 'files') });
    rt.messenger.register('console', adapter.messenger);
    rt.runJobs();
    log.info({ workspace: CONSOLE_WORKSPACE, database: rt.database.kind }, 'console ready');
    if (process.stdin.isTTY) await adapter.interactive(process.stdin);
    else await adapter.runScript(process.stdin);
    await shutdown(0);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(err instanceof ConfigError ? `${err.message}\n` : `Neuvo could not start: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
