import { budgetPlan, type FollowUp, FOLLOW_UPS, NEGOTIATION_JOB_KINDS, negotiationPlan, reminderLead } from '../../domain/negotiation.js';
import type { Translator } from '../../i18n/translator.js';
import type { AuditEntry, JobKind, JobOutcome, Negotiation, Network, Replanned } from '../ports.js';
import type { Deps } from '../request.js';
import { budgetView, followUpView, reminderView } from './negotiation-views.js';

/** The network's language and zone, as the job runner knows them. */
export type LocaleOf = (networkId: string) => Promise<{ tr: Translator; zone: string }>;

/** Whether a job belongs to the negotiation calendar (reminders, follow-ups, budget season). */
export function isNegotiationJob(kind: JobKind): boolean {
  return (NEGOTIATION_JOB_KINDS as readonly string[]).includes(kind);
}

/**
 * Brings the queue in line with a committed plan change: cancelled jobs leave the queue, new ones join
 * it. Should this fail half-way, the rows are right anyway: reconcile re-adds what is pending, and a
 * cancelled job that still fires finds its row cancelled and does nothing.
 */
export async function applyPlan(deps: Pick<Deps, 'scheduler'>, plan: Replanned): Promise<void> {
  for (const id of plan.cancelled) await deps.scheduler.cancel(id);
  for (const job of plan.created) await deps.scheduler.schedule(job);
}

/**
 * After `setup` changed a network: a new budget-season day or zone replaces the budget job; new
 * reminder offsets or zone re-plan every scheduled negotiation (jobs already past are not re-created).
 */
export async function replanNetwork(deps: Deps, before: Network | undefined, after: Network, audit: AuditEntry): Promise<void> {
  const now = deps.clock.now();
  if (!before || before.budgetReminder !== after.budgetReminder || before.zone !== after.zone) {
    await applyPlan(deps, await deps.negotiations.replaceBudgetJob(after.id, budgetPlan(after.budgetReminder, after.zone, now)));
  }
  const offsetsChanged = before && (before.zone !== after.zone || before.reminderOffsets.join() !== after.reminderOffsets.join());
  if (!offsetsChanged) return;
  for (const n of await deps.negotiations.list(after.id)) {
    if (n.state !== 'scheduled') continue;
    const r = await deps.negotiations.edit(n.id, {}, negotiationPlan(n, after.reminderOffsets, after.zone, now), { ...audit, action: 'negotiation.replan', detail: { negotiation: `N${n.seq}` } });
    if (r) await applyPlan(deps, r);
  }
}

/**
 * Runs a calendar job: a reminder or follow-up of a negotiation, or the network's budget-season
 * reminder (which then schedules next year's). Each runs at most once (the job's row is locked and
 * marked done with the post); a failed post leaves it pending for the queue to retry.
 */
export async function runNegotiationJob(deps: Deps, jobId: string, localeOf: LocaleOf): Promise<JobOutcome> {
  const job = await deps.negotiations.job(jobId);
  if (!job || job.state !== 'pending' || !job.entityId) return 'skipped';
  if (job.kind === 'budget.remind') return runBudget(deps, jobId, job.entityId, job.detail, job.dueAt, localeOf);
  const n = await deps.negotiations.byId(job.entityId);
  if (!n || n.state !== 'scheduled') {
    // Its negotiation is gone or cancelled: nothing to say any more.
    await deps.jobs.finish(jobId);
    return 'skipped';
  }
  const lead = job.kind === 'negotiation.remind' ? reminderLead(n.startsAt, Number(job.detail), job.dueAt, deps.clock.now()) : undefined;
  if (lead === null) {
    // Restored after the negotiation started: "starts in …" would be false.
    deps.onNotice?.({ jobId, negotiation: n.id, dueAt: job.dueAt.toISOString() }, 'negotiation reminder dropped: the negotiation has started');
    await deps.jobs.finish(jobId);
    return 'skipped';
  }
  const { tr, zone } = await localeOf(n.networkId);
  return deps.jobs.runOnce(jobId, async () => {
    if (lead !== undefined) {
      await deps.messenger.post(n.space, reminderView(tr, n, lead, zone));
      return;
    }
    const kind = job.detail as FollowUp;
    if (!FOLLOW_UPS.includes(kind)) return;
    const agenda = kind === 'month' ? await deps.agenda.forNetwork(n.networkId) : [];
    await deps.messenger.post(n.space, followUpView(tr, kind, await fresh(deps, n), zone, agenda));
  });
}

/** The negotiation as it is now (results may have come in since the job was read). */
async function fresh(deps: Deps, n: Negotiation): Promise<Negotiation> {
  return (await deps.negotiations.byId(n.id)) ?? n;
}

async function runBudget(deps: Deps, jobId: string, networkId: string, monthDay: string | null, dueAt: Date, localeOf: LocaleOf): Promise<JobOutcome> {
  const network = await deps.networks.byId(networkId);
  // A setting changed since this job was planned: setup has planned the right one.
  if (!network || network.budgetReminder === null || network.budgetReminder !== monthDay) {
    await deps.jobs.finish(jobId);
    return 'skipped';
  }
  const { tr } = await localeOf(networkId);
  return deps.jobs.runOnce(jobId, async () => {
    for (const space of await deps.negotiations.spaces(networkId)) await deps.messenger.post(space, budgetView(tr));
    // Next year's, planned from the later of now and this year's day, so a late run cannot repeat this year.
    const after = new Date(Math.max(deps.clock.now().getTime(), dueAt.getTime()));
    await applyPlan(deps, await deps.negotiations.replaceBudgetJob(networkId, budgetPlan(monthDay, network.zone, after), jobId));
  });
}
