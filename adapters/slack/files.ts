/**
 * Files on Slack. A view's file block is not Block Kit: the message only names it (`📎 name`) and the
 * bytes go up through Slack's external upload flow — files.getUploadURLExternal (name, length) →
 * POST the bytes to the `upload_url` → files.completeUploadExternal (file ids, channel, comment) —
 * which the WebClient's `files.uploadV2` runs for us. Needs the `files:write` scope.
 */
import { type Lang, translator } from '../../src/i18n/translator.js';
import type { webApi } from '@slack/bolt';
import type { View } from '../../src/views/view.js';
import { escapeMrkdwn } from './mrkdwn.js';

/** A file of a view, ready to upload: its name and its bytes (a text file's UTF-8, a binary file's decoded base64). */
export interface SlackFile {
  readonly name: string;
  readonly mime: string;
  readonly data: Buffer;
}

/**
 * What Neuvo says about files in a message, in the view's language unless a caller passes its own wording.
 */
export interface FileWording {
  /** After the file's name in a private answer: where the file went instead. */
  readonly sentByDm: string;
  /** After the file's name in a private answer when the direct message failed too. */
  readonly notSent: string;
}

/** The file notes in the view's language (English when it has none). */
export function fileWording(lang: Lang = 'en'): FileWording {
  const tr = translator(lang);
  return { sentByDm: tr.t('file.sent-by-dm'), notSent: tr.t('file.not-sent') };
}

/** The view's files, in order. */
export function slackFiles(view: View): SlackFile[] {
  return view.blocks.flatMap((b) => (b.type === 'file' ? [{ name: b.name.trim() || 'file', mime: b.mime, data: Buffer.from(b.content, b.encoding ?? 'utf8') }] : []));
}

/**
 * The line a message shows for a file (mrkdwn): `📎 name`; the name links to `linkTo` (a conversation
 * id) when the file is there rather than beside the message, and `note` says so.
 */
export function fileLine(name: string, opts: { readonly note?: string; readonly linkTo?: string } = {}): string {
  const shown = opts.linkTo ? conversationLink(opts.linkTo, name) : escapeMrkdwn(name);
  return `📎 ${shown}${opts.note ? ` · ${escapeMrkdwn(opts.note)}` : ''}`;
}

/**
 * A link that opens a conversation in the Slack client (Slack's documented `app_redirect` deep link),
 * so a private answer can point at the direct message that holds its file.
 */
function conversationLink(channelId: string, text: string): string {
  return `<https://slack.com/app_redirect?channel=${encodeURIComponent(channelId)}|${escapeMrkdwn(text)}>`;
}

/**
 * Uploads `files` into `channelId` (a channel or a DM) with one files.completeUploadExternal, so they
 * arrive as one message; `comment` (mrkdwn) introduces them. Rejects with the Web API's error.
 */
export async function uploadFiles(client: webApi.WebClient, channelId: string, files: readonly SlackFile[], comment?: string): Promise<void> {
  if (files.length === 0) return;
  await client.files.uploadV2({
    channel_id: channelId,
    ...(comment ? { initial_comment: comment } : {}),
    // Binary contents (not `content`): the length Slack is told is then the exact byte count.
    file_uploads: files.map((f) => ({ file: f.data, filename: f.name, title: f.name })),
  });
}

/** The id of the bot's direct message with `userId` (conversations.open opens it or returns the open one). */
export async function directChannel(client: webApi.WebClient, userId: string): Promise<string> {
  const channel = (await client.conversations.open({ users: userId })).channel?.id;
  if (!channel) throw new Error(`conversations.open gave no channel for ${userId}`);
  return channel;
}
