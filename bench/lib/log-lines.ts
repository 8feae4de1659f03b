import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

/** A pino log entry as the bot writes it on stderr. */
export interface LogEntry {
  readonly msg?: string;
  readonly level?: number;
  readonly port?: number;
}

/**
 * Reads a child bot's stderr line by line: JSON log entries go to `onEntry`; other lines (not npm's
 * own warnings, which are noise) go to `onOther`, since they are worth showing when it fails.
 */
export function onLogLines(stream: Readable, onEntry: (entry: LogEntry, line: string) => void, onOther: (line: string) => void): void {
  createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
    let entry: LogEntry;
    try {
      entry = JSON.parse(line) as LogEntry;
    } catch {
      if (line.trim() && !line.startsWith('npm warn')) onOther(line);
      return;
    }
    onEntry(entry, line);
  });
}
