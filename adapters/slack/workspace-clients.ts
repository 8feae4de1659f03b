/**
 * The Web API client of each Slack workspace. Self-hosted, one bot token serves one workspace; a
 * distributed Neuvo holds an installation per workspace (`DrizzleInstallationStore`) and every call
 * about a workspace goes with that workspace's bot token, so nothing of one can reach another.
 */
import { type AuthorizeResult, type InstallationQuery, type InstallationStore, webApi } from '@slack/bolt';
import { isNoInstallation } from '../../db/repositories/drizzle-installation-store.js';
import { DeliveryRefused } from '../../src/domain/errors.js';

/** The client to call Slack with about workspace (team) `teamId`; rejects with {@link DeliveryRefused} where Neuvo is not installed. */
export type ClientFor = (teamId: string) => Promise<webApi.WebClient>;

/**
 * Where installations are kept (`DrizzleInstallationStore`): Bolt's store, whose `fetchInstallation`
 * rejects with `NoSlackInstallation` where there is none, and which serves a workspace of an
 * Enterprise Grid organisation with the org-wide installation once told the workspace is the org's.
 */
export interface SlackInstallations extends InstallationStore {
  rememberOrgTeam(teamId: string, enterpriseId: string): Promise<void>;
  orgTeams(enterpriseId: string): Promise<string[]>;
}

/** Why a job to a workspace without an installation fails for good. */
export const NOT_INSTALLED_REASON = 'slack not installed in the workspace';

// A token is looked up at most this often per workspace and process; an uninstall drops it at once
// here (`forget`), and elsewhere Slack refuses the revoked token (`token_revoked` fails the job).
const CACHE_MS = 60_000;

/**
 * Per-workspace clients from the installation store, each with the workspace's current bot token:
 * `authorize` is Bolt's (the InstallProvider's), which refreshes a rotating token before it expires
 * and stores the new one. Cached briefly.
 */
export class WorkspaceClients {
  private readonly cache = new Map<string, { until: number; client: Promise<webApi.WebClient> }>();

  constructor(
    private readonly authorize: (source: InstallationQuery<boolean>) => Promise<AuthorizeResult>,
    private readonly clientOptions: webApi.WebClientOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** The client for `teamId` (see {@link ClientFor}). */
  readonly clientFor: ClientFor = (teamId) => {
    const hit = this.cache.get(teamId);
    if (hit && hit.until > this.now()) return hit.client;
    const client = this.load(teamId);
    this.cache.set(teamId, { until: this.now() + CACHE_MS, client });
    client.catch(() => this.cache.delete(teamId));
    return client;
  };

  /** Drops what is cached for a workspace (it was uninstalled, or its token revoked). */
  forget(teamId: string): void {
    this.cache.delete(teamId);
  }

  private async load(teamId: string): Promise<webApi.WebClient> {
    const auth = await this.authorize({ teamId, enterpriseId: undefined, isEnterpriseInstall: false }).catch((err: unknown) => {
      // Absent is final; a failed lookup (the database away) is not, and is retried by the job.
      throw isNoInstallation(err) ? new DeliveryRefused(NOT_INSTALLED_REASON) : err;
    });
    if (!auth.botToken) throw new DeliveryRefused(NOT_INSTALLED_REASON);
    return new webApi.WebClient(auth.botToken, this.clientOptions);
  }
}
