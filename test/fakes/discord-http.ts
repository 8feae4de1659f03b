/**
 * HTTP plumbing of the fake Discord: recorded calls, body parsing (JSON and multipart), Discord-style
 * replies with rate-limit headers, injected faults and call matchers.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** One REST request the fake received, with what it answered. */
export interface FakeCall {
  /** Upper-case HTTP method. */
  method: string;
  /** Concrete, URL-decoded path without the `/api/v10` prefix, e.g. `/channels/123/messages`. */
  path: string;
  /** The OpenAPI path template it matched, e.g. `/channels/{channel_id}/messages`. */
  route: string | undefined;
  query: Record<string, string>;
  /** Parsed JSON body, or the `payload_json` part of a multipart body; undefined without a body. */
  body: unknown;
  /** Files of a multipart body. */
  files: FakeFile[];
  /** Request headers, lower-case names. */
  headers: Record<string, string>;
  /** `Date.now()` when the request arrived. */
  at: number;
  /** Status the fake answered with. */
  status: number;
  /** JSON the fake answered with; undefined for 204. */
  response: unknown;
}

/** A file part of a multipart request. */
export interface FakeFile {
  field: string;
  filename: string;
  contentType: string;
  size: number;
  /** The part's bytes, exactly as sent. */
  data: Buffer;
}

/**
 * Selects calls: a function, a RegExp tested against `"METHOD /path"`, or a string
 * `"[METHOD ]/path-or-template"` — e.g. `'POST /channels/{channel_id}/messages'` or `'/users/@me/channels'`.
 */
export type CallMatcher = string | RegExp | ((call: FakeCall) => boolean);

/** What `failNext` makes the fake answer instead of handling the request. */
export type Fault =
  | { status: 429; retryAfter?: number; global?: boolean }
  | { status: number; code?: number; message?: string };

/** What a route handler answers. */
export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export function toPredicate(matcher: CallMatcher): (call: FakeCall) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (call) => matcher.test(`${call.method} ${call.path}`);
  const [method, target] = matcher.includes(' ') ? matcher.split(' ', 2) : [undefined, matcher];
  return (call) => (!method || call.method === method.toUpperCase()) && (call.path === target || call.route === target);
}

export function describeMatcher(matcher: CallMatcher): string {
  return typeof matcher === 'function' ? 'predicate' : String(matcher);
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Decoded per segment, so tests can match `/messages/@original` although clients send `%40original`. */
export function decodePath(path: string): string {
  return path
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

/** JSON, or multipart with a `payload_json` part (what @discordjs/rest sends along with files). */
export async function parseBody(contentType: string, raw: Buffer): Promise<{ body: unknown; files: FakeFile[]; error?: string }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  try {
    if (contentType.startsWith('multipart/form-data')) {
      // undici's Response parses multipart for us; no extra dependency needed.
      const form = await new Response(new Uint8Array(raw), { headers: { 'content-type': contentType } }).formData();
      const files: FakeFile[] = [];
      let body: unknown;
      for (const [field, value] of form.entries()) {
        if (typeof value === 'string') {
          if (field === 'payload_json') body = JSON.parse(value);
        } else {
          files.push({ field, filename: value.name, contentType: value.type, size: value.size, data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch (error) {
    return { body: undefined, files: [], error: `body is not valid JSON / multipart (${String(error)})` };
  }
}

/** Writes a reply with bucket headers like Discord's. */
export function sendReply(res: ServerResponse, reply: Reply, route: string | undefined): void {
  const headers: Record<string, string> = {
    // Realistic bucket headers; Remaining never reaches 0, so @discordjs/rest never waits on its own.
    'x-ratelimit-limit': '5',
    'x-ratelimit-remaining': '4',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
    'x-ratelimit-bucket': bucketOf(route),
    ...reply.headers,
  };
  if (reply.status === 204 || reply.json === undefined) {
    // No content type on 204: @discordjs/rest would otherwise try to parse an empty JSON body.
    res.writeHead(reply.status, headers);
    res.end();
    return;
  }
  res.writeHead(reply.status, { ...headers, 'content-type': 'application/json' });
  res.end(JSON.stringify(reply.json));
}

/** A stable per-route bucket id, as Discord hands out opaque hashes. */
function bucketOf(route: string | undefined): string {
  let h = 0;
  for (const ch of route ?? 'unknown') h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return h.toString(16).padStart(8, '0');
}

/**
 * An injected failure. A 429 carries the body and headers @discordjs/rest reads: `Retry-After` and
 * `X-RateLimit-Reset-After` in (fractional) seconds, `X-RateLimit-Remaining: 0`, the scope, and
 * `X-RateLimit-Global` for global limits.
 */
export function faultReply(fault: Fault): Reply {
  if (fault.status === 429) {
    const f = fault as { retryAfter?: number; global?: boolean };
    const retryAfter = f.retryAfter ?? 1;
    return {
      status: 429,
      json: { message: 'You are being rate limited.', retry_after: retryAfter, global: f.global ?? false, code: 0 },
      headers: {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
        'x-ratelimit-reset-after': retryAfter.toFixed(3),
        'x-ratelimit-scope': f.global ? 'global' : 'user',
        ...(f.global ? { 'x-ratelimit-global': 'true' } : {}),
      },
    };
  }
  const f = fault as { status: number; code?: number; message?: string };
  return { status: f.status, json: { message: f.message ?? `${f.status}: injected failure`, code: f.code ?? 0 } };
}
