import type { Database } from '../../db/client.js';
import { DrizzleInstallationStore } from '../../db/repositories/drizzle-installation-store.js';
import type { ScheduledJobRepository } from '../../src/app/ports.js';
import type { SlackOAuth } from './oauth.js';

/** What a distributed Slack app keeps in the database: installations (sealed with `secret`), and the jobs it fails on uninstall. */
export function slackTenancy(db: Database, jobs: Pick<ScheduledJobRepository, 'failPendingFor'>, secret: string): Pick<SlackOAuth, 'installations' | 'failJobs'> {
  return {
    installations: new DrizzleInstallationStore(db, secret),
    failJobs: (teamId, reason) => jobs.failPendingFor({ platform: 'slack', workspaceId: teamId }, reason),
  };
}
