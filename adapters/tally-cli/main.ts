/** Entry point: `npx tsx adapters/tally-cli/main.ts <ballots.blt> [--rule R] [--seed S] [--json]`. */
import { run } from './cli.js';

process.exitCode = run(process.argv.slice(2));
