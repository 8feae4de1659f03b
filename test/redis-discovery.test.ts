import net from 'node:net';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { resolveRedis } from '../jobs/redis.js';

/** A loopback port nothing listens on. */
function unusedPort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

describe('finding a Redis', () => {
  it('uses REDIS_URL as given', async () => {
    const r = await resolveRedis('redis://example.invalid:6379');
    expect(r.url).toBe('redis://example.invalid:6379');
  });

  it('uses the local default when it answers', async () => {
    const r = await resolveRedis(undefined, 'redis://127.0.0.1:6379');
    expect(r.url).toBe('redis://127.0.0.1:6379');
  });

  it('starts a private redis-server when nothing answers, and stops it', async () => {
    const r = await resolveRedis(undefined, `redis://127.0.0.1:${await unusedPort()}`);
    const client = new Redis(r.url, { lazyConnect: true });
    await client.connect();
    expect(await client.ping()).toBe('PONG');
    client.disconnect();
    await r.stop();
    const after = new Redis(r.url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    after.on('error', () => {});
    await expect(after.connect()).rejects.toThrow();
    after.disconnect();
  });

  it('says how to get Redis when none answers and redis-server is not installed', async () => {
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      await expect(resolveRedis(undefined, `redis://127.0.0.1:${await unusedPort()}`)).rejects.toThrow(/redis-server is not on PATH. Install Redis .* or set REDIS_URL/);
    } finally {
      process.env.PATH = path;
    }
  });
});
