import { randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import type { AuditEntry, PublishedResultRepository, PublishedSnapshot, PublishedSubject } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { publishedResults } from '../schema.js';
import { writeAudit } from './shared.js';

/** A page id: 128 random bits, base64url (22 characters). */
export const newPageId = () => randomBytes(16).toString('base64url');

const whereSubject = (s: PublishedSubject) => ('election' in s ? eq(publishedResults.electionId, s.election) : eq(publishedResults.pollId, s.poll));

export class DrizzlePublishedResultRepository implements PublishedResultRepository {
  constructor(private readonly db: Database) {}

  publish(networkId: string, subject: PublishedSubject, snapshot: PublishedSnapshot, audit: AuditEntry): Promise<{ id: string; fresh: boolean }> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .insert(publishedResults)
        .values({ id: newPageId(), networkId, snapshot, ...('election' in subject ? { electionId: subject.election } : { pollId: subject.poll }) })
        .onConflictDoNothing()
        .returning({ id: publishedResults.id });
      if (rows.length > 0) {
        await writeAudit(tx, networkId, audit);
        return { id: rows[0]!.id, fresh: true };
      }
      const [existing] = await tx.select({ id: publishedResults.id }).from(publishedResults).where(whereSubject(subject));
      return { id: existing!.id, fresh: false };
    });
  }

  async idOf(subject: PublishedSubject) {
    const [row] = await this.db.select({ id: publishedResults.id }).from(publishedResults).where(and(whereSubject(subject), isNull(publishedResults.takenDownAt)));
    return row?.id;
  }

  async status(subject: PublishedSubject) {
    const [row] = await this.db.select({ id: publishedResults.id, down: publishedResults.takenDownAt }).from(publishedResults).where(whereSubject(subject));
    return row && { id: row.id, up: row.down === null };
  }

  async byId(id: string) {
    const [row] = await this.db.select({ snapshot: publishedResults.snapshot }).from(publishedResults).where(and(eq(publishedResults.id, id), isNull(publishedResults.takenDownAt)));
    return (row?.snapshot ?? undefined) as PublishedSnapshot | undefined;
  }

  unpublish(networkId: string, subject: PublishedSubject, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(publishedResults)
        .set({ snapshot: null, takenDownAt: new Date() })
        .where(and(eq(publishedResults.networkId, networkId), whereSubject(subject), isNull(publishedResults.takenDownAt)))
        .returning({ id: publishedResults.id });
      if (rows.length === 0) return false;
      await writeAudit(tx, networkId, audit);
      return true;
    });
  }
}
