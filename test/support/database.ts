import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase } from '../../db/client.js';

/** The server the tests create their databases on (trust auth on this machine). */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const MIGRATIONS = fileURLToPath(new URL('../../db/migrations', import.meta.url));
// Held on the admin database while a template is checked or built, so that vitest workers (and other
// checkouts' runs on the same server) starting at once build it once.
const TEMPLATE_LOCK = 4_242_002;

const urlOf = (name: string) => {
  const url = new URL(TEST_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

/**
 * The name of the migrated template for the committed migrations: keyed by their hash, so that a
 * changed or added migration gets a template of its own rather than a stale one.
 */
function templateName(): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(MIGRATIONS, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!file.endsWith('.sql') && !file.endsWith('.json')) continue;
    hash.update(file).update('\0').update(readFileSync(join(MIGRATIONS, file))).update('\0');
  }
  return `neuvo_template_${hash.digest('hex').slice(0, 16)}`;
}

let template: Promise<string> | undefined;

/**
 * Makes sure the migrated template exists. Migrating a new database takes a second or more on a busy
 * machine, copying a template a few tens of milliseconds. The template is built under another name and
 * renamed only once migrated, so a run killed half way never leaves a half-migrated template behind.
 */
function migratedTemplate(): Promise<string> {
  template ??= (async () => {
    const name = templateName();
    const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
    try {
      await admin`select pg_advisory_lock(${TEMPLATE_LOCK})`;
      const [found] = await admin`select 1 from pg_database where datname = ${name}`;
      if (!found) {
        const building = `${name}_building`;
        await admin.unsafe(`drop database if exists ${building} with (force)`);
        await admin.unsafe(`create database ${building}`);
        const open = await openDatabase({ url: urlOf(building), dataDir: '/nonexistent', poolSize: 1 });
        await open.close();
        await admin.unsafe(`alter database ${building} rename to ${name}`);
      }
      await admin`select pg_advisory_unlock(${TEMPLATE_LOCK})`;
    } finally {
      await admin.end();
    }
    return name;
  })();
  // A failed attempt (say, Postgres restarting) is tried again by the next caller.
  template.catch(() => (template = undefined));
  return template;
}

/**
 * A fresh Postgres database for one test file, already migrated (a copy of the migrated template);
 * `empty: true` gives one with no schema at all, for tests of migrating itself. `drop()` removes it.
 */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `neuvo_t_${randomBytes(6).toString('hex')}`;
  const from = opts.empty ? '' : ` template ${await migratedTemplate()}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}${from}`);
  await admin.end();
  return {
    url: urlOf(name),
    async drop() {
      const a = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
