import { createHash } from 'node:crypto';
import { and, asc, eq, inArray, isNull, like, lt, or, sql } from 'drizzle-orm';
import { type AnyPgColumn, unionAll } from 'drizzle-orm/pg-core';
import type { JobOutcome, JobState, NudgeDmKind, ScheduledJob, ScheduledJobRepository, Space } from '../../src/app/ports.js';
import { DeliveryRefused } from '../../src/domain/errors.js';
import type { Database } from '../client.js';
import { elections, negotiations, polls, reminders, scheduledJobs, spaces } from '../schema.js';
import { anyOf, type Tx, writeAudit } from './shared.js';
import { batchedReads, TickBatches } from './tick-batches.js';

const toJob = (r: typeof scheduledJobs.$inferSelect): ScheduledJob => ({
  id: r.id,
  kind: r.kind as ScheduledJob['kind'],
  entityId: r.entityId,
  detail: r.detail,
  dueAt: r.dueAt,
  state: r.state as JobState,
});

/** A fanned-out job's id: a UUID-shaped digest of its parent and its person, the same every time. */
function childId(parentId: string, person: string): string {
  const h = createHash('sha256').update(`${parentId}\0${person}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x80; // version 8: custom
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Rows per INSERT when fanning out (Postgres takes at most 65,535 parameters a statement). */
const FAN_OUT_CHUNK = 2_000;

/** A job that ran no longer names its person (a nudge DM's `detail`): what it was for is done. */
const detailAfterRun = sql`case when ${scheduledJobs.kind} like '%-dm' then null else ${scheduledJobs.detail} end`;

/**
 * How long a worker holds a job it runs: longer than a delivery can take with the platform clients'
 * retries and rate-limit waits. A worker that dies holding a job leaves it pending: the next reconcile
 * after the lease lapsed puts it back on the queue.
 */
export const JOB_LEASE_SECONDS = 300;

export class DrizzleScheduledJobRepository implements ScheduledJobRepository {
  // Every job the worker runs reads its row, takes its lease and is marked done: what one turn of the
  // event loop asks of each goes in one statement.
  private readonly reads: TickBatches<string, ScheduledJob | undefined>;
  /** Whether each job was leased; false when it is not pending or another worker holds it. */
  private readonly claims: TickBatches<string, boolean>;
  private readonly dones: TickBatches<string, void>;
  /** Jobs whose work was done but whose `done` did not reach the database: a retry only records it. */
  private readonly doneNotRecorded = new Set<string>();

  /** Set as the process stops: a job not yet started is handed back instead of run. */
  private withholding = false;

  constructor(private readonly db: Database) {
    this.reads = batchedReads(async (ids) => new Map((await db.select().from(scheduledJobs).where(anyOf(scheduledJobs.id, ids))).map((r) => [r.id, toJob(r)])));
    this.claims = new TickBatches((ids) => this.claim(ids), (id) => [id]);
    this.dones = new TickBatches(async (ids) => {
      await db
        .update(scheduledJobs)
        .set({ state: 'done', doneAt: sql`now()`, leaseUntil: null, detail: detailAfterRun })
        .where(and(anyOf(scheduledJobs.id, ids), eq(scheduledJobs.state, 'pending')));
      return ids.map(() => undefined);
    });
  }

  get(jobId: string): Promise<ScheduledJob | undefined> {
    return this.reads.submit(jobId);
  }

  async pending(): Promise<ScheduledJob[]> {
    const rows = await this.db.select().from(scheduledJobs).where(eq(scheduledJobs.state, 'pending')).orderBy(asc(scheduledJobs.dueAt));
    return rows.map(toJob);
  }

  async finish(jobId: string): Promise<void> {
    await this.db.update(scheduledJobs).set({ state: 'done', doneAt: sql`now()` }).where(and(eq(scheduledJobs.id, jobId), eq(scheduledJobs.state, 'pending')));
  }

  async fanOut(parentId: string, kind: NudgeDmKind, entityId: string, people: readonly string[], dueAt: Date): Promise<ScheduledJob[]> {
    const rows = [...new Set(people)].map((person) => ({ id: childId(parentId, person), kind, entityId, detail: person, dueAt }));
    // Each chunk on its own: a parent that fails part-way is run again, and what exists stays as it is.
    for (let i = 0; i < rows.length; i += FAN_OUT_CHUNK) await this.db.insert(scheduledJobs).values(rows.slice(i, i + FAN_OUT_CHUNK)).onConflictDoNothing();
    const ids = rows.map((r) => r.id);
    const pending: ScheduledJob[] = [];
    for (let i = 0; i < ids.length; i += FAN_OUT_CHUNK) {
      const found = await this.db.select().from(scheduledJobs).where(and(inArray(scheduledJobs.id, ids.slice(i, i + FAN_OUT_CHUNK)), eq(scheduledJobs.state, 'pending')));
      pending.push(...found.map(toJob));
    }
    return pending;
  }

  /**
   * A lease on the job's row (not a row lock held through the work), so a slow platform holds no
   * database connection. Taking it, and marking the job done, are batched with other workers' jobs.
   */
  async runOnce(jobId: string, work: () => Promise<void>): Promise<JobOutcome> {
    // A retry of a job that was done but not recorded only records it (it must not be sent twice).
    if (this.doneNotRecorded.has(jobId)) return this.recordDone(jobId);
    if (this.withholding) return 'handed-back';
    // Not ours: done, cancelled, or run by another worker (which retries it itself if it fails).
    if (!(await this.claims.submit(jobId))) return 'skipped';
    if (this.withholding) {
      // Leased as the process began to stop, nothing done yet: another worker may run it now, not
      // after the lease lapsed.
      await this.db.update(scheduledJobs).set({ leaseUntil: null }).where(eq(scheduledJobs.id, jobId));
      return 'handed-back';
    }
    try {
      await work();
    } catch (err) {
      if (!(err instanceof DeliveryRefused)) {
        // Back to plain pending, so the queue's retry can run it at once (else the lease lapses).
        await this.db.update(scheduledJobs).set({ leaseUntil: null }).where(eq(scheduledJobs.id, jobId)).catch(() => {});
        throw err;
      }
      await this.db.update(scheduledJobs).set({ state: 'failed', failureReason: err.reason, doneAt: sql`now()`, leaseUntil: null, detail: detailAfterRun }).where(eq(scheduledJobs.id, jobId));
      return 'failed';
    }
    return this.recordDone(jobId);
  }

  /**
   * The process is stopping: from now on a job is handed back before its work starts ('handed-back',
   * lease cleared). Work already started goes on to its end; it may have sent something, and a
   * message on its way may have arrived.
   */
  withhold(): void {
    this.withholding = true;
  }

  /**
   * Fails every pending job of the networks bound to a channel of `workspace` (a Slack workspace, a
   * Discord server), with `reason`, and writes one audit entry per network that had any, in one
   * transaction. A job being run then is failed too: its `done` only applies to pending rows. Running
   * it again (another process saw the same event) changes nothing.
   */
  failPendingFor(workspace: Pick<Space, 'platform' | 'workspaceId'>, reason: string): Promise<number> {
    return this.db.transaction(async (tx) => {
      const owned = await pendingJobsOf(tx, workspace);
      if (owned.length === 0) return 0;
      const failed = await tx
        .update(scheduledJobs)
        .set({ state: 'failed', failureReason: reason, doneAt: sql`now()`, leaseUntil: null })
        .where(and(inArray(scheduledJobs.id, owned.map((o) => o.jobId)), eq(scheduledJobs.state, 'pending')))
        .returning({ id: scheduledJobs.id });
      const ids = new Set(failed.map((f) => f.id));
      const perNetwork = new Map<string, number>();
      for (const o of owned) if (ids.has(o.jobId)) perNetwork.set(o.networkId, (perNetwork.get(o.networkId) ?? 0) + 1);
      const actor = { platform: workspace.platform, workspaceId: workspace.workspaceId, userId: 'neuvo' };
      for (const [networkId, jobs] of perNetwork) await writeAudit(tx, networkId, { actor, action: 'jobs.failed', detail: { reason, jobs } });
      return ids.size;
    });
  }

  private async recordDone(jobId: string): Promise<JobOutcome> {
    try {
      await this.dones.submit(jobId);
    } catch (err) {
      this.doneNotRecorded.add(jobId);
      throw err;
    }
    this.doneNotRecorded.delete(jobId);
    return 'done';
  }

  /** Leases the pending, unleased (or lapsed) jobs among `ids`; says for each whether it got it. */
  private async claim(ids: readonly string[]): Promise<boolean[]> {
    const rows = await this.db
      .update(scheduledJobs)
      .set({ leaseUntil: sql`now() + ${JOB_LEASE_SECONDS}::int * interval '1 second'` })
      .where(and(anyOf(scheduledJobs.id, ids), eq(scheduledJobs.state, 'pending'), or(isNull(scheduledJobs.leaseUntil), lt(scheduledJobs.leaseUntil, sql`now()`))))
      .returning({ id: scheduledJobs.id });
    const claimed = new Set(rows.map((r) => r.id));
    return ids.map((id) => claimed.has(id));
  }
}

/**
 * The pending jobs of the networks bound to a channel of `workspace`, with their network. Reminders
 * own their job by `reminders.job_id`; elections', polls' and negotiations' jobs name them in
 * `entity_id`, and the budget reminder names the network itself.
 */
async function pendingJobsOf(tx: Tx, workspace: Pick<Space, 'platform' | 'workspaceId'>): Promise<{ jobId: string; networkId: string }[]> {
  const nets = tx
    .selectDistinct({ id: spaces.networkId })
    .from(spaces)
    .where(and(eq(spaces.platform, workspace.platform), eq(spaces.workspaceId, workspace.workspaceId)));
  const pending = eq(scheduledJobs.state, 'pending');
  const ofNetworks = (networkId: AnyPgColumn, kinds: string) => and(inArray(networkId, nets), pending, like(scheduledJobs.kind, kinds));
  const row = (networkId: AnyPgColumn) => ({ jobId: scheduledJobs.id, networkId: sql<string>`${networkId}` });
  return unionAll(
    tx.select(row(reminders.networkId)).from(reminders).innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId)).where(ofNetworks(reminders.networkId, 'reminder')),
    tx.select(row(elections.networkId)).from(elections).innerJoin(scheduledJobs, eq(scheduledJobs.entityId, elections.id)).where(ofNetworks(elections.networkId, 'election.%')),
    tx.select(row(polls.networkId)).from(polls).innerJoin(scheduledJobs, eq(scheduledJobs.entityId, polls.id)).where(ofNetworks(polls.networkId, 'poll.%')),
    tx.select(row(negotiations.networkId)).from(negotiations).innerJoin(scheduledJobs, eq(scheduledJobs.entityId, negotiations.id)).where(ofNetworks(negotiations.networkId, 'negotiation.%')),
    tx.select(row(scheduledJobs.entityId)).from(scheduledJobs).where(ofNetworks(scheduledJobs.entityId, 'budget.remind')),
  );
}
