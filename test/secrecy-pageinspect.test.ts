/**
 * The README's promise, read the way a reviewer with database access would: every heap and index
 * page of every table (live and dead tuples, no VACUUM) through Postgres's `pageinspect`, while a
 * 4-organisation secret STV election and an anonymous poll vote and after they close.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/app/ports.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId: 'general' },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));

// Heap tuple flags (src/include/access/htup_details.h): an xmax that only locked the row changed nothing.
const XMAX_LOCK_ONLY = 0x0080;
const XMAX_IS_MULTI = 0x1000;

interface Tuple {
  rel: string;
  xmin: string;
  xmax: string;
  infomask: number;
  /** Transactions that updated or deleted this version inside a multixact xmax (shared with lockers). */
  multiUpdaters: string[];
  len: number;
  data: Buffer;
}

/** Every relation of the database that has pages: tables, their TOAST tables, indexes. */
async function relations(kinds: string[]): Promise<{ name: string; pages: number }[]> {
  const rows = await sql<{ name: string; pages: number }[]>`
    select c.oid::regclass::text as name, (pg_relation_size(c.oid) / current_setting('block_size')::int)::int as pages
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in ('public', 'pg_toast', 'drizzle') and c.relkind = any(${kinds}) and c.relpersistence = 'p'`;
  return rows;
}

/** All heap tuples of every table, live and dead, with their raw data. */
async function heapTuples(): Promise<Tuple[]> {
  const out: Tuple[] = [];
  for (const r of await relations(['r', 't'])) {
    for (let page = 0; page < r.pages; page++) {
      const items = await sql<{ xmin: string; xmax: string; infomask: number; len: number; data: Buffer | null }[]>`
        select t_xmin::text as xmin, t_xmax::text as xmax, t_infomask as infomask, lp_len as len, t_data as data
        from heap_page_items(get_raw_page(${r.name}, ${page})) where lp_flags = 1`;
      for (const i of items) {
        const multiUpdaters =
          i.infomask & XMAX_IS_MULTI
            ? (await sql<{ xid: string }[]>`select xid::text from pg_get_multixact_members(${i.xmax}::xid) where mode in ('nokeyupd', 'upd')`).map((m) => m.xid)
            : [];
        out.push({ rel: r.name, xmin: i.xmin, xmax: i.xmax, infomask: i.infomask, multiUpdaters, len: i.len, data: i.data ?? Buffer.alloc(0) });
      }
    }
  }
  return out;
}

/** Every page of every table, TOAST table and index, raw. */
async function rawPages(): Promise<{ rel: string; page: Buffer }[]> {
  const out: { rel: string; page: Buffer }[] = [];
  for (const r of await relations(['r', 't', 'i'])) {
    for (let page = 0; page < r.pages; page++) {
      const [row] = await sql<{ p: Buffer }[]>`select get_raw_page(${r.name}, ${page}) as p`;
      out.push({ rel: r.name, page: row!.p });
    }
  }
  return out;
}

/** The index entries of every btree index (their keys as raw bytes). */
async function indexEntries(): Promise<{ rel: string; data: Buffer }[]> {
  const out: { rel: string; data: Buffer }[] = [];
  for (const r of await relations(['i'])) {
    for (let page = 1; page < r.pages; page++) {
      const items = await sql<{ data: string | null }[]>`select data from bt_page_items(${r.name}, ${page})`;
      for (const i of items) out.push({ rel: r.name, data: Buffer.from((i.data ?? '').replaceAll(' ', ''), 'hex') });
    }
  }
  return out;
}

/**
 * The WAL the server wrote between two positions (all databases' records, ours among them), as far as
 * its segments are still on disk: a checkpoint may already have recycled an old one.
 */
async function walBetween(start: string, end: string): Promise<{ bytes: Buffer; segments: number; missing: number }> {
  const chunks: Buffer[] = [];
  let missing = 0;
  const [{ size } = { size: 0 }] = await sql<{ size: number }[]>`select pg_size_bytes(current_setting('wal_segment_size'))::int as size`;
  const [last] = await sql<{ name: string; offset: number }[]>`select file_name as name, file_offset::int as offset from pg_walfile_name_offset(${end}::pg_lsn)`;
  for (let lsn = start, first = true; ; first = false) {
    const [seg] = await sql<{ name: string; offset: number; next: string }[]>`
      select file_name as name, file_offset::int as offset, (${lsn}::pg_lsn + (${size}::int - file_offset))::text as next from pg_walfile_name_offset(${lsn}::pg_lsn)`;
    const from = first ? seg!.offset : 0;
    const isLast = seg!.name === last!.name;
    const [row] = await sql<{ b: Buffer | null }[]>`select pg_read_binary_file(${`pg_wal/${seg!.name}`}, ${from}::bigint, ${(isLast ? last!.offset : size) - from}::bigint, true) as b`;
    if (row?.b) chunks.push(row.b);
    else missing++;
    if (isLast) return { bytes: Buffer.concat(chunks), segments: chunks.length + missing, missing };
    lsn = seg!.next;
  }
}

/** Did transaction `xid` write this tuple version, or replace or delete it (not merely lock it)? */
const touchedBy = (t: Tuple, xid: string) =>
  t.xmin === xid || t.multiUpdaters.includes(xid) || (t.xmax === xid && (t.infomask & (XMAX_LOCK_ONLY | XMAX_IS_MULTI)) === 0);

