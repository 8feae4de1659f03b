import { lt } from 'drizzle-orm';
import type { Database } from './client.js';
import { voteKeys } from './schema.js';

/**
 * How long a vote's idempotency key is kept. Platforms retry within minutes (Slack 3 times in about a
 * minute; a Discord interaction lives 15 minutes) and people double-click within seconds: a day is
 * far past both, and the table stays the size of a day's votes.
 */
export const VOTE_KEY_DAYS = 1;

/** Deletes vote keys older than {@link VOTE_KEY_DAYS}; resolves with how many went. */
export async function pruneVoteKeys(db: Database, now: Date = new Date()): Promise<number> {
  const gone = await db
    .delete(voteKeys)
    .where(lt(voteKeys.createdAt, new Date(now.getTime() - VOTE_KEY_DAYS * 86_400_000)))
    .returning({ key: voteKeys.key });
  return gone.length;
}
