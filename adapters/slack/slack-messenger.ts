import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import type { View } from '../../src/views/view.js';
import { renderSlack } from './render.js';

/** The Slack error code of a failed Web API call (`not_in_channel`, …), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Sends the core's announcements and reminders to Slack: channel posts with chat.postMessage,
 * direct messages through conversations.open. One bot token serves one workspace, so the space's
 * workspace id is not needed to reach it.
 */
export class SlackMessenger implements Messenger {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  async post(space: Space, view: View): Promise<MessageRef> {
    return { space, messageId: await this.send(space.channelId, view, { channel: space.channelId }) };
  }

  async update(ref: MessageRef, view: View): Promise<void> {
    const { blocks, text } = renderSlack(view);
    try {
      await this.client.chat.update({ channel: ref.space.channelId, ts: ref.messageId, blocks, text });
    } catch (err) {
      this.log.error({ err, channel: ref.space.channelId, ts: ref.messageId, code: slackErrorCode(err) }, 'slack chat.update failed');
      throw err;
    }
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    let channel: string | undefined;
    try {
      channel = (await this.client.conversations.open({ users: person.userId })).channel?.id;
    } catch (err) {
      this.log.error({ err, user: person.userId, code: slackErrorCode(err) }, 'slack conversations.open failed');
      throw err;
    }
    if (!channel) throw new Error(`conversations.open gave no channel for ${person.userId}`);
    await this.send(channel, view, { user: person.userId });
  }

  /** Posts and logs a failure (the error still reaches the job, which stays pending for a retry); resolves with the message's ts. */
  private async send(channel: string, view: View, where: Record<string, string>): Promise<string> {
    const { blocks, text } = renderSlack(view);
    try {
      const posted = await this.client.chat.postMessage({ channel, blocks, text, unfurl_links: false });
      return posted.ts ?? '';
    } catch (err) {
      this.log.error({ err, ...where, code: slackErrorCode(err) }, 'slack chat.postMessage failed');
      throw err;
    }
  }
}
