/** Shared by the poll and agenda tests: a real runtime, a console network, and views as plain text. */
import postgres from 'postgres';
import type { CommandContext, MessageRef, Messenger, PersonRef, Space } from '../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../src/views/view.js';
import { Neuvo } from '../src/app/neuvo.js';
import { ThrottledCardUpdates } from '../src/app/services/poll-card-updates.js';
import { startTestRuntime } from './support/runtime.js';

/** A view as a person reads it: headings, text, fields, list items and files, one per line. */
export function viewText(v: View): string {
  return v.blocks
    .map((b) => {
      switch (b.type) {
        case 'heading':
          return b.text;
        case 'text':
          return plainText(b.text, mentionPlain);
        case 'list':
          return b.items.map((i) => plainText(i, mentionPlain)).join('\n');
        case 'fields':
          return b.fields.map((f) => `${f.label}: ${plainText(f.value, mentionPlain)}`).join('\n');
        case 'file':
          return b.content;
        default:
          return '';
      }
    })
    .filter(Boolean)
    .join('\n');
}

/** Keeps every post, update and DM in full, so cards (their bars) can be read back. */
export class CardMessenger implements Messenger {
  readonly posts: { to: string; view: View; text: string }[] = [];
  readonly updates: { messageId: string; text: string; at: number }[] = [];
  /** The current text of each posted message, after its updates. */
  readonly current = new Map<string, string>();

  async post(space: Space, view: View): Promise<MessageRef> {
    this.posts.push({ to: `#${space.channelId}`, view, text: viewText(view) });
    const messageId = `m${this.posts.length}`;
    this.current.set(messageId, viewText(view));
    return { space, messageId };
  }

  async update(ref: MessageRef, view: View): Promise<void> {
    this.updates.push({ messageId: ref.messageId, text: viewText(view), at: Date.now() });
    this.current.set(ref.messageId, viewText(view));
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    this.posts.push({ to: `@${person.userId}`, view, text: viewText(view) });
  }

  /** The current text of the latest post whose first line starts with `heading`. */
  card(heading: string): string {
    const i = this.posts.findLastIndex((p) => p.text.startsWith(heading));
    if (i < 0) throw new Error(`no card ${heading} in ${JSON.stringify(this.posts.map((p) => p.text.split('\n')[0]))}`);
    return this.current.get(`m${i + 1}`)!;
  }

  /** Resolves once `check` holds, or rejects after `timeoutMs`. */
  async until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
    const end = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > end) throw new Error(`timed out; posts: ${JSON.stringify(this.posts.map((p) => p.text))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  reset(): void {
    this.posts.length = 0;
    this.updates.length = 0;
    this.current.clear();
  }
}

export type TestRuntime = Awaited<ReturnType<typeof startTestRuntime>>;

/**
 * A runtime with a {@link CardMessenger} on the console, a SQL client on its database, and helpers.
 * Commands go through a core whose card throttle waits `cardIntervalMs` (the runtime's 3 s would
 * only slow the tests down); scheduled jobs run in the runtime's own worker.
 */
export async function pollHarness(cardIntervalMs = 100) {
  const rt = await startTestRuntime();
  const messenger = new CardMessenger();
  rt.messenger.register('console', messenger);
  const cards = new ThrottledCardUpdates(cardIntervalMs, (err) => console.error('card update failed', err));
  const neuvo = new Neuvo({ ...rt.deps, cardUpdates: cards });
  const sql = postgres(rt.databaseUrl, { max: 2, onnotice: () => {} });
  let channels = 0;
  let channelId = '';
  const ctx = (user: string, requestId?: string): CommandContext => ({
    actor: { platform: 'console', workspaceId: 'w', userId: user, isPlatformAdmin: false },
    space: { platform: 'console', workspaceId: 'w', channelId },
    ...(requestId ? { requestId } : {}),
  });
  const h = {
    rt,
    messenger,
    sql,
    ctx,
    get channelId() {
      return channelId;
    },
    /** Runs a command as `user`; the reply as text. */
    neuvo,
    cards,
    run: async (user: string, line: string, requestId?: string) => viewText(await neuvo.handle(ctx(user, requestId), line)),
    /** Runs a command as `user`; the reply as a view. */
    view: (user: string, line: string, requestId?: string) => neuvo.handle(ctx(user, requestId), line),
    /** Resolves when no card update is pending or in flight. */
    async settled(timeoutMs = 30_000): Promise<void> {
      await messenger.until(() => cards.busy === 0, timeoutMs);
    },
    /** A fresh channel with a network, coordinator `coord` and `orgs` organisations of one member each (m1, m2, …). */
    async network(orgs = 3, extra = ''): Promise<void> {
      channelId = `poll${++channels}`;
      messenger.reset();
      await h.run('coord', `setup area:Kainuu ${extra}`.trim());
      for (let i = 1; i <= orgs; i++) {
        await h.run('coord', `org add "Org ${i}"`);
        await h.run('coord', `org member add "Org ${i}" @m${i}`);
      }
      messenger.reset();
    },
    /** The poll's id in this channel's network. */
    async pollRow(seq = 1): Promise<{ id: string; anonymous: boolean }> {
      const [row] = await sql<{ id: string; anonymous: boolean }[]>`
        select p.id::text, p.anonymous from polls p join spaces s on s.network_id = p.network_id
        where s.channel_id = ${channelId} and p.seq = ${seq}`;
      return row!;
    },
    async stop(): Promise<void> {
      // A trailing card update must not run against a database that is gone.
      await messenger.until(() => cards.busy === 0, 5_000).catch(() => undefined);
      await sql.end();
      await rt.stop();
    },
  };
  return h;
}
