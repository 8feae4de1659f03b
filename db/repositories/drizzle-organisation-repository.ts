import { and, asc, eq, sql } from 'drizzle-orm';
import { DomainError } from '../../src/domain/errors.js';
import { matchOrg, type OrgMatch, orgKey } from '../../src/domain/org-names.js';
import type { AuditEntry, JoinRequest, Organisation, OrganisationRepository, PersonRef } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { joinRequests, orgMembers, organisations, persons } from '../schema.js';
import { findPersonId, lockNetwork, nextSeq, personId, type Tx, writeAudit } from './shared.js';

const byName = (networkId: string, name: string) =>
  and(eq(organisations.networkId, networkId), eq(sql`lower(${organisations.name})`, name.toLowerCase()));

async function orgRow(tx: Tx, networkId: string, name: string) {
  const [row] = await tx.select().from(organisations).where(byName(networkId, name));
  if (!row) throw new DomainError('org.unknown', { org: name });
  return row;
}

async function names(tx: Tx | Database, networkId: string): Promise<string[]> {
  const rows = await tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.networkId, networkId));
  return rows.map((r) => r.name);
}

export class DrizzleOrganisationRepository implements OrganisationRepository {
  constructor(private readonly db: Database) {}

  async list(networkId: string): Promise<Organisation[]> {
    const rows = await this.db
      .select({ name: organisations.name, userId: persons.userId })
      .from(organisations)
      .leftJoin(orgMembers, eq(orgMembers.orgId, organisations.id))
      .leftJoin(persons, eq(persons.id, orgMembers.personId))
      .where(eq(organisations.networkId, networkId))
      .orderBy(asc(sql`lower(${organisations.name})`), asc(persons.userId));
    const out = new Map<string, string[]>();
    for (const r of rows) {
      const members = out.get(r.name) ?? [];
      if (r.userId) members.push(r.userId);
      out.set(r.name, members);
    }
    return [...out].map(([name, members]) => ({ name, members }));
  }

  add(networkId: string, name: string, audit: AuditEntry): Promise<{ added: true } | { added: false; existing: string }> {
    return this.db.transaction(async (tx) => {
      // Names are unique by orgKey, which no index can hold: adds to one network take turns on its row.
      await lockNetwork(tx, networkId);
      const existing = (await names(tx, networkId)).find((n) => orgKey(n) === orgKey(name));
      if (existing !== undefined) return { added: false, existing };
      await tx.insert(organisations).values({ networkId, name });
      await writeAudit(tx, networkId, audit);
      return { added: true };
    });
  }

  remove(networkId: string, name: string, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx.delete(organisations).where(byName(networkId, name)).returning();
      if (rows.length > 0) await writeAudit(tx, networkId, audit);
      return rows.length > 0;
    });
  }

  async find(networkId: string, name: string): Promise<OrgMatch> {
    return matchOrg(await names(this.db, networkId), name);
  }

  addMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const org = await orgRow(tx, networkId, orgName);
      const rows = await tx
        .insert(orgMembers)
        .values({ orgId: org.id, personId: await personId(tx, person) })
        .onConflictDoNothing()
        .returning();
      if (rows.length > 0) await writeAudit(tx, networkId, audit);
      return rows.length > 0;
    });
  }

  removeMember(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const org = await orgRow(tx, networkId, orgName);
      const pid = await findPersonId(tx, person);
      if (!pid) return false;
      const rows = await tx.delete(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.personId, pid))).returning();
      if (rows.length > 0) await writeAudit(tx, networkId, audit);
      return rows.length > 0;
    });
  }

  async memberships(networkId: string, person: PersonRef): Promise<string[]> {
    const pid = await findPersonId(this.db, person);
    if (!pid) return [];
    const rows = await this.db
      .select({ name: organisations.name })
      .from(orgMembers)
      .innerJoin(organisations, eq(organisations.id, orgMembers.orgId))
      .where(and(eq(organisations.networkId, networkId), eq(orgMembers.personId, pid)))
      .orderBy(asc(organisations.name));
    return rows.map((r) => r.name);
  }

  requestJoin(networkId: string, orgName: string, person: PersonRef, audit: AuditEntry): Promise<JoinRequest> {
    return this.db.transaction(async (tx) => {
      const org = await orgRow(tx, networkId, orgName);
      const pid = await personId(tx, person);
      const member = await tx.select().from(orgMembers).where(and(eq(orgMembers.orgId, org.id), eq(orgMembers.personId, pid)));
      if (member.length > 0) throw new DomainError('org.join-already-member', { org: org.name });
      const [open] = await tx
        .select({ seq: joinRequests.seq })
        .from(joinRequests)
        .where(and(eq(joinRequests.orgId, org.id), eq(joinRequests.personId, pid), eq(joinRequests.state, 'pending')));
      if (open) throw new DomainError('org.join-pending', { org: org.name, id: `J${open.seq}` });
      const seq = await nextSeq(tx, networkId, 'J');
      await tx.insert(joinRequests).values({ networkId, seq, orgId: org.id, personId: pid });
      await writeAudit(tx, networkId, audit);
      return { seq, orgName: org.name, userId: person.userId, state: 'pending' };
    });
  }

  decideJoin(networkId: string, seq: number, approve: boolean, audit: AuditEntry): Promise<JoinRequest> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select({ r: joinRequests, org: organisations.name, userId: persons.userId })
        .from(joinRequests)
        .innerJoin(organisations, eq(organisations.id, joinRequests.orgId))
        .innerJoin(persons, eq(persons.id, joinRequests.personId))
        .where(and(eq(joinRequests.networkId, networkId), eq(joinRequests.seq, seq)))
        .for('update', { of: joinRequests });
      if (!row) throw new DomainError('org.join-unknown', { id: `J${seq}` });
      if (row.r.state !== 'pending') throw new DomainError('org.join-decided', { id: `J${seq}` });
      const state = approve ? 'approved' : 'declined';
      await tx.update(joinRequests).set({ state }).where(eq(joinRequests.id, row.r.id));
      if (approve) await tx.insert(orgMembers).values({ orgId: row.r.orgId, personId: row.r.personId }).onConflictDoNothing();
      await writeAudit(tx, networkId, audit);
      return { seq, orgName: row.org, userId: row.userId, state };
    });
  }

  async pendingJoins(networkId: string): Promise<JoinRequest[]> {
    const rows = await this.db
      .select({ seq: joinRequests.seq, org: organisations.name, userId: persons.userId })
      .from(joinRequests)
      .innerJoin(organisations, eq(organisations.id, joinRequests.orgId))
      .innerJoin(persons, eq(persons.id, joinRequests.personId))
      .where(and(eq(joinRequests.networkId, networkId), eq(joinRequests.state, 'pending')))
      .orderBy(asc(joinRequests.seq));
    return rows.map((r) => ({ seq: r.seq, orgName: r.org, userId: r.userId, state: 'pending' }));
  }
}
