import { sql } from 'drizzle-orm';
import type { VoteOutcome } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { electionBallots, electionParticipations, elections, voteKeys } from '../schema.js';
import { TickBatches } from './tick-batches.js';

/** One open ballot to record. */
export interface OpenBallot {
  readonly electionId: string;
  readonly voterKey: string;
  readonly castBy: string;
  readonly ranking: readonly number[];
  readonly idempotencyKey: string;
}

type Row = { n: number; open: boolean; fresh: boolean; replaced: boolean };

/** The rows of `db.execute`: postgres.js returns them, PGlite a result that holds them. */
const rowsOf = <R>(result: unknown): R[] => (Array.isArray(result) ? (result as R[]) : (result as { rows: R[] }).rows);

/**
 * Writes open ballots in batches (see {@link TickBatches}). A batch never holds two votes with the
 * same key or of the same voter in one election: those wait for the next batch, so a retry is still
 * a duplicate and a voter's second vote still replaces the first.
 */
export function openBallotBatches(db: Database): TickBatches<OpenBallot, VoteOutcome> {
  return new TickBatches(
    async (batch) => {
      const byN = new Map((await write(db, batch)).map((r) => [Number(r.n), r]));
      return batch.map((_, n): VoteOutcome => {
        const r = byN.get(n);
        if (!r) throw new Error('open ballot batch: no row for a vote');
        if (!r.open) return { kind: 'not-open' };
        if (!r.fresh) return { kind: 'duplicate-request' };
        return r.replaced ? { kind: 'replaced' } : { kind: 'recorded', receipt: null };
      });
    },
    (b) => [`key:${b.idempotencyKey}`, `voter:${b.electionId}:${b.voterKey}`],
  );
}

/**
 * The election must be voting (FOR SHARE: a close waits for the statement, and a statement that
 * waited for a close sees it closed), the key new; then the participation and the ballot are
 * upserted (the participation is only locked, not rewritten, when the same person casts it again).
 * The ballot's unique (election, voter) index makes two concurrent votes of one voter replace each
 * other rather than both count.
 */
async function write(db: Database, batch: readonly OpenBallot[]): Promise<Row[]> {
  const input = JSON.stringify(
    batch.map((b, n) => ({ n, election_id: b.electionId, key: b.idempotencyKey, voter_key: b.voterKey, cast_by: b.castBy, ranking: b.ranking })),
  );
  return rowsOf<Row>(
    await db.execute(sql`
      with i as (
        select * from jsonb_to_recordset(${input}::jsonb) as x(n int, election_id uuid, key text, voter_key text, cast_by text, ranking integer[])
      ), e as (
        select id from ${elections} where id in (select election_id from i) and phase = 'voting' for share
      ), k as (
        insert into ${voteKeys} (key) select i.key from i join e on e.id = i.election_id on conflict do nothing returning key
      ), p as (
        insert into ${electionParticipations} (election_id, voter_key, cast_by)
        select i.election_id, i.voter_key, i.cast_by from i join k on k.key = i.key
        on conflict (election_id, voter_key) do update set cast_by = excluded.cast_by
          where ${electionParticipations}.cast_by <> excluded.cast_by
      ), b as (
        insert into ${electionBallots} (election_id, ranking, voter_key)
        select i.election_id, i.ranking, i.voter_key from i join k on k.key = i.key
        on conflict (election_id, voter_key) where voter_key is not null do update set ranking = excluded.ranking
        returning election_id, voter_key, xmax <> 0 as replaced
      )
      select i.n, e.id is not null as open, k.key is not null as fresh, coalesce(b.replaced, false) as replaced
      from i left join e on e.id = i.election_id left join k on k.key = i.key
        left join b on b.election_id = i.election_id and b.voter_key = i.voter_key`),
  );
}
