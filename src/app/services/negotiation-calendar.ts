import ical, { ICalEventStatus } from 'ical-generator';
import { endOf } from '../../domain/negotiation.js';
import { areaName, WELFARE_AREAS } from '../../domain/welfare-areas.js';
import { translator, type Translator } from '../../i18n/translator.js';
import type { Negotiation, Network } from '../ports.js';
import type { Deps } from '../request.js';

/**
 * The path of a network's calendar feed on Neuvo's HTTP server. The network id alone is no secret
 * (every member sees it and it never changes), so the path carries the feed token too.
 */
export const feedPath = (networkId: string, token: string) => `/calendar/${networkId}/${token}.ics`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether two secrets are equal, in a time that does not depend on where they differ. */
export function sameSecret(given: string, expected: string): boolean {
  let diff = given.length ^ expected.length;
  for (let i = 0; i < expected.length; i++) diff |= (given.charCodeAt(i) | 0) ^ expected.charCodeAt(i);
  return diff === 0;
}

/** The calendar's file name, after the area's name in the network's language: `neuvo-ostra-nyland.ics`. */
export function calendarFileName(network: Network): string {
  const area = WELFARE_AREAS.find((a) => a.id === network.areaId);
  const name = area ? areaName(area, network.lang) : network.areaId;
  const slug = name.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  return `neuvo-${slug || 'calendar'}.ics`;
}

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
      // Calendar apps take a changed event only with a higher SEQUENCE than the copy they hold.
      sequence: n.revision,
    });
  }
  return calendar.toString();
}

/** A calendar file: its name and iCalendar text. */
export interface CalendarFile {
  readonly name: string;
  readonly content: string;
}

/**
 * The calendar feed of a network (the HTTP route), or undefined when there is no such network or the
 * token is not its current one (a reset feed URL).
 */
export async function calendarFeed(deps: Pick<Deps, 'networks' | 'negotiations'>, networkId: string, token: string): Promise<CalendarFile | undefined> {
  if (!UUID.test(networkId)) return undefined;
  const [network, expected] = await Promise.all([deps.networks.byId(networkId), deps.networks.feedToken(networkId)]);
  if (!network || expected === undefined || !sameSecret(token, expected)) return undefined;
  return { name: calendarFileName(network), content: negotiationCalendar(translator(network.lang), network, await deps.negotiations.list(network.id)) };
}
