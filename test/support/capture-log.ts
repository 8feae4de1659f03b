import { Writable } from 'node:stream';
import { type Logger, pino } from 'pino';

/** A pino logger whose JSON lines are kept in `logs`, for tests that check what an adapter logged. */
export function capturingLogger(): { log: Logger; logs: string[] } {
  const logs: string[] = [];
  const log = pino(
    { level: 'info' },
    new Writable({
      write(chunk, _enc, cb) {
        logs.push(String(chunk));
        cb();
      },
    }),
  );
  return { log, logs };
}
