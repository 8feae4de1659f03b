import type { RespondArguments, RespondFn, webApi } from '@slack/bolt';
import type { Logger } from 'pino';
import type { View } from '../../src/views/view.js';
import { viewCharts } from '../charts/view-charts.js';
import { uploadCharts } from './charts.js';
import { directChannel, fileWording, type FileWording, fileLine, type SlackFile, slackFiles, uploadFiles } from './files.js';
import { renderSlack, type RenderOptions, type SlackMessage } from './render.js';
import { slackErrorCode } from './slack-messenger.js';

/**
 * Where a command's answer goes: the channel it was run in, and the interaction's response_url. A
 * modal's submission has no response_url: its private answers go to `userId` by chat.postEphemeral.
 */
export interface ReplyTarget {
  readonly channelId: string;
  readonly respond?: RespondFn;
  /**
   * Who asked. Sees a private answer when there is no response_url, and gets a private answer's
   * files in a direct message (Slack attaches no files to ephemeral messages).
   */
  readonly userId?: string;
  readonly client: webApi.WebClient;
  /** Set for button clicks: answer beside the message with the button rather than replacing it. */
  readonly fromClick: boolean;
  /** How notes about files are worded (English by default: the view carries no language). */
  readonly fileWording?: FileWording;
}

/** chat.postMessage errors after which the response_url can still show the answer in the channel. */
const CANNOT_POST = new Set(['not_in_channel', 'channel_not_found']);

/**
 * Sends a command's answer: private views as an ephemeral message through the response_url (or
 * chat.postEphemeral without one), public ones with chat.postMessage in the channel (or through the
 * response_url, `in_channel`, when the bot may not post there: a private channel it was not invited
 * to, a DM with someone else).
 * Files: a public view's are uploaded into the channel after the message; a private view's go to the
 * person's direct message with Neuvo, and the ephemeral answer links there. Charts are uploaded
 * before the message (to no channel) and shown in it as images (charts.ts).
 * Never rejects: a failed reply is logged, and the process carries on.
 */
export async function reply(view: View, to: ReplyTarget, log: Logger): Promise<void> {
  try {
    if (view.private) {
      await replyPrivately(view, to, log);
      return;
    }
    const message = renderSlack(view, { chartFile: await uploadCharts(to.client, view, log) });
    const posted = await postPublicly(message, to, log);
    if (message.files) await shareFiles(message.files, posted ? to.channelId : undefined, to, log);
  } catch (err) {
    log.error({ err, channel: to.channelId, code: slackErrorCode(err) }, 'slack reply failed');
  }
}

type Shown = Pick<SlackMessage, 'blocks' | 'text'>;

const viaResponseUrl = (to: ReplyTarget, responseType: 'ephemeral' | 'in_channel', message: Shown): RespondArguments => ({
  response_type: responseType,
  ...(to.fromClick ? { replace_original: false } : {}),
  blocks: message.blocks,
  text: message.text,
});

/**
 * A slash command's answer as the body of its ack, when it can be one: private, with no files (they
 * go by DM first) and no charts (uploaded first). Undefined for anything else, which {@link reply} sends after the ack.
 */
export function ackBody(view: View): RespondArguments | undefined {
  if (!view.private || slackFiles(view).length > 0 || viewCharts(view).length > 0) return undefined;
  const message = renderSlack(view);
  return { response_type: 'ephemeral', blocks: message.blocks, text: message.text };
}

/** Posts in the channel; resolves false when it answered through the response_url instead. */
async function postPublicly(message: Shown, to: ReplyTarget, log: Logger): Promise<boolean> {
  try {
    await to.client.chat.postMessage({ channel: to.channelId, blocks: message.blocks, text: message.text, unfurl_links: false });
    return true;
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code || !CANNOT_POST.has(code) || !to.respond) throw err;
    log.info({ channel: to.channelId, code }, 'slack: cannot post in the channel; answering through the response_url');
    await to.respond(viaResponseUrl(to, 'in_channel', message));
    return false;
  }
}

/**
 * Uploads a public answer's files into `channelId`; without one (the bot may not post in the channel)
 * they go to the asker's direct message, as for a private answer.
 */
async function shareFiles(files: readonly SlackFile[], channelId: string | undefined, to: ReplyTarget, log: Logger): Promise<void> {
  if (channelId) {
    await uploadFiles(to.client, channelId, files);
    return;
  }
  if (!to.userId) {
    log.warn({ channel: to.channelId, files: files.map((f) => f.name) }, 'slack: nowhere to upload the files of an answer; dropped');
    return;
  }
  await uploadFiles(to.client, await directChannel(to.client, to.userId), files);
}

/**
 * A private answer. Its files cannot ride on the ephemeral message, so they go first to the person's
 * direct message with Neuvo (with the answer's text as the comment); the ephemeral answer then names
 * each file, linked to that conversation, or says that sending failed.
 */
async function replyPrivately(view: View, to: ReplyTarget, log: Logger): Promise<void> {
  const files = slackFiles(view);
  const opts: RenderOptions = {
    chartFile: await uploadCharts(to.client, view, log),
    ...(files.length ? { fileLine: await sendFilesPrivately(view, files, to, log) } : {}),
  };
  const message = renderSlack(view, opts);
  if (to.respond) await to.respond(viaResponseUrl(to, 'ephemeral', message));
  else if (to.userId) await to.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, blocks: message.blocks, text: message.text });
  else log.warn({ channel: to.channelId }, 'slack: a private answer with nobody to show it to; dropped');
}

/** Uploads a private answer's files to the asker's DM; resolves with how the answer names them. */
async function sendFilesPrivately(view: View, files: readonly SlackFile[], to: ReplyTarget, log: Logger): Promise<(name: string) => string> {
  const words = to.fileWording ?? fileWording(view.lang);
  if (!to.userId) {
    log.warn({ channel: to.channelId, files: files.map((f) => f.name) }, 'slack: the files of a private answer have no recipient; not sent');
    return (name) => fileLine(name, { note: words.notSent });
  }
  try {
    const dm = await directChannel(to.client, to.userId);
    await uploadFiles(to.client, dm, files, commentFor(view));
    return (name) => fileLine(name, { linkTo: dm, note: words.sentByDm });
  } catch (err) {
    log.error({ err, user: to.userId, code: slackErrorCode(err) }, 'slack: sending the files of a private answer failed');
    return (name) => fileLine(name, { note: words.notSent });
  }
}

/** The answer's words without its files, to introduce them in the DM; undefined when it has none. */
function commentFor(view: View): string | undefined {
  const words = view.blocks.filter((b) => b.type === 'heading' || b.type === 'text' || b.type === 'list' || b.type === 'fields');
  return words.length ? renderSlack({ ...view, blocks: words }).text : undefined;
}
