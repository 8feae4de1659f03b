import { DiscordAPIError, type REST, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { EventMirror, MirroredEvent, Space } from '../../src/app/ports.js';

/** Guild scheduled event values (API v10). */
const GUILD_ONLY = 2;
const EXTERNAL = 3;
const CANCELED = 4;

/** Discord's limits on scheduled events (name 1–100, description up to 1000, location 1–100). */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The body of `POST`/`PATCH /guilds/{id}/scheduled-events`: an external event, so it needs a location and an end. */
export function scheduledEventBody(event: MirroredEvent) {
  return {
    name: clip(event.name, 100),
    description: clip(event.description, 1000),
    privacy_level: GUILD_ONLY,
    entity_type: EXTERNAL,
    entity_metadata: { location: clip(event.location, 100) },
    scheduled_start_time: event.start.toISOString(),
    scheduled_end_time: event.end.toISOString(),
  };
}

/**
 * A negotiation as a Guild Scheduled Event in the server's event list, over REST: created, edited and
 * cancelled with the negotiation. The bot needs the Create Events (and Manage Events) permission.
 */
export class DiscordEventMirror implements EventMirror {
  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
  ) {}

  async save(space: Space, eventId: string | null, event: MirroredEvent): Promise<string> {
    const guildId = space.workspaceId;
    const body = scheduledEventBody(event);
    try {
      if (eventId) {
        await this.rest.patch(Routes.guildScheduledEvent(guildId, eventId), { body });
        return eventId;
      }
      const created = (await this.rest.post(Routes.guildScheduledEvents(guildId), { body })) as { id: string };
      return created.id;
    } catch (err) {
      this.log.warn({ err, guildId, eventId, code: err instanceof DiscordAPIError ? err.code : undefined }, 'discord: saving a scheduled event failed');
      throw err;
    }
  }

  async cancel(space: Space, eventId: string): Promise<void> {
    try {
      await this.rest.patch(Routes.guildScheduledEvent(space.workspaceId, eventId), { body: { status: CANCELED } });
    } catch (err) {
      this.log.warn({ err, guildId: space.workspaceId, eventId, code: err instanceof DiscordAPIError ? err.code : undefined }, 'discord: cancelling a scheduled event failed');
      throw err;
    }
  }
}
