import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import { isLang, type Lang } from '../../src/i18n/translator.js';

/** What the adapter needs to know about the person running a command. */
export interface SlackUserFacts {
  /** Workspace admin or owner: a coordinator of every network in the workspace. */
  readonly isAdmin: boolean;
  /** The Slack client's language when Neuvo speaks it. */
  readonly locale?: Lang;
}

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

  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
    private readonly maxEntries = 10_000,
  ) {}

  /** The facts about `userId` in workspace `teamId`. Never rejects. */
  facts(teamId: string, userId: string): Promise<SlackUserFacts> {
    const key = `${teamId}:${userId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > this.now()) return hit.facts;
    const facts = this.lookup(userId).catch((err: unknown) => {
      this.cache.delete(key);
      this.log.warn({ err, userId, teamId }, 'slack users.info failed; treating the user as not an admin');
      return { isAdmin: false };
    });
    this.cache.delete(key);
    this.cache.set(key, { until: this.now() + this.ttlMs, facts });
    // Oldest first in a Map: drop the oldest entry once the cache is full.
    if (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return facts;
  }

  private async lookup(userId: string): Promise<SlackUserFacts> {
    const res = await this.client.users.info({ user: userId, include_locale: true });
    const user = res.user;
    const locale = langOfLocale(user?.locale);
    return { isAdmin: Boolean(user?.is_admin || user?.is_owner), ...(locale ? { locale } : {}) };
  }
}
