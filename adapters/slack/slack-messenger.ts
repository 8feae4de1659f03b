import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import { DeliveryRefused } from '../../src/domain/errors.js';
import type { View } from '../../src/views/view.js';
import { uploadFiles } from './files.js';
import { renderSlack, type SlackMessage } from './render.js';

/** The Slack error code of a failed Web API call (`not_in_channel`, …), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/** Slack errors after which sending there again cannot succeed: the job fails instead of retrying. */
const REFUSED = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'cannot_dm_bot']);

/** A Web API error as the core sees it: {@link DeliveryRefused} when Slack refused for good. */
function asDeliveryError(err: unknown): unknown {
  const code = slackErrorCode(err);
  return code && REFUSED.has(code) ? new DeliveryRefused(`slack ${code}`) : err;
}

/**
 * Sends the core's announcements and reminders to Slack: channel posts with chat.postMessage,
 * direct messages through conversations.open. One bot token serves one workspace, so the space's
 * workspace id is not needed to reach it. A view's files are uploaded right after its message, into
 * the same conversation.
 */
export class SlackMessenger implements Messenger {
  constructor(
    private readonly client: webApi.WebClient,
    private readonly log: Logger,
  ) {}

  async post(space: Space, view: View): Promise<MessageRef> {
    return { space, messageId: await this.send(space.channelId, renderSlack(view), { channel: space.channelId }) };
  }

  /**
   * Edits the message in place. Its files are not uploaded again: Slack cannot attach files to an
   * existing message, and a card edited after every vote would otherwise repeat them each time.
   */
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
      throw asDeliveryError(err);
    }
    if (!channel) throw new Error(`conversations.open gave no channel for ${person.userId}`);
    await this.send(channel, renderSlack(view), { user: person.userId });
  }

  /**
   * Posts and logs a failure (the error still reaches the job, which stays pending for a retry);
   * resolves with the message's ts. A failed upload of the files is logged but not thrown: the
   * message is out, and a retry of the job would post it a second time.
   */
  private async send(channel: string, message: SlackMessage, where: Record<string, string>): Promise<string> {
    let ts: string;
    try {
      const posted = await this.client.chat.postMessage({ channel, blocks: message.blocks, text: message.text, unfurl_links: false });
      ts = posted.ts ?? '';
    } catch (err) {
      this.log.error({ err, ...where, code: slackErrorCode(err) }, 'slack chat.postMessage failed');
      throw asDeliveryError(err);
    }
    if (message.files) {
      try {
        await uploadFiles(this.client, channel, message.files);
      } catch (err) {
        this.log.error({ err, ...where, files: message.files.map((f) => f.name), code: slackErrorCode(err) }, 'slack: uploading the files of a message failed');
      }
    }
    return ts;
  }
}
