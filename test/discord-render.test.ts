/**
 * Discord rendering: user text can never ping or format, only the view's own mentions may ping, and
 * every message stays within Discord's limits. Every rendered message is also posted to FakeDiscord,
 * which checks it against Discord's spec and limits; the buttons of the real core's views must fit.
 */
import fc from 'fast-check';
import { REST, Routes } from 'discord.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atoms, cutMarkdown, escapeText, splitAt, ZWSP } from '../adapters/discord/markdown.js';
import { COLOURS, customIdFor, DISCORD_LIMITS, type DiscordMessage, renderDiscord } from '../adapters/discord/render.js';
import type { CommandContext, Election } from '../src/app/ports.js';
import { resultView } from '../src/app/services/election-views.js';
import type { CountResult } from '../src/domain/tally/types.js';
import { translator } from '../src/i18n/translator.js';
import { COMMANDS } from '../src/commands/model.js';
import { moreItems } from '../src/views/fit-list.js';
import type { Block, Button, RichText, View } from '../src/views/view.js';
import { buttonsOf, readableText } from './contract/discord-driver.js';
import { FakeDiscord } from './fakes/discord-api.js';
import { hugeFirstItem, longReminderList, twoLongLists } from './support/long-list.js';
import { startTestRuntime } from './support/runtime.js';

const CHANNEL = '1100000000000000002';
const ALICE = '1200000000000000002';
const BOB = '1200000000000000003';
const NAMES = { [ALICE]: 'alice', [BOB]: 'bob', [CHANNEL]: 'general' };

let fake: FakeDiscord;
let rest: REST;
const rendered: DiscordMessage[] = [];

/** Renders and remembers the message, so the last test can post them all to the fake. */
function render(view: View): DiscordMessage {
  const msg = renderDiscord(view);
  rendered.push(msg);
  return msg;
}

const pub = (...blocks: Block[]): View => ({ private: false, blocks });
const descriptionOf = (m: DiscordMessage): string => m.embeds.map((e) => e.description ?? '').join('\n');
const embedTotal = (m: DiscordMessage): number =>
  m.embeds.reduce(
    (n, e) =>
      n + [...(e.title ?? '')].length + [...(e.description ?? '')].length + [...(e.footer?.text ?? '')].length + (e.fields ?? []).reduce((k, f) => k + [...f.name].length + [...f.value].length, 0),
    0,
  );
/** The markdown with every escape pair replaced by a placeholder: what Discord could still interpret. */
const unescapedParts = (markdown: string): string => atoms(markdown).map((a) => (a.length === 2 && a.startsWith('\\') ? '\u0000' : a)).join('');

