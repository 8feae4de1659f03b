/** The main thread's handle on the "Slack side" worker thread (see slack-side.ts). */
import { Worker } from 'node:worker_threads';
import type { Answer, Envelope, FakeStats, LoadResult, LoadSpec, Request } from './slack-side-protocol.js';

export class SlackSide {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (a: Answer) => void; reject: (e: Error) => void }>();

  private constructor(private readonly worker: Worker) {
    worker.on('message', (msg: Envelope<Answer>) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      if (msg.error !== undefined) p.reject(new Error(`slack side: ${msg.error}`));
      else p.resolve(msg.body!);
    });
    worker.on('error', (err) => {
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  /**
   * Starts the thread. Worker threads do not inherit tsx's loader, so a small bootstrap registers it
   * before importing the TypeScript entry.
   */
  static start(): SlackSide {
    const entry = new URL('./slack-side.ts', import.meta.url).href;
    const tsx = import.meta.resolve('tsx/esm/api');
    const bootstrap = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
    return new SlackSide(new Worker(bootstrap, { eval: true }));
  }

  private call<K extends Answer['kind']>(body: Request & { kind: K }): Promise<Extract<Answer, { kind: K }>> {
    const id = ++this.nextId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (a: Answer) => void, reject });
      this.worker.postMessage({ id, body } satisfies Envelope<Request>);
    });
  }

  /** Starts a FakeSlack (validation off) in the thread. */
  async startFake(teamId: string): Promise<{ apiUrl: string; responseUrlBase: string }> {
    const a = await this.call({ kind: 'startFake', teamId });
    return { apiUrl: a.apiUrl, responseUrlBase: a.responseUrlBase };
  }

  async load(spec: LoadSpec): Promise<LoadResult> {
    return (await this.call({ kind: 'load', spec })).result;
  }

  async stats(detail = false): Promise<FakeStats> {
    return (await this.call({ kind: 'stats', detail })).stats;
  }

  async clear(): Promise<void> {
    await this.call({ kind: 'clear' });
  }

  /** Closes the fake and ends the thread. */
  async close(): Promise<void> {
    await this.call({ kind: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }
}
