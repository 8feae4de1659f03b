import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneVoteKeys, VOTE_KEY_DAYS } from '../db/housekeeping.js';
import { voteKeys } from '../db/schema.js';
import { startTestRuntime } from './support/runtime.js';

let rt: Awaited<ReturnType<typeof startTestRuntime>>;
beforeAll(async () => {
  rt = await startTestRuntime();
});
afterAll(async () => rt.stop());

describe('housekeeping', () => {
  it('drops vote keys older than a day and keeps the newer ones', async () => {
    const now = new Date();
    const day = VOTE_KEY_DAYS * 86_400_000;
    await rt.database.db.insert(voteKeys).values([
      { key: 'old', createdAt: new Date(now.getTime() - day - 60_000) },
      { key: 'recent', createdAt: new Date(now.getTime() - day + 60_000) },
    ]);
    expect(await pruneVoteKeys(rt.database.db, now)).toBe(1);
    expect((await rt.database.db.select({ key: voteKeys.key }).from(voteKeys)).map((r) => r.key).sort()).toEqual(['recent']);
  });
});
