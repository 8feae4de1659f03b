/**
 * Statements of fixed text run prepared on their connection (one round trip, pipelined), inside
 * transactions too; texts that vary with the input (drizzle's `in (…)` lists) stay unnamed, since a
 * prepared text is kept for the connection's life.
 */
import { randomUUID } from 'node:crypto';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import { anyOf } from '../db/repositories/shared.js';
import { networks } from '../db/schema.js';
import { createTestDatabase } from './support/database.js';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let open: OpenDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  // One connection, so the prepared statements read back are those of the statements run here.
  open = await openDatabase({ url: database.url, dataDir: '/nonexistent', poolSize: 1 });
});
afterAll(async () => {
  await open?.close();
  await database?.drop();
});

const preparedTexts = async () => (await open.db.execute(sql`select statement from pg_prepared_statements`)) as unknown as { statement: string }[];

describe('prepared statements', () => {
  it('prepares fixed texts, in and out of transactions, and leaves input-sized lists unnamed', async () => {
    const ids = [randomUUID(), randomUUID(), randomUUID()];
    expect(await open.db.select({ id: networks.id }).from(networks).where(eq(networks.areaId, 'fixed-text'))).toEqual([]);
    expect(await open.db.select({ id: networks.id }).from(networks).where(anyOf(networks.id, ids))).toEqual([]);
    expect(await open.db.select({ lang: networks.lang }).from(networks).where(inArray(networks.id, ids))).toEqual([]);
    await open.db.transaction(async (tx) => {
      expect(await tx.select({ zone: networks.zone }).from(networks).where(eq(networks.id, ids[0]!))).toEqual([]);
    });
    const texts = (await preparedTexts()).map((r) => r.statement);
    expect(texts.filter((t) => t.includes('"area_id" = $1'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('= any($1::uuid[])'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('select "zone"'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes(' in ('))).toEqual([]);
  });
});
