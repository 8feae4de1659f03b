import { sql } from 'drizzle-orm';
import type { Database } from '../client.js';

/** A platform's workspace (Slack team, Discord guild). */
export interface WorkspaceRef {
  readonly platform: string;
  readonly workspaceId: string;
}

/**
 * Marks failed, with `reason`, every pending job whose work is in `workspace`: reminders, elections,
 * polls and negotiations set there, and the yearly budget reminder of a network that lives only
 * there. Neuvo cannot act there any more (uninstalled, removed), so none is retried; the networks'
 * data stays. A job a worker holds is failed too: its `done` then finds it no longer pending.
 * Resolves with the ids failed. (The Discord adapter's GUILD_DELETE needs the same; one of the two
 * is to fold into `DrizzleScheduledJobRepository` at merge.)
 */
export async function failPendingJobsIn(db: Database, workspace: WorkspaceRef, reason: string): Promise<string[]> {
  const { platform, workspaceId } = workspace;
  const result: unknown = await db.execute(sql`
    update scheduled_jobs set state = 'failed', done_at = now(), lease_until = null, failure = ${reason}
    where state = 'pending' and (
      id in (select job_id from reminders where platform = ${platform} and workspace_id = ${workspaceId})
      or entity_id in (select id from elections where platform = ${platform} and workspace_id = ${workspaceId})
      or entity_id in (select id from polls where platform = ${platform} and workspace_id = ${workspaceId})
      or entity_id in (select id from negotiations where platform = ${platform} and workspace_id = ${workspaceId})
      or (kind = 'budget.remind' and entity_id in (
        select network_id from spaces s where s.platform = ${platform} and s.workspace_id = ${workspaceId}
        and not exists (select 1 from spaces o where o.network_id = s.network_id and (o.platform <> ${platform} or o.workspace_id <> ${workspaceId}))))
    )
    returning id`);
  // postgres.js returns the rows, PGlite a result that holds them.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as { id: string }[];
  return rows.map((r) => r.id);
}
