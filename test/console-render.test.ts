import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONSOLE_LIMITS, renderConsole } from '../adapters/console/render.js';
import { moreItems } from '../src/views/fit-list.js';
import { hugeFirstItem, longReminderList, twoLongLists } from './support/long-list.js';

describe('console rendering', () => {
  it('renders headings, fields, lists, mentions and buttons with the commands they run', () => {
    const text = renderConsole({
      private: true,
      blocks: [
        { type: 'heading', text: 'Title' },
        { type: 'fields', fields: [{ label: 'Area', value: ['Lappi'] }] },
        { type: 'list', items: [['A — ', { user: 'alice' }, ' in ', { channel: 'general' }]] },
        { type: 'actions', buttons: [{ label: 'Approve', command: 'org approve J1' }] },
      ],
    });
    expect(text).toBe('Title\n─────\n  Area: Lappi\n  • A — @alice in #general\n[Approve: /neuvo org approve J1]');
  });
  it('prints a list of 5,000 reminders of 1,000 characters up to its budget and says how many more', () => {
    const out = renderConsole(longReminderList({ user: 'alice', channel: 'general' }, 'en'));
    const [heading, rule, ...lines] = out.split('\n');
    expect(heading).toBe('5000 pending reminders');
    expect(rule).toMatch(/^─+$/);
    expect(lines.join('\n').length).toBeLessThanOrEqual(CONSOLE_LIMITS.listChars);
    const shown = lines.filter((l) => l.startsWith('  • ')).length;
    expect(shown).toBeGreaterThan(0);
    expect(lines.at(-1)).toBe(`  ${moreItems('en')(5_000 - shown)}`);
    expect(out).toContain('  • R1 · 5.12.2026 klo 12.00 · to @alice · “1: @everyone');
  });

  it('shows some of each of two long lists, each with its own "… and N more"', () => {
    const [voted, notYet] = renderConsole(twoLongLists('alice', 'en')).split('\nNot voted yet:\n').map((part) => part.split('\n'));
    for (const [lines, label] of [[voted!, 'voted'], [notYet!, 'not yet']] as const) {
      const shown = lines.filter((l) => l.startsWith(`  • @alice — ${label} `)).length;
      expect(shown, label).toBeGreaterThan(0);
      expect(lines.at(-1)).toBe(`  ${moreItems('en')(1_000 - shown)}`);
    }
  });

  it('shows an item longer than the list’s room cut, and the next after it, rather than nothing but "… and 2 more"', () => {
    const lines = renderConsole(hugeFirstItem('alice', 5_000)).split('\n');
    expect(lines[2]).toMatch(/^  • Big association — @alice, @alice, .*…$/);
    expect(lines.slice(3)).toEqual(['  • Small club — no members yet']);
  });

  it('marks errors', () => {
    expect(renderConsole({ private: true, error: true, blocks: [{ type: 'text', text: ['Nope'] }] })).toBe('✗ Nope');
  });
});

describe('binary files on the console', () => {
  it('writes a base64 file block’s bytes under the files directory and prints its path, never the bytes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'neuvo-console-files-'));
    try {
      const bytes = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff, 0x80]);
      // A name with a path in it stays inside the directory.
      const out = renderConsole({ private: true, blocks: [{ type: 'file', name: '../../ehdotus-E1.pdf', mime: 'application/pdf', content: bytes.toString('base64'), encoding: 'base64' }] }, { filesDir: dir });
      const path = join(dir, 'ehdotus-E1.pdf');
      expect(out).toBe(`📎 ../../ehdotus-E1.pdf → ${path}`);
      expect(readFileSync(path).equals(bytes)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
