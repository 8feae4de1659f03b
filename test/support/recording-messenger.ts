import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import { mentionPlain, plainText, type View } from '../../src/views/view.js';

/** The text blocks of a view, mentions as `@id`. */
function textOf(view: View): string {
  return view.blocks
    .map((b) => (b.type === 'text' ? plainText(b.text, mentionPlain) : ''))
    .join(' ')
    .trim();
}

/** A messenger for core tests that keeps what it was asked to send; `failing` makes it throw. */
export class RecordingMessenger implements Messenger {
  readonly sent: { to: string; text: string }[] = [];
  failing = false;

  private record(to: string, view: View): void {
    if (this.failing) throw new Error('platform unavailable');
    this.sent.push({ to, text: textOf(view) });
  }

  /** Card updates: the text blocks, and the whole view for tests that look at lists and spans. */
  readonly updates: { messageId: string; text: string; view: View }[] = [];

  async post(space: Space, view: View): Promise<MessageRef> {
    this.record(`#${space.channelId}`, view);
    return { space, messageId: String(this.sent.length) };
  }

  async update(ref: MessageRef, view: View): Promise<void> {
    if (this.failing) throw new Error('platform unavailable');
    this.updates.push({ messageId: ref.messageId, text: textOf(view), view });
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    this.record(`@${person.userId}`, view);
  }

  /** Resolves when `count` messages have been sent, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 30_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} messages, got ${JSON.stringify(this.sent)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
