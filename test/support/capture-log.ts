import { Writable } from 'node:stream';
import type { Level, Logger } from 'pino';
import { createLogger } from '../../adapters/logging.js';

/** Neuvo's logger with its JSON lines kept in `logs`, for tests that check what an adapter logged. */
export function capturingLogger(level: Level = 'info'): { log: Logger; logs: string[] } {
  const logs: string[] = [];
  const log = createLogger(
    level,
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  );
  return { log, logs };
}
