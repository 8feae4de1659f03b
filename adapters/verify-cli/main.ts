#!/usr/bin/env node
/** Entry point: `neuvo-verify` (compiled, `npm run build`) or `npm run verify --` (tsx), then `<record.json>`. */
import { run } from './cli.js';

process.exitCode = run(process.argv.slice(2));
