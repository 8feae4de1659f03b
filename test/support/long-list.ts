import type { Lang } from '../../src/i18n/translator.js';
import type { Mention, RichText, View } from '../../src/views/view.js';

/** User text that would format, mention or ping if any renderer let it through. */
export const HOSTILE_TEXT = '@everyone @here <!channel> <@&123> <@123> **bold** _it_ ~~gone~~ ||spoiler|| `code` & <b> [x](https://evil.example)\n> quote\n# title ';

/**
 * A `reminders` view as one member can make it today: `count` reminders of 1,000 characters each, the
 * messages full of markup and would-be pings; every seventh reminder is for `user`, the rest for
 * `channel` (native mentions).
 */
export function longReminderList(ids: { readonly user: string; readonly channel: string }, lang: Lang, count = 5_000): View {
  const items = Array.from({ length: count }, (_, i): RichText => {
    const to: Mention = i % 7 === 0 ? { user: ids.user } : { channel: ids.channel };
    const message = `${i + 1}: ${HOSTILE_TEXT.repeat(8)}`.padEnd(1_000, ' x').slice(0, 1_000);
    return [`R${i + 1} · 5.12.2026 klo 12.00 · to `, to, ` · “${message}”`];
  });
  return { private: true, lang, blocks: [{ type: 'heading', text: `${count} pending reminders` }, { type: 'list', items }] };
}

/** A turnout-like view with two long lists, voted and not yet, of `count` people each. */
export function twoLongLists(user: string, lang: Lang, count = 1_000): View {
  const people = (label: string) => Array.from({ length: count }, (_, i): RichText => [{ user }, ` — ${label} ${i + 1}, ${'Sydän- ja diabetesyhdistys ry '.repeat(3)}`]);
  return {
    private: true,
    lang,
    blocks: [
      { type: 'heading', text: 'E1 turnout' },
      { type: 'text', text: ['Voted:'] },
      { type: 'list', items: people('voted') },
      { type: 'text', text: ['Not voted yet:'] },
      { type: 'list', items: people('not yet') },
    ],
  };
}

/**
 * `org list` of a network whose first organisation has `members` members (one item longer than any
 * platform's room for a list) and a second, small one.
 */
export function hugeFirstItem(user: string, members = 2_000): View {
  const big: RichText = ['Big association — ', ...Array.from({ length: members }, (_, i) => (i === 0 ? [{ user }] : [', ', { user }])).flat()];
  return { private: true, blocks: [{ type: 'heading', text: 'Organisations (2)' }, { type: 'list', items: [big, ['Small club — no members yet']] }] };
}
