import ical, { ICalEventStatus } from 'ical-generator';
import { endOf } from '../../domain/negotiation.js';
import { areaName, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import { translator, type Translator } from '../../i18n/translator.js';
import type { Negotiation, Network } from '../ports.js';
import type { Deps } from '../request.js';

/** The path of a network's calendar feed on Neuvo's HTTP server. */
export const feedPath = (networkId: string) => `/calendar/${networkId}.ics`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The welfare area's name in the translator's language. */
export function areaOf(tr: Translator, network: Network): string {
  const area = WELFARE_AREAS.find((a) => a.id === network.areaId);
  return area ? areaName(area, tr.lang) : network.areaId;
}

/**
 * The network's negotiations as an iCalendar file (RFC 5545, written by ical-generator). Times are in
 * UTC, which every calendar app converts to its own zone; a cancelled negotiation stays in the feed as
 * STATUS:CANCELLED, so subscribed calendars drop or mark it instead of keeping a stale copy.
 */
export function negotiationCalendar(tr: Translator, network: Network, negotiations: readonly Negotiation[]): string {
  const calendar = ical({
    name: tr.t('negotiation.calendar-name', { area: areaOf(tr, network) }),
    prodId: { company: 'Neuvo', product: 'Neuvo', language: tr.lang.toUpperCase() },
  });
  for (const n of negotiations) {
    const description = [n.about, n.result ? `${tr.t('negotiation.field.results')}: ${n.result.link}` : null, n.result?.summary].filter(Boolean).join('\n\n');
    calendar.createEvent({
      // A stable UID: a re-download or the feed updates the same calendar entry.
      id: `negotiation-${n.id}@neuvo`,
      start: n.startsAt,
      end: endOf(n),
      summary: n.title,
      ...(description ? { description } : {}),
      ...(n.place ? { location: n.place } : {}),
      ...(n.link ? { url: n.link } : {}),
      status: n.state === 'cancelled' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    });
  }
  return calendar.toString();
}

/** The calendar feed of a network by id (the HTTP route), or undefined when there is no such network. */
export async function calendarFeed(deps: Pick<Deps, 'networks' | 'negotiations'>, networkId: string): Promise<string | undefined> {
  if (!UUID.test(networkId)) return undefined;
  const network = await deps.networks.byId(networkId);
  if (!network) return undefined;
  return negotiationCalendar(translator(network.lang), network, await deps.negotiations.list(network.id));
}
