import { and, asc, eq, inArray, like, or, sql } from 'drizzle-orm';
import type { AuditEntry, Forgotten, JobState, PersonalData, PersonRef, PrivacyRepository } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import {
  auditLog,
  coordinators,
  electionBallots,
  electionCandidates,
  electionParticipations,
  elections,
  joinRequests,
  orgMembers,
  organisations,
  pollOptions,
  polls,
  pollParticipations,
  pollVotes,
  reminders,
  scheduledJobs,
} from '../schema.js';
import { findPersonId, type Tx, writeAudit } from './shared.js';

/** Thrown inside a preview's transaction so that everything it did is rolled back. */
class Preview extends Error {
  constructor(readonly result: Forgotten | 'last-coordinator') {
    super('preview');
  }
}

/** The person's reminders: set by them, or sent to them by direct message. */
const remindersOf = (networkId: string, p: PersonRef) =>
  and(
    eq(reminders.networkId, networkId),
    eq(reminders.platform, p.platform),
    eq(reminders.workspaceId, p.workspaceId),
    or(eq(reminders.createdBy, p.userId), and(eq(reminders.targetKind, 'user'), eq(reminders.targetId, p.userId))),
  );

const electionsOf = (tx: Tx, networkId: string) => tx.select({ id: elections.id }).from(elections).where(eq(elections.networkId, networkId));
const pollsOf = (tx: Tx, networkId: string) => tx.select({ id: polls.id }).from(polls).where(eq(polls.networkId, networkId));

/** What the audit entry of a forget says: how many of each, never what. */
function countsOf(f: Forgotten): Record<string, number | boolean> {
  const { cancelledJobs, cards, ...counts } = f;
  return { ...counts, cancelledJobs: cancelledJobs.length, cardsUpdated: cards.elections.length + cards.polls.length };
}

function removedAny(f: Forgotten): boolean {
  return Object.values(countsOf(f)).some((v) => v === true || (typeof v === 'number' && v > 0));
}

export class DrizzlePrivacyRepository implements PrivacyRepository {
  constructor(private readonly db: Database) {}

