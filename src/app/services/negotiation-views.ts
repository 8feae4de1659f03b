import { DateTime } from 'luxon';
import { formatDate, rangeSpans, timeSpan } from '../../commands/dates.js';
import { endOf, type FollowUp, offsetUnit } from '../../domain/negotiation.js';
import type { Translator } from '../../i18n/translator.js';
import type { Block, Button, RichText, View } from '../../views/view.js';
import type { AgendaItem, MirroredEvent, Negotiation } from '../ports.js';
import { themeName } from './poll-views.js';

const idOf = (n: Pick<Negotiation, 'seq'>) => `N${n.seq}`;

const calendarButton = (tr: Translator): Button => ({ label: tr.t('button.calendar'), command: 'negotiation ics' });
const showButton = (tr: Translator, n: Negotiation): Button => ({ label: tr.t('button.show-negotiation', { id: idOf(n) }), command: `negotiation show ${idOf(n)}` });

/** When: the start, and the end when one was given. */
function when(n: Negotiation, zone: string, lang: string): RichText {
  return n.endsAt ? rangeSpans(n.startsAt, n.endsAt, zone, lang) : [timeSpan(n.startsAt, zone, lang)];
}

/** Place and link as fields, for the card and the reminders. */
function whereFields(tr: Translator, n: Negotiation): { label: string; value: RichText }[] {
  return [
    ...(n.place ? [{ label: tr.t('negotiation.field.where'), value: [n.place] }] : []),
    ...(n.link ? [{ label: tr.t('negotiation.field.link'), value: [n.link] }] : []),
  ];
}

/** The results block of a negotiation that has them. */
function resultBlocks(tr: Translator, n: Negotiation): Block[] {
  if (!n.result) return [];
  return [
    { type: 'fields', fields: [{ label: tr.t('negotiation.field.results'), value: [n.result.link] }] },
    ...(n.result.summary ? [{ type: 'text' as const, text: [n.result.summary] }] : []),
  ];
}

/** The announcement card: when, where, what about, the results once posted; marked when cancelled. */
export function negotiationCard(tr: Translator, n: Negotiation, zone: string, isPrivate = false): View {
  const cancelled = n.state === 'cancelled';
  const blocks: Block[] = [
    { type: 'heading', text: cancelled ? tr.t('negotiation.heading-cancelled', { id: idOf(n), title: n.title }) : `${idOf(n)} · ${n.title}` },
    { type: 'fields', fields: [{ label: tr.t('negotiation.field.when'), value: when(n, zone, tr.lang) }, ...whereFields(tr, n)] },
  ];
  if (n.about) blocks.push({ type: 'text', text: [n.about] });
  blocks.push(...resultBlocks(tr, n));
  if (cancelled) blocks.push({ type: 'text', text: [tr.t('negotiation.card-cancelled')] });
  else blocks.push({ type: 'actions', buttons: [calendarButton(tr)] });
  return { private: isPrivate, blocks };
}

/** One line of `negotiation list` and `status`. */
export function negotiationLine(tr: Translator, n: Negotiation, zone: string): RichText {
  const marks = [...(n.state === 'cancelled' ? [tr.t('negotiation.state.cancelled')] : []), ...(n.result ? [tr.t('negotiation.state.results')] : [])];
  return [`${idOf(n)} · ${n.title} · `, timeSpan(n.startsAt, zone, tr.lang), ...(n.place ? [` · ${n.place}`] : []), ...(marks.length ? [` (${marks.join(', ')})`] : [])];
}

/** The list of `negotiation list`. */
export function negotiationList(tr: Translator, all: readonly Negotiation[], zone: string): View {
  if (all.length === 0) return { private: true, blocks: [{ type: 'text', text: [tr.t('negotiation.none')] }] };
  return {
    private: true,
    blocks: [
      { type: 'heading', text: tr.t('negotiation.list-heading', { count: all.length }) },
      { type: 'list', items: all.map((n) => negotiationLine(tr, n, zone)) },
      { type: 'actions', buttons: [calendarButton(tr)] },
    ],
  };
}

