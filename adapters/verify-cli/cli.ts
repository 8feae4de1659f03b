/**
 * `verify <record.json>`: recomputes a published record's SHA-256 hash chain and counts its ballots
 * again with its rule, seats and seed, and says whether both match what was published.
 * Exit codes: 0 both match; 1 the chain or the count does not match; 2 bad arguments or an unreadable record.
 */
import { readFileSync } from 'node:fs';
import { readRecord, verifyRecord } from '../../src/domain/public-record.js';

/** Where the CLI writes; injectable for tests. */
export interface VerifyIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly readFile: (path: string) => string;
}

const defaultIo: VerifyIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
  readFile: (p) => readFileSync(p, 'utf8'),
};

const USAGE = 'usage: verify <record.json>   (the file from a results page: /r/<id>/record.json)\n';

/** Runs the verifier; returns the exit code. */
export function run(argv: readonly string[], io: VerifyIo = defaultIo): number {
  if (argv.length !== 1 || argv[0] === '-h' || argv[0] === '--help') {
    (argv.length === 1 ? io.out : io.err)(USAGE);
    return argv.length === 1 ? 0 : 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(io.readFile(argv[0]!));
  } catch (e) {
    io.err(`verify: cannot read ${argv[0]}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const read = readRecord(parsed);
  if (!read.ok) {
    io.err(`verify: not a Neuvo record: ${read.error}\n`);
    return 2;
  }
  const r = read.record;
  const v = verifyRecord(r);
  io.out(`election ${r.electionId}${r.title ? ` (${r.title})` : ''}: ${r.ballots.length} ballots, rule ${r.rule}, ${r.seats} seat(s), seed ${r.seed}\n`);
  io.out(v.chainMatches ? `chain: OK, head ${v.computedHead}\n` : `chain: MISMATCH: the ballots give head ${v.computedHead}, the record says ${r.chain.head}\n`);
  if (v.problem) io.out(`count: MISMATCH: cannot count: ${v.problem}\n`);
  else if (v.countMatches) io.out(`count: OK, elected ${v.computedWinners.join(', ')}\n`);
  else io.out(`count: MISMATCH: the ballots elect ${v.computedWinners.join(', ')}; the record says ${r.winners.join(', ')}\n`);
  const ok = v.chainMatches && v.countMatches;
  io.out(ok ? 'verified: the chain and the count both match\n' : 'NOT verified\n');
  return ok ? 0 : 1;
}
