import { quote } from '../../i18n/format.js';
import { timeSpan } from '../../commands/dates.js';
import { DeliveryRefused, DomainError } from '../../domain/errors.js';
import { type Translator, translator } from '../../i18n/translator.js';
import type { RichText, View } from '../../views/view.js';
import type { Deps } from '../request.js';
import type { JobOutcome, Reminder, ReminderDelivery, Space } from '../ports.js';
import { arg, audit, networkOf, privateText, type Request, requireFuture, requireQueue } from '../request.js';

const MAX_MESSAGE = 1_000;
/** How far ahead a reminder may be set. */
const MAX_AHEAD_MS = 5 * 366 * 86_400_000;
/** A reminder delivered later than this after its time (the queue was away) says when it was due. */
export const LATE_GRACE_MS = 5 * 60_000;

function describeTarget(tr: Translator, r: Pick<Reminder, 'target'>): RichText {
  return r.target.kind === 'user' ? tr.r('remind.to-user', { user: { user: r.target.id } }) : tr.r('remind.to-channel', { channel: { channel: r.target.id } });
}

const channelOf = (space: Space, channelId: string): Space => ({ ...space, channelId });

/** `remind <date> "<message>" [to:@user|#channel]` */
export async function remind(req: Request): Promise<View> {
  const network = networkOf(req);
  const { tr, deps } = req;
  const dueAt = arg.date(req, 'when');
  const message = arg.text(req, 'message').trim();
  if (message.length === 0 || message.length > MAX_MESSAGE) throw new DomainError('remind.bad-message', { max: MAX_MESSAGE });
  requireFuture(req, [dueAt], MAX_AHEAD_MS);
  const target = arg.target(req, 'to') ?? { kind: 'channel', id: req.ctx.space.channelId };
  const coordinator = await req.isCoordinator();
  // Nudging someone else by DM is a coordinator's call; anyone may remind the channel or themselves.
  if (target.kind === 'user' && target.id !== req.ctx.actor.userId && !coordinator) throw new DomainError('remind.dm-coordinator-only');
  // A channel the bot is in is not enough (another network's, a private one it was invited to): it must be the network's.
  if (target.kind === 'channel' && target.id !== req.ctx.space.channelId && !(await deps.networks.binds(network.id, channelOf(req.ctx.space, target.id)))) {
    throw new DomainError('remind.channel-elsewhere');
  }
  requireQueue(req);
  // Coordinators set reminders for the network (DMs to members): only the network's quota binds them.
  const quota = { perNetwork: deps.limits.pendingRemindersPerNetwork, perPerson: coordinator ? undefined : deps.limits.pendingRemindersPerPerson };
  const reminder = await deps.reminders.create(
    network.id,
    { message, dueAt, space: req.ctx.space, target, createdBy: req.ctx.actor.userId },
    quota,
    audit(req, 'remind.create', { dueAt: dueAt.toISOString(), target }),
  );
  // The row is committed: if this enqueue is lost, the reconcile step adds the job again.
  await deps.scheduler.schedule({ id: reminder.jobId, kind: 'reminder', dueAt });
  const id = `R${reminder.seq}`;
  return privateText(
    tr.r('remind.set', { id, date: timeSpan(dueAt, network.zone, tr.lang) }),
    { type: 'text', text: describeTarget(tr, reminder) },
    { type: 'actions', buttons: [{ label: tr.t('button.cancel-reminder', { id }), command: `remind cancel ${id}`, style: 'danger' }] },
  );
}

/**
 * `reminders`: the pending reminders of the network that concern the requester. The adapters cannot
 * tell a private channel, so someone else's channel reminder is listed only in the channel it was
 * set in and is for: whoever can read that channel will see it posted there anyway.
 */
export async function listReminders(req: Request): Promise<View> {
  const network = networkOf(req);
  const { tr } = req;
  const me = req.ctx.actor.userId;
  const here = req.ctx.space;
  const all = await req.deps.reminders.pending(network.id);
  const coordinator = await req.isCoordinator();
  const inHere = (r: Reminder) => r.space.platform === here.platform && r.space.workspaceId === here.workspaceId && r.space.channelId === here.channelId;
  const mine = all.filter((r) => coordinator || r.createdBy === me || (r.target.kind === 'user' ? r.target.id === me : r.target.id === here.channelId && inHere(r)));
  if (mine.length === 0) return privateText([tr.t('remind.none')]);
  return {
    private: true,
    blocks: [
      { type: 'heading', text: tr.t('remind.list-heading', { count: mine.length }) },
      {
        type: 'list',
        items: mine.map((r) => [`R${r.seq} · `, timeSpan(r.dueAt, network.zone, tr.lang), ' · ', ...describeTarget(tr, r), ` · ${quote(tr.lang, r.message)}`]),
      },
    ],
  };
}

/** `remind cancel R1`: by whoever set it, or a coordinator. */
export async function cancelReminder(req: Request): Promise<View> {
  const network = networkOf(req);
  const seq = arg.num(req, 'reminder');
  const id = `R${seq}`;
  const r = await req.deps.reminders.find(network.id, seq);
  if (!r) throw new DomainError('remind.unknown', { id });
  if (r.createdBy !== req.ctx.actor.userId && !(await req.isCoordinator())) throw new DomainError('remind.not-yours', { id });
  if (r.state !== 'pending' || !(await req.deps.reminders.cancel(network.id, seq, audit(req, 'remind.cancel', { id })))) {
    throw new DomainError('remind.not-pending', { id });
  }
  await req.deps.scheduler.cancel(r.jobId);
  return privateText(req.tr.r('remind.cancelled', { id }));
}

/**
 * Delivers a reminder's job: at most once at a time, and never after it was cancelled or sent, nor
 * to a channel that is no longer the network's (the job fails); a late one says when it was due. A
 * failure to post leaves the job pending, so the queue retries it. `read`: the reminder, when the
 * caller read it already.
 */
export async function deliverReminder(deps: Deps, jobId: string, read?: ReminderDelivery): Promise<JobOutcome> {
  const reminder = read ?? (await deps.reminders.byJob(jobId));
  if (!reminder || reminder.state !== 'pending') return 'skipped';
  const tr = translator(reminder.network.lang);
  const { zone } = reminder.network;
  const late = deps.clock.now().getTime() - reminder.dueAt.getTime() > LATE_GRACE_MS;
  const view: View = {
    private: false,
    blocks: [
      { type: 'text', text: tr.r('remind.fired', { user: { user: reminder.createdBy }, message: reminder.message }) },
      ...(late ? [{ type: 'text' as const, text: tr.r('remind.late', { date: timeSpan(reminder.dueAt, zone, tr.lang) }) }] : []),
    ],
  };
  return deps.jobs.runOnce(jobId, async () => {
    const { space, target } = reminder;
    if (target.kind === 'user') return deps.messenger.direct({ platform: space.platform, workspaceId: space.workspaceId, userId: target.id }, view);
    // The channel may have left the network since the reminder was set (read with the reminder, just
    // before the lease): then it is not posted, for good.
    if (!reminder.targetBound) throw new DeliveryRefused('channel no longer bound to the network');
    await deps.messenger.post(channelOf(space, target.id), view);
  });
}

