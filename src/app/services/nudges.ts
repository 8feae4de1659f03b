/**
 * Nudges by DM, one job per person: a nudge job (`election.nudge`, `election.nominee-nudge`,
 * `poll.nudge`) only works out whom to remind and creates a `…-dm` job for each; each of those sends
 * one DM under its own lease. So a retry or a restart never sends a DM twice, pacing defers each DM on
 * its own (a large network's nudge does not sleep in one worker slot while other networks wait), and a
 * process that stops mid-nudge hands the DMs it has not sent to another.
 */
import type { Translator } from '../../i18n/translator.js';
import type { View } from '../../views/view.js';
import type { JobOutcome, NudgeDmKind, NudgeKind, ScheduledJob, Space } from '../ports.js';
import type { Deps } from '../request.js';
import { electionNudge } from './elections.js';
import { pollNudge } from './polls.js';

/** Whom a nudge reminds, where, and what it says. */
export interface Nudge {
  readonly space: Space;
  readonly people: readonly string[];
  readonly view: View;
}

const NUDGES: readonly NudgeKind[] = ['election.nudge', 'election.nominee-nudge', 'poll.nudge'];

/** Whether a job is a nudge or one person's DM of it. */
export function isNudgeJob(kind: string): kind is NudgeKind | NudgeDmKind {
  return NUDGES.some((n) => kind === n || kind === `${n}-dm`);
}

type Locale = (networkId: string) => Promise<{ tr: Translator; zone: string }>;

/** Whom the nudge of `kind` about `entityId` reminds now; undefined when it is moot or its entity gone. */
async function nudgeOf(deps: Deps, kind: NudgeKind, entityId: string, localeOf: Locale): Promise<Nudge | undefined> {
  if (kind === 'poll.nudge') {
    const p = await deps.polls.byId(entityId);
    if (!p) return undefined;
    const { tr, zone } = await localeOf(p.networkId);
    return pollNudge(deps, p, tr, zone);
  }
  const e = await deps.elections.byId(entityId);
  if (!e) return undefined;
  const { tr, zone } = await localeOf(e.networkId);
  return electionNudge(deps, kind, e, tr, zone);
}

/**
 * Runs a nudge job, fanning it out into one DM job per person (queued at once, and marked done only
 * after, so a parent that failed between is simply run again), or one person's DM job: sent when the
 * nudge still holds for that person (someone who voted since is not reminded).
 */
export async function runNudgeJob(deps: Deps, job: ScheduledJob, localeOf: Locale): Promise<JobOutcome> {
  if (!job.entityId) return 'skipped';
  const entityId = job.entityId;
  if (job.kind.endsWith('-dm')) {
    const userId = job.detail;
    if (!userId) return 'skipped';
    return deps.jobs.runOnce(job.id, async () => {
      const nudge = await nudgeOf(deps, job.kind.slice(0, -'-dm'.length) as NudgeKind, entityId, localeOf);
      if (!nudge?.people.includes(userId)) return;
      await deps.messenger.direct({ platform: nudge.space.platform, workspaceId: nudge.space.workspaceId, userId }, nudge.view);
    });
  }
  const kind = job.kind as NudgeKind;
  const nudge = await nudgeOf(deps, kind, entityId, localeOf);
  if (nudge && nudge.people.length > 0) {
    const dms = await deps.jobs.fanOut(job.id, `${kind}-dm`, entityId, nudge.people, deps.clock.now());
    for (const dm of dms) await deps.scheduler.schedule(dm);
  }
  await deps.jobs.finish(job.id);
  return 'done';
}
