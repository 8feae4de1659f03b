import { timeSpan } from '../../commands/dates.js';
import { endOf } from '../../domain/negotiation.js';
import { areaName, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import type { Block, View } from '../../views/view.js';
import { type Request } from '../request.js';
import { negotiationLine } from './negotiation-views.js';
import { notSetUp } from './setup.js';

/** `status` (or `/neuvo` alone): the network at a glance, my pending actions, and the likely next steps. */
export async function status(req: Request): Promise<View> {
  const { tr, network, deps } = req;
  if (!network) return notSetUp(tr);
  const me = req.ctx.actor;
  const coordinator = await req.isCoordinator();
  const [orgs, mine, reminders, joins, negotiations] = await Promise.all([
    deps.orgs.list(network.id),
    deps.orgs.memberships(network.id, me),
    deps.reminders.pending(network.id),
    coordinator ? deps.orgs.pendingJoins(network.id) : Promise.resolve([]),
    deps.negotiations.list(network.id),
  ]);
  const now = deps.clock.now().getTime();
  const scheduled = negotiations.filter((n) => n.state === 'scheduled');
  // One that has started is not upcoming: it is going on until its end, then it leaves the status.
  const ongoing = scheduled.filter((n) => n.startsAt.getTime() <= now && endOf(n).getTime() > now);
  const upcoming = scheduled.filter((n) => n.startsAt.getTime() > now).slice(0, 3);
  const area = WELFARE_AREAS.find((a) => a.id === network.areaId);
  const next = reminders.find((r) => r.target.kind === 'channel' || r.target.id === me.userId || r.createdBy === me.userId);
  const blocks: Block[] = [
    { type: 'heading', text: tr.t('status.heading', { area: area ? areaName(area, tr.lang) : network.areaId }) },
    {
      type: 'fields',
      fields: [
        { label: tr.t('status.orgs'), value: [String(orgs.length)] },
        { label: tr.t('status.my-orgs'), value: [mine.length ? mine.join(', ') : '—'] },
        { label: tr.t('status.role'), value: [tr.t(coordinator ? 'status.role-coordinator' : mine.length > 0 ? 'status.role-member' : 'status.role-none')] },
        { label: tr.t('status.next-reminder'), value: next ? [`R${next.seq} · `, timeSpan(next.dueAt, network.zone, tr.lang)] : ['—'] },
      ],
    },
  ];
  for (const [key, list] of [['status.negotiations-ongoing', ongoing], ['status.negotiations', upcoming]] as const) {
    if (list.length === 0) continue;
    blocks.push({ type: 'text', text: [tr.t(key, { count: list.length })] });
    blocks.push({ type: 'list', items: list.map((n) => negotiationLine(tr, n, network.zone)) });
  }
  // Polls still collecting topics or votes: what the member can take part in now.
  const openPolls = (await deps.polls.list(network.id)).filter((p) => p.phase !== 'closed');
  if (openPolls.length > 0) {
    blocks.push({ type: 'text', text: [tr.t('status.open-polls', { count: openPolls.length })] });
    blocks.push({ type: 'list', items: openPolls.map((p) => [`P${p.seq} · ${p.question} · ${tr.t(`poll.phase.${p.phase}`)}`]) });
  }
  if (joins.length > 0) {
    blocks.push({ type: 'text', text: [tr.t('status.pending-joins', { count: joins.length })] });
    blocks.push({
      type: 'list',
      items: joins.map((j) => [`J${j.seq} · `, { user: j.userId }, ` → ${j.orgName}`]),
    });
  }
  if (mine.length === 0 && orgs.length > 0) blocks.push({ type: 'text', text: [tr.t('status.join-hint')] });
  blocks.push({
    type: 'actions',
    buttons: [
      { label: tr.t('button.orgs'), command: 'org list' },
      { label: tr.t('button.negotiations'), command: 'negotiation list' },
      { label: tr.t('button.reminders'), command: 'reminders' },
      { label: tr.t('button.help'), command: 'help' },
    ],
  });
  return { private: true, blocks };
}
