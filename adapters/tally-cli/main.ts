#!/usr/bin/env node
/** Entry point: `neuvo-tally` (compiled, `npm run build`) or `npm run tally --` (tsx), then `<ballots.blt> [--rule R] [--seed S] [--json]`. */
import { run } from './cli.js';

process.exitCode = run(process.argv.slice(2));
