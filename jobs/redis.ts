import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import { Redis } from 'ioredis';

export interface RedisEndpoint {
  readonly url: string;
  /** Stops the private redis-server when we started one. */
  stop(): Promise<void>;
}

function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1_000 });
  client.on('error', () => {});
  return client
    .connect()
    .then(() => client.ping())
    .then(() => true)
    .catch(() => false)
    .finally(() => client.disconnect());
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * The Redis to use: `REDIS_URL` when set; otherwise the local default when something answers there;
 * otherwise a private `redis-server` child on a free port, when one is on PATH.
 */
export async function resolveRedis(configured: string | undefined, fallback = 'redis://127.0.0.1:6379'): Promise<RedisEndpoint> {
  if (configured) return { url: configured, stop: async () => {} };
  if (await answers(fallback)) return { url: fallback, stop: async () => {} };
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await Promise.race([once(child, 'spawn'), once(child, 'error').then(([e]) => Promise.reject(e))]);
  } catch {
    throw new Error(
      `No Redis answers at ${fallback} and redis-server is not on PATH. Install Redis (Debian/Ubuntu: apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.`,
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    },
  };
}

/** A connection as BullMQ workers need it (blocking commands must not time out). */
export function bullConnection(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null });
}
