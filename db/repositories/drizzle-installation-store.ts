import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Database } from '../client.js';
import { slackInstallations, slackOrgTeams } from '../schema.js';
import { TextSealer } from '../text-sealing.js';

/** The label of installation keys in `text-sealing.ts`: distinct from every other use of `NEUVO_SECRET`. */
const PURPOSE = 'slack-installation';

interface Key {
  readonly enterpriseId: string;
  readonly teamId: string;
}

/** The row of an installation: an org-wide install is keyed by its organisation alone. */
function keyOf(installation: Installation): Key {
  const enterpriseId = installation.enterprise?.id ?? '';
  if (installation.isEnterpriseInstall) {
    if (!enterpriseId) throw new Error('an org-wide Slack installation without an enterprise id');
    return { enterpriseId, teamId: '' };
  }
  if (!installation.team?.id) throw new Error('a Slack installation without a team id');
  return { enterpriseId, teamId: installation.team.id };
}

/** Thrown by `fetchInstallation` where Neuvo is not installed (as against a failed lookup). */
export class NoSlackInstallation extends Error {
  override readonly name = 'NoSlackInstallation';
}

/** Whether `err` says Neuvo is not installed: ours, or as Bolt's installer wraps it (`AuthorizationError.original`). */
export function isNoInstallation(err: unknown): boolean {
  return err instanceof NoSlackInstallation || (err as { original?: unknown } | undefined)?.original instanceof NoSlackInstallation;
}

const scopeOf = (k: Key) => `slack-installation:${k.enterpriseId}:${k.teamId}`;

/**
 * How long a found installation is kept in memory: every Slack request is authorized with it, and a
 * vote should not wait on one more query. A removal or refresh in this process replaces it at once.
 */
const CACHE_MS = 5_000;

/**
 * Bolt's `InstallationStore` on Postgres: one row per installation, the installation (bot token,
 * refresh token, expiry, scopes) sealed under a key derived from `NEUVO_SECRET`. Bolt calls
 * `storeInstallation` after the OAuth exchange and again after each token refresh.
 */
export class DrizzleInstallationStore implements InstallationStore {
  private readonly sealer: TextSealer;
  private readonly cache = new Map<string, { until: number; installation: Installation }>();

  constructor(
    private readonly db: Database,
    secret: string,
    private readonly now: () => number = Date.now,
  ) {
    this.sealer = new TextSealer(secret, PURPOSE);
  }

  async storeInstallation(installation: Installation): Promise<void> {
    this.cache.clear();
    const key = keyOf(installation);
    const sealed = this.sealer.seal(scopeOf(key), JSON.stringify(installation));
    await this.db
      .insert(slackInstallations)
      .values({ ...key, isEnterpriseInstall: Boolean(installation.isEnterpriseInstall), sealed })
      .onConflictDoUpdate({ target: [slackInstallations.enterpriseId, slackInstallations.teamId], set: { sealed, isEnterpriseInstall: Boolean(installation.isEnterpriseInstall), updatedAt: new Date() } });
  }

  /** The installation serving the query's workspace (or its organisation, for an org-wide install); throws when there is none, as Bolt expects. */
  async fetchInstallation(query: InstallationQuery<boolean>): Promise<Installation> {
    const found = await this.find(query);
    if (!found) throw new NoSlackInstallation(`no Slack installation for team ${query.teamId ?? '-'} / enterprise ${query.enterpriseId ?? '-'}`);
    return found;
  }

  async deleteInstallation(query: InstallationQuery<boolean>): Promise<void> {
    this.cache.clear();
    await this.db.delete(slackInstallations).where(this.where(query));
  }

  /**
   * The installation for the query, or undefined. A workspace with no installation of its own is
   * served by its organisation's org-wide one, once {@link rememberOrgTeam} linked the two.
   */
  async find(query: InstallationQuery<boolean>): Promise<Installation | undefined> {
    const cacheKey = query.isEnterpriseInstall && query.enterpriseId ? `E:${query.enterpriseId}` : `T:${query.teamId ?? ''}`;
    const hit = this.cache.get(cacheKey);
    // A copy: Bolt's token refresh edits what it was given.
    if (hit && hit.until > this.now()) return structuredClone(hit.installation);
    const found = await this.load(query);
    if (found) this.cache.set(cacheKey, { until: this.now() + CACHE_MS, installation: structuredClone(found) });
    return found;
  }

  private async load(query: InstallationQuery<boolean>): Promise<Installation | undefined> {
    let [row] = await this.db.select().from(slackInstallations).where(this.where(query)).limit(1);
    if (!row && !query.isEnterpriseInstall && query.teamId) {
      [row] = await this.db
        .select()
        .from(slackInstallations)
        .where(and(eq(slackInstallations.teamId, ''), eq(slackInstallations.enterpriseId, sql`(select ${slackOrgTeams.enterpriseId} from ${slackOrgTeams} where ${slackOrgTeams.teamId} = ${query.teamId})`)))
        .limit(1);
    }
    if (!row) return undefined;
    return JSON.parse(this.sealer.open(scopeOf(row), row.sealed)) as Installation;
  }

  /** Notes that workspace `teamId` belongs to organisation `enterpriseId`, whose org-wide installation serves it. */
  async rememberOrgTeam(teamId: string, enterpriseId: string): Promise<void> {
    await this.db.insert(slackOrgTeams).values({ teamId, enterpriseId }).onConflictDoUpdate({ target: slackOrgTeams.teamId, set: { enterpriseId } });
  }

  /** The workspaces seen using organisation `enterpriseId`'s org-wide installation. */
  async orgTeams(enterpriseId: string): Promise<string[]> {
    return (await this.db.select({ teamId: slackOrgTeams.teamId }).from(slackOrgTeams).where(eq(slackOrgTeams.enterpriseId, enterpriseId))).map((r) => r.teamId);
  }

  private where(query: InstallationQuery<boolean>) {
    // An org-wide install is the organisation's; a workspace's is found by its team id, unique across Slack.
    if (query.isEnterpriseInstall && query.enterpriseId) {
      return and(eq(slackInstallations.enterpriseId, query.enterpriseId), eq(slackInstallations.teamId, ''));
    }
    return and(eq(slackInstallations.teamId, query.teamId ?? ''), ne(slackInstallations.teamId, ''));
  }
}
