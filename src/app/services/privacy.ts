import { DomainError } from '../../domain/errors.js';
import { areaName, findWelfareArea, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import type { MessageKey, Translator } from '../../i18n/translator.js';
import type { Form, View } from '../../views/view.js';
import type { Forgotten, Network } from '../ports.js';
import { updateCard } from './elections.js';
import { refreshSoon } from './polls.js';
import { arg, audit, networkOf, privateText, publicText, type Request } from '../request.js';

function areaOf(n: Network, tr: Translator): string {
  const area = WELFARE_AREAS.find((a) => a.id === n.areaId);
  return area ? areaName(area, tr.lang) : n.areaId;
}

/** `privacy`: what Neuvo holds about the asker in this network, shown to them alone and attached as JSON. */
export async function show(req: Request): Promise<View> {
  const { tr } = req;
  const n = networkOf(req);
  const me = req.ctx.actor;
  const data = await req.deps.privacy.about(n.id, me);
  const count = (c: number) => [String(c)];
  const file = {
    network: areaOf(n, tr),
    person: { platform: me.platform, workspace: me.workspaceId, user: me.userId },
    exportedAt: req.deps.clock.now(),
    ...data,
  };
  // Secret ballots and anonymous picks are not theirs to see: only that they voted.
  const unlinked = data.electionVotes.filter((v) => v.secret).length + data.pollParticipations.length;
  return {
    private: true,
    blocks: [
      { type: 'heading', text: tr.t('privacy.heading', { area: areaOf(n, tr) }) },
      {
        type: 'fields',
        fields: [
          { label: tr.t('privacy.field.coordinator'), value: [tr.t(data.coordinator ? 'privacy.yes' : 'privacy.no')] },
          { label: tr.t('privacy.field.organisations'), value: [data.organisations.length ? data.organisations.join(', ') : '—'] },
          { label: tr.t('privacy.field.join-requests'), value: count(data.joinRequests.length) },
          { label: tr.t('privacy.field.reminders'), value: count(data.reminders.length) },
          { label: tr.t('privacy.field.candidacies'), value: count(data.candidacies.length) },
          {
            label: tr.t('privacy.field.genders'),
            value: [data.candidacies.filter((c) => c.gender).map((c) => `${c.election}: ${tr.t(`election.gender.${c.gender}` as MessageKey)}`).join(', ') || '—'],
          },
          { label: tr.t('privacy.field.poll-votes'), value: count(data.pollVotes.length) },
          { label: tr.t('privacy.field.election-votes'), value: count(data.electionVotes.filter((v) => !v.secret).length) },
          { label: tr.t('privacy.field.topics'), value: count(data.topics.length) },
          { label: tr.t('privacy.field.audit'), value: count(data.audit.length) },
        ],
      },
      { type: 'text', text: [tr.t('privacy.unlinked', { count: unlinked })] },
      { type: 'text', text: [tr.t('privacy.forget-hint')] },
      { type: 'actions', buttons: [{ label: tr.t('button.privacy-forget'), command: 'privacy forget', style: 'danger' }] },
      { type: 'file', name: 'neuvo-privacy.json', mime: 'application/json', content: `${JSON.stringify(file, null, 2)}\n` },
    ],
  };
}

/** The lines naming what was (or will be) removed; empty when nothing. */
function removedLines(tr: Translator, f: Forgotten): string[] {
  const counted: [MessageKey, number][] = [
    ['privacy.item.memberships', f.memberships],
    ['privacy.item.join-requests', f.joinRequests],
    ['privacy.item.reminders', f.reminders],
    ['privacy.item.nominations', f.nominations],
    ['privacy.item.genders', f.genders],
    ['privacy.item.poll-votes', f.pollVotes],
    ['privacy.item.election-votes', f.electionVotes],
    ['privacy.item.topics', f.topics],
  ];
  return [...(f.coordinator ? [tr.t('privacy.item.coordinator')] : []), ...counted.filter(([, c]) => c > 0).map(([key, c]) => tr.t(key, { count: c }))];
}

/**
 * `privacy forget [confirm:yes]`: without the confirmation, what would go (the same work, rolled
 * back) and a button; with it, the removal, one transaction and one audit entry of counts.
 */
export async function forget(req: Request): Promise<View> {
  const { tr } = req;
  const n = networkOf(req);
  const confirmed = arg.optText(req, 'confirm') === 'yes';
  const result = await req.deps.privacy.forget(n.id, req.ctx.actor, audit(req, 'privacy.forget'), !confirmed);
  if (result === 'last-coordinator') throw new DomainError('privacy.last-coordinator');
  const lines = removedLines(tr, result);
  const kept = { type: 'text' as const, text: [tr.t('privacy.forget-keeps')] };
  if (!confirmed) {
    if (lines.length === 0) return privateText([tr.t('privacy.forget-nothing')], kept);
    return {
      private: true,
      blocks: [
        { type: 'heading', text: tr.t('privacy.forget-heading') },
        { type: 'list', items: lines.map((l) => [l]) },
        kept,
        { type: 'actions', buttons: [{ label: tr.t('button.privacy-forget-confirm'), command: 'privacy forget confirm:yes', style: 'danger' }] },
      ],
    };
  }
  await Promise.all(result.cancelledJobs.map((id) => req.deps.scheduler.cancel(id)));
  for (const id of result.cards.polls) refreshSoon(req.deps, id, tr, n.zone);
  await Promise.all(result.cards.elections.map((id) => updateCard(req.deps, id, tr, n.zone)));
  if (lines.length === 0) return privateText([tr.t('privacy.forget-nothing')], kept);
  return privateText([tr.t('privacy.forgotten')], { type: 'list', items: lines.map((l) => [l]) }, kept);
}

/** Whether `typed` names the network's welfare area (in Finnish or Swedish, or its id). */
function namesArea(typed: string, n: Network): boolean {
  return findWelfareArea(typed)?.id === n.areaId;
}

/**
 * `network delete ["<welfare area>"]`: coordinators only. Without the area's name typed, a warning
 * and a button whose form asks for it; with it, the whole network goes in one transaction.
 */
export async function deleteNetwork(req: Request): Promise<View> {
  const { tr } = req;
  const n = networkOf(req);
  const area = areaOf(n, tr);
  const typed = arg.optText(req, 'confirm');
  if (typed === undefined || typed.trim() === '') {
    return {
      private: true,
      blocks: [
        { type: 'heading', text: tr.t('network.delete-heading', { area }) },
        { type: 'text', text: [tr.t('network.delete-what')] },
        { type: 'text', text: [tr.t('network.delete-how', { area })] },
        { type: 'actions', buttons: [{ label: tr.t('button.delete-network'), command: 'network delete', style: 'danger', form: true }] },
      ],
    };
  }
  if (!namesArea(typed, n)) throw new DomainError('network.delete-mismatch', { area, typed });
  const { deps } = req;
  // The platform's own events (Discord) outlive the network unless cancelled with it.
  const mirrored = (await deps.negotiations.list(n.id)).filter((x) => x.state === 'scheduled' && x.eventId);
  const { cancelledJobs } = await deps.networks.remove(n.id, audit(req, 'network.delete', { network: n.id, area: n.areaId }));
  await Promise.all([
    ...cancelledJobs.map((id) => deps.scheduler.cancel(id)),
    ...mirrored.map((x) => deps.events.cancel(x.space, x.eventId!).catch((err: unknown) => deps.onError?.(err, 'cancelling a platform event of a deleted network'))),
  ]);
  return publicText([tr.t('network.deleted', { area })]);
}

/** The form of the Delete button: the area's name typed, as the confirmation. */
export async function deleteNetworkForm(req: Request): Promise<Form> {
  const { tr } = req;
  return {
    title: tr.t('form.delete-network-title'),
    submit: tr.t('form.delete-network-submit'),
    command: 'network delete',
    field: { kind: 'text', label: tr.t('form.delete-network-label', { area: areaOf(networkOf(req), tr) }), maxLength: 100 },
  };
}
