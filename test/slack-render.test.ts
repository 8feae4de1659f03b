/**
 * Block Kit rendering: user text can never ping, mentions are native, and every message stays within
 * Slack's limits. Every rendered message is also posted to FakeSlack, which checks it against Slack's
 * spec and Block Kit limits.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webApi } from '@slack/bolt';
import { commandText } from '../adapters/slack/command-text.js';
import { escapeMrkdwn, splitMrkdwn, unescapeMrkdwn } from '../adapters/slack/mrkdwn.js';
import { renderSlack, SLACK_LIMITS, type SlackMessage } from '../adapters/slack/render.js';
import { moreItems } from '../src/views/fit-list.js';
import type { Block, RichText, View } from '../src/views/view.js';
import { FakeSlack } from './fakes/slack-api.js';
import { hugeFirstItem, longReminderList, twoLongLists } from './support/long-list.js';

const CHANNEL = 'C0GENERAL1';
const ALICE = 'U0ALICE001';

let fake: FakeSlack;
let client: webApi.WebClient;
const rendered: SlackMessage[] = [];

/** Renders and remembers the message, so the last test can post them all to the fake. */
function render(view: View): SlackMessage {
  const msg = renderSlack(view);
  rendered.push(msg);
  return msg;
}

const pub = (...blocks: Block[]): View => ({ private: false, blocks });
type J = Record<string, any>;
const sectionTexts = (m: SlackMessage): string[] => (m.blocks as J[]).filter((b) => b.type === 'section' && b.text).map((b) => b.text.text as string);

beforeAll(async () => {
  fake = await FakeSlack.start({ teamId: 'T0NEUVO001' });
  client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: fake.apiUrl, retryConfig: { retries: 0 } });
});

afterAll(async () => {
  await fake?.close();
});

describe('escaping', () => {
  it('shows <!channel>, @here and <@U1> typed by a user as literal text that cannot ping', () => {
    const msg = render(pub({ type: 'text', text: ['Reminder: <!channel> @here <@U1> <!everyone> & <https://evil.example|click>'] }));
    const [text] = sectionTexts(msg);
    expect(text).toBe('Reminder: &lt;!channel&gt; @here &lt;@U1&gt; &lt;!everyone&gt; &amp; &lt;https://evil.example|click&gt;');
    expect(JSON.stringify(msg)).not.toMatch(/<[!@#h]/);
    expect(msg.text).not.toContain('<');
  });

  it('writes user and channel mentions in Slack syntax, and ids that are not Slack ids as plain text', () => {
    const msg = render(pub({ type: 'text', text: [{ user: ALICE }, ' posted in ', { channel: CHANNEL }, ' for ', { user: 'here' }, ' and ', { channel: 'general>' }] }));
    expect(sectionTexts(msg)).toEqual([`<@${ALICE}> posted in <#${CHANNEL}> for @here and #general&gt;`]);
    expect(msg.text).toBe(`<@${ALICE}> posted in <#${CHANNEL}> for @here and #general&gt;`);
  });

  it('asks Slack not to link-ify words by itself (verbatim), so only explicit mentions become links', () => {
    const msg = render(pub({ type: 'text', text: ['see #general and @alice'] }, { type: 'fields', fields: [{ label: 'Who', value: ['@channel'] }] }));
    const texts = (msg.blocks as J[]).flatMap((b) => [b.text, ...(b.fields ?? [])]).filter(Boolean);
    expect(texts.every((t: J) => t.type === 'mrkdwn' && t.verbatim === true)).toBe(true);
  });

  it('never lets rich text produce a Slack control sequence other than its own mentions (property)', () => {
    const span = fc.oneof(
      fc.string({ unit: fc.constantFrom('<', '>', '&', '!', '@', '#', '|', 'a', 'U', '1', ' ', '\n', ';', 'l', 't', 'é', '😀') }),
      fc.constantFrom('<!channel>', '<!here>', '<@U0BOB00001>', '&lt;', '&amp;gt;'),
      fc.constantFrom({ user: ALICE }, { channel: CHANNEL }, { user: '!here' }),
    );
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), (spans) => {
        const text = spans as RichText;
        const m = renderSlack(pub({ type: 'text', text }, { type: 'list', items: [text] }));
        for (const s of [...sectionTexts(m), m.text]) {
          // Every `<…>` left is one of our two mentions.
          expect(s.replace(new RegExp(`<@${ALICE}>|<#${CHANNEL}>`, 'g'), '')).not.toMatch(/[<>]/);
        }
        // What a reader sees is exactly what was typed.
        const literal = text.map((p) => (typeof p === 'string' ? p : 'user' in p ? (p.user === ALICE ? `<@${ALICE}>` : `@${p.user}`) : 'channel' in p ? `<#${p.channel}>` : p.text)).join('');
        if (literal.trim()) expect(unescapeMrkdwn(sectionTexts(m)[0]!.replace(new RegExp(`<@${ALICE}>|<#${CHANNEL}>`, 'g'), (x) => escapeMrkdwn(x)))).toBe(literal);
      }),
      { numRuns: 300 },
    );
  });

  it('marks errors with ⚠️', () => {
    const msg = render({ private: true, error: true, blocks: [{ type: 'text', text: ['Only a coordinator of this network can do that.'] }] });
    expect(sectionTexts(msg)).toEqual(['⚠️ Only a coordinator of this network can do that.']);
    expect(msg.text).toBe('⚠️ Only a coordinator of this network can do that.');
  });
});

