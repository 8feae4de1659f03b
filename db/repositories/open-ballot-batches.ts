import { sql } from 'drizzle-orm';
import type { VoteOutcome } from '../../src/app/ports.js';
import type { Database } from '../client.js';
import { electionBallots, electionParticipations, elections, voteKeys } from '../schema.js';

/** One open ballot to record. */
export interface OpenBallot {
  readonly electionId: string;
  readonly voterKey: string;
  readonly castBy: string;
  readonly ranking: readonly number[];
  readonly idempotencyKey: string;
}

interface Waiting extends OpenBallot {
  resolve(outcome: VoteOutcome): void;
  reject(err: unknown): void;
}

type Row = { n: number; open: boolean; fresh: boolean; replaced: boolean };

/**
 * Records open ballots in batches: the votes that arrive in one turn of the event loop go to Postgres
 * as one statement (group commit). A busy election's votes then cost one round trip and one commit per
 * batch instead of one each. Each vote still gets its own outcome, and a failed statement fails
 * exactly the votes in it (nothing of them is written).
 *
 * A batch never holds two votes with the same key or the same (election, voter): those wait for the
 * next batch, so a retry is still a duplicate and a voter's second vote still replaces the first.
 */
export class OpenBallotBatches {
  private waiting: Waiting[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Database,
    private readonly maxBatch = 500,
  ) {}

  record(ballot: OpenBallot): Promise<VoteOutcome> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ ...ballot, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    const batch: Waiting[] = [];
    const later: Waiting[] = [];
    const keys = new Set<string>();
    const voters = new Set<string>();
    for (const w of this.waiting) {
      const voter = `${w.electionId}\u0000${w.voterKey}`;
      if (batch.length >= this.maxBatch || keys.has(w.idempotencyKey) || voters.has(voter)) {
        later.push(w);
        continue;
      }
      batch.push(w);
      keys.add(w.idempotencyKey);
      voters.add(voter);
    }
    this.waiting = later;
    if (later.length > 0) this.schedule();
    if (batch.length === 0) return;
    try {
      const rows = await this.write(batch);
      const byN = new Map(rows.map((r) => [Number(r.n), r]));
      batch.forEach((w, n) => {
        const r = byN.get(n);
        if (!r) w.reject(new Error('open ballot batch: no row for a vote'));
        else if (!r.open) w.resolve({ kind: 'not-open' });
        else if (!r.fresh) w.resolve({ kind: 'duplicate-request' });
        else w.resolve(r.replaced ? { kind: 'replaced' } : { kind: 'recorded', receipt: null });
      });
    } catch (err) {
      for (const w of batch) w.reject(err);
    }
  }

  /**
   * The election must be voting (FOR SHARE: a close waits for the statement, and a statement that
   * waited for a close sees it closed), the key new; then the participation and the ballot are
   * upserted. The ballot's unique (election, voter) index makes two concurrent votes of one voter
   * replace each other rather than both count.
   */
  private async write(batch: readonly Waiting[]): Promise<Row[]> {
    const input = JSON.stringify(
      batch.map((w, n) => ({ n, election_id: w.electionId, key: w.idempotencyKey, voter_key: w.voterKey, cast_by: w.castBy, ranking: w.ranking })),
    );
    const result = await this.db.execute<Row>(sql`
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
      ), b as (
        insert into ${electionBallots} (election_id, ranking, voter_key)
        select i.election_id, i.ranking, i.voter_key from i join k on k.key = i.key
        on conflict (election_id, voter_key) where voter_key is not null do update set ranking = excluded.ranking
        returning election_id, voter_key, xmax <> 0 as replaced
      )
      select i.n, e.id is not null as open, k.key is not null as fresh, coalesce(b.replaced, false) as replaced
      from i left join e on e.id = i.election_id left join k on k.key = i.key
        left join b on b.election_id = i.election_id and b.voter_key = i.voter_key`);
    // postgres.js returns the rows, PGlite a result with `rows`.
    return Array.isArray(result) ? (result as Row[]) : (result as unknown as { rows: Row[] }).rows;
  }
}
