import { type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import type { Logger } from 'pino';
import { redactSecrets } from '../logging.js';

/**
 * A JSON payload in a line, to its end. At debug the Web API client logs each request's body and
 * result, Bolt (in developer mode) each request it receives, Socket Mode each message: what an answer
 * says (a receipt, picks) and whom to. Only the words before it are kept (`http request body:`).
 */
const PAYLOAD = /[{[]\s*["{[][\s\S]*$/;
const PAYLOAD_NOT_LOGGED = '[payload not logged]';

/** One log call of Bolt or the Web API client as a pino call: errors go under `err`, the rest into the message. */
function write(log: Logger, level: 'debug' | 'info' | 'warn' | 'error', parts: unknown[]): void {
  // Bolt logs several debug lines per request, the Web API client several per call, whatever the level:
  // below pino's level none is built.
  if (!log.isLevelEnabled(level)) return;
  const err = parts.find((p) => p instanceof Error);
  const msg = redactSecrets(
    parts
      .filter((p) => p !== err)
      .map((p) => (typeof p === 'string' ? p.replace(PAYLOAD, PAYLOAD_NOT_LOGGED) : typeof p === 'number' || typeof p === 'boolean' ? String(p) : PAYLOAD_NOT_LOGGED))
      .join(' '),
  );
  if (err) log[level]({ err }, msg);
  else log[level](msg);
}

/**
 * Bolt's and the WebClient's logs through the app's pino logger, so there is one log stream. A debug
 * line keeps what happened (`apiCall('chat.postEphemeral') start`, the method's URL, the response's
 * arrival), never a payload; errors pass pino's error serializer.
 */
export function boltLogger(log: Logger): BoltLogger {
  const child = log.child({ component: 'slack' });
  let level = LogLevel.INFO;
  return {
    debug: (...m: unknown[]) => write(child, 'debug', m),
    info: (...m: unknown[]) => write(child, 'info', m),
    warn: (...m: unknown[]) => write(child, 'warn', m),
    error: (...m: unknown[]) => write(child, 'error', m),
    // pino's own level decides what is written; Bolt only asks.
    setLevel: (l: LogLevel) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
