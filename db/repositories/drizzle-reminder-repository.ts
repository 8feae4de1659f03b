import { and, asc, count, eq } from 'drizzle-orm';
import type { Target } from '../../src/commands/parser.js';
import { DomainError } from '../../src/domain/errors.js';
import type { AuditEntry, JobState, NewReminder, Platform, Reminder, ReminderDelivery, ReminderQuota, ReminderRepository } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { networks, reminders, scheduledJobs, spaces } from '../schema.js';
import { toNetwork } from './drizzle-network-repository.js';
import { anyOf, lockNetwork, nextSeq, type Tx, writeAudit } from './shared.js';
import { batchedReads, type TickBatches } from './tick-batches.js';

type Row = { r: typeof reminders.$inferSelect; j: typeof scheduledJobs.$inferSelect };

const toReminder = ({ r, j }: Row): Reminder => ({
  seq: r.seq,
  message: r.message,
  dueAt: j.dueAt,
  space: { platform: r.platform as Platform, workspaceId: r.workspaceId, channelId: r.channelId },
  target: { kind: r.targetKind, id: r.targetId } as Target,
  createdBy: r.createdBy,
  jobId: r.jobId,
  state: j.state as JobState,
});

export class DrizzleReminderRepository implements ReminderRepository {
  /** Every delivery reads its reminder; the reads of one turn of the event loop go together. */
  private readonly byJobs: TickBatches<string, ReminderDelivery | undefined>;

  constructor(private readonly db: Database) {
    this.byJobs = batchedReads(async (jobIds) => {
      // The reminder, its job, its network and its target channel's binding in one statement: one
      // round trip per batch of deliveries instead of three.
      const rows = await db
        .select({ r: reminders, j: scheduledJobs, n: networks, boundChannel: spaces.channelId })
        .from(reminders)
        .innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId))
        .innerJoin(networks, eq(networks.id, reminders.networkId))
        .leftJoin(
          spaces,
          and(
            eq(reminders.targetKind, 'channel'),
            eq(spaces.platform, reminders.platform),
            eq(spaces.workspaceId, reminders.workspaceId),
            eq(spaces.channelId, reminders.targetId),
            eq(spaces.networkId, reminders.networkId),
          ),
        )
        .where(anyOf(reminders.jobId, jobIds));
      return new Map(rows.map((row) => [row.r.jobId, { ...toReminder(row), network: toNetwork(row.n), targetBound: row.boundChannel !== null }]));
    });
  }

  private select() {
    return this.db.select({ r: reminders, j: scheduledJobs }).from(reminders).innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId));
  }

  create(networkId: string, input: NewReminder, quota: ReminderQuota, audit: AuditEntry): Promise<Reminder> {
    return this.db.transaction(async (tx) => {
      await lockNetwork(tx, networkId);
      if ((await this.countPending(tx, networkId)) >= quota.perNetwork) throw new DomainError('limit.reminders-per-network', { max: quota.perNetwork });
      if (quota.perPerson !== undefined && (await this.countPending(tx, networkId, input)) >= quota.perPerson) {
        throw new DomainError('limit.reminders-per-person', { max: quota.perPerson });
      }
      const [job] = await tx.insert(scheduledJobs).values({ kind: 'reminder', dueAt: input.dueAt }).returning();
      const seq = await nextSeq(tx, networkId, 'R');
      const [row] = await tx
        .insert(reminders)
        .values({
          networkId,
          seq,
          message: input.message,
          platform: input.space.platform,
          workspaceId: input.space.workspaceId,
          channelId: input.space.channelId,
          targetKind: input.target.kind,
          targetId: input.target.id,
          createdBy: input.createdBy,
          jobId: job!.id,
        })
        .returning();
      await writeAudit(tx, networkId, audit);
      return toReminder({ r: row!, j: job! });
    });
  }

  /** The network's pending reminders, or those `by` set. */
  private async countPending(tx: Tx, networkId: string, by?: Pick<NewReminder, 'space' | 'createdBy'>): Promise<number> {
    const [row] = await tx
      .select({ n: count() })
      .from(reminders)
      .innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId))
      .where(
        and(
          eq(reminders.networkId, networkId),
          eq(scheduledJobs.state, 'pending'),
          ...(by ? [eq(reminders.platform, by.space.platform), eq(reminders.workspaceId, by.space.workspaceId), eq(reminders.createdBy, by.createdBy)] : []),
        ),
      );
    return row!.n;
  }

  async pending(networkId: string): Promise<Reminder[]> {
    const rows = await this.select()
      .where(and(eq(reminders.networkId, networkId), eq(scheduledJobs.state, 'pending')))
      .orderBy(asc(scheduledJobs.dueAt), asc(reminders.seq));
    return rows.map(toReminder);
  }

  async find(networkId: string, seq: number): Promise<Reminder | undefined> {
    const [row] = await this.select().where(and(eq(reminders.networkId, networkId), eq(reminders.seq, seq)));
    return row ? toReminder(row) : undefined;
  }

  byJob(jobId: string) {
    return this.byJobs.submit(jobId);
  }

  cancel(networkId: string, seq: number, audit: AuditEntry): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.select({ jobId: reminders.jobId }).from(reminders).where(and(eq(reminders.networkId, networkId), eq(reminders.seq, seq)));
      if (!row) return false;
      const done = await tx
        .update(scheduledJobs)
        .set({ state: 'cancelled', doneAt: new Date() })
        .where(and(eq(scheduledJobs.id, row.jobId), eq(scheduledJobs.state, 'pending')))
        .returning();
      if (done.length > 0) await writeAudit(tx, networkId, audit);
      return done.length > 0;
    });
  }
}
