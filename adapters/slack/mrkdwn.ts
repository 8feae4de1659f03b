/**
 * Slack's mrkdwn text format, both ways: rich text out (escaped, with native mentions) and length
 * limits that never cut an escape or a mention in half.
 */
import type { Mention, RichText } from '../../src/views/view.js';

/** Slack user ids (`U…`, `W…` on Enterprise Grid) and conversation ids (`C…`, `G…`, `D…`). */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/**
 * Escapes the three characters Slack treats as control characters. With them escaped, user text
 * such as `<!channel>` or `<@U1>` shows literally and can never ping or link.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The inverse of {@link escapeMrkdwn} (`&amp;` last, so `&amp;lt;` becomes `&lt;`, not `<`). */
export function unescapeMrkdwn(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/**
 * A mention in Slack's syntax. Ids that are not Slack ids (someone typed `@here` as plain text, or the
 * id comes from another platform) are written as escaped literal text, so they cannot become a
 * special mention such as `<@here>` either.
 */
export function mentionMrkdwn(m: Mention): string {
  if ('user' in m) return USER_ID.test(m.user) ? `<@${m.user}>` : escapeMrkdwn(`@${m.user}`);
  // Slack's <!date> would show the reader's clock; deadlines are shown in the network's zone.
  if ('time' in m) return escapeMrkdwn(m.text);
  return CHANNEL_ID.test(m.channel) ? `<#${m.channel}>` : escapeMrkdwn(`#${m.channel}`);
}

/** Rich text as mrkdwn: literal strings escaped, mentions native. */
export function richMrkdwn(text: RichText): string {
  return text.map((p) => (typeof p === 'string' ? escapeMrkdwn(p) : mentionMrkdwn(p))).join('');
}

/**
 * The largest index ≤ `max` at which `text` (escaped mrkdwn) may be cut: never inside an entity
 * (`&amp;`), a `<…>` token or a surrogate pair.
 */
function safeCut(text: string, max: number): number {
  let cut = Math.min(max, text.length);
  // Literal `<` and `>` are escaped, so every `<` starts a token and every `>` ends one; a token still
  // open at `cut` moves the cut before it. (Only the text before `cut` is read: cutting stays linear.)
  const open = text.lastIndexOf('<', cut - 1);
  if (open > 0 && text.lastIndexOf('>', cut - 1) < open) cut = open;
  const amp = text.lastIndexOf('&', cut - 1);
  if (amp > 0) {
    const entity = ['&amp;', '&lt;', '&gt;'].find((e) => text.startsWith(e, amp));
    if (entity && amp + entity.length > cut) cut = amp;
  }
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff && cut > 1) cut -= 1;
  return cut;
}

/**
 * Splits escaped mrkdwn into pieces of at most `max` characters, preferring line breaks, then spaces,
 * in the second half of a piece; a hard cut only where neither exists.
 */
export function splitMrkdwn(text: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > max) {
    const cut = safeCut(rest, max);
    const newline = rest.lastIndexOf('\n', cut);
    const space = rest.lastIndexOf(' ', cut);
    const at = newline >= max / 2 ? newline : space >= max / 2 ? space : -1;
    if (at >= 0) {
      pieces.push(rest.slice(0, at));
      rest = rest.slice(at + 1);
    } else {
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  if (rest.length > 0 || pieces.length === 0) pieces.push(rest);
  return pieces;
}

/** Escaped mrkdwn shortened to `max` characters, ending in an ellipsis when cut. */
export function truncateMrkdwn(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, safeCut(text, max - 1))}…`;
}

/** Plain text shortened to `max` characters (UTF-16 units, as Slack counts), ending in an ellipsis when cut. */
export function truncatePlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
