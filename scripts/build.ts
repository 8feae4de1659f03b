/**
 * `npm run build [-- --out-dir DIR]`: compiles the program (tsconfig.build.json) into `dist/` or DIR,
 * which must lie inside the project so the compiled code finds `node_modules` and `"type": "module"`.
 * The output directory is emptied first, so a module deleted from the source does not linger in it.
 * Files the compiled code reads at run time beside itself are copied next to it: the SQL migrations
 * (`db/client.ts` finds them through `import.meta.url`). Exits non-zero when tsc reports an error.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Read at run time relative to the compiled module, so they travel with it. */
const ASSETS = ['db/migrations'];
/** Compiled entry points run as programs (the `neuvo-tally` bin). */
const EXECUTABLES = ['adapters/tally-cli/main.js'];

function outDir(argv: readonly string[]): string {
  const i = argv.indexOf('--out-dir');
  const out = resolve(ROOT, i >= 0 ? (argv[i + 1] ?? '') : 'dist');
  const rel = relative(ROOT, out);
  // Emptying it must never reach the sources: only a directory strictly inside the project will do.
  if (rel === '' || rel.startsWith('..') || resolve(ROOT, rel) !== out || ['src', 'adapters', 'jobs', 'db', 'test', 'bench', 'scripts', 'node_modules'].includes(rel.split(/[\\/]/)[0]!)) {
    console.error(`build: --out-dir must be a new directory inside ${ROOT} (got ${out})`);
    process.exit(2);
  }
  return out;
}

const out = outDir(process.argv.slice(2));
rmSync(out, { recursive: true, force: true });
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', out], { stdio: 'inherit' });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
for (const asset of ASSETS) cpSync(join(ROOT, asset), join(out, asset), { recursive: true });
for (const file of EXECUTABLES) chmodSync(join(out, file), 0o755);
