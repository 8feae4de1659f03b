/**
 * Public results pages and the verifiable record, through the core on the real Postgres: publishing at
 * close (opt-in per election or poll, or per network), the link and chain head in every channel of the
 * network, the page and its files over HTTP, `npm run verify` on a real record, the minimum number of
 * ballots, and taking a page down.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FeedServer, startFeedServer } from '../adapters/feed-server.js';
import { resultsRoutes } from '../adapters/web/routes.js';
import { run as verify } from '../adapters/verify-cli/cli.js';
import type { CommandContext } from '../src/app/ports.js';
import { chainHead, type PublicRecord } from '../src/domain/public-record.js';
import { parseBlt } from '../src/domain/tally/index.js';
import { RecordingMessenger } from './support/recording-messenger.js';
import { startTestRuntime } from './support/runtime.js';
import { viewText } from './support/view-text.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
let sql: postgres.Sql;
let server: FeedServer;
let base = '';
const messenger = new RecordingMessenger();
let channel = 0;
let channelId = '';
const dir = mkdtempSync(join(tmpdir(), 'neuvo-record-'));

const ctx = (user: string): CommandContext => ({
  actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
  space: { platform: 'console', workspaceId: 'w', channelId },
});
const run = async (user: string, line: string) => viewText(await rt.neuvo.handle(ctx(user), line));

const VOTERS = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);

/** A network of three organisations with eleven members between them, and a second channel bound to it. */
async function network(setupExtra = ''): Promise<void> {
  channelId = `rp${++channel}`;
  await run('coord', `setup area:Kainuu ${setupExtra}`);
  for (const org of ['Org A', 'Org B', 'Org C']) await run('coord', `org add "${org}"`);
  for (const [i, v] of VOTERS.entries()) await run('coord', `org member add "${['Org A', 'Org B', 'Org C'][i % 3]}" @${v}`);
  // A second channel of the same network (as a network on Slack and Discord at once would have).
  const [net] = await sql<{ network_id: string }[]>`select network_id::text from spaces where channel_id = ${channelId}`;
  await sql`insert into spaces (platform, workspace_id, channel_id, network_id) values ('console', 'w', ${`${channelId}-other`}, ${net!.network_id})`;
}

/** An STV election of three candidates, opened; returns nothing. */
async function electionOpen(options: string): Promise<void> {
  await run('coord', `election new "Board 2027" seats:2 method:stv ${options}`);
  for (const c of ['v1', 'v2', 'v3']) await run(c, `election nominate E1 @${c}`);
  expect(await run('coord', 'election open E1')).toContain('Voting is open in E1');
}

const RANKINGS = ['1 2', '2 1', '1 3', '3 2 1', '2', '1', '2 3', '3 1', '1 2 3', '2 1 3', '3'];

async function voteAll(voters: readonly string[]): Promise<Map<string, string>> {
  const receipts = new Map<string, string>();
  for (const [i, v] of voters.entries()) {
    const reply = await run(v, `vote E1 ${RANKINGS[i]}`);
    const receipt = /Receipt: ([A-Z0-9]{10})/.exec(reply)?.[1];
    if (receipt) receipts.set(receipt, RANKINGS[i]!);
  }
  return receipts;
}

const pageIdIn = (text: string) => /\/r\/([A-Za-z0-9_-]{22})\b/.exec(text)?.[1];

beforeAll(async () => {
  rt = await startTestRuntime();
  rt.messenger.register('console', messenger);
  sql = postgres(rt.databaseUrl, { max: 1, onnotice: () => {} });
  server = await startFeedServer(resultsRoutes({ defaultLang: 'en', slackInstall: false }, { find: (id) => rt.deps.published.byId(id) }), 0, '127.0.0.1');
  base = `http://127.0.0.1:${server.address.port}`;
});
afterAll(async () => {
  await server?.stop();
  await sql?.end();
  await rt.stop();
});
beforeEach(() => {
  messenger.sent.length = 0;
});

