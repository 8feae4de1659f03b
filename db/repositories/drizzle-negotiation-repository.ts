import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { PlannedJob } from '../../src/domain/negotiation.js';
import type {
  AuditEntry,
  JobKind,
  JobState,
  MessageRef,
  Negotiation,
  NegotiationChanges,
  NegotiationJob,
  NegotiationRepository,
  NegotiationResult,
  NewNegotiation,
  Platform,
  Replanned,
  ScheduledJob,
  Space,
} from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { negotiations, scheduledJobs, spaces } from '../schema.js';
import { nextSeq, type Tx, writeAudit } from './shared.js';

type Row = typeof negotiations.$inferSelect;

const toNegotiation = (r: Row): Negotiation => ({
  id: r.id,
  networkId: r.networkId,
  seq: r.seq,
  title: r.title,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  place: r.place,
  link: r.link,
  about: r.about,
  state: r.state as Negotiation['state'],
  result: r.resultLink ? { link: r.resultLink, summary: r.resultSummary } : null,
  space: { platform: r.platform as Platform, workspaceId: r.workspaceId, channelId: r.channelId },
  card: r.card as MessageRef | null,
  eventId: r.discordEventId,
  createdBy: r.createdBy,
  revision: r.revision,
});

/** A negotiation's own jobs; budget jobs belong to the network. */
const NEGOTIATION_KINDS: JobKind[] = ['negotiation.remind', 'negotiation.follow-up'];

/**
 * Cancels the entity's pending jobs of `kinds` (except `keep`) and inserts `jobs`, inside the caller's
 * transaction, so the old plan and the new one never both stand.
 */
async function replaceJobs(tx: Tx, entityId: string, kinds: JobKind[], jobs: readonly PlannedJob[], keep?: string): Promise<Replanned> {
  const cancelled = await tx
    .update(scheduledJobs)
    .set({ state: 'cancelled', doneAt: sql`now()` })
    .where(
      and(
        eq(scheduledJobs.entityId, entityId),
        eq(scheduledJobs.state, 'pending'),
        inArray(scheduledJobs.kind, kinds),
        ...(keep ? [ne(scheduledJobs.id, keep)] : []),
      ),
    )
    .returning({ id: scheduledJobs.id });
  const created: ScheduledJob[] = [];
  for (const j of jobs) {
    const [row] = await tx.insert(scheduledJobs).values({ kind: j.kind, entityId, detail: j.detail, dueAt: j.dueAt }).returning();
    created.push({ id: row!.id, kind: j.kind, entityId, dueAt: row!.dueAt, state: 'pending' });
  }
  return { cancelled: cancelled.map((c) => c.id), created };
}

export class DrizzleNegotiationRepository implements NegotiationRepository {
  constructor(private readonly db: Database) {}

  create(networkId: string, n: NewNegotiation, jobs: readonly PlannedJob[], audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const seq = await nextSeq(tx, networkId, 'N');
      const [row] = await tx
        .insert(negotiations)
        .values({
          networkId,
          seq,
          title: n.title,
          startsAt: n.startsAt,
          endsAt: n.endsAt,
          place: n.place,
          link: n.link,
          about: n.about,
          platform: n.space.platform,
          workspaceId: n.space.workspaceId,
          channelId: n.space.channelId,
          createdBy: n.createdBy,
        })
        .returning();
      const { created } = await replaceJobs(tx, row!.id, NEGOTIATION_KINDS, jobs);
      await writeAudit(tx, networkId, { ...audit, detail: { ...audit.detail, negotiation: `N${seq}` } });
      return { negotiation: toNegotiation(row!), jobs: [...created] };
    });
  }

  async find(networkId: string, seq: number) {
    const [row] = await this.db.select().from(negotiations).where(and(eq(negotiations.networkId, networkId), eq(negotiations.seq, seq)));
    return row ? toNegotiation(row) : undefined;
  }

  async byId(id: string) {
    const [row] = await this.db.select().from(negotiations).where(eq(negotiations.id, id));
    return row ? toNegotiation(row) : undefined;
  }

  async list(networkId: string) {
    const rows = await this.db.select().from(negotiations).where(eq(negotiations.networkId, networkId)).orderBy(asc(negotiations.startsAt), asc(negotiations.seq));
    return rows.map(toNegotiation);
  }

  edit(id: string, changes: NegotiationChanges, jobs: readonly PlannedJob[] | undefined, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      // The row lock orders edits and cancellations of one negotiation.
      const [current] = await tx.select().from(negotiations).where(eq(negotiations.id, id)).for('update');
      if (current?.state !== 'scheduled') return undefined;
      const [row] = Object.keys(changes).length > 0 ? await tx.update(negotiations).set({ ...changes, revision: sql`${negotiations.revision} + 1` }).where(eq(negotiations.id, id)).returning() : [current];
      const replanned = jobs ? await replaceJobs(tx, id, NEGOTIATION_KINDS, jobs) : { cancelled: [], created: [] };
      await writeAudit(tx, current.networkId, audit);
      return { negotiation: toNegotiation(row!), ...replanned };
    });
  }

  cancel(id: string, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(negotiations)
        .set({ state: 'cancelled', revision: sql`${negotiations.revision} + 1` })
        .where(and(eq(negotiations.id, id), eq(negotiations.state, 'scheduled')))
        .returning();
      if (!row) return undefined;
      const { cancelled } = await replaceJobs(tx, id, NEGOTIATION_KINDS, []);
      await writeAudit(tx, row.networkId, audit);
      return { negotiation: toNegotiation(row), cancelled };
    });
  }

  setResult(id: string, result: NegotiationResult, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .update(negotiations)
        .set({ resultLink: result.link, resultSummary: result.summary, revision: sql`${negotiations.revision} + 1` })
        .where(and(eq(negotiations.id, id), eq(negotiations.state, 'scheduled')))
        .returning();
      if (!row) return undefined;
      await writeAudit(tx, row.networkId, audit);
      return toNegotiation(row);
    });
  }

  async setCard(id: string, card: MessageRef) {
    await this.db.update(negotiations).set({ card }).where(eq(negotiations.id, id));
  }

  async setEventId(id: string, eventId: string) {
    await this.db.update(negotiations).set({ discordEventId: eventId }).where(eq(negotiations.id, id));
  }

  async job(jobId: string): Promise<NegotiationJob | undefined> {
    const [r] = await this.db.select().from(scheduledJobs).where(eq(scheduledJobs.id, jobId));
    return r ? { id: r.id, kind: r.kind as JobKind, entityId: r.entityId, detail: r.detail, dueAt: r.dueAt, state: r.state as JobState } : undefined;
  }

  replaceBudgetJob(networkId: string, job: PlannedJob | null, keep?: string) {
    return this.db.transaction((tx) => replaceJobs(tx, networkId, ['budget.remind'], job ? [job] : [], keep));
  }

  async spaces(networkId: string): Promise<Space[]> {
    const rows = await this.db.select().from(spaces).where(eq(spaces.networkId, networkId));
    return rows.map((r) => ({ platform: r.platform as Platform, workspaceId: r.workspaceId, channelId: r.channelId }));
  }
}
