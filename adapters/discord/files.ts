/**
 * Files on Discord: a view's file blocks become attachments of the message itself (multipart:
 * `files[n]` parts beside `payload_json`, listed in its `attachments`). Discord refuses a request
 * whose file exceeds the upload limit (413), so a file that does not fit is left out and the message
 * says so: a truncated .ics or .csv would be a broken file, which is worse than none.
 */
import { type Lang, translator } from '../../src/i18n/translator.js';
import { MessagePayload, type MessageTarget } from 'discord.js';

/** A file as an attachment: name, bytes and the content type its part carries. */
export interface DiscordFile {
  readonly name: string;
  readonly data: Buffer;
  readonly contentType: string;
}

export const DISCORD_FILE_LIMITS = {
  /** Attachments a message may carry. */
  perMessage: 10,
  /**
   * Bytes per file when nothing says more. Interactions tell the real limit (`attachment_size_limit`,
   * 10 MiB in a guild without boosts today); channel posts do not, and a guild's limit has been as
   * low as 8 MiB, so that is the safe figure.
   */
  defaultBytes: 8 * 1024 * 1024,
} as const;

/** A file the message could not carry, and why: larger than `limit` bytes, or one file too many. */
export interface RefusedFile {
  readonly name: string;
  readonly bytes: number;
  readonly reason: 'size' | 'count';
  readonly limit: number;
}

/** How the note about a refused file is worded (in the view's language by default). */
export type TooLargeWording = (file: RefusedFile) => string;

const mib = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;

/** The note about a refused file in `lang` (English when the view has none). */
export function tooLargeWording(lang: Lang = 'en'): TooLargeWording {
  const tr = translator(lang);
  return (f) =>
    f.reason === 'size'
      ? tr.t('file.too-big', { name: f.name, size: mib(f.bytes), limit: mib(f.limit) })
      : tr.t('file.too-many', { name: f.name, limit: f.limit });
}

/**
 * The content type of a file part: the view's, with `charset=utf-8` for text types, since the bytes
 * are the UTF-8 of the view's text and clients guess otherwise.
 */
export function contentTypeOf(mime: string): string {
  const type = mime.trim() || 'application/octet-stream';
  return /^text\//i.test(type) && !/;\s*charset=/i.test(type) ? `${type}; charset=utf-8` : type;
}

/** A file block as the `attached`-th attachment of a message, or why it cannot be one. */
export function toAttachment(block: { readonly name: string; readonly mime: string; readonly content: string; readonly encoding?: 'base64' }, attached: number, maxBytes: number): DiscordFile | RefusedFile {
  // A binary file (a PDF) comes as base64; a text file is its UTF-8.
  const data = Buffer.from(block.content, block.encoding ?? 'utf8');
  const name = block.name.trim() || 'file';
  if (data.length > maxBytes) return { name, bytes: data.length, reason: 'size', limit: maxBytes };
  if (attached >= DISCORD_FILE_LIMITS.perMessage) return { name, bytes: data.length, reason: 'count', limit: DISCORD_FILE_LIMITS.perMessage };
  return { name, data, contentType: contentTypeOf(block.mime) };
}

export const isAttachment = (f: DiscordFile | RefusedFile): f is DiscordFile => 'data' in f;

/**
 * discord.js options with `files` attached. discord.js takes no content type for a Buffer and
 * guesses one from its first bytes, which sends every text file as application/octet-stream; so
 * the payload is resolved here and its file parts given their types before it is sent. Without files,
 * the options as they are.
 */
export async function withFiles<T extends object>(target: MessageTarget, options: T, files: readonly DiscordFile[] | undefined): Promise<T | MessagePayload> {
  if (!files?.length) return options;
  const withParts = { ...options, files: files.map((f) => ({ attachment: f.data, name: f.name })) };
  const payload = MessagePayload.create(target, withParts as Parameters<typeof MessagePayload.create>[1]);
  await payload.resolveBody().resolveFiles();
  payload.files?.forEach((raw, i) => {
    raw.contentType = files[i]!.contentType;
  });
  return payload;
}

/** A REST request's `files` and the body's `attachments` that list them (`id` = the part's index). */
export function restFiles(files: readonly DiscordFile[]): { files: { name: string; data: Buffer; contentType: string }[]; attachments: { id: string; filename: string }[] } {
  return {
    files: files.map((f) => ({ name: f.name, data: f.data, contentType: f.contentType })),
    attachments: files.map((f, i) => ({ id: String(i), filename: f.name })),
  };
}
