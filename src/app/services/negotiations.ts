import { areaParams, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import { formatDate, timeSpan } from '../../commands/dates.js';
import { negotiationPlan, type PlannedJob, resolveUntil, type WallTime } from '../../domain/negotiation.js';
import { DomainError } from '../../domain/errors.js';
import type { Translator } from '../../i18n/translator.js';
import type { Block, View } from '../../views/view.js';
import type { Negotiation, NegotiationChanges } from '../ports.js';
import { arg, audit, type Deps, networkOf, privateText, publicText, type Request, requireFuture, requireQueue } from '../request.js';
import { calendarFileName, feedPath, negotiationCalendar } from './negotiation-calendar.js';
import { applyPlan } from './negotiation-jobs.js';
import { mirroredEvent, negotiationCard, negotiationList, timeBefore } from './negotiation-views.js';

const MAX_TITLE = 150;
const MAX_PLACE = 200;
const MAX_TEXT = 1_000;
/** How far ahead a negotiation may be announced (a typo such as 2207 is caught). */
const MAX_AHEAD_MS = 5 * 366 * 86_400_000;

const idOf = (n: Pick<Negotiation, 'seq'>) => `N${n.seq}`;

async function negotiationOf(req: Request): Promise<Negotiation> {
  const seq = arg.num(req, 'negotiation');
  const n = await req.deps.negotiations.find(networkOf(req).id, seq);
  if (!n) throw new DomainError('negotiation.unknown', { id: `N${seq}` });
  return n;
}

function checkedTitle(text: string): string {
  const title = text.trim();
  if (title.length === 0 || title.length > MAX_TITLE) throw new DomainError('negotiation.bad-title', { max: MAX_TITLE });
  return title;
}

/** An optional text option: undefined when absent, null when cleared (`-` or empty), else the trimmed text. */
function optionalText(req: Request, name: string, max: number): string | null | undefined {
  if (!(name in req.command.args)) return undefined;
  const text = ((req.command.args[name] as string | null) ?? '').trim();
  if (text.length > max) throw new DomainError('negotiation.too-long', { option: name, max });
  return text === '' ? null : text;
}

function checkStart(req: Request, startsAt: Date): void {
  requireFuture(req, [startsAt], MAX_AHEAD_MS);
}

/** `until:` on top of a start: a date, or a time of day on the start's day; after the start. */
function endFrom(req: Request, until: Date | WallTime, startsAt: Date): Date {
  const zone = networkOf(req).zone;
  const end = resolveUntil(until, startsAt, zone);
  if (!end.ok) throw new DomainError(end.code, { value: until instanceof Date ? formatDate(until, zone, req.tr.lang) : `${until.hour}:${String(until.minute).padStart(2, '0')}`, zone });
  if (end.value.getTime() <= startsAt.getTime()) {
    throw new DomainError('negotiation.end-before-start', { end: formatDate(end.value, zone, req.tr.lang), start: formatDate(startsAt, zone, req.tr.lang) });
  }
  return end.value;
}

/** Updates the card in place; a card that cannot be updated is logged, the command still succeeded. */
async function refreshCard(deps: Deps, n: Negotiation, tr: Translator, zone: string): Promise<void> {
  if (!n.card) return;
  try {
    await deps.messenger.update(n.card, negotiationCard(tr, n, zone));
  } catch (err) {
    deps.onError?.(err, `updating the card of ${idOf(n)}`);
  }
}

/** Creates or updates the platform's event (Discord); a failure (no permission) is logged, not the user's error. */
async function mirror(deps: Deps, tr: Translator, n: Negotiation): Promise<void> {
  try {
    const eventId = await deps.events.save(n.space, n.eventId, mirroredEvent(tr, n));
    if (eventId && eventId !== n.eventId) await deps.negotiations.setEventId(n.id, eventId);
  } catch (err) {
    deps.onError?.(err, `saving the platform event of ${idOf(n)}`);
  }
}

/** "14 days, 1 day and 1 hour": the reminders a plan holds, in the network's language. */
function remindersLine(tr: Translator, plan: readonly PlannedJob[]): string {
  const before = plan.filter((j) => j.kind === 'negotiation.remind').map((j) => timeBefore(tr, Number(j.detail)));
  return tr.t('negotiation.reminders-planned', { count: before.length, offsets: new Intl.ListFormat(tr.lang === 'en' ? 'en-GB' : tr.lang, { type: 'conjunction' }).format(before) });
}

/** `negotiation add "<title>" at:<date> [until:<time>] [where:"<place>"] [link:<url>] [about:"<text>"]` */
export async function add(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const title = checkedTitle(arg.text(req, 'title'));
  const startsAt = arg.date(req, 'at');
  checkStart(req, startsAt);
  const until = req.command.args.until as Date | WallTime | undefined;
  const endsAt = until ? endFrom(req, until, startsAt) : null;
  const plan = negotiationPlan({ startsAt, endsAt }, network.reminderOffsets, network.zone, deps.clock.now());
  requireQueue(req);
  const { negotiation, jobs } = await deps.negotiations.create(
    network.id,
    {
      title,
      startsAt,
      endsAt,
      place: optionalText(req, 'where', MAX_PLACE) ?? null,
      link: arg.optText(req, 'link') ?? null,
      about: optionalText(req, 'about', MAX_TEXT) ?? null,
      space: req.ctx.space,
      createdBy: req.ctx.actor.userId,
    },
    plan,
    audit(req, 'negotiation.create', { title, startsAt: startsAt.toISOString() }),
  );
  // The rows are committed: a lost enqueue is re-added by the reconcile step.
  for (const job of jobs) await deps.scheduler.schedule(job);
  try {
    // Posted by the messenger, so the message can be updated in place later.
    await deps.negotiations.setCard(negotiation.id, await deps.messenger.post(req.ctx.space, negotiationCard(tr, negotiation, network.zone)));
  } catch (err) {
    deps.onError?.(err, `posting the card of ${idOf(negotiation)}`);
  }
  await mirror(deps, tr, negotiation);
  return privateText(tr.r('negotiation.created', { id: idOf(negotiation) }), { type: 'text', text: [remindersLine(tr, plan)] });
}

/** `negotiation list` */
export async function list(req: Request): Promise<View> {
  const network = networkOf(req);
  return negotiationList(req.tr, await req.deps.negotiations.list(network.id), network.zone);
}

/** `negotiation show N1`: the card, only for the asker. */
export async function show(req: Request): Promise<View> {
  return negotiationCard(req.tr, await negotiationOf(req), networkOf(req).zone, true);
}

/** The changes `negotiation edit` asks for, checked against the negotiation as it is. */
function changesOf(req: Request, n: Negotiation): NegotiationChanges {
  const args = req.command.args;
  const changes: { -readonly [K in keyof NegotiationChanges]: NegotiationChanges[K] } = {};
  if ('title' in args) changes.title = checkedTitle(arg.text(req, 'title'));
  if ('at' in args) {
    changes.startsAt = arg.date(req, 'at');
    checkStart(req, changes.startsAt);
  }
  const startsAt = changes.startsAt ?? n.startsAt;
  if ('until' in args) {
    const until = args.until as Date | WallTime | null;
    changes.endsAt = until === null ? null : endFrom(req, until, startsAt);
  } else if (changes.startsAt && n.endsAt) {
    // A new start keeps the length the negotiation had.
    changes.endsAt = new Date(startsAt.getTime() + (n.endsAt.getTime() - n.startsAt.getTime()));
  }
  const place = optionalText(req, 'where', MAX_PLACE);
  if (place !== undefined) changes.place = place;
  if ('link' in args) changes.link = (args.link as string | null) ?? null;
  const about = optionalText(req, 'about', MAX_TEXT);
  if (about !== undefined) changes.about = about;
  return changes;
}

/** `negotiation edit N1 key:value…`: a new time reschedules its reminders and follow-ups. */
export async function edit(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const n = await negotiationOf(req);
  if (n.state === 'cancelled') throw new DomainError('negotiation.cancelled', { id: idOf(n) });
  const changes = changesOf(req, n);
  if (Object.keys(changes).length === 0) throw new DomainError('negotiation.nothing-to-change');
  const timed = changes.startsAt !== undefined || changes.endsAt !== undefined;
  const next = { startsAt: changes.startsAt ?? n.startsAt, endsAt: changes.endsAt === undefined ? n.endsAt : changes.endsAt };
  const plan = timed ? negotiationPlan(next, network.reminderOffsets, network.zone, deps.clock.now()) : undefined;
  if (plan) requireQueue(req);
  const r = await deps.negotiations.edit(n.id, changes, plan, audit(req, 'negotiation.edit', { negotiation: idOf(n), changes: Object.keys(changes) }));
  if (!r) throw new DomainError('negotiation.cancelled', { id: idOf(n) });
  await applyPlan(deps, r);
  await refreshCard(deps, r.negotiation, tr, network.zone);
  await mirror(deps, tr, r.negotiation);
  const more: Block[] = plan ? [{ type: 'text', text: tr.r('negotiation.rescheduled', { when: timeSpan(next.startsAt, network.zone, tr.lang) }) }, { type: 'text', text: [remindersLine(tr, plan)] }] : [];
  return publicText(tr.r('negotiation.updated', { id: idOf(n), title: r.negotiation.title }), ...more);
}

/** `negotiation cancel N1`: the card says so, reminders and follow-ups are dropped, the platform event is cancelled. */
export async function cancel(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const n = await negotiationOf(req);
  const r = await deps.negotiations.cancel(n.id, audit(req, 'negotiation.cancel', { negotiation: idOf(n) }));
  if (!r) throw new DomainError('negotiation.already-cancelled', { id: idOf(n) });
  await applyPlan(deps, { cancelled: r.cancelled, created: [] });
  await refreshCard(deps, r.negotiation, tr, network.zone);
  if (n.eventId) {
    await deps.events.cancel(n.space, n.eventId).catch((err: unknown) => deps.onError?.(err, `cancelling the platform event of ${idOf(n)}`));
  }
  return publicText(tr.r('negotiation.cancelled-announcement', { id: idOf(n), title: n.title, when: timeSpan(n.startsAt, network.zone, tr.lang) }));
}

/** `negotiation result N1 link:<url> [summary:"<text>"]`: posted in the channel and on the card (again to replace). */
export async function result(req: Request): Promise<View> {
  const network = networkOf(req);
  const { deps, tr } = req;
  const n = await negotiationOf(req);
  const link = arg.text(req, 'link');
  const summary = optionalText(req, 'summary', MAX_TEXT) ?? null;
  const updated = await deps.negotiations.setResult(n.id, { link, summary }, audit(req, 'negotiation.result', { negotiation: idOf(n), link }));
  if (!updated) throw new DomainError('negotiation.cancelled', { id: idOf(n) });
  await refreshCard(deps, updated, tr, network.zone);
  return publicText(tr.r('negotiation.result-posted', { id: idOf(n), title: n.title, link }), ...(summary ? [{ type: 'text' as const, text: [summary] }] : []));
}

/** `negotiation ics`: the network's calendar as a file, and where calendar apps can subscribe to it. */
export async function ics(req: Request): Promise<View> {
  const network = networkOf(req);
  const { tr } = req;
  const [all, token] = await Promise.all([req.deps.negotiations.list(network.id), req.deps.networks.feedToken(network.id)]);
  return privateText(
    [tr.t('negotiation.ics-intro', { count: all.length, ...areaParams(WELFARE_AREAS.find((a) => a.id === network.areaId) ?? network.areaId, tr.lang) })],
    { type: 'text', text: [tr.t('negotiation.feed-hint', { path: feedPath(network.id, token!) })] },
    { type: 'file', name: calendarFileName(network), mime: 'text/calendar', content: negotiationCalendar(tr, network, all) },
  );
}

/** `negotiation feed-reset`: a new secret in the feed URL, for when the old one went where it should not. */
export async function feedReset(req: Request): Promise<View> {
  const network = networkOf(req);
  const token = await req.deps.networks.resetFeedToken(network.id, audit(req, 'negotiation.feed-reset'));
  return privateText([req.tr.t('negotiation.feed-reset', { path: feedPath(network.id, token) })]);
}
