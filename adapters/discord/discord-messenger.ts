import { DiscordAPIError, type REST, type RequestData, Routes } from 'discord.js';
import type { Logger } from 'pino';
import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import { DeliveryRefused } from '../../src/domain/errors.js';
import type { View } from '../../src/views/view.js';
import { drawViewCharts as viewChartPngs } from '../charts/lazy-charts.js';
import { restFiles } from './files.js';
import { type DiscordMessage, renderDiscord } from './render.js';

/** Why a job of a server the bot was removed from failed (`scheduled_jobs.failure_reason`). */
export const REMOVED_FROM_SERVER = 'bot removed from server';

/**
 * Sends what is not a reply (reminders, announcements) through Discord's REST API: channel posts, and
 * direct messages through the DM channel Discord opens (or returns) for a user. A view's files ride
 * on its message as attachments, within the safe default size (no interaction tells the real one).
 * Failures are logged and rethrown, so the job that sent the view stays pending and is retried.
 * Nothing is sent for a server the bot was removed from ({@link guildLeft}): not into its channels,
 * and not to its members by DM on its networks' behalf.
 */
export class DiscordMessenger implements Messenger {
  // A user's DM channel never changes; asking once per user saves a request per message.
  private readonly dmChannels = new Map<string, string>();
  /**
   * Servers the bot was removed from while this process ran. After a restart Discord itself refuses
   * (Missing Access, Unknown Channel), which fails the job just the same.
   */
  private readonly leftGuilds = new Set<string>();

  constructor(
    private readonly rest: REST,
    private readonly log: Logger,
  ) {}

  /** The bot was removed from the server (GUILD_DELETE not caused by an outage): refuse to send there. */
  guildLeft(guildId: string): void {
    this.leftGuilds.add(guildId);
  }

  /** The bot was added to the server (again). */
  guildJoined(guildId: string): void {
    this.leftGuilds.delete(guildId);
  }

  async post(space: Space, view: View): Promise<MessageRef> {
    this.refuseLeft(space.workspaceId);
    return { space, messageId: await this.send(space.channelId, view) };
  }

  /**
   * Edits a message. A view with files replaces the message's attachments with them; one without
   * leaves the attachments as they are (the body then has no `attachments`).
   */
  async update(ref: MessageRef, view: View): Promise<void> {
    this.refuseLeft(ref.space.workspaceId);
    try {
      await this.rest.patch(Routes.channelMessage(ref.space.channelId, ref.messageId), request(renderDiscord(view, { chartPngs: await viewChartPngs(view) })));
    } catch (err) {
      this.log.warn({ err, channelId: ref.space.channelId, messageId: ref.messageId }, 'discord: editing a message failed');
      throw err;
    }
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    this.refuseLeft(person.workspaceId);
    await this.send(await this.dmChannel(person.userId), view);
  }

  /** Posts a view in a channel; resolves with the new message's id. */
  async send(channelId: string, view: View): Promise<string> {
    try {
      const message = (await this.rest.post(Routes.channelMessages(channelId), request(renderDiscord(view, { chartPngs: await viewChartPngs(view) })))) as { id: string };
      return message.id;
    } catch (err) {
      this.log.warn({ err, channelId, code: err instanceof DiscordAPIError ? err.code : undefined }, 'discord: posting a message failed');
      throw asDeliveryError(err);
    }
  }

  private refuseLeft(guildId: string): void {
    if (this.leftGuilds.has(guildId)) throw new DeliveryRefused(REMOVED_FROM_SERVER);
  }

  private async dmChannel(userId: string): Promise<string> {
    const known = this.dmChannels.get(userId);
    if (known) return known;
    try {
      const channel = (await this.rest.post(Routes.userChannels(), { body: { recipient_id: userId } })) as { id: string };
      this.dmChannels.set(userId, channel.id);
      return channel.id;
    } catch (err) {
      this.log.warn({ err, userId, code: err instanceof DiscordAPIError ? err.code : undefined }, 'discord: opening a DM channel failed');
      throw asDeliveryError(err);
    }
  }
}

/**
 * Discord errors after which sending there again cannot succeed: Unknown Channel, Unknown User,
 * Missing Access, Cannot send messages to this user, Missing Permissions.
 */
const REFUSED = new Set([10003, 10013, 50001, 50007, 50013]);

/** A REST error as the core sees it: {@link DeliveryRefused} when Discord refused for good. */
function asDeliveryError(err: unknown): unknown {
  return err instanceof DiscordAPIError && typeof err.code === 'number' && REFUSED.has(err.code) ? new DeliveryRefused(`discord ${err.code}`) : err;
}

/** The REST request of a rendered message: JSON alone, or multipart with its files listed in `attachments`. */
function request(message: DiscordMessage): RequestData {
  const { files, ...body } = message;
  if (!files?.length) return { body };
  const parts = restFiles(files);
  return { body: { ...body, attachments: parts.attachments }, files: parts.files };
}
