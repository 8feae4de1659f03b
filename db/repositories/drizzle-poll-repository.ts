import { and, asc, count, eq, inArray, isNull, max, or, sql } from 'drizzle-orm';
import type {
  AuditEntry,
  JobKind,
  MessageRef,
  NewPoll,
  Platform,
  Poll,
  PollRepository,
  PollResult,
  PollTally,
  PollVoteOutcome,
  ScheduledJob,
  Theme,
} from '../../src/app/ports.js';
import { DomainError } from '../../src/domain/errors.js';
import { activeOptions, type PollOption, type PollPhase, type ResultsMode, sameTopic } from '../../src/domain/poll.js';
import type { Database } from '../client.js';
import { pollCounts, pollOptions, pollParticipations, polls, pollSealedPicks, pollVotes, scheduledJobs, voteKeys } from '../schema.js';
import type { VoteSealer } from '../sealing.js';
import { writeAgendaItems } from './drizzle-agenda-repository.js';
import { lockNetwork, nextSeq, type Tx, writeAudit } from './shared.js';

const toPoll = (r: typeof polls.$inferSelect): Poll => ({
  id: r.id,
  networkId: r.networkId,
  seq: r.seq,
  question: r.question,
  theme: r.theme as Theme,
  phase: r.phase as PollPhase,
  pick: r.pick,
  anonymous: r.anonymous,
  public: r.public,
  results: r.results as ResultsMode,
  suggestUntil: r.suggestUntil,
  voteUntil: r.voteUntil,
  createdBy: r.createdBy,
  space: { platform: r.platform as Platform, workspaceId: r.workspaceId, channelId: r.channelId },
  card: r.card as MessageRef | null,
  result: r.result as PollResult | null,
});

const scopeOf = (pollId: string) => `poll:${pollId}`;

const toOption = (r: typeof pollOptions.$inferSelect): PollOption => ({ seq: r.seq, text: r.text, suggestedBy: r.suggestedBy, mergedInto: r.mergedInto });

async function optionsOf(tx: Tx, pollId: string): Promise<PollOption[]> {
  const rows = await tx.select().from(pollOptions).where(eq(pollOptions.pollId, pollId)).orderBy(asc(pollOptions.seq));
  return rows.map(toOption);
}

/** Locks the poll row: FOR UPDATE serialises everything that must not interleave with a change. */
async function lockPoll(tx: Tx, pollId: string, mode: 'update' | 'share' = 'update') {
  const [p] = await tx.select().from(polls).where(eq(polls.id, pollId)).for(mode);
  if (!p) throw new DomainError('poll.unknown', { id: '?' });
  return p;
}

async function tallyOf(tx: Tx, pollId: string, anonymous: boolean): Promise<PollTally> {
  if (anonymous) {
    const [rows, [people]] = await Promise.all([
      tx.select({ seq: pollCounts.optionSeq, votes: pollCounts.votes }).from(pollCounts).where(eq(pollCounts.pollId, pollId)),
      tx.select({ n: count() }).from(pollParticipations).where(eq(pollParticipations.pollId, pollId)),
    ]);
    return { voters: people?.n ?? 0, votes: new Map(rows.map((r) => [r.seq, r.votes])) };
  }
  const rows = await tx.select({ options: pollVotes.options }).from(pollVotes).where(eq(pollVotes.pollId, pollId));
  const votes = new Map<number, number>();
  for (const r of rows) for (const seq of r.options) votes.set(seq, (votes.get(seq) ?? 0) + 1);
  return { voters: rows.length, votes };
}

export class DrizzlePollRepository implements PollRepository {
  constructor(
    private readonly db: Database,
    private readonly sealer: VoteSealer,
  ) {}

