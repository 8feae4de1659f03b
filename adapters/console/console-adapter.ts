import { clearLine, createInterface, cursorTo, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import type { Neuvo } from '../../src/app/neuvo.js';
import type { View } from '../../src/views/view.js';
import { type ConsoleRenderOptions, renderConsole } from './render.js';

/** The console's workspace id: one console is one workspace. */
export const CONSOLE_WORKSPACE = 'console';

const NAME = /^[\p{L}\p{N}_.-]+$/u;

/**
 * The console adapter: runs `/neuvo …` lines as the current user in the current channel, and
 * `:as <name>`, `:in <channel>`, `:sleep <seconds>`. Announcements and DMs are printed as they come.
 */
export class ConsoleAdapter {
  private user: string;
  private channel: string;

  constructor(
    private readonly neuvo: Neuvo,
    private readonly out: Writable,
    start: { user: string; channel: string },
    private readonly renderOptions: ConsoleRenderOptions = {},
  ) {
    this.user = start.user;
    this.channel = start.channel;
  }

  private posted = 0;

  /** Prints what the core sends outside replies: channel posts (numbered, so updates can name them) and DMs. */
  readonly messenger: Messenger = {
    post: async (space: Space, view: View) => {
      const messageId = `m${++this.posted}`;
      this.print(`[#${space.channelId}] ${this.render(view)}`);
      return { space, messageId };
    },
    update: async (ref: MessageRef, view: View) => this.print(`[#${ref.space.channelId} ✎] ${this.render(view)}`),
    direct: async (person: PersonRef, view: View) => this.print(`[DM → @${person.userId}] ${this.render(view)}`),
  };

  /** The interactive prompt while it waits for a line; output then goes above it. */
  private waiting: Interface | undefined;

  private print(text: string): void {
    const rl = this.waiting;
    if (!rl) {
      this.out.write(`${text}\n`);
      return;
    }
    // A card update or a reminder that comes while someone types: printed over the prompt's line,
    // then the prompt and what was typed so far are drawn again below it.
    clearLine(this.out, 0);
    cursorTo(this.out, 0);
    this.out.write(`${text}\n`);
    rl.prompt(true);
  }

  /** Runs one line; resolves when its reply has been printed. */
  async runLine(raw: string): Promise<void> {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const [word, ...rest] = line.split(/\s+/);
    const arg = rest.join(' ').replace(/^[@#]/, '');
    switch (word) {
      case ':as':
        if (!NAME.test(arg)) return this.print('✗ :as <name>');
        this.user = arg;
        return this.print(`(you are @${arg})`);
      case ':in':
        if (!NAME.test(arg)) return this.print('✗ :in <channel>');
        this.channel = arg;
        return this.print(`(you are in #${arg})`);
      case ':sleep': {
        const secs = Number(arg);
        if (!Number.isFinite(secs) || secs < 0 || secs > 3600) return this.print('✗ :sleep <seconds>');
        await new Promise((r) => setTimeout(r, secs * 1000));
        return;
      }
    }
    const text = line.replace(/^\/neuvo\b/i, '').trim();
    const view = await this.neuvo.handle(
      {
        actor: { platform: 'console', workspaceId: CONSOLE_WORKSPACE, userId: this.user, isPlatformAdmin: false },
        space: { platform: 'console', workspaceId: CONSOLE_WORKSPACE, channelId: this.channel },
      },
      text,
    );
    this.print(view.private ? this.render(view) : `[#${this.channel}] ${this.render(view)}`);
  }

  /** Runs piped lines in order and resolves when the last reply is printed. */
  async runScript(input: Readable): Promise<void> {
    const rl = createInterface({ input, crlfDelay: Infinity });
    for await (const line of rl) await this.runLine(line);
  }

  /** An interactive prompt; resolves when the user ends input (Ctrl-D) or types `:quit`. */
  async interactive(input: Readable): Promise<void> {
    const rl = createInterface({ input, output: this.out, prompt: this.prompt(), terminal: true });
    this.print('Neuvo console — type /neuvo help, :as <name>, :in <channel>, :quit');
    rl.prompt();
    this.waiting = rl;
    try {
      for await (const line of rl) {
        this.waiting = undefined;
        if (line.trim() === ':quit') break;
        await this.runLine(line);
        rl.setPrompt(this.prompt());
        rl.prompt();
        this.waiting = rl;
      }
    } finally {
      this.waiting = undefined;
      rl.close();
    }
  }

  private render(view: View): string {
    return renderConsole(view, this.renderOptions);
  }

  private prompt(): string {
    return `@${this.user} #${this.channel}> `;
  }
}
