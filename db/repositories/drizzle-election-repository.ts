import { randomInt } from 'node:crypto';
import { and, asc, count, eq, inArray, max, or, sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { BalanceMode, Gender } from '../../src/domain/balance.js';
import { type Answer, type Candidate, type Method, pairState, type Per, type Phase, type StvRule } from '../../src/domain/election.js';
import { DomainError } from '../../src/domain/errors.js';
import type {
  AuditEntry,
  Election,
  ElectionRepository,
  ElectionResult,
  JobKind,
  MessageRef,
  NewElection,
  Platform,
  RollEntry,
  ScheduledJob,
  VoteOutcome,
} from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { electionBallots, electionCandidates, electionParticipations, electionRoll, elections, electionSealedBallots, scheduledJobs, voteKeys } from '../schema.js';
import type { VoteSealer } from '../sealing.js';
import { type OpenBallot, openBallotBatches } from './open-ballot-batches.js';
import type { TickBatches } from './tick-batches.js';
import { lockNetwork, nextSeq, type Tx, writeAudit } from './shared.js';

const toElection = (r: typeof elections.$inferSelect): Election => ({
  id: r.id,
  networkId: r.networkId,
  seq: r.seq,
  title: r.title,
  seats: r.seats,
  method: r.method as Method,
  rule: r.rule as StvRule,
  per: r.per as Per,
  secret: r.secret,
  public: r.public,
  phase: r.phase as Phase,
  nominateUntil: r.nominateUntil,
  voteUntil: r.voteUntil,
  createdBy: r.createdBy,
  space: { platform: r.platform as Platform, workspaceId: r.workspaceId, channelId: r.channelId },
  result: r.result as ElectionResult | null,
  card: r.card as MessageRef | null,
  deputies: r.deputies,
  balance: r.balance as BalanceMode,
  quorum: r.quorum,
  term: r.term,
});

const toCandidate = (r: typeof electionCandidates.$inferSelect): Candidate => ({
  seq: r.seq,
  userId: r.userId,
  org: r.org,
  state: pairState(r.state as Answer, r.deputyUserId ? (r.deputyState as Answer) : null),
  own: r.state as Answer,
  statement: r.statement,
  gender: r.gender as Gender | null,
  deputy: r.deputyUserId ? { userId: r.deputyUserId, state: r.deputyState as Answer, gender: r.deputyGender as Gender | null } : null,
});

// Receipt codes: unambiguous letters and digits, 10 of them (~50 bits): unguessable, easy to read out.
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const receiptCode = () => Array.from({ length: 10 }, () => RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)]).join('');

const scopeOf = (electionId: string) => `election:${electionId}`;

// Rows per INSERT when a closing election's ballots are opened (Postgres takes at most 65,535 parameters).
const UNSEAL_CHUNK = 5_000;

export class DrizzleElectionRepository implements ElectionRepository {
  private readonly openBallots: TickBatches<OpenBallot, VoteOutcome>;
  /**
   * Voting elections with their roll and candidates, by network and number: both are fixed while an
   * election is voting, and its phase (the one thing that still changes) is checked by every vote
   * in the database. Elections in other phases are read afresh.
   */
  private readonly voting = new LRUCache<string, { election: Election; roll: RollEntry[]; candidates: Candidate[] }>({ max: 1_000, ttl: 60_000 });

  constructor(
    private readonly db: Database,
    private readonly sealer: VoteSealer,
  ) {
    this.openBallots = openBallotBatches(db);
  }

  async ballotContext(networkId: string, seq: number, userId: string) {
    const key = `${networkId}:${seq}`;
    let found = this.voting.get(key);
    if (!found) {
      const election = await this.find(networkId, seq);
      if (!election) return undefined;
      const [roll, candidates] = await Promise.all([election.phase === 'nominating' ? [] : this.roll(election.id), this.candidates(election.id)]);
      found = { election, roll, candidates };
      if (election.phase === 'voting') this.voting.set(key, found);
    }
    return { election: found.election, entries: found.roll.filter((r) => r.members.includes(userId)), candidates: found.candidates };
  }

