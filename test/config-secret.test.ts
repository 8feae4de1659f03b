import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trialSecret } from '../adapters/trial-secret.js';
import { loadConfig } from '../src/config.js';

const SECRET = 'x'.repeat(32);

describe('NEUVO_SECRET', () => {
  it.each([
    ['Slack', { SLACK_BOT_TOKEN: 'xoxb-1', SLACK_SIGNING_SECRET: 's' }],
    ['Discord', { DISCORD_TOKEN: 't', DISCORD_APPLICATION_ID: '1' }],
    ['a shared database', { DATABASE_URL: 'postgres://db/neuvo' }],
  ])('is required to start with %s, and the refusal names it', (_what, env) => {
    expect(() => loadConfig(env)).toThrow(/NEUVO_SECRET: required with SLACK_BOT_TOKEN, SLACK_CLIENT_ID, DISCORD_TOKEN or DATABASE_URL/);
    expect(loadConfig({ ...env, NEUVO_SECRET: SECRET }).NEUVO_SECRET).toBe(SECRET);
  });

  it('is refused when shorter than 32 characters', () => {
    expect(() => loadConfig({ NEUVO_SECRET: 'x'.repeat(31) })).toThrow(/NEUVO_SECRET: expected at least 32 characters/);
  });

  it('may be left unset for the console trial on the embedded database', () => {
    expect(loadConfig({}).NEUVO_SECRET).toBeUndefined();
  });

  it('for the console trial is made once in the data folder, readable by its owner only, with a warning', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'neuvo-secret-'));
    try {
      const warnings: string[] = [];
      const log = { warn: (msg: string) => warnings.push(msg) };
      const first = await trialSecret(join(dir, 'data'), log);
      expect(first.length).toBeGreaterThanOrEqual(32);
      expect((await stat(join(dir, 'data', 'secret'))).mode & 0o777).toBe(0o600);
      expect(await trialSecret(join(dir, 'data'), log)).toBe(first);
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain('set NEUVO_SECRET for real use');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
