/**
 * Fault tests: a private `redis-server` child on a free loopback port that keeps nothing on disk, so a
 * test can kill and restart it (never the shared Redis at 6379 that other test files use).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';
import { waitUntil } from '../../bench/lib/stats.js';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 500 });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export interface PrivateRedis {
  readonly url: string;
  /** SIGKILLs the server (everything in it is lost) and starts an empty one on the same port. */
  restart(): Promise<void>;
  /** Stops the server. */
  stop(): Promise<void>;
}

export async function startPrivateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([e]) => Promise.reject(e as Error))]);
    if (!(await waitUntil(() => answers(url), 30_000, 50))) throw new Error(`redis-server on ${port} did not answer`);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    const gone = once(c, 'exit');
    c.kill(signal);
    await gone;
  };
  await start();
  return {
    url,
    async restart() {
      await kill('SIGKILL');
      await start();
    },
    stop: () => kill('SIGTERM'),
  };
}