describe('a secret election with public:yes', () => {
  it('publishes the page, posts the link and chain head in every channel, and its record verifies', async () => {
    await network();
    await electionOpen('per:person public:yes');
    const receipts = await voteAll(VOTERS);
    expect(receipts.size).toBe(11);
    const result = await run('coord', 'election close E1');
    const id = pageIdIn(result);
    expect(id, result).toBeDefined();
    const head = /chain head ([0-9a-f]{64})/.exec(result)?.[1];
    expect(head, result).toBeDefined();
    // The other channel of the network gets the link and the same head.
    const other = messenger.sent.find((m) => m.to === `#${channelId}-other`);
    expect(other?.text).toContain(`/r/${id}`);
    expect(other?.text).toContain(head);

    const record = (await (await fetch(`${base}/r/${id}/record.json`)).json()) as PublicRecord;
    expect(record.chain).toEqual({ algorithm: 'sha256', head });
    expect(record.ballots.map((b) => b.receipt)).toEqual([...receipts.keys()].sort());
    expect(record.candidates).toEqual(['v1', 'v2', 'v3']);
    // Each voter finds their ranking under their receipt, by name.
    for (const [receipt, ranking] of receipts) expect(record.ballots.find((b) => b.receipt === receipt)?.ranking).toEqual(ranking.split(' ').map((n) => `v${n}`));
    const winners = /Elected, in order of election:\n\d+\. @(v\d)[^\n]*\n\d+\. @(v\d)/.exec(result)?.slice(1, 3);
    expect(winners, result).toBeDefined();
    expect(record.winners).toEqual(winners);

    const page = await fetch(`${base}/r/${id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Board 2027');
    expect(html).toContain(head);
    for (const receipt of receipts.keys()) expect(html).toContain(`id="b-${receipt}"`);
    const blt = parseBlt(await (await fetch(`${base}/r/${id}/ballots.blt`)).text());
    expect(blt.ok && blt.value.ballots.length).toBe(11);

    // npm run verify on the real file: accepted; with one ballot changed, or the head changed, rejected.
    const check = (r: unknown) => {
      const file = join(dir, `record-${Math.random().toString(36).slice(2)}.json`);
      writeFileSync(file, JSON.stringify(r));
      const out: string[] = [];
      const code = verify([file], { out: (t) => out.push(t), err: (t) => out.push(t), readFile: (p) => readFileSync(p, 'utf8') });
      return { code, text: out.join('') };
    };
    expect(check(record)).toMatchObject({ code: 0, text: expect.stringContaining('verified') });
    // One ballot's first choice changed to another candidate (always a different ranking).
    const changed = { ...record, ballots: record.ballots.map((b, i) => (i === 0 ? { ...b, ranking: [b.ranking[0] === 'v3' ? 'v1' : 'v3'] } : b)) };
    expect(check(changed)).toMatchObject({ code: 1, text: expect.stringContaining('chain: MISMATCH') });
    // A forger who also recomputes the head is caught by the head posted in the channels.
    expect(chainHead(record.electionId, changed.ballots)).not.toBe(head);
    expect(check({ ...record, chain: { algorithm: 'sha256', head: chainHead('another election', record.ballots) } }).code).toBe(1);
  });

  it('closing again publishes nothing twice', async () => {
    await network();
    await electionOpen('per:person public:yes');
    await voteAll(VOTERS);
    await run('coord', 'election close E1');
    expect(await run('coord', 'election close E1')).toContain('already closed');
    const rows = await sql`select p.id from published_results p join elections e on e.id = p.election_id where e.channel_id = ${channelId}`;
    expect(rows.length).toBe(1);
  });
});

describe('candidates on the page and in the record', () => {
  it('are named as the platform shows them, and two people shown alike keep their ids apart', async () => {
    await network();
    const shown = new Map([['v1', 'Väinö Ääkkönen'], ['v2', 'Anna'], ['v3', 'Anna']]);
    rt.names.register('console', { names: async (_w, ids) => new Map(ids.flatMap((id) => (shown.has(id) ? [[id, shown.get(id)!] as const] : []))) });
    try {
      await electionOpen('per:person public:yes');
      await voteAll(VOTERS);
      const id = pageIdIn(await run('coord', 'election close E1'))!;
      const record = (await (await fetch(`${base}/r/${id}/record.json`)).json()) as PublicRecord;
      expect(record.candidates).toEqual(['Väinö Ääkkönen', 'Anna v2', 'Anna v3']);
      expect(record.ballots.flatMap((b) => b.ranking).every((n) => record.candidates.includes(n))).toBe(true);
      expect(await (await fetch(`${base}/r/${id}`)).text()).toContain('Väinö Ääkkönen');
    } finally {
      rt.names.register('console', { names: async () => new Map() });
    }
  });
});

describe('fewer ballots than NEUVO_MIN_PUBLIC_BALLOTS', () => {
  it('the page shows the rounds only and says why; there is no record to download', async () => {
    await network();
    await electionOpen('per:person public:yes');
    await voteAll(VOTERS.slice(0, 9));
    const result = await run('coord', 'election close E1');
    expect(result).toContain('fewer than 10 ballots');
    expect(result).not.toMatch(/chain head/);
    const id = pageIdIn(result)!;
    const html = await (await fetch(`${base}/r/${id}?lang=en`)).text();
    expect(html).toContain('with fewer than 10 of them, a full ranking could show who voted how');
    expect(html).toContain('Round 1');
    expect(html).not.toMatch(/id="b-/);
    expect((await fetch(`${base}/r/${id}/record.json`)).status).toBe(404);
  });
});

describe('taking a page down', () => {
  it('only a coordinator can, and the page and its files answer 404 after', async () => {
    await network();
    await electionOpen('per:person public:yes');
    await voteAll(VOTERS);
    const id = pageIdIn(await run('coord', 'election close E1'))!;
    expect((await fetch(`${base}/r/${id}`)).status).toBe(200);
    expect(await run('v5', 'election show E1')).toContain(`Public results page: /r/${id}`);
    expect(await run('v5', 'election unpublish E1')).toBe('Only a coordinator of this network can do that.');
    expect((await fetch(`${base}/r/${id}`)).status).toBe(200);
    expect(await run('coord', 'election unpublish E1')).toContain('taken down');
    expect((await fetch(`${base}/r/${id}`)).status).toBe(404);
    expect((await fetch(`${base}/r/${id}/record.json`)).status).toBe(404);
    expect(await run('coord', 'election unpublish E1')).toBe('Election E1 has no public results page.');
    expect(await run('v5', 'election show E1')).not.toContain('/r/');
    // Closing again neither republishes nor re-announces it, and its ballots left with it.
    messenger.sent.length = 0;
    expect(await run('coord', 'election close E1')).not.toContain('/r/');
    expect(messenger.sent.filter((m) => m.to === `#${channelId}-other`)).toEqual([]);
    const [row] = await sql`select snapshot, taken_down_at from published_results where id = ${id}`;
    expect(row).toMatchObject({ snapshot: null, taken_down_at: expect.any(Date) });
  });
});

describe('a page that failed to publish at close', () => {
  it('is published, and announced once, by closing again', async () => {
    await network();
    await electionOpen('per:person public:yes');
    await voteAll(VOTERS);
    const published = rt.deps.published;
    const publish = published.publish.bind(published);
    published.publish = async () => {
      throw new Error('connection lost');
    };
    let closed: string;
    try {
      closed = await run('coord', 'election close E1');
    } finally {
      published.publish = publish;
    }
    expect(closed).toContain('Result of E1');
    expect(pageIdIn(closed)).toBeUndefined();
    expect(messenger.sent.filter((m) => m.to === `#${channelId}-other`)).toEqual([]);
    const again = await run('coord', 'election close E1');
    expect(again).toContain('already closed');
    const id = pageIdIn(again)!;
    expect((await fetch(`${base}/r/${id}/record.json`)).status).toBe(200);
    expect(messenger.sent.filter((m) => m.to === `#${channelId}-other`).length).toBe(1);
    await run('coord', 'election close E1');
    expect(messenger.sent.filter((m) => m.to === `#${channelId}-other`).length).toBe(1);
  });
});

describe('what is published without public:yes', () => {
  it('nothing, unless the network publishes every result (setup results-page:on, in any language)', async () => {
    await network();
    await electionOpen('per:person');
    await voteAll(VOTERS);
    expect(pageIdIn(await run('coord', 'election close E1'))).toBeUndefined();

    await network();
    expect(await run('coord', 'setup results-page:päällä')).toContain('Public results pages: on');
    await run('coord', 'poll new "What next?" theme:goals options:"Housing|Transport|Culture"');
    await run('v1', 'vote P1 1 2');
    await run('v2', 'vote P1 1');
    const id = pageIdIn(await run('coord', 'poll close P1'))!;
    const html = await (await fetch(`${base}/r/${id}?lang=fi`)).text();
    expect(html).toContain('What next?');
    expect(html).toMatch(/<th scope="row">Housing<\/th><td class="n">2<\/td>/);
    expect((await fetch(`${base}/r/${id}/record.json`)).status).toBe(404);
    expect(await run('coord', 'poll unpublish P1')).toContain('taken down');
  });

  it('an open (not secret) election gets a page without a record, and says why', async () => {
    await network();
    await electionOpen('per:person secret:no public:yes');
    await voteAll(VOTERS);
    const result = await run('coord', 'election close E1');
    expect(result).not.toMatch(/chain head/);
    const html = await (await fetch(`${base}/r/${pageIdIn(result)!}?lang=en`)).text();
    expect(html).toContain('ballots were open, not secret');
  });

  it('an unknown or malformed id is 404', async () => {
    expect((await fetch(`${base}/r/AAAAAAAAAAAAAAAAAAAAAA`)).status).toBe(404);
    expect((await fetch(`${base}/r/x'%3Cscript%3E`)).status).toBe(404);
  });
});
