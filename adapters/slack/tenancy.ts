import type { Database } from '../../db/client.js';
import { DrizzleInstallationStore } from '../../db/repositories/drizzle-installation-store.js';
import type { ScheduledJobRepository } from '../../src/app/ports.js';
import type { CallbackOptions, SlackOAuth } from './oauth.js';

/**
 * What a distributed Slack app keeps in the database: installations (sealed with `secret`), and the
 * jobs it fails on uninstall; `pages` are shown after an install.
 */
export function slackTenancy(db: Database, jobs: Pick<ScheduledJobRepository, 'failPendingFor'>, secret: string, pages: CallbackOptions): Pick<SlackOAuth, 'installations' | 'failJobs' | 'callbackOptions'> {
  return {
    callbackOptions: pages,
    installations: new DrizzleInstallationStore(db, secret),
    failJobs: (teamId, reason) => jobs.failPendingFor({ platform: 'slack', workspaceId: teamId }, reason),
  };
}
