/**
 * Slash-command text as Slack sends it (with `should_escape: true`) turned into the core's command
 * language: user and channel mentions stay in Slack's syntax (the core parser reads `<@U…|name>` and
 * `<#C…|name>`), everything else becomes the plain text the person typed.
 */
import { unescapeMrkdwn } from './mrkdwn.js';

/** Special mentions (`<!here>`, `<!subteam^S1|@team>`, …) become their readable, inert names. */
function special(inner: string): string {
  const [name = '', label] = inner.slice(1).split('|', 2);
  if (label) return unescapeMrkdwn(label);
  const word = name.split('^', 1)[0]!;
  return `@${word}`;
}

function token(inner: string): string {
  if (inner.startsWith('@') || inner.startsWith('#')) return `<${inner}>`;
  if (inner.startsWith('!')) return special(inner);
  // A link, `<https://…>` or `<https://…|label>`: the URL is what a `link:` option wants.
  const [url = ''] = inner.split('|', 1);
  return unescapeMrkdwn(url);
}

/**
 * The command line in `text` (the words after `/neuvo`). Slack escapes `&`, `<` and `>` that people
 * type, so every raw `<…>` is Slack's own markup and everything between is unescaped.
 */
export function commandText(text: string): string {
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/<([^<>]*)>/g)) {
    out += unescapeMrkdwn(text.slice(last, m.index));
    out += token(m[1]!);
    last = m.index + m[0].length;
  }
  return (out + unescapeMrkdwn(text.slice(last))).trim();
}
