/**
 * Neuvo's logger, and what a log line may hold. Errors from Slack, Discord and their HTTP clients carry
 * the request they failed on: its body (a rendered answer: a receipt, a ballot, picks) and its URL
 * (Discord's interaction and webhook URLs hold the interaction token, a 15-minute credential; Slack's
 * response_urls are credentials too); a failed database query names its parameters. So an error is
 * logged as its kind, code, status, HTTP method, message and stack only, with URLs, tokens and query
 * parameters in them redacted; bodies are never logged.
 */
import { type DestinationStream, type Logger, pino } from 'pino';

const REDACTIONS: readonly [RegExp, string][] = [
  // Discord: interaction callbacks and follow-ups (/interactions/<id>/<token>, /webhooks/<app>/<token>).
  [/(\/(?:interactions|webhooks)\/\d+\/)[^/?#\s"'`]+/g, '$1[token]'],
  // Slack: response_urls and incoming webhooks.
  [/(https?:\/\/hooks\.slack(?:-gov)?\.com\/)[^\s"'`]+/g, '$1[redacted]'],
  // Slack tokens (bot, user, app-level, configuration).
  [/\bx(?:ox[a-z]|app)-[A-Za-z0-9-]+/g, '[token]'],
  // drizzle's failed queries name their parameters (a ballot, picks, a voter) up to the stack frames.
  [/(\nparams: )[\s\S]*?(?=\n\s+at |$)/g, '$1[not logged]'],
];

/** `text` with interaction tokens, Slack response_urls, Slack tokens and query parameters replaced. */
export function redactSecrets(text: string): string {
  return REDACTIONS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement), text);
}

const KEPT = ['code', 'status', 'method'] as const;

/**
 * What a log may say of an error: its kind, `code`, `status`, `method`, Slack's `error` code, the
 * message, stack and URL redacted, and its cause the same way. Everything else (`requestBody`,
 * `rawError`, Slack's `data` and `original`) is left out.
 */
export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { type: typeof err, message: redactSecrets(String(err)) };
  const e = err as Error & Record<string, unknown>;
  const out: Record<string, unknown> = { type: e.constructor?.name ?? e.name, message: redactSecrets(e.message) };
  for (const key of KEPT) if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key];
  const slackCode = (e.data as { error?: unknown } | undefined)?.error;
  if (typeof slackCode === 'string') out.error = slackCode;
  if (typeof e.url === 'string') out.url = redactSecrets(e.url);
  if (e.stack) out.stack = redactSecrets(e.stack);
  // Slack's request errors wrap the network error as `original`.
  const cause = e.cause ?? e.original;
  if (cause !== undefined && depth < 3) out.cause = safeError(cause, depth + 1);
  return out;
}

/** pino serializers for the keys errors are logged under. */
export const LOG_SERIALIZERS = { err: safeError, error: safeError };

/** Neuvo's root logger: every child and every adapter's log goes through its serializers. */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = { level, serializers: LOG_SERIALIZERS };
  return destination ? pino(options, destination) : pino(options);
}
