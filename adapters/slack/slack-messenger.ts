import type { webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { MessageRef, Messenger, PersonRef, Space } from '../../src/app/ports.js';
import { DeliveryRefused } from '../../src/domain/errors.js';
import type { View } from '../../src/views/view.js';
import { uploadCharts } from './charts.js';
import { uploadFiles } from './files.js';
import { renderSlack, type SlackMessage } from './render.js';
import type { ClientFor } from './workspace-clients.js';

/** The Slack error code of a failed Web API call (`not_in_channel`, …), if it is one. */
export function slackErrorCode(err: unknown): string | undefined {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  return typeof data?.error === 'string' ? data.error : undefined;
}

/**
 * Slack errors after which sending there again cannot succeed: the job fails instead of retrying. A
 * revoked token or a deleted workspace is one: Neuvo was uninstalled there.
 */
const REFUSED = new Set(['channel_not_found', 'is_archived', 'not_in_channel', 'user_not_found', 'user_disabled', 'cannot_dm_bot', 'token_revoked', 'account_inactive']);

/** A Web API error as the core sees it: {@link DeliveryRefused} when Slack refused for good. */
function asDeliveryError(err: unknown): unknown {
  const code = slackErrorCode(err);
  return code && REFUSED.has(code) ? new DeliveryRefused(`slack ${code}`) : err;
}

/**
 * Sends the core's announcements and reminders to Slack: channel posts with chat.postMessage,
 * direct messages through conversations.open. Each goes with the client of the space's or person's
 * workspace (one client when self-hosted with one token). A view's files are uploaded right after
 * its message, into the same conversation.
 */
export class SlackMessenger implements Messenger {
  private readonly clientFor: ClientFor;

  constructor(
    client: webApi.WebClient | ClientFor,
    private readonly log: Logger,
  ) {
    this.clientFor = typeof client === 'function' ? client : async () => client;
  }

  async post(space: Space, view: View): Promise<MessageRef> {
    const client = await this.clientFor(space.workspaceId);
    const chartFile = await uploadCharts(client, view, this.log);
    return { space, messageId: await this.send(client, space.channelId, renderSlack(view, { chartFile }), { channel: space.channelId }) };
  }

  /**
   * Edits the message in place. Its files are not uploaded again: Slack cannot attach files to an
   * existing message, and a card edited after every vote would otherwise repeat them each time.
   * Charts are not drawn either (a card edit shows their text table): cards carry none today.
   */
  async update(ref: MessageRef, view: View): Promise<void> {
    const { blocks, text } = renderSlack(view);
    const client = await this.clientFor(ref.space.workspaceId);
    try {
      await client.chat.update({ channel: ref.space.channelId, ts: ref.messageId, blocks, text });
    } catch (err) {
      this.log.error({ err, channel: ref.space.channelId, ts: ref.messageId, code: slackErrorCode(err) }, 'slack chat.update failed');
      throw err;
    }
  }

  async direct(person: PersonRef, view: View): Promise<void> {
    let channel: string | undefined;
    const client = await this.clientFor(person.workspaceId);
    try {
      channel = (await client.conversations.open({ users: person.userId })).channel?.id;
    } catch (err) {
      this.log.error({ err, user: person.userId, code: slackErrorCode(err) }, 'slack conversations.open failed');
      throw asDeliveryError(err);
    }
    if (!channel) throw new Error(`conversations.open gave no channel for ${person.userId}`);
    await this.send(client, channel, renderSlack(view, { chartFile: await uploadCharts(client, view, this.log) }), { user: person.userId });
  }

  /**
   * Posts and logs a failure (the error still reaches the job, which stays pending for a retry);
   * resolves with the message's ts. A failed upload of the files is logged but not thrown: the
   * message is out, and a retry of the job would post it a second time.
   */
  private async send(client: webApi.WebClient, channel: string, message: SlackMessage, where: Record<string, string>): Promise<string> {
    let ts: string;
    try {
      const posted = await client.chat.postMessage({ channel, blocks: message.blocks, text: message.text, unfurl_links: false });
      ts = posted.ts ?? '';
    } catch (err) {
      this.log.error({ err, ...where, code: slackErrorCode(err) }, 'slack chat.postMessage failed');
      throw asDeliveryError(err);
    }
    if (message.files) {
      try {
        await uploadFiles(client, channel, message.files);
      } catch (err) {
        this.log.error({ err, ...where, files: message.files.map((f) => f.name), code: slackErrorCode(err) }, 'slack: uploading the files of a message failed');
      }
    }
    return ts;
  }
}
