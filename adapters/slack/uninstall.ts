/**
 * A workspace that removes Neuvo: Slack sends `app_uninstalled` and `tokens_revoked` (Events API,
 * in either order, perhaps more than once). The first deletes the installation (its tokens) and fails
 * the workspace's pending jobs with the reason; a repeat finds nothing left to do. Networks' data stays.
 */
import type { AnyMiddlewareArgs, Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackInstallations } from './workspace-clients.js';

/** What happens to a workspace's scheduled work when Neuvo is removed from it. */
export type FailWorkspaceJobs = (teamId: string, reason: string) => Promise<readonly string[]>;

/** Why the jobs of an uninstalled workspace failed (`scheduled_jobs.failure`). */
export const uninstallReason = (event: 'app_uninstalled' | 'tokens_revoked') => `slack:${event}`;

/**
 * A global Bolt middleware, placed before `installedOnly` so the events still arrive once the other
 * one deleted the installation; `forget` drops the workspace's cached client.
 */
export function uninstalls(installations: SlackInstallations, failJobs: FailWorkspaceJobs, forget: (teamId: string) => void, log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const event = 'event' in args ? (args as SlackEventMiddlewareArgs).event : undefined;
    if (event?.type !== 'app_uninstalled' && event?.type !== 'tokens_revoked') return args.next();
    // Neuvo holds bot tokens only: a revocation of user tokens alone leaves it installed.
    if (event.type === 'tokens_revoked' && !(event.tokens.bot ?? []).length) return;
    const { teamId, enterpriseId, isEnterpriseInstall } = args.context;
    const query = { teamId, enterpriseId, isEnterpriseInstall: Boolean(isEnterpriseInstall) };
    await installations.deleteInstallation?.(query);
    if (teamId) forget(teamId);
    // An org-wide install's workspaces are not known here; a delivery there finds no installation and fails then.
    const failed = teamId && !isEnterpriseInstall ? await failJobs(teamId, uninstallReason(event.type)) : [];
    log.info({ team: teamId, enterprise: enterpriseId, event: event.type, failedJobs: failed.length }, 'slack: Neuvo was removed from a workspace; its tokens are deleted');
  };
}
