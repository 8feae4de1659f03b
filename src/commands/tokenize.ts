/** One word of a command line; `quoted` words are never read as keys or mentions. */
export interface Token {
  readonly text: string;
  readonly quoted: boolean;
  /** Set for `key:value` words (the value may be quoted: `where:"Town hall"`). */
  readonly key?: string;
  /** The word as typed, for reading `key:value` back as plain text when the key is not an option. */
  readonly raw: string;
}

/**
 * What opens a quoted value and what may close it. Slack and phones turn straight quotes into
 * typographic ones, and Finnish and Swedish write ”…”, »…» and ’…’, so all of them open and close a value.
 * Apostrophes (`'`, `’`, `‘`) also stand inside words (`don't`, `O’Brien`): they open a value only at
 * the start of a word and close it only at the end of one, and one that finds no such close is no quote.
 */
const QUOTES: Record<string, { readonly close: readonly string[]; readonly apostrophe?: true }> = {
  '"': { close: ['"', '”'] },
  '“': { close: ['”', '"', '“'] },
  '”': { close: ['”', '"'] },
  '„': { close: ['”', '“', '"'] },
  '«': { close: ['»'] },
  '»': { close: ['»', '«'] },
  "'": { close: ["'", '’'], apostrophe: true },
  '’': { close: ['’', "'"], apostrophe: true },
  '‘': { close: ['’', "'"], apostrophe: true },
};

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; code: 'parse.unclosed-quote' };

/** Splits a command line into words, honouring quotes and `key:value` pairs. */
export function tokenize(line: string): TokenizeResult {
  const tokens: Token[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && /\s/.test(line[i]!)) i++;
    if (i >= n) break;
    const start = i;
    let key: string | undefined;
    // Keys are letters (Finnish and Swedish ones too: option words may be localized) and dashes; a
    // scheme followed by `//` is a web address, not a key.
    const keyMatch = /^([a-zäöå][a-zäöå-]*):(?!\/\/)/i.exec(line.slice(i));
    if (keyMatch) {
      key = keyMatch[1]!.toLowerCase();
      i += keyMatch[0].length;
    }
    const open = line[i];
    const quote = open === undefined ? undefined : QUOTES[open];
    const end = quote ? findClose(line, i + 1, quote.close, quote.apostrophe === true) : -1;
    if (quote && end < 0 && !quote.apostrophe) return { ok: false, code: 'parse.unclosed-quote' };
    if (end >= 0) {
      tokens.push({ text: line.slice(i + 1, end), quoted: true, raw: line.slice(start, end + 1), ...(key ? { key } : {}) });
      i = end + 1;
    } else {
      let j = i;
      while (j < n && !/\s/.test(line[j]!)) j++;
      tokens.push({ text: line.slice(i, j), quoted: false, raw: line.slice(start, j), ...(key ? { key } : {}) });
      i = j;
    }
  }
  return { ok: true, tokens };
}

function findClose(line: string, from: number, close: readonly string[], apostrophe: boolean): number {
  for (let k = from; k < line.length; k++) {
    // An apostrophe closes only where a word ends: `'don't stop'` closes after `stop`.
    if (close.includes(line[k]!) && (!apostrophe || k + 1 >= line.length || /\s/.test(line[k + 1]!))) return k;
  }
  return -1;
}
