/**
 * The Slack installation store on real Postgres: what Bolt stores after an OAuth exchange comes back
 * whole, an org-wide Enterprise Grid install is found for every workspace of its organisation, and
 * no token is in the table in clear.
 */
import type { Installation } from '@slack/bolt';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpenDatabase, openDatabase } from '../db/client.js';
import { DrizzleInstallationStore } from '../db/repositories/drizzle-installation-store.js';
import { slackInstallations } from '../db/schema.js';
import { createTestDatabase } from './support/database.js';
import { TEST_SECRET } from './support/runtime.js';

let database: OpenDatabase;
let drop: () => Promise<void>;
let store: DrizzleInstallationStore;

beforeAll(async () => {
  const created = await createTestDatabase();
  drop = created.drop;
  database = await openDatabase({ dataDir: '/nonexistent', url: created.url });
  store = new DrizzleInstallationStore(database.db, TEST_SECRET);
});

afterAll(async () => {
  await database?.close();
  await drop?.();
});

const workspace = (team: string, token: string, extra: Partial<Installation> = {}): Installation => ({
  team: { id: team, name: `Team ${team}` },
  enterprise: undefined,
  user: { id: 'U0INSTALL1', token: undefined, scopes: undefined },
  bot: { id: 'B0BOT00001', userId: 'U0BOTUSER1', token, scopes: ['commands', 'chat:write'] },
  tokenType: 'bot',
  isEnterpriseInstall: false,
  appId: 'A0NEUVO001',
  authVersion: 'v2',
  ...extra,
});

describe('the Slack installation store', () => {
  it('gives back what was stored, by team, and a later store (a token refresh) replaces it', async () => {
    const first = workspace('T0STORE001', 'xoxb-store-1', { bot: { id: 'B0BOT00001', userId: 'U0BOTUSER1', token: 'xoxe.xoxb-1-old', refreshToken: 'xoxe-1-refresh-old', expiresAt: 1_900_000_000, scopes: ['commands'] } });
    await store.storeInstallation(first);
    expect(await store.fetchInstallation({ teamId: 'T0STORE001', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual(first);
    const refreshed = { ...first, bot: { ...first.bot!, token: 'xoxe.xoxb-1-new', refreshToken: 'xoxe-1-refresh-new', expiresAt: 1_900_043_200 } };
    await store.storeInstallation(refreshed);
    expect(await store.fetchInstallation({ teamId: 'T0STORE001', enterpriseId: undefined, isEnterpriseInstall: false })).toEqual(refreshed);
    expect((await database.db.select().from(slackInstallations).where(sql`team_id = 'T0STORE001'`)).length).toBe(1);
  });

  it('throws for a workspace with no installation, at once after deleting it, and deleting one leaves the others', async () => {
    await store.storeInstallation(workspace('T0STORE002', 'xoxb-store-2'));
    await store.storeInstallation(workspace('T0STORE003', 'xoxb-store-3'));
    // Found once (and so kept in memory for a moment): the removal still takes effect at once.
    expect((await store.fetchInstallation({ teamId: 'T0STORE002', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-store-2');
    await store.deleteInstallation({ teamId: 'T0STORE002', enterpriseId: undefined, isEnterpriseInstall: false });
    await expect(store.fetchInstallation({ teamId: 'T0STORE002', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow('no Slack installation for team T0STORE002');
    expect((await store.fetchInstallation({ teamId: 'T0STORE003', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-store-3');
  });

  it('keys an org-wide Enterprise Grid install by its organisation, serving each of its workspaces and no other', async () => {
    const org: Installation = {
      team: undefined,
      enterprise: { id: 'E0GRID0001', name: 'Grid' },
      user: { id: 'U0INSTALL1', token: undefined, scopes: undefined },
      bot: { id: 'B0BOT00002', userId: 'U0BOTUSER2', token: 'xoxb-grid-org', scopes: ['commands'] },
      isEnterpriseInstall: true,
      authVersion: 'v2',
    };
    await store.storeInstallation(org);
    expect(await store.fetchInstallation({ teamId: 'T0INGRID01', enterpriseId: 'E0GRID0001', isEnterpriseInstall: true })).toEqual(org);
    await expect(store.fetchInstallation({ teamId: 'T0INGRID01', enterpriseId: 'E0OTHER001', isEnterpriseInstall: true })).rejects.toThrow('no Slack installation');
    // A workspace of the organisation installed on its own keeps a row of its own.
    await store.storeInstallation(workspace('T0INGRID02', 'xoxb-grid-team', { enterprise: { id: 'E0GRID0001' } }));
    expect((await store.fetchInstallation({ teamId: 'T0INGRID02', enterpriseId: 'E0GRID0001', isEnterpriseInstall: false })).bot?.token).toBe('xoxb-grid-team');
    expect((await store.fetchInstallation({ teamId: 'T0INGRID01', enterpriseId: 'E0GRID0001', isEnterpriseInstall: true })).bot?.token).toBe('xoxb-grid-org');
  });

  it('keeps no token in clear: the table holds ciphertext that opens under NEUVO_SECRET only', async () => {
    await store.storeInstallation(workspace('T0STORE004', 'xoxb-plain-token-4', { bot: { id: 'B0BOT00001', userId: 'U0BOTUSER1', token: 'xoxe.xoxb-plain-token-4', refreshToken: 'xoxe-1-plain-refresh-4', expiresAt: 1_900_000_000, scopes: [] } }));
    const dump = JSON.stringify(await database.db.execute(sql`select * from slack_installations`));
    expect(dump).not.toContain('plain-token');
    expect(dump).not.toContain('plain-refresh');
    expect(dump).not.toContain('1900000000');
    const other = new DrizzleInstallationStore(database.db, `${TEST_SECRET}-another`);
    await expect(other.fetchInstallation({ teamId: 'T0STORE004', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow('cannot be opened');
  });
});