  create(networkId: string, p: NewPoll, topics: readonly string[], jobs: readonly { kind: JobKind; dueAt: Date }[], maxOpen: number, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      await lockNetwork(tx, networkId);
      const [open] = await tx.select({ n: count() }).from(polls).where(and(eq(polls.networkId, networkId), inArray(polls.phase, ['suggesting', 'voting'])));
      if (open!.n >= maxOpen) throw new DomainError('limit.open-polls', { max: maxOpen });
      const seq = await nextSeq(tx, networkId, 'P');
      const [row] = await tx
        .insert(polls)
        .values({
          networkId,
          seq,
          question: p.question,
          theme: p.theme,
          phase: p.phase,
          pick: p.pick,
          anonymous: p.anonymous,
          public: p.public ?? false,
          results: p.results,
          suggestUntil: p.suggestUntil,
          voteUntil: p.voteUntil,
          createdBy: p.createdBy,
          platform: p.space.platform,
          workspaceId: p.space.workspaceId,
          channelId: p.space.channelId,
        })
        .returning();
      const pollId = row!.id;
      if (topics.length > 0) {
        await tx.insert(pollOptions).values(topics.map((text, i) => ({ pollId, seq: i + 1, text, suggestedBy: p.createdBy })));
        if (p.anonymous) await tx.insert(pollCounts).values(topics.map((_, i) => ({ pollId, optionSeq: i + 1 })));
      }
      const created: ScheduledJob[] = [];
      for (const j of jobs) {
        const [job] = await tx.insert(scheduledJobs).values({ kind: j.kind, entityId: pollId, dueAt: j.dueAt }).returning();
        created.push({ id: job!.id, kind: j.kind, entityId: pollId, dueAt: job!.dueAt, state: 'pending' });
      }
      await writeAudit(tx, networkId, { ...audit, detail: { ...audit.detail, poll: `P${seq}` } });
      return { poll: toPoll(row!), jobs: created };
    });
  }

  async find(networkId: string, seq: number) {
    const [row] = await this.db.select().from(polls).where(and(eq(polls.networkId, networkId), eq(polls.seq, seq)));
    return row ? toPoll(row) : undefined;
  }

  async byId(id: string) {
    const [row] = await this.db.select().from(polls).where(eq(polls.id, id));
    return row ? toPoll(row) : undefined;
  }

  async list(networkId: string) {
    const rows = await this.db.select().from(polls).where(eq(polls.networkId, networkId)).orderBy(asc(polls.seq));
    return rows.map(toPoll);
  }

  options(pollId: string) {
    return optionsOf(this.db, pollId);
  }

  suggest(pollId: string, topic: string, by: string, limits: { readonly topics: number; readonly perPerson: number | undefined }, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      // The row lock serialises suggestions, so numbers are handed out without gaps or clashes.
      const p = await lockPoll(tx, pollId);
      const id = `P${p.seq}`;
      if (p.phase !== 'suggesting') throw new DomainError('poll.not-suggesting', { id });
      const all = await optionsOf(tx, pollId);
      const standing = activeOptions(all);
      const same = standing.find((o) => sameTopic(o.text, topic));
      if (same) throw new DomainError('poll.duplicate-topic', { topic: same.text, n: same.seq, id });
      if (standing.length >= limits.topics) throw new DomainError('poll.full', { max: limits.topics });
      // Merged topics still count: a merge must not hand the same person a fresh allowance.
      if (limits.perPerson !== undefined && all.filter((o) => o.suggestedBy === by).length >= limits.perPerson) {
        throw new DomainError('limit.topics-per-person', { max: limits.perPerson });
      }
      const [{ last } = { last: 0 }] = await tx.select({ last: max(pollOptions.seq) }).from(pollOptions).where(eq(pollOptions.pollId, pollId));
      const seq = (last ?? 0) + 1;
      const [row] = await tx.insert(pollOptions).values({ pollId, seq, text: topic, suggestedBy: by }).returning();
      if (p.anonymous) await tx.insert(pollCounts).values({ pollId, optionSeq: seq });
      await writeAudit(tx, p.networkId, { ...audit, detail: { ...audit.detail, topic: seq } });
      return toOption(row!);
    });
  }

  merge(pollId: string, keep: number, duplicate: number, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      // FOR UPDATE waits for votes in flight (they hold the row FOR SHARE or FOR UPDATE), and keeps new ones out until the merge is in.
      const p = await lockPoll(tx, pollId);
      const id = `P${p.seq}`;
      if (p.phase === 'closed') throw new DomainError('poll.closed', { id });
      const standing = activeOptions(await optionsOf(tx, pollId)).map((o) => o.seq);
      for (const n of [keep, duplicate]) if (!standing.includes(n)) throw new DomainError('poll.unknown-option', { value: String(n), id });
      if (p.anonymous) {
        // Anonymous counts cannot tell whether one person picked both topics: merging them would count that person twice.
        const [voted] = await tx.select({ n: count() }).from(pollParticipations).where(eq(pollParticipations.pollId, pollId));
        if ((voted?.n ?? 0) > 0) throw new DomainError('poll.merge-anonymous', { id });
      }
      // Topics merged into the duplicate earlier follow it, so merges stay one step deep.
      await tx
        .update(pollOptions)
        .set({ mergedInto: keep })
        .where(and(eq(pollOptions.pollId, pollId), or(eq(pollOptions.seq, duplicate), eq(pollOptions.mergedInto, duplicate))));
      if (!p.anonymous) {
        // A person who picked both is counted once for the topic kept.
        await tx
          .update(pollVotes)
          .set({ options: sql`(select array_agg(distinct x order by x) from unnest(array_replace(${pollVotes.options}, ${duplicate}::int, ${keep}::int)) as x)` })
          .where(and(eq(pollVotes.pollId, pollId), sql`${duplicate}::int = any(${pollVotes.options})`));
      }
      await writeAudit(tx, p.networkId, audit);
    });
  }

  open(pollId: string, minTopics: number, audit: AuditEntry) {
    return this.db.transaction(async (tx): Promise<'opened' | 'not-suggesting' | 'too-few'> => {
      const p = await lockPoll(tx, pollId);
      if (p.phase !== 'suggesting') return 'not-suggesting';
      const [standing] = await tx.select({ n: count() }).from(pollOptions).where(and(eq(pollOptions.pollId, pollId), isNull(pollOptions.mergedInto)));
      if ((standing?.n ?? 0) < minTopics) return 'too-few';
      await tx.update(polls).set({ phase: 'voting' }).where(eq(polls.id, pollId));
      await writeAudit(tx, p.networkId, audit);
      return 'opened';
    });
  }

  vote(pollId: string, v: { voter: string; picks: readonly number[]; idempotencyKey: string; anonymous: boolean }): Promise<PollVoteOutcome> {
    return this.db.transaction(async (tx): Promise<PollVoteOutcome> => {
      // Closing and merging take the poll row FOR UPDATE, so no vote lands after the count or across a merge.
      const [p] = await tx
        .select({ phase: polls.phase, topics: sql<number>`(select count(*)::int from ${pollOptions} where ${pollOptions.pollId} = ${polls.id})` })
        .from(polls)
        .where(eq(polls.id, pollId))
        .for('share');
      if (p?.phase !== 'voting') return { kind: 'not-open' };
      const fresh = await tx.insert(voteKeys).values({ key: v.idempotencyKey }).onConflictDoNothing().returning();
      if (fresh.length === 0) return { kind: 'duplicate-request' };
      if (v.anonymous) {
        const took = await tx.insert(pollParticipations).values({ pollId, voter: v.voter }).onConflictDoNothing().returning();
        if (took.length === 0) return { kind: 'already-voted' };
        // The picks share this transaction (and its xmin) with the participation row, so they are
        // sealed, padded to the poll's topic count, and counted only at close (see unsealPicks).
        await tx.insert(pollSealedPicks).values({ pollId, sealed: this.sealer.seal(scopeOf(pollId), { values: v.picks, note: '' }, p.topics) });
        return { kind: 'recorded' };
      }
      // An upsert: a double click's second vote waits for the first on the row, then replaces it.
      const [row] = await tx
        .insert(pollVotes)
        .values({ pollId, voter: v.voter, options: [...v.picks] })
        .onConflictDoUpdate({ target: [pollVotes.pollId, pollVotes.voter], set: { options: [...v.picks] } })
        .returning({ inserted: sql<boolean>`(xmax = 0)` });
      return row?.inserted ? { kind: 'recorded' } : { kind: 'replaced' };
    });
  }

  async tally(pollId: string) {
    const [p] = await this.db.select({ anonymous: polls.anonymous }).from(polls).where(eq(polls.id, pollId));
    return tallyOf(this.db, pollId, p?.anonymous ?? false);
  }

  async voters(pollId: string) {
    const [named, anonymous] = await Promise.all([
      this.db.select({ voter: pollVotes.voter }).from(pollVotes).where(eq(pollVotes.pollId, pollId)),
      this.db.select({ voter: pollParticipations.voter }).from(pollParticipations).where(eq(pollParticipations.pollId, pollId)),
    ]);
    return [...named, ...anonymous].map((r) => r.voter).sort();
  }

  async ballots(pollId: string) {
    const rows = await this.db.select().from(pollVotes).where(eq(pollVotes.pollId, pollId)).orderBy(asc(pollVotes.voter));
    return rows.map((r) => ({ voter: r.voter, picks: r.options }));
  }

  close(pollId: string, decide: (options: readonly PollOption[], tally: PollTally) => PollResult, audit: AuditEntry) {
    return this.db.transaction(async (tx) => {
      const p = await lockPoll(tx, pollId);
      if (p.phase !== 'voting') return undefined;
      if (p.anonymous) await this.unsealPicks(tx, pollId);
      const options = await optionsOf(tx, pollId);
      const result = decide(options, await tallyOf(tx, pollId, p.anonymous));
      await tx.update(polls).set({ phase: 'closed', result }).where(eq(polls.id, pollId));
      const chosen = result.agenda.map((seq) => result.ranking.find((r) => r.seq === seq)!);
      await writeAgendaItems(tx, p.networkId, pollId, p.theme as Theme, chosen.map((r) => ({ rank: r.rank, topic: r.text, votes: r.votes })));
      await writeAudit(tx, p.networkId, { ...audit, detail: { ...audit.detail, agenda: result.agenda.length } });
      return result;
    });
  }

  /**
   * Counts a closing anonymous poll's sealed picks into `poll_counts` and deletes them, in the
   * closing transaction: the counts change once, by everyone's picks together.
   */
  private async unsealPicks(tx: Tx, pollId: string): Promise<void> {
    const sealed = await tx.delete(pollSealedPicks).where(eq(pollSealedPicks.pollId, pollId)).returning({ sealed: pollSealedPicks.sealed });
    const added = new Map<number, number>();
    for (const r of sealed) for (const seq of this.sealer.open(scopeOf(pollId), r.sealed).values) added.set(seq, (added.get(seq) ?? 0) + 1);
    // In topic order: in the order first seen, the first rows written would be the first voter's picks.
    for (const [seq, n] of [...added].sort(([a], [b]) => a - b)) {
      await tx
        .update(pollCounts)
        .set({ votes: sql`${pollCounts.votes} + ${n}` })
        .where(and(eq(pollCounts.pollId, pollId), eq(pollCounts.optionSeq, seq)));
    }
  }

  async setCard(pollId: string, card: MessageRef) {
    await this.db.update(polls).set({ card }).where(eq(polls.id, pollId));
  }
}
