import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import type { Neuvo } from '../src/app/neuvo.js';
import type { MessageRef } from '../src/app/ports.js';

/** What a terminal shows for `raw`: lines after carriage returns, cursor moves and line clears. */
function screen(raw: string): string[] {
  const lines: string[][] = [[]];
  let col = 0;
  const line = () => lines[lines.length - 1]!;
  for (let i = 0; i < raw.length; i++) {
    const esc = /^\x1b\[(\d*)([A-Za-z])/.exec(raw.slice(i));
    if (esc) {
      const [n, op] = [Number(esc[1] || 0), esc[2]];
      if (op === 'G') col = Math.max(0, n - 1);
      else if (op === 'K' && n === 2) lines[lines.length - 1] = [];
      else if (op === 'K' || op === 'J') line().length = Math.min(line().length, col);
      i += esc[0].length - 1;
    } else if (raw[i] === '\n') {
      lines.push([]);
      col = 0;
    } else if (raw[i] === '\r') {
      col = 0;
    } else {
      line()[col++] = raw[i]!;
    }
  }
  return lines.map((l) => Array.from(l, (c) => c ?? ' ').join(''));
}

/** Resolves when `check` holds, checking as output arrives. */
function until(out: { text: string; listeners: (() => void)[] }, check: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const test = () => check() && (resolve(), true);
    if (!test()) out.listeners.push(() => void test());
  });
}

describe('console prompt', () => {
  it('prints a card update that comes while someone types above the prompt, and redraws the prompt with what was typed', async () => {
    const out = { text: '', listeners: [] as (() => void)[] };
    const sink = new Writable({
      write(chunk, _enc, done) {
        out.text += String(chunk);
        out.listeners.forEach((l) => l());
        done();
      },
    });
    const input = new PassThrough();
    // Only `:` lines are typed here, which the adapter answers itself: no command reaches the core.
    const adapter = new ConsoleAdapter({} as Neuvo, sink, { user: 'me', channel: 'general' });
    const card: MessageRef = { space: { platform: 'console', workspaceId: 'console', channelId: 'general' }, messageId: 'm1' };
    const ended = adapter.interactive(input);

    input.write('/neuvo sta');
    await until(out, () => screen(out.text).at(-1) === '@me #general> /neuvo sta');
    await adapter.messenger.update(card, { private: false, blocks: [{ type: 'text', text: ['P1: 3 votes'] }] });
    expect(screen(out.text).slice(1)).toEqual(['[#general ✎] P1: 3 votes', '@me #general> /neuvo sta']);

    // Ctrl-U clears the typed words; a DM while the empty prompt waits goes above it too.
    input.write('\u0015:as bob\n');
    await until(out, () => screen(out.text).at(-1) === '@bob #general> ');
    await adapter.messenger.direct({ platform: 'console', workspaceId: 'console', userId: 'bob' }, { private: true, blocks: [{ type: 'text', text: ['Hei Bob'] }] });
    expect(screen(out.text).slice(-3)).toEqual(['(you are @bob)', '[DM → @bob] Hei Bob', '@bob #general> ']);

    input.write(':quit\n');
    await ended;
  });
});
