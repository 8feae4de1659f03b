import type { MessageRef, Messenger, PersonRef, Platform, Space } from '../src/app/ports.js';
import type { View } from '../src/views/view.js';

/** Sends each view through the messenger of its platform; adapters register theirs at start. */
export class RoutingMessenger implements Messenger {
  private readonly byPlatform = new Map<Platform, Messenger>();

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
    return this.for(space.platform).post(space, view);
  }

  update(ref: MessageRef, view: View): Promise<void> {
    return this.for(ref.space.platform).update(ref, view);
  }

  direct(person: PersonRef, view: View): Promise<void> {
    return this.for(person.platform).direct(person, view);
  }
}
