import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The sealing secret of a console trial on the embedded database (no NEUVO_SECRET set): read from
 * `<dataDir>/secret`, or made there on first start (mode 0600), so `npm start` needs no setup.
 * Anyone who can read that file holds the key to the trial's sealed votes, hence the warning.
 */
export async function trialSecret(dataDir: string, log: { warn(msg: string): void }): Promise<string> {
  const path = join(dataDir, 'secret');
  await mkdir(dataDir, { recursive: true });
  try {
    // 'wx': two first starts at once cannot overwrite each other's secret.
    await writeFile(path, `${randomBytes(48).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
    log.warn(`NEUVO_SECRET is not set: made a trial secret in ${path}; set NEUVO_SECRET for real use (see .env.example)`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  return (await readFile(path, 'utf8')).trim();
}