/** How long before: `1 day`, `2 hours`, `30 minutes`. */
export function timeBefore(tr: Translator, secs: number): string {
  return tr.t('negotiation.left', offsetUnit(secs));
}

/** A reminder `offset` seconds before a negotiation, posted where it was announced. */
export function reminderView(tr: Translator, n: Negotiation, offset: number, zone: string): View {
  const fields = whereFields(tr, n);
  return {
    private: false,
    blocks: [
      { type: 'text', text: tr.r('negotiation.reminder', { id: idOf(n), title: n.title, left: timeBefore(tr, offset), when: timeSpan(n.startsAt, zone, tr.lang) }) },
      ...(fields.length ? [{ type: 'fields' as const, fields }] : []),
      { type: 'actions', buttons: [showButton(tr, n), calendarButton(tr)] },
    ],
  };
}

/** The command of the next-round follow-up's button: an election of next year's representatives. */
export function nextRoundElectionCommand(tr: Translator, n: Negotiation, zone: string): string {
  const year = DateTime.fromJSDate(n.startsAt, { zone }).year + 1;
  // Two representatives, ranked (STV), one ballot per organisation: the usual delegation; editable by typing.
  return `election new "${tr.t('negotiation.next-round-election', { year })}" seats:2 method:stv`;
}

/** A follow-up after a negotiation: results, what happened to our topics, next year's round. */
export function followUpView(tr: Translator, kind: FollowUp, n: Negotiation, zone: string, agenda: readonly AgendaItem[]): View {
  const id = idOf(n);
  const date = formatDate(n.startsAt, zone, tr.lang);
  const blocks: Block[] = [];
  switch (kind) {
    case 'next-day':
      blocks.push({
        type: 'text',
        text: n.result ? [tr.t('negotiation.follow-up.results-in', { id, title: n.title, link: n.result.link })] : [tr.t('negotiation.follow-up.next-day', { id, title: n.title, date })],
      });
      break;
    case 'month':
      blocks.push({ type: 'text', text: [tr.t('negotiation.follow-up.month', { id, title: n.title })] });
      if (agenda.length > 0) {
        blocks.push({ type: 'list', items: agenda.map((i) => [`${themeName(tr, i.theme)}: ${i.topic} (P${i.poll})`, ...(i.outcome ? [` — ${i.outcome}`] : [])]) });
      } else {
        blocks.push({ type: 'text', text: [tr.t('negotiation.follow-up.no-agenda')] });
      }
      blocks.push(...resultBlocks(tr, n));
      break;
    case 'next-round':
      blocks.push({ type: 'text', text: [tr.t('negotiation.follow-up.next-round', { id, title: n.title, date })] });
      blocks.push({ type: 'actions', buttons: [{ label: tr.t('button.new-election'), command: nextRoundElectionCommand(tr, n, zone), style: 'primary' }] });
      break;
  }
  return { private: false, blocks };
}

/** The yearly budget-season reminder. */
export function budgetView(tr: Translator): View {
  return { private: false, blocks: [{ type: 'text', text: [tr.t('budget.reminder')] }, { type: 'actions', buttons: [{ label: tr.t('button.negotiations'), command: 'negotiation list' }] }] };
}

/** A negotiation as a platform event (Discord's event list): location is the place, else the link. */
export function mirroredEvent(tr: Translator, n: Negotiation): MirroredEvent {
  const description = [n.about, n.place && n.link ? n.link : null].filter(Boolean).join('\n\n');
  return {
    name: `${idOf(n)} · ${n.title}`,
    description: description || tr.t('negotiation.event-description', { id: idOf(n) }),
    location: n.place ?? n.link ?? tr.t('negotiation.place-tba'),
    start: n.startsAt,
    end: endOf(n),
  };
}
