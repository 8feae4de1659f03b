import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { View } from '../../src/views/view.js';
import { renderSlack } from './render.js';
import { slackErrorCode } from './slack-messenger.js';

/**
 * Where a command's answer goes: the channel it was run in, and the interaction's response_url. A
 * modal's submission has no response_url: its private answers go to `userId` by chat.postEphemeral.
 */
export interface ReplyTarget {
  readonly channelId: string;
  readonly respond?: RespondFn;
  /** Who sees a private answer when there is no response_url. */
  readonly userId?: string;
  readonly client: webApi.WebClient;
  /** Set for button clicks: answer beside the message with the button rather than replacing it. */
  readonly fromClick: boolean;
}

/** chat.postMessage errors after which the response_url can still show the answer in the channel. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found']);

/**
 * Sends a command's answer: private views as an ephemeral message through the response_url (or
 * chat.postEphemeral without one), public ones with chat.postMessage in the channel (or through the
 * response_url, `in_channel`, when the bot may not post there: a private channel it was not invited
 * to, a DM with someone else).
 * Never rejects: a failed reply is logged, and the process carries on.
 */
export async function reply(view: View, to: ReplyTarget, log: Logger): Promise<void> {
  const { blocks, text } = renderSlack(view);
  const viaResponseUrl = (responseType: 'ephemeral' | 'in_channel'): RespondArguments => ({
    response_type: responseType,
    ...(to.fromClick ? { replace_original: false } : {}),
    blocks,
    text,
  });
  try {
    if (view.private) {
      if (to.respond) await to.respond(viaResponseUrl('ephemeral'));
      else if (to.userId) await to.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, blocks, text });
      else log.warn({ channel: to.channelId }, 'slack: a private answer with nobody to show it to; dropped');
      return;
    }
    try {
      await to.client.chat.postMessage({ channel: to.channelId, blocks, text, unfurl_links: false });
    } catch (err) {
      const code = slackErrorCode(err);
      if (!code || !CANNOT_POST.has(code) || !to.respond) throw err;
      log.info({ channel: to.channelId, code }, 'slack: cannot post in the channel; answering through the response_url');
      await to.respond(viaResponseUrl('in_channel'));
    }
  } catch (err) {
    log.error({ err, channel: to.channelId, code: slackErrorCode(err) }, 'slack reply failed');
  }
}
