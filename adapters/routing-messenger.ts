import type { MessageRef, Messenger, PersonRef, Platform, Space } from '../src/app/ports.js';
import { DeliveryRefused } from '../src/domain/errors.js';
import type { View } from '../src/views/view.js';

/** What became of a send: done, refused for good (`DeliveryRefused`), or failed and left to a retry. */
export type DeliveryObserver = (platform: Platform, outcome: 'ok' | 'refused' | 'retried') => void;

/** Sends each view through the messenger of its platform; adapters register theirs at start. */
export class RoutingMessenger implements Messenger {
  private readonly byPlatform = new Map<Platform, Messenger>();

  constructor(private readonly observe: DeliveryObserver = () => {}) {}

  private counted<T>(platform: Platform, send: () => Promise<T>): Promise<T> {
    const sent = Promise.resolve().then(send);
    sent.then(
      () => this.observe(platform, 'ok'),
      (err: unknown) => this.observe(platform, err instanceof DeliveryRefused ? 'refused' : 'retried'),
    );
    return sent;
  }

  register(platform: Platform, messenger: Messenger): void {
    this.byPlatform.set(platform, messenger);
  }

  private for(platform: Platform): Messenger {
    const m = this.byPlatform.get(platform);
    // Throwing keeps the job pending and retried: the adapter may be starting or reconnecting.
    if (!m) throw new Error(`no ${platform} adapter is running`);
    return m;
  }

  post(space: Space, view: View): Promise<MessageRef> {
    return this.counted(space.platform, () => this.for(space.platform).post(space, view));
  }

  update(ref: MessageRef, view: View): Promise<void> {
    return this.counted(ref.space.platform, () => this.for(ref.space.platform).update(ref, view));
  }

  direct(person: PersonRef, view: View): Promise<void> {
    return this.counted(person.platform, () => this.for(person.platform).direct(person, view));
  }
}