// What a voter's own transaction may write: that they voted, the request's key, and sealed votes.
const VOTE_TRANSACTION_TABLES = ['election_participations', 'poll_participations', 'vote_keys', 'election_sealed_ballots', 'poll_sealed_picks'];

const ORGS = ['A', 'B', 'C', 'D'];
const RANKINGS = ['1 2 3', '2', '3 1', '2 3 1'];
const PICKS = ['1 2', '3', '2 4', '4'];

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', new RecordingMessenger());
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
  await sql`create extension if not exists pageinspect`;
});
afterAll(async () => {
  await sql?.end();
  await rt?.stop();
});

describe('secret ballots and anonymous picks, read from every page of the database', () => {
  it('nothing links a voter to a ranking or to picks, neither while voting nor after close', { timeout: 60_000 }, async () => {
    await run('coord', 'setup area:Kainuu');
    for (const org of ORGS) {
      await run('coord', `org add "Org ${org}"`);
      await run('coord', `org member add "Org ${org}" @${org.toLowerCase()}1`);
    }
    expect(await run('coord', 'election new "Board" seats:2 method:stv')).toContain('Election E1 created');
    for (const who of ['a1', 'b1', 'c1']) await run(who, `election nominate E1 @${who}`);
    expect(await run('coord', 'election open E1')).toContain('Rank the candidates');
    await run('coord', 'poll new "Topics" theme:goals options:"W|X|Y|Z" pick:2 anonymous:yes');

    const [{ walStart } = { walStart: '' }] = await sql<{ walStart: string }[]>`select pg_current_wal_insert_lsn()::text as "walStart"`;
    const receipts: string[] = [];
    for (const [i, org] of ORGS.entries()) {
      const voter = `${org.toLowerCase()}1`;
      const reply = await run(voter, `vote E1 ${RANKINGS[i]}`);
      receipts.push(/Receipt: ([A-Z0-9]{10})/.exec(reply)![1]!);
      expect(await run(voter, `vote P1 ${PICKS[i]}`)).toContain('Your anonymous vote in P1 is counted');
    }
    const voteXids = [
      ...(await sql<{ xmin: string }[]>`select xmin::text from election_participations`),
      ...(await sql<{ xmin: string }[]>`select xmin::text from poll_participations`),
    ].map((r) => r.xmin);
    expect(voteXids).toHaveLength(8);

    const linked = (tuples: Tuple[]) =>
      voteXids.flatMap((xid) => tuples.filter((t) => touchedBy(t, xid) && !VOTE_TRANSACTION_TABLES.includes(t.rel)).map((t) => `${t.rel} (xid ${xid})`));
    const holdsReceipt = (data: Buffer) => receipts.some((r) => data.includes(Buffer.from(r)));

    // While voting: a voter's transaction wrote only the allowed tables, and no receipt is anywhere in clear.
    const voting = await heapTuples();
    expect(linked(voting)).toEqual([]);
    expect((await rawPages()).filter((p) => holdsReceipt(p.page)).map((p) => p.rel)).toEqual([]);
    // Sealed votes all have one length per table: it does not tell how much was ranked or picked.
    for (const rel of ['election_sealed_ballots', 'poll_sealed_picks']) {
      const lengths = voting.filter((t) => t.rel === rel).map((t) => t.len);
      expect(lengths).toHaveLength(4);
      expect(new Set(lengths).size).toBe(1);
    }

    // The WAL written while voting holds no receipt in clear either (it logs what the pages got).
    const [{ walEnd } = { walEnd: '' }] = await sql<{ walEnd: string }[]>`select pg_current_wal_insert_lsn()::text as "walEnd"`;
    const wal = await walBetween(walStart, walEnd);
    expect(wal.missing < wal.segments, 'the voting WAL is still on disk').toBe(true);
    expect(holdsReceipt(wal.bytes)).toBe(false);

    const closed = await run('coord', 'election close E1');
    for (const r of receipts) expect(closed).toContain(r);
    await run('coord', 'poll close P1');
    // The same reading of the WAL does find the receipts once the close has written them.
    const [{ walClosed } = { walClosed: '' }] = await sql<{ walClosed: string }[]>`select pg_current_wal_insert_lsn()::text as "walClosed"`;
    expect(holdsReceipt((await walBetween(walEnd, walClosed)).bytes)).toBe(true);
    expect(await run('coord', 'poll show P1')).toContain('(2)');

    // After close: the same, over live and dead versions, and receipts appear only in what the close wrote.
    const after = await heapTuples();
    expect(linked(after)).toEqual([]);
    const closeXids = await sql<{ xid: string }[]>`select distinct xmin::text as xid from election_ballots`;
    expect(closeXids).toHaveLength(1);
    const closeXid = closeXids[0]!.xid;
    expect(after.filter((t) => holdsReceipt(t.data) && t.xmin !== closeXid).map((t) => t.rel)).toEqual([]);
    expect((await indexEntries()).filter((e) => holdsReceipt(e.data)).map((e) => e.rel)).toEqual([]);
    // The opened ballots lie in receipt order, which is random: their order says nothing of when they were cast.
    const stored = await sql<{ receipt: string }[]>`select receipt from election_ballots order by ctid`;
    expect(stored.map((r) => r.receipt)).toEqual([...receipts].sort());
  });
});