describe('limits', () => {
  it('keeps a view with 50 list items and a 2000-character text within 50 blocks and 3000 characters a section', () => {
    // About 9,000 characters once escaped: what Slack takes in one message (SLACK_LIMITS.messageText).
    const items: RichText[] = Array.from({ length: 50 }, (_, i) => [`Organisation number ${i + 1} with a fairly long name & more — `, { user: ALICE }, ' '.repeat(3) + 'x'.repeat(40)]);
    const long = Array.from({ length: 500 }, (_, i) => `word${i % 10}<>`).join(' ').slice(0, 2000);
    const msg = render(pub({ type: 'heading', text: 'Organisations' }, { type: 'text', text: [long] }, { type: 'list', items }, { type: 'divider' }));
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    for (const t of sectionTexts(msg)) expect(t.length).toBeLessThanOrEqual(3000);
    const all = sectionTexts(msg).join('\n');
    // Nothing lost, no escape or mention cut in half.
    expect(all.match(/• /g)).toHaveLength(50);
    expect(all.match(new RegExp(`<@${ALICE}>`, 'g'))).toHaveLength(50);
    expect(all.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
    expect(sectionTexts(msg).length).toBeGreaterThanOrEqual(3);
  });

  it('cuts a list of 5,000 reminders of 1,000 characters to the blocks left, says in Swedish how many more, and keeps the buttons after it', () => {
    const list = longReminderList({ user: ALICE, channel: CHANNEL }, 'sv');
    const msg = render({ ...list, blocks: [...list.blocks, { type: 'actions', buttons: [{ label: 'Ny påminnelse', command: 'help remind' }] }] });
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    expect(msg.blocks.at(-1)?.type).toBe('actions');
    // The list stopped itself: no block was cut afterwards.
    expect(JSON.stringify(msg.blocks)).not.toContain('Förkortat');
    const lines = sectionTexts(msg).join('\n').split('\n');
    const shown = lines.filter((l) => l.startsWith('• ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe(escapeMrkdwn(moreItems('sv')(5_000 - shown)));
    expect(sectionTexts(msg).every((t) => t.length <= 3000)).toBe(true);
    // Slack refuses a message whose blocks hold too much text in all (msg_blocks_too_long).
    expect((msg.blocks as J[]).reduce((n, b) => n + (b.text?.text?.length ?? 0), 0)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    // The notification text has its own, smaller budget, and says so too.
    const fallback = msg.text.split('\n');
    expect(msg.text.length).toBeLessThanOrEqual(3000);
    expect(fallback.at(-1)).toBe(escapeMrkdwn(moreItems('sv')(5_000 - fallback.filter((l) => l.startsWith('• ')).length)));
    const sent = JSON.stringify(msg);
    expect(sent).not.toContain('<!');
    expect(sent.match(/<@[^>]*>/g)?.every((m) => m === `<@${ALICE}>`)).toBe(true);
  });

  it('keeps text outside lists (200 declined nominees with long organisation names) within the text Slack takes in one message, buttons kept', () => {
    const declined: RichText = ['Declined: ', ...Array.from({ length: 200 }, (_, i) => [`${i + 1}. `, { user: ALICE }, ` (Organisation number ${i + 1} with quite a long name)`]).flat()];
    const msg = render(pub({ type: 'heading', text: 'E1 · Board' }, { type: 'text', text: declined }, { type: 'actions', buttons: [{ label: 'Accept', command: 'election accept E1' }] }));
    expect((msg.blocks as J[]).reduce((n, b) => n + (b.text?.text?.length ?? 0), 0)).toBeLessThanOrEqual(SLACK_LIMITS.messageText);
    expect(msg.blocks.some((b) => b.type === 'actions')).toBe(true);
    expect(JSON.stringify(msg.blocks.at(-1))).toContain('Shortened');
    expect(sectionTexts(msg).join(' ')).toContain('1. <@U0ALICE001> (Organisation number 1 ');
  });

  it('shows an item longer than the list’s room (an organisation of 2,000 members) cut, and the next after it, rather than nothing but "… and 2 more"', () => {
    const lines = sectionTexts(render(hugeFirstItem(ALICE))).join('\n').split('\n');
    expect(lines[0]).toMatch(new RegExp(`^• Big association — <@${ALICE}>, .*…$`));
    expect(lines.slice(1)).toEqual(['• Small club — no members yet']);
  });

  it('shows some of each of two long lists, each with its own "… and N more"', () => {
    const msg = render(twoLongLists(ALICE, 'en'));
    expect(msg.blocks.length).toBeLessThanOrEqual(50);
    const [voted, notYet] = sectionTexts(msg).join('\n').split('\nNot voted yet:\n').map((part) => part.split('\n'));
    for (const [lines, label] of [[voted!, 'voted'], [notYet!, 'not yet']] as const) {
      const shown = lines.filter((l) => l.startsWith(`• <@${ALICE}> — ${label} `)).length;
      expect(shown, label).toBeGreaterThan(0);
      expect(lines.at(-1)).toBe(escapeMrkdwn(moreItems('en')(1_000 - shown)));
    }
  });

  it('splits long text at line breaks or spaces, never inside an escape or a mention', () => {
    const escaped = escapeMrkdwn('&'.repeat(2999) + '<'.repeat(10));
    const pieces = splitMrkdwn(escaped, 3000);
    expect(pieces.every((p) => p.length <= 3000)).toBe(true);
    expect(pieces.join('')).toBe(escaped);
    for (const p of pieces) expect(p.replace(/&(amp|lt|gt);/g, '')).toBe('');
    const mentions = Array.from({ length: 400 }, () => `<@${ALICE}>`).join('');
    expect(splitMrkdwn(mentions, 3000).every((p) => /^(<@U0ALICE001>)+$/.test(p))).toBe(true);
    expect(splitMrkdwn(`${'a'.repeat(2000)}\n${'b'.repeat(2000)}`, 3000)).toEqual(['a'.repeat(2000), 'b'.repeat(2000)]);
  });

  it('merges and then cuts a view of 200 paragraphs to 50 blocks, saying so in the last block', () => {
    // Short enough that 50 blocks of them stay within Slack's text per message, so the block count binds.
    const blocks: Block[] = Array.from({ length: 200 }, (_, i) => [{ type: 'text' as const, text: [`Paragraph ${i} `.padEnd(150, '.')] }, { type: 'divider' as const }]).flat();
    const msg = render(pub(...blocks, { type: 'actions', buttons: [{ label: 'Status', command: 'status' }] }));
    expect(msg.blocks).toHaveLength(50);
    const last = msg.blocks.at(-1) as J;
    expect(last.type).toBe('context');
    expect(last.elements[0].text).toMatch(/not shown/);
    // The buttons survive the cut.
    expect((msg.blocks as J[]).some((b) => b.type === 'actions')).toBe(true);
  });

  it('merges neighbouring short sections rather than cutting when that is enough', () => {
    const blocks: Block[] = Array.from({ length: 60 }, (_, i) => ({ type: 'text' as const, text: [`Line ${i}`] }));
    const msg = render(pub(...blocks));
    expect(msg.blocks).toHaveLength(1);
    expect(sectionTexts(msg)[0]!.split('\n')).toHaveLength(60);
  });

  it('shortens a 100-character button label to 75 with an ellipsis; long headings to 150', () => {
    const msg = render(pub({ type: 'heading', text: 'H'.repeat(200) }, { type: 'actions', buttons: [{ label: 'L'.repeat(100), command: 'status' }] }));
    const header = (msg.blocks as J[])[0]!;
    expect(header.text.text).toHaveLength(150);
    const button = (msg.blocks as J[])[1]!.elements[0];
    expect(button.text.text).toHaveLength(75);
    expect(button.text.text.endsWith('…')).toBe(true);
    expect(button.value).toBe('status');
  });

  it('puts at most 10 fields in a section and at most 2000 characters in a field', () => {
    const fields = Array.from({ length: 23 }, (_, i) => ({ label: `F${i}`, value: ['v'.repeat(i === 0 ? 2500 : 5)] as RichText }));
    const msg = render(pub({ type: 'fields', fields }));
    const sections = msg.blocks as J[];
    expect(sections.map((s) => s.fields.length)).toEqual([10, 10, 3]);
    expect(sections[0]!.fields[0].text.length).toBeLessThanOrEqual(2000);
    expect(sections[0]!.fields[1].text).toBe('*F1*\nvvvvv');
  });

  it('gives every button a unique action id, 25 to an actions block, with its command as value and its style', () => {
    const buttons = Array.from({ length: 30 }, (_, i) => ({ label: `B${i}`, command: `org approve J${i}`, ...(i === 1 ? { style: 'danger' as const } : {}) }));
    const msg = render(pub({ type: 'actions', buttons: buttons.slice(0, 3) }, { type: 'text', text: ['between'] }, { type: 'actions', buttons }));
    const elements = (msg.blocks as J[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements as J[]);
    expect((msg.blocks as J[]).filter((b) => b.type === 'actions').map((b) => b.elements.length)).toEqual([3, 25, 5]);
    const ids = elements.map((e) => e.action_id);
    expect(new Set(ids).size).toBe(33);
    expect(ids.every((id) => /^neuvo:\d+$/.test(id))).toBe(true);
    expect(elements[4]).toMatchObject({ value: 'org approve J1', style: 'danger' });
  });

  it('leaves out a button whose command does not fit in a value (cutting it would change what it does)', () => {
    const msg = render(pub({ type: 'actions', buttons: [{ label: 'Long', command: `remind +1d "${'x'.repeat(2100)}"` }, { label: 'Ok', command: 'status' }] }));
    expect((msg.blocks as J[])[0]!.elements.map((e: J) => e.text.text)).toEqual(['Ok']);
  });
});

describe('incoming command text', () => {
  it('unescapes what people typed and keeps user and channel mentions for the parser', () => {
    expect(commandText('org add "A &amp; B &lt;!channel&gt;"')).toBe('org add "A & B <!channel>"');
    expect(commandText('coordinator add <@U0BOB00001|bob>')).toBe('coordinator add <@U0BOB00001|bob>');
    expect(commandText('remind +1d "x" to:<#C0GENERAL1|general>')).toBe('remind +1d "x" to:<#C0GENERAL1|general>');
  });

  it('turns special mentions into inert words and links into their URL', () => {
    expect(commandText('remind +1d "<!channel> <!here> <!everyone> <!subteam^S0TEAM|@board>"')).toBe('remind +1d "@channel @here @everyone @board"');
    expect(commandText('x link:<https://example.org/a?b=1&amp;c=2|example.org>')).toBe('x link:https://example.org/a?b=1&c=2');
  });
});

describe('Slack accepts the rendered messages', () => {
  it('posts every message rendered above to FakeSlack without a single spec or Block Kit violation', async () => {
    expect(rendered.length).toBeGreaterThan(8);
    for (const m of rendered) await client.chat.postMessage({ channel: CHANNEL, blocks: m.blocks, text: m.text, unfurl_links: false });
    expect(fake.calls.filter((c) => c.method === 'chat.postMessage')).toHaveLength(rendered.length);
    expect(fake.violations).toEqual([]);
  });
});
