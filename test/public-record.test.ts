/**
 * The published record of a secret election: its SHA-256 hash chain (checked against digests computed
 * here independently with node:crypto), its shape, and the verifier that recomputes chain and count.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { run } from '../adapters/verify-cli/cli.js';
import { buildRecord, chainHead, chainStart, type PublicRecord, readRecord, recordBlt, verifyRecord } from '../src/domain/public-record.js';
import { parseBlt } from '../src/domain/tally/index.js';

const hex = (s: string) => createHash('sha256').update(Buffer.from(s, 'utf8')).digest('hex');

const BALLOTS = [
  { receipt: 'KQ7M2ZP4XA', ranking: ['Äijälä (Org A)', 'Berg'] },
  { receipt: '3H8TNW6CRE', ranking: ['Berg'] },
  { receipt: 'P5VJ9GD2ME', ranking: ['Cecilia', 'Äijälä (Org A)', 'Berg'] },
];

function sample(): PublicRecord {
  return buildRecord({
    electionId: '6f1c1f0e-8d55-4f43-9a8e-2f0a1c6d7b11',
    title: 'Representatives 2027',
    method: 'stv',
    rule: 'scottish',
    seats: 1,
    seed: '00ff00ff00ff00ff',
    candidates: ['Äijälä (Org A)', 'Berg', 'Cecilia'],
    ballots: BALLOTS,
    winners: ['Berg'],
  });
}

describe('the hash chain', () => {
  it('starts from sha256("neuvo-record-v1\\n" + election id) as lowercase hex', () => {
    expect(chainStart('E-42')).toBe(hex('neuvo-record-v1\nE-42'));
    expect(chainStart('E-42')).toMatch(/^[0-9a-f]{64}$/);
  });

  it('links each ballot in receipt order: h_i = sha256(h_{i-1} + "\\n" + receipt + " " + names joined by ">") (UTF-8)', () => {
    const r = sample();
    expect(r.ballots.map((b) => b.receipt)).toEqual(['3H8TNW6CRE', 'KQ7M2ZP4XA', 'P5VJ9GD2ME']);
    let h = hex(`neuvo-record-v1\n${r.electionId}`);
    h = hex(`${h}\n3H8TNW6CRE Berg`);
    h = hex(`${h}\nKQ7M2ZP4XA Äijälä (Org A)>Berg`);
    h = hex(`${h}\nP5VJ9GD2ME Cecilia>Äijälä (Org A)>Berg`);
    expect(r.chain).toEqual({ algorithm: 'sha256', head: h });
    expect(chainHead(r.electionId, r.ballots)).toBe(h);
  });

  it('an election without ballots has the first link as its head', () => {
    expect(chainHead('x', [])).toBe(hex('neuvo-record-v1\nx'));
  });
});

describe('the record', () => {
  it('has the published keys, and survives JSON', () => {
    const r = JSON.parse(JSON.stringify(sample())) as Record<string, unknown>;
    for (const key of ['electionId', 'method', 'rule', 'seats', 'candidates', 'ballots', 'chain', 'seed', 'winners']) expect(r, key).toHaveProperty(key);
    expect((r.ballots as { receipt: string; ranking: string[] }[])[0]).toEqual({ receipt: '3H8TNW6CRE', ranking: ['Berg'] });
    expect(readRecord(r)).toMatchObject({ ok: true });
  });

  it('names what is missing when a file is not a record', () => {
    const { chain: _chain, ...noChain } = sample();
    expect(readRecord(noChain)).toEqual({ ok: false, error: expect.stringContaining('"chain"') });
    expect(readRecord({ ...sample(), ballots: [{ receipt: 1 }] })).toEqual({ ok: false, error: expect.stringContaining('"ballots"') });
    expect(readRecord([])).toMatchObject({ ok: false });
  });

  it('gives the same ballots as a BLT file', () => {
    const blt = parseBlt(recordBlt(sample()));
    expect(blt.ok).toBe(true);
    if (blt.ok) expect(blt.value.ballots.map((b) => b.ranking)).toEqual([[1], [0, 1], [2, 0, 1]]);
  });
});

describe('verifying', () => {
  it('accepts a record whose chain and count match', () => {
    // First preferences: Berg 1, Äijälä 1, Cecilia 1; the count must agree with what the record says.
    const r = sample();
    const v = verifyRecord(r);
    expect(v.chainMatches).toBe(true);
    const fixed = { ...r, winners: v.computedWinners };
    expect(verifyRecord(fixed)).toMatchObject({ chainMatches: true, countMatches: true });
  });

  it('rejects a changed ballot, a changed head, and winners the ballots do not give', () => {
    const r = sample();
    const good = { ...r, winners: verifyRecord(r).computedWinners };
    const changed = { ...good, ballots: good.ballots.map((b, i) => (i === 0 ? { ...b, ranking: ['Cecilia'] } : b)) };
    expect(verifyRecord(changed).chainMatches).toBe(false);
    expect(verifyRecord({ ...good, chain: { algorithm: 'sha256', head: '0'.repeat(64) } }).chainMatches).toBe(false);
    const wrong = good.candidates.find((c) => c !== good.winners[0])!;
    expect(verifyRecord({ ...good, winners: [wrong] })).toMatchObject({ chainMatches: true, countMatches: false });
  });

  it('npm run verify exits 0 on a good record, 1 on a changed one, 2 on a file that is no record', () => {
    const r = sample();
    const good = { ...r, winners: verifyRecord(r).computedWinners };
    const files: Record<string, string> = {
      'good.json': JSON.stringify(good),
      'bad.json': JSON.stringify({ ...good, ballots: [...good.ballots.slice(1), { ...good.ballots[0]!, receipt: 'ZZZZZZZZZZ' }] }),
      'junk.json': '{"hello":',
    };
    const call = (file: string) => {
      const out: string[] = [];
      const code = run([file], { out: (t) => out.push(t), err: (t) => out.push(t), readFile: (p) => files[p]! });
      return { code, text: out.join('') };
    };
    expect(call('good.json')).toMatchObject({ code: 0, text: expect.stringContaining('verified: the chain and the count both match') });
    expect(call('bad.json')).toMatchObject({ code: 1, text: expect.stringContaining('chain: MISMATCH') });
    expect(call('junk.json').code).toBe(2);
  });
});
