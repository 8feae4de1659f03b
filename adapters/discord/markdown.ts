/**
 * Discord markdown for user text: escaping so that nothing a person typed can format, link, mention
 * or ping, and cutting rendered markdown without breaking an escape or a mention in half.
 */

/** Zero-width space: `@\u200beveryone` reads as `@everyone` but pings no one. */
export const ZWSP = '\u200b';

/** A Discord snowflake, the only ids Discord can mention. */
export const SNOWFLAKE = /^\d{17,20}$/;

/**
 * Escapes literal text for Discord markdown so that it shows exactly as typed: every inline markup
 * character on its own (so two pieces of text rendered side by side cannot pair up into `**` or
 * `||`), every `<` (so `<@1>`, `<@&1>`, `<#1>`, `<t:1>`, `<:emoji:1>` and `</cmd:1>` stay text), block
 * markup at line starts (quotes, headings, subtext, lists) and `@everyone` / `@here`.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\\*_~|`<[\]]/g, '\\$&')
    .replace(/^([ \t]*)(?=(?:#{1,3}|-#|[>+-])[ \t])/gm, '$1\\')
    .replace(/^(\s*)(\d+)\./gm, '$1$2\\.')
    .replace(/@(everyone|here)/gi, `@${ZWSP}$1`);
}

// The smallest pieces rendered markdown may be cut between: an escape pair, a mention, a code point.
const ATOM = /\\[\s\S]|<(?:@[!&]?|#)\d+>|[\s\S]/gu;

/** Rendered markdown as the pieces it may be cut between. */
export function atoms(markdown: string): string[] {
  return markdown.match(ATOM) ?? [];
}

/**
 * Cuts rendered markdown to at most `max` UTF-16 units (Discord counts fewer or as many), at a space
 * near the end when there is one, never inside an escape or a mention, ending with `…`.
 */
export function cutMarkdown(markdown: string, max: number): string {
  if (markdown.length <= max) return markdown;
  if (max <= 0) return '';
  const { head } = splitAt(markdown, max - 1);
  return `${head.trimEnd()}…`;
}

/**
 * The longest head of `markdown` within `max` units, preferring to end before a line break or a
 * space in its last fifth, and the rest. The head is never empty when `max` fits one atom. Reads no
 * further than `max` units and one atom, so cutting a long text piece by piece stays linear.
 */
export function splitAt(markdown: string, max: number): { head: string; rest: string } {
  const atom = new RegExp(ATOM.source, 'guy');
  // Where each atom read starts; the last one read may be the first that does not fit.
  const starts: number[] = [];
  let fits = true;
  for (let m = atom.exec(markdown); m !== null; m = atom.exec(markdown)) {
    starts.push(m.index);
    if (m.index + m[0].length > max) {
      fits = false;
      break;
    }
  }
  let n = fits ? starts.length : starts.length - 1;
  if (!fits) {
    for (let k = n; k > 0 && k > n * 0.8; k--) {
      if (/\s/.test(markdown[starts[k]!]!)) {
        n = k;
        break;
      }
    }
  }
  const cut = n < starts.length ? starts[n]! : markdown.length;
  return { head: markdown.slice(0, cut), rest: markdown.slice(cut).trimStart() };
}

/** Cuts plain text (labels, which Discord does not format) to `max` UTF-16 units with `…`. */
export function cutPlain(text: string, max: number): string {
  if (text.length <= max) return text;
  let head = '';
  for (const point of text) {
    if (head.length + point.length > max - 1) break;
    head += point;
  }
  return `${head.trimEnd()}…`;
}