  create(networkId: string, e: NewElection, jobs: readonly { kind: JobKind; dueAt: Date }[], maxOpen: number, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      await lockNetwork(tx, networkId);
      const [open] = await tx.select({ n: count() }).from(elections).where(and(eq(elections.networkId, networkId), inArray(elections.phase, ['nominating', 'voting'])));
      if (open!.n >= maxOpen) throw new DomainError('limit.open-elections', { max: maxOpen });
      const seq = await nextSeq(tx, networkId, 'E');
      const [row] = await tx
        .insert(elections)
        .values({
          networkId,
          seq,
          title: e.title,
          seats: e.seats,
          method: e.method,
          rule: e.rule,
          per: e.per,
          secret: e.secret,
          public: e.public ?? false,
          nominateUntil: e.nominateUntil,
          voteUntil: e.voteUntil,
          deputies: e.deputies,
          balance: e.balance,
          quorum: e.quorum,
          term: e.term,
          createdBy: e.createdBy,
          platform: e.space.platform,
          workspaceId: e.space.workspaceId,
          channelId: e.space.channelId,
        })
        .returning();
      const created: ScheduledJob[] = [];
      for (const j of jobs) {
        const [job] = await tx.insert(scheduledJobs).values({ kind: j.kind, entityId: row!.id, dueAt: j.dueAt }).returning();
        created.push({ id: job!.id, kind: j.kind, entityId: row!.id, dueAt: job!.dueAt, state: 'pending' });
      }
      await writeAudit(tx, networkId, { ...audit, detail: { ...audit.detail, election: `E${seq}` } });
      return { election: toElection(row!), jobs: created };
    });
  }

  async find(networkId: string, seq: number) {
    const [row] = await this.db.select().from(elections).where(and(eq(elections.networkId, networkId), eq(elections.seq, seq)));
    return row ? toElection(row) : undefined;
  }

  async byId(id: string) {
    const [row] = await this.db.select().from(elections).where(eq(elections.id, id));
    return row ? toElection(row) : undefined;
  }

  async list(networkId: string) {
    const rows = await this.db.select().from(elections).where(eq(elections.networkId, networkId)).orderBy(asc(elections.seq));
    return rows.map(toElection);
  }

  async candidates(electionId: string) {
    const rows = await this.db.select().from(electionCandidates).where(eq(electionCandidates.electionId, electionId)).orderBy(asc(electionCandidates.seq));
    return rows.map(toCandidate);
  }

  nominate(
    electionId: string,
    c: { userId: string; org: string | null; accepted: boolean; by: string; deputy?: string | null; deputyAccepted?: boolean; statement?: string | null },
    limits: { readonly nominees: number; readonly perPerson: number | undefined }, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const [e] = await tx.select().from(elections).where(eq(elections.id, electionId)).for('update');
      if (e?.phase !== 'nominating') throw new DomainError('election.not-nominating', { id: `E${e?.seq}` });
      const [{ last } = { last: 0 }] = await tx.select({ last: max(electionCandidates.seq) }).from(electionCandidates).where(eq(electionCandidates.electionId, electionId));
      // Under the election's row lock, so parallel nominations cannot pass the limit. Candidates are never
      // deleted, so the last number is how many were nominated (declined ones count too).
      if ((last ?? 0) >= limits.nominees) throw new DomainError('limit.nominations', { max: limits.nominees });
      if (limits.perPerson !== undefined) {
        const [mine] = await tx.select({ n: count() }).from(electionCandidates).where(and(eq(electionCandidates.electionId, electionId), eq(electionCandidates.nominatedBy, c.by)));
        if (mine!.n >= limits.perPerson) throw new DomainError('limit.nominations-per-person', { max: limits.perPerson });
      }
      // One pair per person: a deputy is nobody's candidate or deputy already, a candidate nobody's deputy.
      const people = c.deputy ? [c.userId, c.deputy] : [c.userId];
      const [taken] = await tx
        .select({ userId: electionCandidates.userId, deputy: electionCandidates.deputyUserId })
        .from(electionCandidates)
        .where(and(eq(electionCandidates.electionId, electionId), or(inArray(electionCandidates.deputyUserId, people), ...(c.deputy ? [eq(electionCandidates.userId, c.deputy)] : []))));
      if (taken) {
        const who = c.deputy && (taken.userId === c.deputy || taken.deputy === c.deputy) ? c.deputy : c.userId;
        throw new DomainError('election.already-in-pair', { user: { user: who }, id: `E${e.seq}` });
      }
      const rows = await tx
        .insert(electionCandidates)
        .values({
          electionId,
          seq: (last ?? 0) + 1,
          userId: c.userId,
          org: c.org,
          state: c.accepted ? 'accepted' : 'nominated',
          nominatedBy: c.by,
          statement: c.statement ?? null,
          deputyUserId: c.deputy ?? null,
          deputyState: c.deputy ? (c.deputyAccepted ? 'accepted' : 'nominated') : null,
        })
        .onConflictDoNothing()
        .returning();
      if (rows.length === 0) throw new DomainError('election.already-nominated', { user: { user: c.userId }, id: `E${e.seq}` });
      await writeAudit(tx, e.networkId, audit);
      return toCandidate(rows[0]!);
    });
  }

  answer(electionId: string, userId: string, accept: boolean, audit: AuditEntry, gender: Gender | null = null) {
    return this.db.transaction(async (tx) => {
      const [e] = await tx.select().from(elections).where(eq(elections.id, electionId)).for('update');
      if (e?.phase !== 'nominating') throw new DomainError('election.not-nominating', { id: `E${e?.seq}` });
      const state = accept ? 'accepted' : 'declined';
      // A stated gender is kept only with an acceptance: declining forgets it.
      const kept = accept ? gender : null;
      let as: 'candidate' | 'deputy' = 'candidate';
      let rows = await tx
        .update(electionCandidates)
        .set({ state, gender: kept })
        .where(and(eq(electionCandidates.electionId, electionId), eq(electionCandidates.userId, userId)))
        .returning();
      if (rows.length === 0) {
        as = 'deputy';
        rows = await tx
          .update(electionCandidates)
          .set({ deputyState: state, deputyGender: kept })
          .where(and(eq(electionCandidates.electionId, electionId), eq(electionCandidates.deputyUserId, userId)))
          .returning();
      }
      if (rows.length === 0) return undefined;
      await writeAudit(tx, e.networkId, audit);
      return { candidate: toCandidate(rows[0]!), as };
    });
  }

  reopen(electionId: string, voteUntil: Date, jobs: readonly { kind: JobKind; dueAt: Date }[], audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const [e] = await tx.select().from(elections).where(eq(elections.id, electionId)).for('update');
      const result = e?.result as ElectionResult | null | undefined;
      if (e?.phase !== 'closed' || !result?.quorum || result.quorum.reached) return false as const;
      await tx.update(elections).set({ phase: 'voting', result: null, voteUntil }).where(eq(elections.id, electionId));
      const created: ScheduledJob[] = [];
      for (const j of jobs) {
        const [job] = await tx.insert(scheduledJobs).values({ kind: j.kind, entityId: electionId, dueAt: j.dueAt }).returning();
        created.push({ id: job!.id, kind: j.kind, entityId: electionId, dueAt: job!.dueAt, state: 'pending' });
      }
      await writeAudit(tx, e.networkId, audit);
      return created;
    });
  }

  open(electionId: string, roll: readonly RollEntry[], audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .update(elections)
        .set({ phase: 'voting' })
        .where(and(eq(elections.id, electionId), eq(elections.phase, 'nominating')))
        .returning();
      if (rows.length === 0) return false;
      if (roll.length > 0) {
        await tx.insert(electionRoll).values(roll.map((r) => ({ electionId, voterKey: r.voterKey, label: r.label, members: [...r.members] })));
      }
      await writeAudit(tx, rows[0]!.networkId, audit);
      return true;
    });
  }

  async roll(electionId: string) {
    const rows = await this.db.select().from(electionRoll).where(eq(electionRoll.electionId, electionId)).orderBy(asc(electionRoll.label));
    return rows.map((r) => ({ voterKey: r.voterKey, label: r.label, members: r.members }));
  }

  async voted(electionId: string) {
    const rows = await this.db.select({ k: electionParticipations.voterKey }).from(electionParticipations).where(eq(electionParticipations.electionId, electionId));
    return rows.map((r) => r.k);
  }

  vote(electionId: string, v: { voterKey: string; castBy: string; ranking: readonly number[]; idempotencyKey: string; secret: boolean }): Promise<VoteOutcome> {
    return v.secret ? this.voteSecret(electionId, v) : this.openBallots.submit({ electionId, ...v });
  }

  private voteSecret(electionId: string, v: { voterKey: string; castBy: string; ranking: readonly number[]; idempotencyKey: string }): Promise<VoteOutcome> {
    return this.db.transaction(async (tx): Promise<VoteOutcome> => {
      // Closing takes the election row FOR UPDATE, so no vote lands after the count; votes share it.
      const [e] = await tx
        .select({ phase: elections.phase, candidates: sql<number>`(select count(*)::int from ${electionCandidates} where ${electionCandidates.electionId} = ${elections.id})` })
        .from(elections)
        .where(eq(elections.id, electionId))
        .for('share');
      if (e?.phase !== 'voting') return { kind: 'not-open' };
      const fresh = await tx.insert(voteKeys).values({ key: v.idempotencyKey }).onConflictDoNothing().returning();
      if (fresh.length === 0) return { kind: 'duplicate-request' };
      const took = await tx.insert(electionParticipations).values({ electionId, voterKey: v.voterKey, castBy: v.castBy }).onConflictDoNothing().returning();
      if (took.length === 0) return { kind: 'already-voted' };
      // The ballot shares this transaction (and so its xmin) with the participation row, so it is
      // sealed: only the app's secret opens it, and only at close. No other row is touched, so a
      // vote costs the same at the 2,000th voter as at the first.
      const receipt = receiptCode();
      const sealed = this.sealer.seal(scopeOf(electionId), { values: v.ranking, note: receipt }, e.candidates);
      await tx.insert(electionSealedBallots).values({ electionId, sealed });
      return { kind: 'recorded', receipt };
    });
  }

  close(electionId: string, count: (ballots: readonly (readonly number[])[], receipts: readonly string[]) => ElectionResult, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const [e] = await tx.select().from(elections).where(eq(elections.id, electionId)).for('update');
      if (e?.phase !== 'voting') return undefined;
      await this.unseal(tx, electionId);
      const rows = await tx.select({ ranking: electionBallots.ranking, receipt: electionBallots.receipt }).from(electionBallots).where(eq(electionBallots.electionId, electionId));
      const result = count(
        rows.map((r) => r.ranking),
        rows.flatMap((r) => (r.receipt ? [r.receipt] : [])),
      );
      await tx.update(elections).set({ phase: 'closed', result }).where(eq(elections.id, electionId));
      await writeAudit(tx, e.networkId, audit);
      this.voting.delete(`${e.networkId}:${e.seq}`);
      return result;
    });
  }

  /**
   * Opens a closing election's sealed ballots into `election_ballots` and deletes them, in the
   * closing transaction: every plaintext ballot gets that one xmin, and they are written in receipt
   * order (receipts are random), so neither tells when a ballot was cast.
   */
  private async unseal(tx: Tx, electionId: string): Promise<void> {
    const sealed = await tx.delete(electionSealedBallots).where(eq(electionSealedBallots.electionId, electionId)).returning({ sealed: electionSealedBallots.sealed });
    const opened = sealed.map((r) => this.sealer.open(scopeOf(electionId), r.sealed)).sort((a, b) => (a.note < b.note ? -1 : a.note > b.note ? 1 : 0));
    for (let i = 0; i < opened.length; i += UNSEAL_CHUNK) {
      await tx.insert(electionBallots).values(opened.slice(i, i + UNSEAL_CHUNK).map((b) => ({ electionId, ranking: [...b.values], receipt: b.note })));
    }
  }

  async setCard(electionId: string, card: MessageRef) {
    await this.db.update(elections).set({ card }).where(eq(elections.id, electionId));
  }

  async ballots(electionId: string) {
    const rows = await this.db.select({ ranking: electionBallots.ranking }).from(electionBallots).where(eq(electionBallots.electionId, electionId)).orderBy(asc(electionBallots.id));
    return rows.map((r) => r.ranking);
  }

  async receiptBallots(electionId: string) {
    const rows = await this.db
      .select({ ranking: electionBallots.ranking, receipt: electionBallots.receipt })
      .from(electionBallots)
      .where(eq(electionBallots.electionId, electionId))
      .orderBy(asc(electionBallots.receipt));
    return rows.flatMap((r) => (r.receipt ? [{ receipt: r.receipt, ranking: r.ranking }] : []));
  }
}
