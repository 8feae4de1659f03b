/**
 * A space's network is cached for a few seconds; when the entry expires, the commands then in flight
 * share one read instead of each reading it (a burst of votes would otherwise queue a query each ahead
 * of the votes), and a change is seen by the reads that follow it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, type OpenDatabase, openDatabase } from '../db/client.js';
import { DrizzleNetworkRepository } from '../db/repositories/drizzle-network-repository.js';
import type { PersonRef, Space } from '../src/app/ports.js';
import { createTestDatabase } from './support/database.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let open: OpenDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  open = await openDatabase({ url: database.url, dataDir: '/nonexistent' });
});
afterAll(async () => {
  await open?.close();
  await database?.drop();
});

/** `db` with its `select` calls counted. */
function counting(db: Database): { db: Database; selects: () => number } {
  let n = 0;
  const counted = new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === 'select') n++;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { db: counted, selects: () => n };
}

const space: Space = { platform: 'slack', workspaceId: 'T0CACHE01', channelId: 'C0CACHE01' };
const coordinator: PersonRef = { platform: 'slack', workspaceId: 'T0CACHE01', userId: 'U0CACHE01' };
const settings = { areaId: 'pirkanmaa', lang: 'en' as const, zone: 'Europe/Helsinki', reminderOffsets: [], budgetReminder: null };

describe('networks by space', () => {
  it('reads an expired entry once for all the commands asking at once, and sees a change at once', async () => {
    const { db, selects } = counting(open.db);
    const repo = new DrizzleNetworkRepository(db, 1);
    const created = await repo.create(settings, space, coordinator, { actor: coordinator, action: 'network.setup' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const before = selects();
    const found = await Promise.all(Array.from({ length: 20 }, () => repo.findBySpace(space)));
    expect(found.every((n) => n?.id === created.id)).toBe(true);
    expect(selects() - before).toBe(1);

    const reading = repo.findBySpace(space);
    await repo.update(created.id, { ...settings, lang: 'fi' }, { actor: coordinator, action: 'network.settings' });
    // The read under way began before the change: the next one reads again and sees it.
    await reading;
    expect((await repo.findBySpace(space))?.lang).toBe('fi');
  });
});
