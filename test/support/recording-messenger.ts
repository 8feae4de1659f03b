import type { Messenger, PersonRef, Space } from '../../src/app/ports.js';
import { plainText, type View } from '../../src/views/view.js';

/** A messenger for core tests that keeps what it was asked to send; `failing` makes it throw. */
export class RecordingMessenger implements Messenger {
  readonly sent: { to: string; text: string }[] = [];
  failing = false;

  private record(to: string, view: View): void {
    if (this.failing) throw new Error('platform unavailable');
    const text = view.blocks
      .map((b) => (b.type === 'text' ? plainText(b.text, (m) => ('user' in m ? `@${m.user}` : `#${m.channel}`)) : ''))
      .join(' ')
      .trim();
    this.sent.push({ to, text });
  }

  async post(space: Space, view: View): Promise<void> {
    this.record(`#${space.channelId}`, view);
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    this.record(`@${person.userId}`, view);
  }

  /** Resolves when `count` messages have been sent, or rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.sent.length < count) {
      if (Date.now() > until) throw new Error(`expected ${count} messages, got ${JSON.stringify(this.sent)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
