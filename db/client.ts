import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { preparing } from './prepared-statements.js';
import * as schema from './schema.js';

/** The drizzle database, whichever driver is behind it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface OpenDatabase {
  readonly db: Database;
  /** `postgres` for a server, `pglite` for the embedded one. */
  readonly kind: 'postgres' | 'pglite';
  close(): Promise<void>;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
// Any constant works; it keeps two processes starting at once from migrating at the same time.
const MIGRATION_LOCK = 4_242_001;

/**
 * When Postgres goes away, postgres.js waits before reconnecting (its default backoff grows as
 * 3^failures / 100 s, up to 20 s, shared by the whole pool), and every command meanwhile waits for that
 * reconnect before it can fail: after a 10 s outage answers took seconds and recovery up to 20 s more.
 * A short capped backoff (at most ~1 s) answers "try again" quickly and recovers within a second; a
 * 10 s connect timeout (default 30) bounds a server that accepts nothing.
 */
const OUTAGE_OPTIONS = {
  connect_timeout: 10,
  backoff: (retries: number) => (0.5 + Math.random() / 2) * Math.min(0.05 * 2 ** retries, 1),
} as const;

/**
 * Opens the database and applies the committed migrations: postgres.js when a URL is given,
 * otherwise the embedded PGlite in `dataDir`. Both run the same schema and migrations.
 */
export async function openDatabase(opts: { url?: string; dataDir: string; poolSize?: number }): Promise<OpenDatabase> {
  if (opts.url) {
    const migrator = postgres(opts.url, { max: 1, onnotice: () => {} });
    try {
      await migrator`select pg_advisory_lock(${MIGRATION_LOCK})`;
      await migratePostgres(drizzlePostgres(migrator), { migrationsFolder: MIGRATIONS });
      await migrator`select pg_advisory_unlock(${MIGRATION_LOCK})`;
    } finally {
      await migrator.end();
    }
    const client = postgres(opts.url, { max: opts.poolSize ?? 10, onnotice: () => {}, ...OUTAGE_OPTIONS });
    return { db: drizzlePostgres(preparing(client), { schema }) as unknown as Database, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  mkdirSync(opts.dataDir, { recursive: true });
  const client = await PGlite.create(opts.dataDir);
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder: MIGRATIONS });
  return { db: db as unknown as Database, kind: 'pglite', close: () => client.close() };
}

/** Answers whether the database is reachable (for health checks). */
export async function ping(db: Database): Promise<boolean> {
  try {
    await db.execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
