/**
 * People's names for form options: a select menu shows plain text, where a mention would be `<@id>`.
 */
import type { UserManager } from 'discord.js';
import { type Mention, mentionPlain } from '../../src/views/view.js';
import { SNOWFLAKE } from './markdown.js';

/**
 * The names Discord shows for `ids` (global display name, else user name), fetched in parallel
 * (discord.js answers known users from its cache). Whoever is not known within `withinMs`, or cannot
 * be fetched, is left out, so the 3-second answer is never missed for a name. Never rejects.
 */
export async function displayNames(users: Pick<UserManager, 'fetch'>, ids: readonly string[], withinMs: number): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const wanted = [...new Set(ids)].filter((id) => SNOWFLAKE.test(id));
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, withinMs);
  });
  const all = Promise.all(
    wanted.map(async (id) => {
      try {
        const user = await users.fetch(id);
        out.set(id, user.globalName ?? user.username);
      } catch {
        // unknown or unreachable: the id stands in
      }
    }),
  );
  await Promise.race([all, deadline]);
  clearTimeout(timer);
  // A copy: fetches still running must not change what the caller was given.
  return new Map(out);
}

/** Mentions as names from `names`, the id where there is none. */
export const nameOf =
  (names: ReadonlyMap<string, string>) =>
  (m: Mention): string =>
    'user' in m ? (names.get(m.user) ?? m.user) : mentionPlain(m);
