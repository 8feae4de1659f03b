/**
 * File uploads on the fake Discord ("Uploading Files" in Discord's docs): file parts are named
 * `files[n]`; `payload_json.attachments` lists them by `id: n` (and, on edits, the attachments to
 * keep by their snowflake); a message takes 10 files; a file over the upload limit is refused with
 * 413 / 40005 before anything else is looked at.
 */
import type { FakeCall } from './discord-http.js';
import type { Problem } from './discord-spec.js';
import { isObject, type Json } from './discord-world.js';

/** A file that reached a message, with its bytes, for assertions. */
export interface FakeAttachment {
  messageId: string;
  channelId: string;
  /** The attachment's id on the message. */
  id: string;
  /** `attachments[n].filename` when the body renames it, else the part's filename. */
  filename: string;
  /** The part's content type, which the message's attachment reports as `content_type`. */
  contentType: string;
  /** `attachments[n].description` (alt text), when the body gave one. */
  description: string | undefined;
  bytes: Buffer;
  at: number;
}

/** Discord's per-message attachment limit. */
export const MAX_FILES = 10;

/** Routes whose body is a message (or an interaction callback carrying one in `data`). */
const MESSAGE_ROUTES = new Set([
  'POST /interactions/{interaction_id}/{interaction_token}/callback',
  'POST /webhooks/{webhook_id}/{webhook_token}',
  'POST /channels/{channel_id}/messages',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/@original',
  'PATCH /webhooks/{webhook_id}/{webhook_token}/messages/{message_id}',
  'PATCH /channels/{channel_id}/messages/{message_id}',
]);

/** The index `n` of a part named `files[n]`, or undefined for another name. */
export function partIndex(field: string): string | undefined {
  return /^files\[(\d+)\]$/.exec(field)?.[1];
}

/** The message fields of a request body: the body itself, or an interaction callback's `data`. */
function messageOf(call: FakeCall, template: string): { message: Json; base: string } | undefined {
  const body = isObject(call.body) ? call.body : undefined;
  if (!body) return undefined;
  if (template.endsWith('/callback')) return isObject(body.data) ? { message: body.data, base: '/data' } : undefined;
  return { message: body, base: '' };
}

/**
 * Whether the file parts and `attachments` agree: every part is `files[n]` once; on a create every
 * listed id is a part; when `attachments` is given every part is listed (on edits Discord requires it
 * in v10: the list is what the message keeps); at most 10 files.
 */
export function attachmentProblems(call: FakeCall, template: string): Problem[] {
  const route = `${call.method} ${template}`;
  if (!MESSAGE_ROUTES.has(route)) {
    return call.files.length ? [{ path: '', code: 'UNEXPECTED_FILES', message: `${route} takes no files.` }] : [];
  }
  const problems: Problem[] = [];
  const parts = new Set<string>();
  for (const f of call.files) {
    const n = partIndex(f.field);
    if (n === undefined) problems.push({ path: '', code: 'INVALID_FILE_FIELD', message: `File part "${f.field}" must be named files[n].` });
    else if (parts.has(n)) problems.push({ path: '', code: 'DUPLICATE_FILE_FIELD', message: `File part files[${n}] is sent twice.` });
    else parts.add(n);
  }
  if (call.files.length > MAX_FILES) problems.push({ path: '', code: 'BASE_TYPE_MAX_LENGTH', message: `At most ${MAX_FILES} files per message (got ${call.files.length}).` });
  const found = messageOf(call, template);
  const list = found?.message.attachments;
  if (list === undefined || list === null) {
    const edit = call.method === 'PATCH' || (isObject(call.body) && call.body.type === 7);
    if (edit && parts.size > 0) problems.push({ path: `${found?.base ?? ''}/attachments`, code: 'ATTACHMENTS_REQUIRED', message: 'An edit that uploads files must list them in attachments (API v10).' });
    return problems;
  }
  const at = `${found!.base}/attachments`;
  if (!Array.isArray(list)) return [...problems, { path: at, code: 'BASE_TYPE_ARRAY', message: 'attachments must be an array.' }];
  const listed = new Set<string>();
  list.forEach((a: unknown, i) => {
    const id = isObject(a) ? a.id : undefined;
    if (typeof id !== 'string' && typeof id !== 'number') {
      problems.push({ path: `${at}/${i}/id`, code: 'BASE_TYPE_REQUIRED', message: 'An attachment needs an id.' });
      return;
    }
    listed.add(String(id));
    // A small number names a part of this request; a snowflake, an attachment the message already has.
    const isPart = /^\d{1,4}$/.test(String(id));
    if (isPart && !parts.has(String(id))) problems.push({ path: `${at}/${i}/id`, code: 'ATTACHMENT_NOT_FOUND', message: `attachments[${i}] names files[${String(id)}], which the request does not carry.` });
    if (!isPart && call.method === 'POST' && !(isObject(call.body) && call.body.type === 7)) {
      problems.push({ path: `${at}/${i}/id`, code: 'ATTACHMENT_NOT_FOUND', message: `attachments[${i}]: a new message has no attachment ${String(id)} to keep.` });
    }
  });
  for (const n of parts) {
    if (!listed.has(n)) problems.push({ path: at, code: 'ATTACHMENT_NOT_LISTED', message: `files[${n}] is not listed in attachments.` });
  }
  problems.push(...embedImageProblems(call, found!, list));
  return problems;
}

/**
 * An embed's `attachment://<filename>` image must name a file of the same request ("Embeds: Using
 * Attachments within Embeds" in Discord's docs: the filename of an uploaded file, as listed).
 */
function embedImageProblems(call: FakeCall, found: { message: Json; base: string }, list: unknown[]): Problem[] {
  const names = new Set([...call.files.map((f) => f.filename), ...list.flatMap((a) => (isObject(a) && typeof a.filename === 'string' ? [a.filename] : []))]);
  const embeds = Array.isArray(found.message.embeds) ? found.message.embeds : [];
  return embeds.flatMap((e: unknown, i) => {
    const url = isObject(e) && isObject(e.image) ? e.image.url : undefined;
    if (typeof url !== 'string' || !url.startsWith('attachment://')) return [];
    return names.has(url.slice('attachment://'.length)) ? [] : [{ path: `${found.base}/embeds/${i}/image/url`, code: 'ATTACHMENT_NOT_FOUND', message: `${url} names no file of this message.` }];
  });
}

/** The first file part larger than `limit` bytes, if any. */
export function oversized(call: FakeCall, limit: number): { filename: string; size: number } | undefined {
  return call.files.find((f) => f.size > limit);
}
