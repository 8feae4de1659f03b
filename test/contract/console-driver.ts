import { Writable } from 'node:stream';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import type { Runtime } from '../../adapters/runtime.js';
import type { AdapterDriver, Outcome } from './driver.js';

const BUTTON = /\[([^\]:]+): \/neuvo ([^\]]+)\]/g;
/** A file as the console prints it (name, content, end mark); outcomes show it as `📎 name`, as on every platform. */
const FILE = /^── (.+) ──\n[\s\S]*?^── end of \1 ──$/gm;

function outcome(raw: string): Outcome {
  // Files first: their content is not the view's text and must not read as buttons either.
  const printed = raw.replace(FILE, '📎 $1');
  const publicPrefix = /^\[#[^\]]+\] /;
  const visibility = publicPrefix.test(printed) ? 'public' : 'private';
  const buttons = [...printed.matchAll(BUTTON)].map((m) => ({ label: m[1]!, command: m[2]! }));
  const text = printed
    .replace(publicPrefix, '')
    .replace(BUTTON, '')
    .replace(/^✗ /gm, '')
    .trim();
  return { visibility, text, buttons };
}

/** Drives the console adapter in-process: each line is what a person types at the prompt. */
export function consoleDriver(runtime: Runtime, channel = 'general'): AdapterDriver {
  let printed: string[] = [];
  const posts: string[] = [];
  const out = new Writable({
    write(chunk, _enc, cb) {
      printed.push(String(chunk).replace(/\n$/, ''));
      cb();
    },
  });
  const adapter = new ConsoleAdapter(runtime.neuvo, out, { user: 'coord', channel });
  /** The current text of every message posted (after its updates), by id. */
  const messages = new Map<string, string>();
  runtime.messenger.register('console', {
    post: async (space, view) => {
      const ref = await adapter.messenger.post(space, view);
      const raw = printed.pop()!;
      posts.push(raw);
      messages.set(ref.messageId, raw);
      return ref;
    },
    update: async (ref, view) => {
      await adapter.messenger.update(ref, view);
      messages.set(ref.messageId, printed.pop()!.replace(/^\[#([^\]]+) ✎\]/, '[#$1]'));
    },
    direct: async (person, view) => {
      await adapter.messenger.direct(person, view);
      posts.push(printed.pop()!);
    },
  });
  const run = async (user: string, line: string) => {
    await adapter.runLine(`:as ${user}`);
    printed = [];
    await adapter.runLine(`/neuvo ${line}`);
    return outcome(printed.join('\n'));
  };
  return {
    name: 'console',
    send: run,
    click: (user, _on, label) => {
      const button = _on.buttons.find((b) => b.label === label);
      if (!button) throw new Error(`no button ${label}`);
      return run(user, button.command);
    },
    async nextPost(timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (posts.length === 0) {
        if (Date.now() > until) throw new Error('no post arrived');
        await new Promise((r) => setTimeout(r, 20));
      }
      const raw = posts.shift()!;
      const to = /^\[(#[^\]]+|DM → @[^\]]+)\]/.exec(raw)?.[1] ?? '';
      return { ...outcome(raw.replace(/^\[DM → @[^\]]+\] /, '')), to };
    },
    close: async () => {},
  };
}
