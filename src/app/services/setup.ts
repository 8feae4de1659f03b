import { areaName, areaParams, findWelfareArea, nearestWelfareArea, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import { DomainError } from '../../domain/errors.js';
import { offsetUnit } from '../../domain/negotiation.js';
import { isLang, type Lang, translator, type Translator } from '../../i18n/translator.js';
import type { View } from '../../views/view.js';
import type { Network, NetworkSettings } from '../ports.js';
import { arg, audit, privateText, type Request } from '../request.js';
import { replanNetwork } from './negotiation-jobs.js';

/** Neuvo's default reminder plan before a negotiation: 14 days, 1 day, 1 hour. */
export const DEFAULT_REMINDER_OFFSETS: readonly number[] = [14 * 86_400, 86_400, 3_600];

/** A reminder plan in words: `14 vrk, 1 vrk, 1 t` (fi), `14 dygn, 1 dygn, 1 h` (sv), `14 d, 1 d, 1 h` (en). */
export function formatOffsets(tr: Translator, secs: readonly number[]): string {
  return secs.map((s) => tr.t('setup.offset', offsetUnit(s))).join(', ');
}

function settingsView(tr: Translator, n: Network, heading: string, isPrivate: boolean): View {
  const area = WELFARE_AREAS.find((a) => a.id === n.areaId);
  return {
    private: isPrivate,
    blocks: [
      { type: 'heading', text: heading },
      {
        type: 'fields',
        fields: [
          { label: tr.t('setup.field.area'), value: [area ? areaName(area, tr.lang) : n.areaId] },
          { label: tr.t('setup.field.lang'), value: [tr.t(`lang.${n.lang}`)] },
          { label: tr.t('setup.field.zone'), value: [n.zone] },
          { label: tr.t('setup.field.reminders'), value: [formatOffsets(tr, n.reminderOffsets)] },
          { label: tr.t('setup.field.budget'), value: [n.budgetReminder ?? '—'] },
          { label: tr.t('setup.field.results-page'), value: [tr.t(n.resultsPage ? 'setup.results-page.on' : 'setup.results-page.off')] },
        ],
      },
    ],
  };
}

/**
 * `setup`: binds the channel to a new network (the first person to run it becomes its coordinator),
 * or changes the network's settings (coordinators only), or shows them (no options).
 */
export async function setup(req: Request): Promise<View> {
  const { networks } = req.deps;
  const areaText = arg.optText(req, 'area');
  const area = areaText === undefined ? undefined : findWelfareArea(areaText);
  if (areaText !== undefined && !area) {
    const near = nearestWelfareArea(areaText);
    throw new DomainError('setup.unknown-area', { area: areaText, suggestion: near ? areaName(near, req.tr.lang) : 'none' });
  }
  const lang = arg.optText(req, 'lang');
  const changes: Partial<NetworkSettings> = {
    ...(area ? { areaId: area.id } : {}),
    ...(isLang(lang) ? { lang } : {}),
    ...(arg.optText(req, 'tz') ? { zone: arg.text(req, 'tz') } : {}),
    ...(arg.offsets(req, 'reminders') ? { reminderOffsets: arg.offsets(req, 'reminders')! } : {}),
    // `budget-reminder:-` turns the yearly reminder off.
    ...('budget-reminder' in req.command.args ? { budgetReminder: arg.optText(req, 'budget-reminder') ?? null } : {}),
    ...(arg.optText(req, 'results-page') ? { resultsPage: arg.optText(req, 'results-page') === 'on' } : {}),
  };

  if (!req.network) {
    if (!area) throw new DomainError('setup.area-required');
    const settings: NetworkSettings = {
      areaId: area.id,
      lang: (changes.lang ?? req.tr.lang) as Lang,
      zone: changes.zone ?? req.deps.defaults.zone,
      reminderOffsets: changes.reminderOffsets ?? DEFAULT_REMINDER_OFFSETS,
      budgetReminder: changes.budgetReminder ?? null,
      resultsPage: changes.resultsPage ?? false,
    };
    const network = await networks.create(settings, req.ctx.space, req.ctx.actor, audit(req, 'network.create', { ...settings }));
    await replanNetwork(req.deps, undefined, network, audit(req, 'network.create'));
    const tr = translator(network.lang);
    const view = settingsView(tr, network, tr.t('setup.created', areaParams(area, tr.lang)), false);
    return {
      ...view,
      blocks: [
        ...view.blocks,
        { type: 'text', text: tr.r('setup.coordinator-is', { user: { user: req.ctx.actor.userId } }) },
        { type: 'actions', buttons: [{ label: tr.t('button.help'), command: 'help' }, { label: tr.t('button.status'), command: 'status' }] },
      ],
    };
  }

  const tr = req.tr;
  if (Object.keys(changes).length === 0) return settingsView(tr, req.network, tr.t('setup.current'), true);
  if (!(await req.isCoordinator())) throw new DomainError('auth.coordinator-only');
  const next: NetworkSettings = { ...req.network, ...changes };
  const network = await networks.update(req.network.id, next, audit(req, 'network.update', { ...changes }));
  // The budget reminder and the negotiations' reminders follow the new settings.
  await replanNetwork(req.deps, req.network, network, audit(req, 'network.update'));
  const trNew = translator(network.lang);
  return settingsView(trNew, network, trNew.t('setup.updated'), false);
}

/** The view `setup` shows when someone runs a network command in a channel without a network. */
export function notSetUp(tr: Translator): View {
  return privateText([tr.t('network.not-set-up')], {
    type: 'actions',
    buttons: [{ label: tr.t('button.help-setup'), command: 'help setup' }],
  });
}

