/**
 * Where a distributed app's workspaces come and go. When a workspace removes Neuvo, Slack sends
 * `app_uninstalled` and `tokens_revoked` (Events API, in either order, perhaps more than once): the
 * first deletes the installation (its tokens) and fails the workspace's pending jobs with the reason;
 * a repeat finds nothing left to do. Networks' data stays.
 */
import type { AnyMiddlewareArgs, Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Logger } from 'pino';
import type { SlackInstallations } from './workspace-clients.js';

/** What happens to a workspace's scheduled work when Neuvo is removed from it. */
export type FailWorkspaceJobs = (teamId: string, reason: string) => Promise<number>;

/** Why the jobs of an uninstalled workspace failed (`scheduled_jobs.failure_reason`). */
export const uninstallReason = (event: 'app_uninstalled' | 'tokens_revoked') => `slack:${event}`;

/**
 * A global Bolt middleware that links each workspace using an org-wide installation to its
 * organisation (once per process), so jobs there, which know the workspace only, find the installation.
 */
export function orgTeamsSeen(installations: SlackInstallations, log: Logger): Middleware<AnyMiddlewareArgs> {
  const seen = new Set<string>();
  return async ({ context, next }) => {
    const { teamId, enterpriseId } = context;
    if (context.isEnterpriseInstall && context.botToken && teamId && enterpriseId && !seen.has(teamId)) {
      await installations.rememberOrgTeam(teamId, enterpriseId).then(
        () => seen.add(teamId),
        (err: unknown) => log.warn({ err, team: teamId }, 'slack: linking a workspace to its organisation’s install failed'),
      );
    }
    await next();
  };
}

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
    // An org-wide install served every workspace of the organisation that used it.
    const teams = isEnterpriseInstall && enterpriseId ? await installations.orgTeams(enterpriseId) : teamId ? [teamId] : [];
    let failed = 0;
    for (const team of teams) {
      forget(team);
      failed += await failJobs(team, uninstallReason(event.type));
    }
    log.info({ team: teamId, enterprise: enterpriseId, event: event.type, failedJobs: failed }, 'slack: Neuvo was removed from a workspace; its tokens are deleted');
  };
}