function expectWithinLimits(m: DiscordMessage): void {
  expect(m.embeds.length).toBeLessThanOrEqual(DISCORD_LIMITS.embeds);
  expect(embedTotal(m)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  for (const e of m.embeds) {
    expect([...(e.title ?? '')].length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
    expect([...(e.description ?? '')].length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
    expect((e.fields ?? []).length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of e.fields ?? []) {
      expect(f.name.length).toBeGreaterThan(0);
      expect([...f.name].length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldName);
      expect([...f.value].length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    }
  }
  expect(m.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.rows);
  for (const row of m.components) expect(row.components.length).toBeLessThanOrEqual(DISCORD_LIMITS.buttonsPerRow);
}

beforeAll(async () => {
  fake = await FakeDiscord.start();
  rest = new REST({ api: fake.apiBase, retries: 0 }).setToken('test-bot-token');
});

afterAll(async () => {
  await fake?.close();
});

describe('escaping', () => {
  it('keeps @everyone, @here, <@&123>, <@1> and **bold** typed by a user literal and inert', () => {
    const typed = 'Meeting @everyone @here <@&123> <@1> **bold** <#9> <t:1700000000:R> `code` ||spoiler|| ~~gone~~ [click](https://evil.example)';
    const msg = render(pub({ type: 'text', text: [typed] }));
    const description = descriptionOf(msg);
    expect(description).toContain(`@${ZWSP}everyone`);
    expect(description).toContain(`@${ZWSP}here`);
    expect(description).toContain('\\<@&123>');
    expect(description).toContain('\\<@1>');
    expect(description).toContain('\\*\\*bold\\*\\*');
    // Nothing Discord could read as a mention, a ping or formatting is left unescaped.
    const live = unescapedParts(description);
    expect(live).not.toMatch(/<|@everyone|@here|\*|`|\|\||~~|\[/);
    // And a reader sees exactly what was typed.
    expect(readableText(msg)).toBe(typed);
    expect(msg.allowed_mentions).toEqual({ parse: [], users: [] });
  });

  it('writes user and channel mentions natively, and ids that are not snowflakes as plain text', () => {
    const msg = render(pub({ type: 'text', text: [{ user: ALICE }, ' posted in ', { channel: CHANNEL }, ' for ', { user: 'everyone' }, ' and ', { channel: 'general' }] }));
    expect(descriptionOf(msg)).toBe(`<@${ALICE}> posted in <#${CHANNEL}> for @${ZWSP}everyone and #general`);
    expect(msg.allowed_mentions).toEqual({ parse: [], users: [ALICE] });
  });

  it('joins neighbouring strings before escaping, so two halves cannot make markdown together', () => {
    const msg = render(pub({ type: 'text', text: ['a*', '*b* |', '| @', 'everyone'] }));
    expect(unescapedParts(descriptionOf(msg))).not.toMatch(/\*|\|\||@everyone/);
    expect(readableText(msg)).toBe('a**b* || @everyone');
  });

  it('shows any text exactly as typed and leaves nothing live but its own mentions (property)', () => {
    const span = fc.oneof(
      fc.string({ unit: fc.constantFrom('<', '>', '@', '#', '&', '*', '_', '~', '|', '`', '\\', '[', ']', '(', ')', ':', '-', '.', ' ', '\n', 'a', '1', 'e', 'h', 'é', '😀') }),
      fc.constantFrom('@everyone', '@here', '<@&123>', '<@1>', '**bold**', '<t:1700000000:R>', '[x](https://evil.example/a_b)', '> quote', '# title', '-# small', '1. item', '<:emoji_name:123>'),
      fc.constantFrom({ user: ALICE }, { channel: CHANNEL }),
    );
    fc.assert(
      fc.property(fc.array(span, { maxLength: 25 }), (spans) => {
        const text = spans as RichText;
        const m = renderDiscord(pub({ type: 'text', text }));
        const description = descriptionOf(m);
        const literal = text.map((p) => (typeof p === 'string' ? p : 'user' in p ? '@alice' : '#general')).join('').trim();
        expect(readableText(m, NAMES)).toBe(literal || '—');
        const live = unescapedParts(description).replaceAll(`<@${ALICE}>`, '').replaceAll(`<#${CHANNEL}>`, '');
        expect(live).not.toMatch(/<|@everyone|@here|\*\*|~~|\|\||`/);
      }),
      { numRuns: 400 },
    );
  });

  it('colours errors red and everything else blue', () => {
    const error = render({ private: true, error: true, blocks: [{ type: 'text', text: ['Only a coordinator of this network can do that.'] }] });
    expect(error.embeds).toEqual([{ color: COLOURS.error, description: 'Only a coordinator of this network can do that.' }]);
    expect(render(pub({ type: 'text', text: ['ok'] })).embeds[0]?.color).toBe(COLOURS.normal);
  });
});

describe('allowed_mentions', () => {
  it('lists exactly the users the view mentions and never parses everyone, roles or users from text', () => {
    const view = pub(
      { type: 'heading', text: 'Organisations @everyone' },
      { type: 'text', text: [{ user: ALICE }, ' and ', { user: BOB }, ' <@1200000000000000009>'] },
      { type: 'fields', fields: [{ label: 'Members', value: [{ user: ALICE }] }] },
      { type: 'list', items: [[{ user: BOB }, ' @here']] },
    );
    const msg = render(view);
    expect(msg.allowed_mentions).toEqual({ parse: [], users: [ALICE, BOB] });
    expect(msg.content).toBeUndefined();
  });
});

describe('layout', () => {
  it('puts the heading in the title, text and lists in the description, fields in fields', () => {
    const msg = render(
      pub(
        { type: 'heading', text: 'Neuvo · Pirkanmaa' },
        { type: 'fields', fields: [{ label: 'Organisations', value: ['3'] }, { label: 'Role', value: [] }] },
        { type: 'text', text: ['Pending requests:'] },
        { type: 'list', items: [['J1 · ', { user: ALICE }, ' → Sydänyhdistys']] },
        { type: 'divider' },
        { type: 'heading', text: 'Later heading' },
      ),
    );
    expect(msg.embeds).toEqual([
      {
        color: COLOURS.normal,
        title: 'Neuvo · Pirkanmaa',
        description: `Pending requests:\n• J1 · <@${ALICE}> → Sydänyhdistys\n\n**Later heading**`,
        fields: [
          { name: 'Organisations', value: '3', inline: true },
          { name: 'Role', value: '—', inline: true },
        ],
      },
    ]);
  });

  it('turns buttons into action rows with custom_id neuvo:<command>, styles, 5 a row and 5 rows at most', () => {
    const buttons: Button[] = Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, command: `org approve J${i}`, ...(i === 1 ? { style: 'danger' as const } : i === 2 ? { style: 'primary' as const } : {}) }));
    const msg = render(pub({ type: 'text', text: ['x'] }, { type: 'actions', buttons: buttons.slice(0, 2) }, { type: 'actions', buttons }));
    expect(msg.components.map((r) => r.components.length)).toEqual([2, 5, 5, 5, 5]);
    const all = msg.components.flatMap((r) => r.components);
    expect(all[0]).toEqual({ type: 2, style: 2, label: 'B0', custom_id: 'neuvo:org approve J0' });
    expect(all[1]).toMatchObject({ style: 4, custom_id: 'neuvo:org approve J1' });
    // The second block repeats J0 and J1: Discord refuses duplicate custom_ids, so they are left out.
    expect(all[2]).toMatchObject({ style: 1, custom_id: 'neuvo:org approve J2' });
    expect(new Set(all.map((b) => b.custom_id)).size).toBe(all.length);
  });

  it('shortens an 100-character label to 80 with an ellipsis and leaves out a command too long for a custom_id', () => {
    const msg = render(
      pub({ type: 'actions', buttons: [{ label: 'L'.repeat(100), command: 'status' }, { label: 'Long', command: `remind +1d "${'x'.repeat(100)}"` }] }),
    );
    const [button, ...rest] = msg.components.flatMap((r) => r.components);
    expect(rest).toEqual([]);
    expect(button?.label).toHaveLength(80);
    expect(button?.label?.endsWith('…')).toBe(true);
    expect(customIdFor('x'.repeat(94))).toHaveLength(100);
    expect(customIdFor('x'.repeat(95))).toBeUndefined();
  });

  it('never sends an empty message', () => {
    expect(render(pub()).embeds).toEqual([{ color: COLOURS.normal, description: '—' }]);
  });
});

describe('limits', () => {
  it('keeps a view with 80 list items and a 5000-character text within embed and message limits, cut with an ellipsis', () => {
    const items: RichText[] = Array.from({ length: 80 }, (_, i) => [`Organisation number ${i + 1} with a fairly long name **and** <more> — `, { user: ALICE }, ' x'.repeat(20)]);
    const long = Array.from({ length: 700 }, (_, i) => `word${i % 10}<>`).join(' ').slice(0, 5000);
    const msg = render(pub({ type: 'heading', text: 'Organisations' }, { type: 'list', items }, { type: 'divider' }, { type: 'text', text: [long] }));
    expectWithinLimits(msg);
    expect(msg.embeds.length).toBeGreaterThan(1);
    const textOnly = render(pub({ type: 'text', text: [long] }));
    expectWithinLimits(textOnly);
    expect(readableText(textOnly).startsWith(long.slice(0, 2500))).toBe(true);
    expect(msg.embeds[0]?.title).toBe('Organisations');
    const all = descriptionOf(msg);
    expect(all.endsWith('…')).toBe(true);
    // Nothing cut inside an escape or a mention: every backslash still escapes, every mention is whole.
    expect(all.replace(/\\[\s\S]/g, '')).not.toMatch(/\\|<(?!@\d+>)/);
    expect(readableText(msg, NAMES)).toContain('Organisation number 1 with a fairly long name **and** <more> — @alice');
  });

  it('cuts a list of 5,000 reminders of 1,000 characters at the message’s 6,000 and says in Finnish how many more', () => {
    const msg = render(longReminderList({ user: ALICE, channel: CHANNEL }, 'fi'));
    expectWithinLimits(msg);
    const lines = descriptionOf(msg).split('\n');
    const shown = lines.filter((l) => l.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe(escapeText(moreItems('fi')(5_000 - shown)));
    // The list stopped itself: the message was not cut afterwards.
    expect(msg.embeds.some((e) => e.footer)).toBe(false);
    expect(readableText(msg, NAMES)).toContain('R1 · 5.12.2026 klo 12.00 · to @alice · “1: @everyone @here <!channel> <@&123> <@123> **bold**');
    const live = unescapedParts(descriptionOf(msg)).replaceAll(`<@${ALICE}>`, '').replaceAll(`<#${CHANNEL}>`, '');
    expect(live).not.toMatch(/<|@everyone|@here|\*\*|~~|\|\||`/);
    expect(msg.allowed_mentions).toEqual({ parse: [], users: [ALICE] });
  });

  it('shows some of each of two long lists, each with its own "… and N more"', () => {
    const msg = render(twoLongLists(ALICE, 'en'));
    expectWithinLimits(msg);
    const [voted, notYet] = descriptionOf(msg).split('\nNot voted yet:\n').map((part) => part.split('\n'));
    for (const [lines, label] of [[voted!, 'voted'], [notYet!, 'not yet']] as const) {
      const shown = lines.filter((l) => l.startsWith(`• <@${ALICE}> — ${label} `)).length;
      expect(shown, label).toBeGreaterThan(0);
      expect(lines.at(-1)).toBe(escapeText(moreItems('en')(1_000 - shown)));
    }
  });

  it("lets every voter of a 2,000-ballot secret election find their receipt: those that do not fit go in an attached file", () => {
    const receipts = Array.from({ length: 2_000 }, (_, i) => `R${String(i).padStart(9, '0')}`);
    const e = { seq: 1, title: 'Board', method: 'stv', rule: 'scottish' } as unknown as Election;
    const count = { rule: 'scottish', winners: ['1'], rounds: [], quota: '1', tieBreaks: [], seed: 's', lotOrder: [], validBallots: 2_000 } as CountResult;
    const msg = render(resultView(translator('en'), e, [], { count, ballots: 2_000, receipts }));
    expect(msg.embeds.reduce((n, x) => n + (x.description?.length ?? 0), 0)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    const file = msg.files?.find((f) => f.name === 'neuvo-e1-receipts.txt');
    expect(file?.data.toString('utf8').trim().split('\n')).toEqual(receipts);
  });

  it('shows an item longer than the list’s room (an organisation of 400 members) cut, and the next after it, rather than nothing but "… and 2 more"', () => {
    // The long line runs on from one embed's description into the next (4,096 characters each).
    const text = render(hugeFirstItem('123456789012345678', 400)).embeds.map((e) => e.description ?? '').join('');
    expect(text.startsWith('• Big association — <@123456789012345678>, <@123456789012345678>, ')).toBe(true);
    expect(text).toMatch(/<@123456789012345678>,…\n• Small club — no members yet$/);
  });

  it('splits more than 25 fields over embeds and cuts long names and values', () => {
    const fields = Array.from({ length: 30 }, (_, i) => ({ label: i === 0 ? 'N'.repeat(300) : `F${i}`, value: ['v'.repeat(i === 0 ? 2000 : 5)] as RichText }));
    const msg = render(pub({ type: 'fields', fields }));
    expectWithinLimits(msg);
    expect(msg.embeds.map((e) => e.fields?.length)).toEqual([25, 5]);
    expect(msg.embeds[0]?.fields?.[0]?.name).toHaveLength(256);
    expect(msg.embeds[0]?.fields?.[0]?.value).toHaveLength(1024);
    expect(msg.embeds[0]?.fields?.[0]?.inline).toBe(false);
  });

  it('cuts a 300-character heading to 256 and a view of 300 tiny fields to 10 embeds', () => {
    const msg = render(pub({ type: 'heading', text: 'H'.repeat(300) }, { type: 'fields', fields: Array.from({ length: 300 }, (_, i) => ({ label: `${i}`, value: ['v'] })) }));
    expectWithinLimits(msg);
    expect(msg.embeds[0]?.title).toHaveLength(256);
    expect(msg.embeds).toHaveLength(10);
    expect(msg.embeds.at(-1)?.footer).toEqual({ text: '…' });
  });

  it('splits and cuts markdown only between escapes, mentions and characters', () => {
    const escaped = escapeText('<'.repeat(3000));
    const { head, rest: tail } = splitAt(escaped, 4095);
    expect(head.length).toBeLessThanOrEqual(4095);
    expect(head.length % 2).toBe(0);
    expect(head + tail).toBe(escaped);
    const mentions = `<@${ALICE}>`.repeat(300);
    expect(cutMarkdown(mentions, 100)).toMatch(/^(<@1200000000000000002>)+…$/);
    expect(cutMarkdown('😀'.repeat(10), 6)).toBe('😀😀…');
  });
});

describe('the core’s views on Discord', () => {
  it('gives every button the core makes (fi, sv, en) a custom_id within 100 and a label within 80', async () => {
    const rt = await startTestRuntime();
    const views: View[] = [];
    try {
      const langs = ['fi', 'sv', 'en'] as const;
      for (const [n, lang] of langs.entries()) {
        const channelId = `11000000000000001${n}0`;
        const as = (userId: string): CommandContext => ({
          actor: { platform: 'discord', workspaceId: '1100000000000000001', userId, isPlatformAdmin: false, locale: lang },
          space: { platform: 'discord', workspaceId: '1100000000000000001', channelId },
        });
        const run = async (userId: string, line: string) => views.push(await rt.neuvo.handle(as(userId), line));
        await run(ALICE, 'org list');
        await run(ALICE, 'status');
        await run(BOB, `setup area:Pirkanmaa lang:${lang}`);
        await run(BOB, 'org add "Pirkanmaan Sydän- ja Diabetesyhdistys ry — Birkalands hjärt- och diabetesförening"');
        await run(ALICE, 'org join "Pirkanmaan Sydän- ja Diabetesyhdistys ry — Birkalands hjärt- och diabetesförening"');
        await run(BOB, 'status');
        await run(ALICE, 'status');
        await run(ALICE, 'remind +1d "Valmistelu"');
        await run(ALICE, `remind +2d "Valmistelu" to:<@${ALICE}>`);
        await run(ALICE, 'help');
      }
    } finally {
      await rt.stop();
    }
    const buttons = views.flatMap((v) => v.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons : [])));
    // The views above reach every button the core has today (more may come; they are checked too).
    expect([...new Set(buttons.map((b) => b.command))]).toEqual(
      expect.arrayContaining(['help setup', 'help', 'status', 'org approve J1', 'org decline J1', 'org list', 'reminders', 'remind cancel R1', 'remind cancel R2']),
    );
    for (const b of buttons) {
      expect(customIdFor(b.command), b.command).toBeDefined();
      expect([...b.label].length, b.label).toBeLessThanOrEqual(DISCORD_LIMITS.label);
    }
    for (const v of views) {
      const msg = render(v);
      expectWithinLimits(msg);
      expect(buttonsOf(msg).map((b) => b.command)).toEqual(v.blocks.flatMap((b) => (b.type === 'actions' ? b.buttons.map((x) => x.command) : [])));
    }
  });

  it('fits a custom_id for every command that takes only ids, with the largest id the parser reads', () => {
    // Buttons run commands on things by id (approve J1, cancel R1, open E1 …); ids have up to 9 digits.
    for (const spec of COMMANDS) {
      if (spec.options.some((o) => o.required && o.type !== 'id')) continue;
      const words = [...spec.path, ...spec.options.filter((o) => o.type === 'id').map((o) => `${o.idPrefix ?? ''}999999999`)];
      expect(customIdFor(words.join(' ')), words.join(' ')).toBeDefined();
    }
  });
});

describe('Discord accepts the rendered messages', () => {
  it('posts every message rendered above to FakeDiscord without a single spec or limit violation', async () => {
    expect(rendered.length).toBeGreaterThan(20);
    for (const body of rendered) await rest.post(Routes.channelMessages(CHANNEL), { body });
    expect(fake.calls.filter((c) => c.route === '/channels/{channel_id}/messages' && c.status === 200)).toHaveLength(rendered.length);
    expect(fake.violations).toEqual([]);
  });
});
