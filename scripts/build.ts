/**
 * `npm run build [-- --out-dir DIR]`: compiles the program (tsconfig.build.json) into `dist/` or DIR
 * (under `dist/` or `.build-test/`: inside the project, so the compiled code finds `node_modules` and
 * `"type": "module"`).
 * The output directory is emptied first, so a module deleted from the source does not linger in it.
 * Files the compiled code reads at run time beside itself are copied next to it: the SQL migrations
 * (`db/client.ts` finds them through `import.meta.url`). Exits non-zero when tsc reports an error.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Read at run time relative to the compiled module, so they travel with it. */
const ASSETS = ['db/migrations'];
/** Compiled entry points run as programs (the `neuvo-tally` bin). */
const EXECUTABLES = ['adapters/tally-cli/main.js', 'adapters/verify-cli/main.js'];

/** Where a build may go: it is emptied first, so only places that hold nothing but builds (both gitignored). */
const BUILD_PLACES = ['dist', '.build-test'];

function outDir(argv: readonly string[]): string {
  const i = argv.indexOf('--out-dir');
  const out = resolve(ROOT, i >= 0 ? (argv[i + 1] ?? '') : 'dist');
  const [top, ...rest] = relative(ROOT, out).split(sep);
  if (!BUILD_PLACES.includes(top!) || (top !== 'dist' && rest.length === 0)) {
    console.error(`build: --out-dir must be dist/ or a directory under dist/ or .build-test/ (got ${out})`);
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
