import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { charBudget, fitList, listShare, MORE_LINE_ROOM, moreItems } from '../../src/views/fit-list.js';
import { mentionPlain, plainText, type RichText, type View } from '../../src/views/view.js';

const text = (t: RichText) => plainText(t, mentionPlain);

/** `line` within `max` characters, ending with `…` when cut (never between a surrogate pair). */
function cut(line: string, max: number): string {
  if (line.length <= max) return line;
  const end = /[\ud800-\udbff]/.test(line[max - 2] ?? '') ? max - 2 : max - 1;
  return `${line.slice(0, end)}…`;
}

/** A terminal takes any length, but a reader does not: a view's lists print at most this many characters. */
export const CONSOLE_LIMITS = { listChars: 20_000 } as const;

/** Where the console puts binary files. */
export interface ConsoleRenderOptions {
  /** The directory binary files are written to (default: `neuvo-files` in the system's temp dir). */
  readonly filesDir?: string;
}

/** Writes a binary file block's bytes under `dir` and returns the file's path. */
function saveFile(dir: string, name: string, base64: string): string {
  mkdirSync(dir, { recursive: true });
  // The name comes from the core, but a path in it must never leave the directory.
  const path = join(dir, basename(name.replace(/\\/g, '/')).replace(/^\.+/, '') || 'file');
  writeFileSync(path, Buffer.from(base64, 'base64'));
  return path;
}

/**
 * A view as terminal text: headings underlined, lists bulleted (cut at {@link CONSOLE_LIMITS} with a
 * line saying how many more), buttons shown with the command they run. A text file is printed; a
 * binary file (a PDF) cannot be, so it is written to a file and its path printed.
 */
export function renderConsole(view: View, opts: ConsoleRenderOptions = {}): string {
  const lines: string[] = [];
  const more = moreItems(view.lang);
  let listRoom = CONSOLE_LIMITS.listChars;
  for (const [index, b] of view.blocks.entries()) {
    switch (b.type) {
      case 'heading':
        lines.push(b.text, '─'.repeat(Math.min(60, [...b.text].length)));
        break;
      case 'text':
        lines.push((view.error ? '✗ ' : '') + text(b.text));
        break;
      case 'fields':
        b.fields.forEach((f) => lines.push(`  ${f.label}: ${text(f.value)}`));
        break;
      case 'list': {
        const room = listShare(view.blocks, index, listRoom);
        const line = (i: RichText) => cut(`  • ${text(i)}`, Math.max(1, room - MORE_LINE_ROOM));
        const shown = fitList(b.items, line, charBudget(room), (n) => `  ${more(n)}`);
        listRoom -= shown.reduce((n, line) => n + line.length + 1, 0);
        lines.push(...shown);
        break;
      }
      case 'actions':
        lines.push(b.buttons.map((x) => `[${x.label}: /neuvo ${x.command}${x.form ? ' …' : ''}]`).join('  '));
        break;
      case 'divider':
        lines.push('');
        break;
      case 'file':
        if (b.encoding === 'base64') lines.push(`📎 ${b.name} → ${saveFile(opts.filesDir ?? join(tmpdir(), 'neuvo-files'), b.name, b.content)}`);
        else lines.push(`── ${b.name} ──`, b.content.trimEnd(), `── end of ${b.name} ──`);
        break;
    }
  }
  return lines.join('\n');
}
