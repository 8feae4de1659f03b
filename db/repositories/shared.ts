import { and, eq, type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { AuditEntry, PersonRef } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { auditLog, idCounters, networks, persons } from '../schema.js';

/** A database or a transaction on it: repositories' helpers take either. */
export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0] | Database;

/** The person row of a platform identity, created on first sight. */
export async function personId(tx: Tx, p: PersonRef): Promise<string> {
  const [row] = await tx
    .insert(persons)
    .values({ platform: p.platform, workspaceId: p.workspaceId, userId: p.userId })
    .onConflictDoUpdate({ target: [persons.platform, persons.workspaceId, persons.userId], set: { userId: sql`excluded.user_id` } })
    .returning({ id: persons.id });
  return row!.id;
}

/** The id of an existing person, or undefined (reads never create people). */
export async function findPersonId(tx: Tx, p: PersonRef): Promise<string | undefined> {
  const [row] = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(and(eq(persons.platform, p.platform), eq(persons.workspaceId, p.workspaceId), eq(persons.userId, p.userId)));
  return row?.id;
}

/** The next short id number (J1, R1, …) of a network; atomic under concurrency. */
export async function nextSeq(tx: Tx, networkId: string, prefix: string): Promise<number> {
  const [row] = await tx
    .insert(idCounters)
    .values({ networkId, prefix, value: 1 })
    .onConflictDoUpdate({ target: [idCounters.networkId, idCounters.prefix], set: { value: sql`${idCounters.value} + 1` } })
    .returning({ value: idCounters.value });
  return row!.value;
}

export async function writeAudit(tx: Tx, networkId: string | null, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    networkId,
    platform: entry.actor.platform,
    userId: entry.actor.userId,
    action: entry.action,
    detail: entry.detail ?? null,
  });
}

/**
 * Locks the network's row until the transaction ends, so a count checked against a quota stays
 * true until the insert it allows commits (parallel requests wait their turn). NO KEY UPDATE, so
 * the foreign-key checks of other writes to the network (votes, audit entries) do not wait on it.
 */
export async function lockNetwork(tx: Tx, networkId: string): Promise<void> {
  await tx.select({ id: networks.id }).from(networks).where(eq(networks.id, networkId)).for('no key update');
}

/**
 * `column = any($1)`: a list of ids as one array parameter, so that the statement's text is the same
 * for any number of them and it can be prepared (see db/prepared-statements.ts).
 */
export function anyOf(column: AnyPgColumn, ids: readonly string[], type: 'uuid' | 'text' = 'uuid'): SQL {
  return sql`${column} = any(${sql.param([...ids])}::${sql.raw(type)}[])`;
}