  async about(networkId: string, p: PersonRef): Promise<PersonalData> {
    const db = this.db;
    const pid = await findPersonId(db, p);
    const uid = p.userId;
    const [coordinator, orgs, joins, rems, candidacies, electionVotes, pollVoteRows, participations, topics, audit] = await Promise.all([
      pid ? db.select().from(coordinators).where(and(eq(coordinators.networkId, networkId), eq(coordinators.personId, pid))) : [],
      pid
        ? db
            .select({ name: organisations.name })
            .from(orgMembers)
            .innerJoin(organisations, eq(organisations.id, orgMembers.orgId))
            .where(and(eq(organisations.networkId, networkId), eq(orgMembers.personId, pid)))
            .orderBy(asc(organisations.name))
        : [],
      pid
        ? db
            .select({ seq: joinRequests.seq, org: organisations.name, state: joinRequests.state, at: joinRequests.createdAt })
            .from(joinRequests)
            .innerJoin(organisations, eq(organisations.id, joinRequests.orgId))
            .where(and(eq(joinRequests.networkId, networkId), eq(joinRequests.personId, pid)))
            .orderBy(asc(joinRequests.seq))
        : [],
      db
        .select({ r: reminders, dueAt: scheduledJobs.dueAt, state: scheduledJobs.state })
        .from(reminders)
        .innerJoin(scheduledJobs, eq(scheduledJobs.id, reminders.jobId))
        .where(remindersOf(networkId, p))
        .orderBy(asc(reminders.seq)),
      db
        .select({ seq: elections.seq, title: elections.title, c: electionCandidates })
        .from(electionCandidates)
        .innerJoin(elections, eq(elections.id, electionCandidates.electionId))
        .where(and(eq(elections.networkId, networkId), or(eq(electionCandidates.userId, uid), eq(electionCandidates.deputyUserId, uid))))
        .orderBy(asc(elections.seq)),
      db
        .select({ seq: elections.seq, title: elections.title, secret: elections.secret, voter: electionParticipations.voterKey, ranking: electionBallots.ranking })
        .from(electionParticipations)
        .innerJoin(elections, eq(elections.id, electionParticipations.electionId))
        // Open ballots carry their voter; secret ones carry none, so this join finds nothing for them.
        .leftJoin(electionBallots, and(eq(electionBallots.electionId, electionParticipations.electionId), eq(electionBallots.voterKey, electionParticipations.voterKey)))
        .where(and(eq(elections.networkId, networkId), eq(electionParticipations.castBy, uid)))
        .orderBy(asc(elections.seq)),
      db
        .select({ seq: polls.seq, question: polls.question, picks: pollVotes.options })
        .from(pollVotes)
        .innerJoin(polls, eq(polls.id, pollVotes.pollId))
        .where(and(eq(polls.networkId, networkId), eq(pollVotes.voter, uid)))
        .orderBy(asc(polls.seq)),
      db
        .select({ seq: polls.seq, question: polls.question })
        .from(pollParticipations)
        .innerJoin(polls, eq(polls.id, pollParticipations.pollId))
        .where(and(eq(polls.networkId, networkId), eq(pollParticipations.voter, uid)))
        .orderBy(asc(polls.seq)),
      db
        .select({ seq: polls.seq, topic: pollOptions.seq, text: pollOptions.text })
        .from(pollOptions)
        .innerJoin(polls, eq(polls.id, pollOptions.pollId))
        .where(and(eq(polls.networkId, networkId), eq(pollOptions.suggestedBy, uid)))
        .orderBy(asc(polls.seq), asc(pollOptions.seq)),
      db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.networkId, networkId), or(and(eq(auditLog.platform, p.platform), eq(auditLog.userId, uid)), sql`(${auditLog.detail}->>'userId' = ${uid} or ${auditLog.detail}->'target'->>'id' = ${uid})`)))
        .orderBy(asc(auditLog.at)),
    ]);
    return {
      coordinator: coordinator.length > 0,
      organisations: orgs.map((o) => o.name),
      joinRequests: joins.map((j) => ({ id: `J${j.seq}`, org: j.org, state: j.state, at: j.at })),
      reminders: rems.map(({ r, dueAt, state }) => ({
        id: `R${r.seq}`,
        message: r.message,
        dueAt,
        state: state as JobState,
        setBy: r.createdBy,
        to: `${r.targetKind === 'user' ? '@' : '#'}${r.targetId}`,
      })),
      candidacies: candidacies.map(({ seq, title, c }) =>
        c.userId === uid
          ? { election: `E${seq}`, title, role: 'candidate' as const, state: c.state, org: c.org, gender: c.gender, statement: c.statement }
          : { election: `E${seq}`, title, role: 'deputy' as const, state: c.deputyState ?? 'nominated', org: null, gender: c.deputyGender, statement: null },
      ),
      electionVotes: electionVotes.map((v) => ({ election: `E${v.seq}`, title: v.title, secret: v.secret, voter: v.voter, ranking: v.secret ? null : v.ranking })),
      pollVotes: pollVoteRows.map((v) => ({ poll: `P${v.seq}`, question: v.question, picks: v.picks })),
      pollParticipations: participations.map((v) => ({ poll: `P${v.seq}`, question: v.question })),
      topics: topics.map((t) => ({ poll: `P${t.seq}`, topic: t.topic, text: t.text })),
      audit: audit.map((a) => ({ at: a.at, action: a.action, by: a.userId, detail: a.detail })),
    };
  }

  async forget(networkId: string, p: PersonRef, audit: AuditEntry, preview: boolean): Promise<Forgotten | 'last-coordinator'> {
    try {
      return await this.db.transaction(async (tx) => {
        const result = await this.forgetIn(tx, networkId, p);
        if (preview) throw new Preview(result);
        // Counts only: the entry must not store again what was just removed. A repeat that removed nothing writes none.
        if (result !== 'last-coordinator' && removedAny(result)) await writeAudit(tx, networkId, { ...audit, detail: countsOf(result) });
        return result;
      });
    } catch (err) {
      if (err instanceof Preview) return err.result;
      throw err;
    }
  }

  private async forgetIn(tx: Tx, networkId: string, p: PersonRef): Promise<Forgotten | 'last-coordinator'> {
    const uid = p.userId;
    const pid = await findPersonId(tx, p);
    let coordinator = false;
    let memberships = 0;
    let joins = 0;
    if (pid) {
      // Lock the network's coordinator rows, as `coordinator remove` does, so two at once cannot leave none.
      const all = await tx.select().from(coordinators).where(eq(coordinators.networkId, networkId)).for('update');
      coordinator = all.some((c) => c.personId === pid);
      if (coordinator && all.length === 1) return 'last-coordinator';
      if (coordinator) await tx.delete(coordinators).where(and(eq(coordinators.networkId, networkId), eq(coordinators.personId, pid)));
      const orgIds = tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.networkId, networkId));
      memberships = (await tx.delete(orgMembers).where(and(eq(orgMembers.personId, pid), inArray(orgMembers.orgId, orgIds))).returning()).length;
      joins = (await tx.delete(joinRequests).where(and(eq(joinRequests.networkId, networkId), eq(joinRequests.personId, pid))).returning()).length;
    }

    // Reminders: the pending ones' jobs are cancelled (the caller takes them off the queue), then all go.
    const rems = await tx.select({ jobId: reminders.jobId }).from(reminders).where(remindersOf(networkId, p));
    const cancelled = rems.length
      ? await tx
          .update(scheduledJobs)
          .set({ state: 'cancelled', doneAt: new Date() })
          .where(and(inArray(scheduledJobs.id, rems.map((r) => r.jobId)), eq(scheduledJobs.state, 'pending')))
          .returning({ id: scheduledJobs.id })
      : [];
    if (rems.length) await tx.delete(reminders).where(remindersOf(networkId, p));
    // Nudge DMs still to send them: cancelled, and their job no longer names them.
    const nudges = await tx
      .update(scheduledJobs)
      .set({ state: 'cancelled', doneAt: new Date(), detail: null })
      .where(
        and(
          like(scheduledJobs.kind, '%-dm'),
          eq(scheduledJobs.detail, uid),
          eq(scheduledJobs.state, 'pending'),
          or(inArray(scheduledJobs.entityId, electionsOf(tx, networkId)), inArray(scheduledJobs.entityId, pollsOf(tx, networkId))),
        ),
      )
      .returning({ id: scheduledJobs.id });

    // Nominations of elections still nominating are withdrawn; a candidacy on a ballot already out stays.
    const nominating = tx.select({ id: elections.id }).from(elections).where(and(eq(elections.networkId, networkId), eq(elections.phase, 'nominating')));
    // A pair cannot stand without its deputy: a deputy's forgetting withdraws the pair's nomination too.
    const nominations = await tx
      .delete(electionCandidates)
      .where(and(or(eq(electionCandidates.userId, uid), eq(electionCandidates.deputyUserId, uid)), inArray(electionCandidates.electionId, nominating)))
      .returning();
    // A stated gender goes once the election is closed (its result is kept); while voting, the count still needs it.
    const closed = tx.select({ id: elections.id }).from(elections).where(and(eq(elections.networkId, networkId), eq(elections.phase, 'closed')));
    const ownGenders = await tx
      .update(electionCandidates)
      .set({ gender: null })
      .where(and(eq(electionCandidates.userId, uid), sql`${electionCandidates.gender} is not null`, inArray(electionCandidates.electionId, closed)))
      .returning();
    const deputyGenders = await tx
      .update(electionCandidates)
      .set({ deputyGender: null })
      .where(and(eq(electionCandidates.deputyUserId, uid), sql`${electionCandidates.deputyGender} is not null`, inArray(electionCandidates.electionId, closed)))
      .returning();

    // Named poll votes go. A closed poll's counts are its stored result and agenda, which do not change.
    const pollVoteRows = await tx.delete(pollVotes).where(and(eq(pollVotes.voter, uid), inArray(pollVotes.pollId, pollsOf(tx, networkId)))).returning();
    const topics = await tx
      .update(pollOptions)
      .set({ suggestedBy: null })
      .where(and(eq(pollOptions.suggestedBy, uid), inArray(pollOptions.pollId, pollsOf(tx, networkId))))
      .returning();

    // Their own open ballots (voter `person:<id>`): withdrawn while voting runs; once closed, kept
    // as counted but no longer linked to them. Secret ballots were never linked; participation rows stay.
    const mine = `person:${uid}`;
    const openVoting = tx
      .select({ id: elections.id })
      .from(elections)
      .where(and(eq(elections.networkId, networkId), eq(elections.phase, 'voting'), eq(elections.secret, false)));
    const withdrawn = await tx.delete(electionBallots).where(and(eq(electionBallots.voterKey, mine), inArray(electionBallots.electionId, openVoting))).returning();
    if (withdrawn.length) {
      const ids = withdrawn.map((b) => b.electionId);
      await tx.delete(electionParticipations).where(and(eq(electionParticipations.voterKey, mine), inArray(electionParticipations.electionId, ids)));
    }
    const unlinked = await tx
      .update(electionBallots)
      .set({ voterKey: null })
      .where(and(eq(electionBallots.voterKey, mine), inArray(electionBallots.electionId, electionsOf(tx, networkId))))
      .returning();

    return {
      coordinator,
      memberships,
      joinRequests: joins,
      reminders: rems.length,
      nominations: nominations.length,
      genders: ownGenders.length + deputyGenders.length,
      pollVotes: pollVoteRows.length,
      electionVotes: withdrawn.length + unlinked.length,
      topics: topics.length,
      cancelledJobs: [...cancelled, ...nudges].map((c) => c.id),
      cards: {
        elections: [...new Set([...nominations, ...withdrawn].map((r) => r.electionId))],
        polls: [...new Set(pollVoteRows.map((r) => r.pollId))],
      },
    };
  }
}
