import { z } from 'zod';
import { isZone } from './commands/dates.js';
import { LANGS } from './i18n/translator.js';
import { DEFAULT_LIMITS, type Limits } from './app/limits.js';
import { POLL_LIMITS } from './domain/poll.js';

const optional = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const limit = (fallback: number) => z.coerce.number().int().min(1).max(1_000_000).default(fallback);

const schema = z
  .object({
    DATABASE_URL: optional.pipe(z.string().regex(/^postgres(ql)?:\/\//, 'expected a postgres:// URL').optional()),
    NEUVO_DATA_DIR: z.string().default('.data'),
    // Seals secret ballots and anonymous picks until close (db/sealing.ts); the console trial makes its own.
    NEUVO_SECRET: optional.pipe(z.string().min(32, 'expected at least 32 characters, e.g. from `openssl rand -base64 48`').optional()),
    REDIS_URL: optional.pipe(z.string().regex(/^rediss?:\/\//, 'expected a redis:// URL').optional()),
    NEUVO_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_{}-]+$/, 'letters, digits, - _ { } only').default('neuvo'),
    NEUVO_LANG: z.enum(LANGS).default('en'),
    NEUVO_TZ: z.string().refine(isZone, 'expected an IANA time zone such as Europe/Helsinki').default('Europe/Helsinki'),
    NEUVO_CONSOLE: optional,
    NEUVO_CONSOLE_USER: z.string().regex(/^[\p{L}\p{N}_.-]+$/u).default('me'),
    NEUVO_CONSOLE_CHANNEL: z.string().regex(/^[\p{L}\p{N}_.-]+$/u).default('general'),
    RECONCILE_INTERVAL_SECONDS: z.coerce.number().int().min(10).default(300),
    WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(50),
    // Slack and Discord sends paced to the platforms' published limits (adapters/paced-messenger.ts).
    NEUVO_PACING: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    // Operations: when set, GET /metrics asks for `Authorization: Bearer <token>`.
    METRICS_TOKEN: optional,
    // Web pages (adapters/web): where the source is published, and how to reach the operator.
    NEUVO_SOURCE_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional()),
    NEUVO_CONTACT: optional.pipe(z.string().regex(/^(https?:\/\/\S+|[^\s@:/]+@[^\s@]+)$/, 'expected an email address or an http(s):// URL').optional()),
    SLACK_BOT_TOKEN: optional,
    SLACK_SIGNING_SECRET: optional,
    SLACK_APP_TOKEN: optional,
    SLACK_API_URL: optional.pipe(z.url().optional()),
    // Distributed Slack app (OAuth v2 installs into many workspaces): all three, or none.
    SLACK_CLIENT_ID: optional,
    SLACK_CLIENT_SECRET: optional,
    SLACK_STATE_SECRET: optional.pipe(z.string().min(32, 'expected at least 32 characters, e.g. from `openssl rand -base64 48`').optional()),
    DISCORD_TOKEN: optional,
    DISCORD_APPLICATION_ID: optional.pipe(z.string().regex(/^\d+$/, 'expected the numeric application id').optional()),
    DISCORD_API_URL: optional.pipe(z.url().optional()),
    DISCORD_GUILD_ID: optional.pipe(z.string().regex(/^\d+$/, 'expected a numeric guild id').optional()),
    NEUVO_MAX_PENDING_REMINDERS_PER_PERSON: limit(DEFAULT_LIMITS.pendingRemindersPerPerson),
    NEUVO_MAX_PENDING_REMINDERS_PER_NETWORK: limit(DEFAULT_LIMITS.pendingRemindersPerNetwork),
    NEUVO_MAX_OPEN_POLLS_PER_NETWORK: limit(DEFAULT_LIMITS.openPollsPerNetwork),
    NEUVO_MAX_OPEN_ELECTIONS_PER_NETWORK: limit(DEFAULT_LIMITS.openElectionsPerNetwork),
    NEUVO_MAX_NOMINATIONS_PER_ELECTION: limit(DEFAULT_LIMITS.nominationsPerElection),
    NEUVO_MAX_NOMINATIONS_PER_PERSON_PER_ELECTION: limit(DEFAULT_LIMITS.nominationsPerPersonPerElection),
    NEUVO_MAX_TOPICS_PER_PERSON_PER_POLL: limit(DEFAULT_LIMITS.topicsPerPersonPerPoll),
    NEUVO_MIN_PUBLIC_BALLOTS: limit(DEFAULT_LIMITS.minPublicBallots),
    // Results pages: where the web server is reached, so the link posted with a result is a full address.
    NEUVO_PUBLIC_URL: optional.pipe(z.url({ protocol: /^https?$/, error: 'expected an http(s):// URL' }).optional()),
    NEUVO_MAX_TOPICS_PER_POLL: z.coerce
      .number()
      .int()
      .min(2, 'at least 2: a poll votes on two topics or more')
      .max(POLL_LIMITS.topics, `at most ${POLL_LIMITS.topics}: a poll's topics must fit in one Discord select`)
      .default(DEFAULT_LIMITS.topicsPerPoll),
  })
  .superRefine((env, ctx) => {
    const oauth = ['SLACK_CLIENT_ID', 'SLACK_CLIENT_SECRET', 'SLACK_STATE_SECRET'] as const;
    const oauthSet = oauth.filter((k) => env[k]);
    if (oauthSet.length > 0 && oauthSet.length < oauth.length) {
      for (const k of oauth.filter((k) => !env[k])) ctx.addIssue({ code: 'custom', path: [k], message: `required with ${oauthSet.join(' and ')}: a distributed Slack app needs all of ${oauth.join(', ')}` });
    }
    if (oauthSet.length === oauth.length) {
      if (env.SLACK_BOT_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_BOT_TOKEN'], message: 'not with SLACK_CLIENT_ID: a distributed app uses each workspace’s own token from its installation' });
      if (env.SLACK_APP_TOKEN) ctx.addIssue({ code: 'custom', path: ['SLACK_APP_TOKEN'], message: 'not with SLACK_CLIENT_ID: a distributed app takes Slack’s requests over HTTP (Socket Mode is for one workspace)' });
      if (!env.SLACK_SIGNING_SECRET) ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_CLIENT_ID' });
    }
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({ code: 'custom', path: ['SLACK_SIGNING_SECRET'], message: 'required with SLACK_BOT_TOKEN in HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)' });
    }
    if (!env.NEUVO_SECRET && (env.SLACK_BOT_TOKEN || env.SLACK_CLIENT_ID || env.DISCORD_TOKEN || env.DATABASE_URL)) {
      ctx.addIssue({ code: 'custom', path: ['NEUVO_SECRET'], message: 'required with SLACK_BOT_TOKEN, SLACK_CLIENT_ID, DISCORD_TOKEN or DATABASE_URL: at least 32 random characters, e.g. from `openssl rand -base64 48`' });
    }
    if (env.DISCORD_TOKEN && !env.DISCORD_APPLICATION_ID) {
      ctx.addIssue({ code: 'custom', path: ['DISCORD_APPLICATION_ID'], message: 'required with DISCORD_TOKEN' });
    }
  });

/** Neuvo's configuration, read from the environment by the composition root. */
export type Config = z.infer<typeof schema> & {
  readonly slack: boolean;
  /** Slack as a distributed app: installed into workspaces by OAuth, a token per installation. */
  readonly slackDistributed: boolean;
  readonly discord: boolean;
  readonly console: boolean;
  readonly limits: Limits;
};

/** Thrown with every problem listed, one a line, naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Validates `env`; with no platform credentials (or `NEUVO_CONSOLE=1`) the console adapter runs. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration (see .env.example):\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const slackDistributed = Boolean(c.SLACK_CLIENT_ID && c.SLACK_CLIENT_SECRET && c.SLACK_STATE_SECRET);
  const slack = Boolean(c.SLACK_BOT_TOKEN) || slackDistributed;
  const discord = Boolean(c.DISCORD_TOKEN);
  const limits: Limits = {
    pendingRemindersPerPerson: c.NEUVO_MAX_PENDING_REMINDERS_PER_PERSON,
    pendingRemindersPerNetwork: c.NEUVO_MAX_PENDING_REMINDERS_PER_NETWORK,
    openPollsPerNetwork: c.NEUVO_MAX_OPEN_POLLS_PER_NETWORK,
    openElectionsPerNetwork: c.NEUVO_MAX_OPEN_ELECTIONS_PER_NETWORK,
    nominationsPerElection: c.NEUVO_MAX_NOMINATIONS_PER_ELECTION,
    nominationsPerPersonPerElection: c.NEUVO_MAX_NOMINATIONS_PER_PERSON_PER_ELECTION,
    topicsPerPersonPerPoll: c.NEUVO_MAX_TOPICS_PER_PERSON_PER_POLL,
    topicsPerPoll: c.NEUVO_MAX_TOPICS_PER_POLL,
    minPublicBallots: c.NEUVO_MIN_PUBLIC_BALLOTS,
  };
  return { ...c, slack, slackDistributed, discord, console: (!slack && !discord) || c.NEUVO_CONSOLE === '1', limits };
}
