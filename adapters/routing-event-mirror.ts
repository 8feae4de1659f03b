import type { EventMirror, MirroredEvent, Platform, Space } from '../src/app/ports.js';

/**
 * Sends each event change to the event mirror of the space's platform. Platforms without one (Slack,
 * the console) have no events of their own: saving there does nothing and gives no id.
 */
export class RoutingEventMirror implements EventMirror {
  private readonly byPlatform = new Map<Platform, EventMirror>();

  register(platform: Platform, mirror: EventMirror): void {
    this.byPlatform.set(platform, mirror);
  }

  async save(space: Space, eventId: string | null, event: MirroredEvent): Promise<string | undefined> {
    return this.byPlatform.get(space.platform)?.save(space, eventId, event);
  }

  async cancel(space: Space, eventId: string): Promise<void> {
    await this.byPlatform.get(space.platform)?.cancel(space, eventId);
  }
}
