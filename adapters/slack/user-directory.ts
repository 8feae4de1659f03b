import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { isLang, type Lang } from '../../src/i18n/translator.js';
import type { ClientFor } from './workspace-clients.js';

/** What the adapter needs to know about the person running a command. */
export interface SlackUserFacts {
  /** Workspace admin or owner: a coordinator of every network in the workspace. */
  readonly isAdmin: boolean;
  /** The Slack client's language when Neuvo speaks it. */
  readonly locale?: Lang;
  /** The name Slack shows for the person: display name, else real name, else the user name. */
  readonly name?: string;
}

/** Slack user ids (`U…`, `W…` on Enterprise Grid): others are never looked up. */
const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

interface Entry {
  readonly until: number;
  readonly facts: Promise<SlackUserFacts>;
}

/** The language part of a Slack locale (`fi-FI` → `fi`), if Neuvo speaks it. */
export function langOfLocale(locale: unknown): Lang | undefined {
  const lang = typeof locale === 'string' ? locale.split(/[-_]/, 1)[0]!.toLowerCase() : undefined;
  return isLang(lang) ? lang : undefined;
}

/**
 * Looks people up with users.info and remembers the answer for a few minutes, so a burst of
 * commands or clicks costs one call. A failed lookup is not remembered and counts as "not an admin":
 * failing closed never grants rights, and the next command asks again.
 */
export class SlackUserDirectory {
  private readonly cache = new Map<string, Entry>();
  private readonly clientFor: ClientFor;

  /** `client`: the one client of a single-token Neuvo, or each workspace's. */
  constructor(
    client: webApi.WebClient | ClientFor,
    private readonly log: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {
    this.clientFor = typeof client === 'function' ? client : async () => client;
  }

  /** The facts about `userId` in workspace `teamId`. Never rejects. */
  facts(teamId: string, userId: string): Promise<SlackUserFacts> {
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.facts;
    const facts = this.lookup(teamId, userId).catch((err: unknown) => {
      this.cache.delete(key);
      this.log.warn({ err, userId, teamId }, 'slack users.info failed; treating the user as not an admin, without a name');
      return { isAdmin: false };
    });
    this.cache.delete(key);
    this.cache.set(key, { until: this.now() + this.ttlMs, facts });
    // Oldest first in a Map: drop the oldest entry once the cache is full.
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return facts;
  }

  /**
   * The names Slack shows for `userIds` (ids that are not Slack user ids are skipped), looked up in
   * parallel; whoever is not known within `withinMs` is left out, so a slow users.info cannot make
   * the caller miss a deadline (a modal's trigger_id lives 3 seconds). Never rejects.
   */
  async names(teamId: string, userIds: readonly string[], withinMs: number): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ids = [...new Set(userIds)].filter((id) => SLACK_USER_ID.test(id));
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, withinMs);
    });
    const all = Promise.all(
      ids.map(async (id) => {
        const { name } = await this.facts(teamId, id);
        if (name) out.set(id, name);
      }),
    );
    await Promise.race([all, deadline]);
    clearTimeout(timer);
    // A copy: lookups still running must not change what the caller was given.
    return new Map(out);
  }

  private async lookup(teamId: string, userId: string): Promise<SlackUserFacts> {
    const res = await (await this.clientFor(teamId)).users.info({ user: userId, include_locale: true });
    const user = res.user;
    const locale = langOfLocale(user?.locale);
    const name = [user?.profile?.display_name, user?.real_name, user?.profile?.real_name, user?.name].find((n): n is string => typeof n === 'string' && n.trim() !== '');
    return { isAdmin: Boolean(user?.is_admin || user?.is_owner), ...(locale ? { locale } : {}), ...(name ? { name: name.trim() } : {}) };
  }
}
