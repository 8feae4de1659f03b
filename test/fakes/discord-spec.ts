/**
 * Discord's OpenAPI 3.1 description (public preview) as a request checker for the fake Discord:
 * which path template a concrete path belongs to, and whether path parameters, query parameters,
 * request bodies — and the fake's own responses — conform.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REFERENCE_DIR } from '../support/reference.js';
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { patchKnownGaps } from './discord-spec-patches.js';

// ajv and ajv-formats are CommonJS; require() sidesteps default-export interop differences between
// tsc (NodeNext) and Node's ESM loader.
const require = createRequire(import.meta.url);
const Ajv2020 = require('ajv/dist/2020') as typeof import('ajv/dist/2020.js').default;
const addFormats = require('ajv-formats') as typeof import('ajv-formats').default;

/** The shared Discord reference material, `../shared/reference/discord` beside the repository. */
export const DISCORD_REFERENCE_DIR = join(REFERENCE_DIR, 'discord');

/** One thing wrong with a request (or response): a JSON pointer into the checked value and a message. */
export interface Problem {
  /** JSON pointer, e.g. `/data/components/0/components/0/custom_id`; `''` for the whole value. */
  path: string;
  /** Discord-style error code, e.g. `BASE_TYPE_MAX_LENGTH`. */
  code: string;
  message: string;
}

/** A concrete request path resolved to an OpenAPI path template. */
export interface RouteMatch {
  /** e.g. `/interactions/{interaction_id}/{interaction_token}/callback` */
  template: string;
  /** Path parameter values by name, URL-decoded. */
  params: Record<string, string>;
  /** Lower-case method if the spec defines it for this template. */
  method?: string;
  operationId?: string;
  /** False when the operation's `security` allows an empty requirement (interaction callbacks, webhooks). */
  requiresBotToken: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { type?: string | string[]; $ref?: string };
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, unknown> };
  responses?: Record<string, { $ref?: string; content?: Record<string, unknown> }>;
  security?: Record<string, unknown>[];
}
type PathItem = Record<string, Operation> & { parameters?: Parameter[] };
interface OpenApiDoc {
  paths: Record<string, PathItem>;
  components?: unknown;
}

const SPEC_ID = 'https://fake-discord.test/openapi.json';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);

/** JSON-pointer escaping for one segment. */
const esc = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

/** Loads and compiles lazily; one instance per process is enough (compiling is the slow part). */
export class DiscordSpec {
  private readonly ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; segments: string[] }[];
  private warmedUp = false;

  private constructor(private readonly doc: OpenApiDoc) {
    patchKnownGaps(doc);
    // inlineRefs: false compiles each shared component once instead of inlining it at every use;
    // for this spec that halves compile time. allErrors gives the summary below something to pick from.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false, inlineRefs: false });
    addFormats(this.ajv);
    // Formats the spec invents; the snowflake pattern is checked by `pattern` anyway.
    this.ajv.addFormat('snowflake', true);
    this.ajv.addFormat('nonce', true);
    // Registering the whole document lets `#/components/...` refs inside any sub-schema resolve.
    this.ajv.addSchema({ ...doc, $id: SPEC_ID });
    this.templates = Object.keys(doc.paths).map((template) => ({
      template,
      segments: template.split('/').slice(1),
    }));
  }

  private static shared: DiscordSpec | undefined;

  /** The process-wide instance, read from `discord_openapi.json` in {@link DISCORD_REFERENCE_DIR}. */
  static load(): DiscordSpec {
    if (!DiscordSpec.shared) {
      const file = `${DISCORD_REFERENCE_DIR}/discord_openapi.json`;
      DiscordSpec.shared = new DiscordSpec(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDoc);
    }
    return DiscordSpec.shared;
  }

  /**
   * Finds the template for `path` (without the `/api/v10` prefix). Literal segments beat parameters,
   * so `/webhooks/1/t/messages/@original` matches the `@original` template, not `{message_id}`.
   */
  match(method: string, path: string): RouteMatch | undefined {
    const segments = path.split('/').slice(1).map(safeDecode);
    let best: { template: string; params: Record<string, string>; literals: number } | undefined;
    for (const candidate of this.templates) {
      if (candidate.segments.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let literals = 0;
      let ok = true;
      candidate.segments.forEach((part, i) => {
        const actual = segments[i] ?? '';
        if (part.startsWith('{') && part.endsWith('}')) params[part.slice(1, -1)] = actual;
        else if (part === actual) literals++;
        else ok = false;
      });
      if (ok && (!best || literals > best.literals)) best = { template: candidate.template, params, literals };
    }
    if (!best) return undefined;
    const m = method.toLowerCase();
    const op = this.operation(best.template, m);
    return {
      template: best.template,
      params: best.params,
      method: op ? m : undefined,
      operationId: op?.operationId,
      requiresBotToken: op ? !(op.security ?? []).some((req) => Object.keys(req).length === 0) : true,
    };
  }

  /** Methods the spec defines for a template (for 405 messages). */
  methods(template: string): string[] {
    return Object.keys(this.doc.paths[template] ?? {}).filter((k) => HTTP_METHODS.has(k));
  }

  /** Path parameters against their schemas (e.g. `undefined` is not a snowflake). */
  checkPathParams(match: RouteMatch): Problem[] {
    const problems: Problem[] = [];
    const declared = this.doc.paths[match.template]?.parameters ?? [];
    declared.forEach((param, i) => {
      if (param.in !== 'path' || !param.schema) return;
      const value = match.params[param.name] ?? '';
      const validate = this.compile(`/paths/${esc(match.template)}/parameters/${i}/schema`);
      if (validate(value)) return;
      // Discord's wording for the common case: an id that is not a snowflake (often "undefined").
      const snowflake = param.schema.$ref?.endsWith('/SnowflakeType') ?? false;
      problems.push(
        snowflake
          ? { path: `/${param.name}`, code: 'NUMBER_TYPE_COERCE', message: `Value "${value}" is not snowflake.` }
          : { path: `/${param.name}`, code: 'BASE_TYPE_INVALID', message: `Path parameter ${param.name}: ${describe(validate.errors)}` },
      );
    });
    return problems;
  }

  /** Query parameters: unknown names, and values that do not coerce to the declared type. */
  checkQuery(match: RouteMatch, query: Record<string, string>): Problem[] {
    if (!match.method) return [];
    const op = this.operation(match.template, match.method);
    const opParams = (op?.parameters ?? []).map((p, i) => ({ p, ptr: `/paths/${esc(match.template)}/${match.method}/parameters/${i}/schema` }));
    const pathParams = (this.doc.paths[match.template]?.parameters ?? []).map((p, i) => ({ p, ptr: `/paths/${esc(match.template)}/parameters/${i}/schema` }));
    const declared = [...opParams, ...pathParams].filter(({ p }) => p.in === 'query');
    const problems: Problem[] = [];
    for (const [name, raw] of Object.entries(query)) {
      const found = declared.find(({ p }) => p.name === name);
      if (!found) {
        problems.push({ path: `?${name}`, code: 'UNKNOWN_QUERY_PARAMETER', message: `Query parameter "${name}" is not defined for this route.` });
        continue;
      }
      const validate = this.compile(found.ptr);
      if (!validate(coerceQueryValue(raw, found.p.schema?.type))) {
        problems.push({ path: `?${name}`, code: 'QUERY_TYPE_COERCE', message: `Query parameter "${name}": ${describe(validate.errors)}` });
      }
    }
    return problems;
  }

  /** Compiles the schemas bots hit most (interaction responses, messages), once per process. */
  warmUp(): void {
    if (this.warmedUp) return;
    this.warmedUp = true;
    const common: [string, string][] = [
      ['POST', '/interactions/1/t/callback'],
      ['PATCH', '/webhooks/1/t/messages/@original'],
      ['POST', '/webhooks/1/t'],
      ['POST', '/channels/1/messages'],
      ['PATCH', '/channels/1/messages/1'],
    ];
    for (const [method, path] of common) {
      const match = this.match(method, path);
      if (!match) continue;
      this.checkPathParams(match);
      this.checkBody(match, {});
      this.checkResponse(match, 200, {});
    }
  }

  /** Whether the operation declares a request body, and whether it is required. */
  bodyRequirement(match: RouteMatch): 'none' | 'optional' | 'required' {
    const body = match.method ? this.operation(match.template, match.method)?.requestBody : undefined;
    if (!body) return 'none';
    return body.required ? 'required' : 'optional';
  }

  /**
   * The JSON body (or multipart `payload_json`) against the `application/json` request schema.
   * Multipart and JSON share one schema apart from the `files[n]` parts, which are not validated.
   */
  checkBody(match: RouteMatch, body: unknown): Problem[] {
    if (!match.method) return [];
    const content = this.operation(match.template, match.method)?.requestBody?.content ?? {};
    if (!('application/json' in content)) return [];
    const validate = this.compile(`/paths/${esc(match.template)}/${match.method}/requestBody/content/application~1json/schema`);
    return validate(body) ? [] : summarise(validate.errors ?? []);
  }

  /** The fake's own 2xx JSON answer against the documented response schema. */
  checkResponse(match: RouteMatch, status: number, body: unknown): Problem[] {
    if (!match.method) return [];
    const response = this.operation(match.template, match.method)?.responses?.[String(status)];
    if (!response || response.$ref || !response.content || !('application/json' in response.content)) return [];
    const validate = this.compile(`/paths/${esc(match.template)}/${match.method}/responses/${status}/content/application~1json/schema`);
    return validate(body) ? [] : summarise(validate.errors ?? []);
  }

  private operation(template: string, method: string): Operation | undefined {
    if (!HTTP_METHODS.has(method)) return undefined;
    return this.doc.paths[template]?.[method];
  }

  private compile(pointer: string): ValidateFunction {
    let validate = this.validators.get(pointer);
    if (!validate) {
      validate = this.ajv.compile({ $ref: `${SPEC_ID}#${pointer}` });
      this.validators.set(pointer, validate);
    }
    return validate;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Query strings are untyped text; coerce to the declared primitive type before validating. */
function coerceQueryValue(raw: string, declared: string | string[] | undefined): unknown {
  const types = Array.isArray(declared) ? declared : declared ? [declared] : [];
  if (types.includes('boolean') && (raw === 'true' || raw === 'false')) return raw === 'true';
  if ((types.includes('integer') || types.includes('number')) && raw.trim() !== '' && !Number.isNaN(Number(raw))) {
    return Number(raw);
  }
  return raw;
}

const DISCORD_CODES: Record<string, string> = {
  maxLength: 'BASE_TYPE_MAX_LENGTH',
  minLength: 'BASE_TYPE_MIN_LENGTH',
  maxItems: 'BASE_TYPE_MAX_LENGTH',
  minItems: 'BASE_TYPE_MIN_LENGTH',
  required: 'BASE_TYPE_REQUIRED',
  type: 'BASE_TYPE_BAD_TYPE',
  enum: 'BASE_TYPE_CHOICES',
  const: 'BASE_TYPE_CHOICES',
  maximum: 'NUMBER_TYPE_MAX',
  minimum: 'NUMBER_TYPE_MIN',
  pattern: 'STRING_TYPE_REGEX',
  format: 'BASE_TYPE_FORMAT',
};

/** Keywords that only say "this union branch was not the one"; noise once a real reason is known. */
const BRANCH_KEYWORDS = new Set(['oneOf', 'anyOf', 'allOf', 'if', 'then', 'else', 'not']);
const SELECTION_KEYWORDS = new Set(['required', 'type', 'enum', 'const']);

/**
 * Ajv reports every failed branch of every `oneOf`; Discord's spec is full of unions (component
 * types, nullable fields). Keep value-level reasons (lengths, counts, ranges, patterns) when there are
 * any, because those are what a developer must fix; otherwise fall back to the deepest structural ones.
 */
export function summarise(errors: ErrorObject[]): Problem[] {
  const nonNull = errors.filter((e) => !(e.keyword === 'type' && e.params.type === 'null'));
  // "must be null" only says the value was not the null branch of a nullable field.
  const relevant = nonNull.length > 0 ? nonNull : errors;
  const concrete = relevant.filter((e) => !BRANCH_KEYWORDS.has(e.keyword));
  const valueLevel = concrete.filter((e) => !SELECTION_KEYWORDS.has(e.keyword));
  let chosen = valueLevel;
  if (chosen.length === 0) {
    const depth = (e: ErrorObject) => e.instancePath.split('/').length;
    const deepest = Math.max(0, ...concrete.map(depth));
    chosen = concrete.filter((e) => depth(e) === deepest);
  }
  if (chosen.length === 0) chosen = errors.slice(0, 1);
  const seen = new Set<string>();
  const problems: Problem[] = [];
  for (const e of chosen) {
    const path = e.keyword === 'required' ? `${e.instancePath}/${String(e.params.missingProperty)}` : e.instancePath;
    const message = e.keyword === 'required' ? 'This field is required' : (e.message ?? e.keyword);
    const key = `${path} ${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, code: DISCORD_CODES[e.keyword] ?? `SCHEMA_${e.keyword.toUpperCase()}`, message });
  }
  return problems;
}

function describe(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => e.message ?? e.keyword).join('; ');
}

/**
 * Problems as Discord's `errors` object: nested by path with `_errors` leaves, which is what
 * @discordjs/rest flattens into the DiscordAPIError message.
 */
export function toDiscordErrors(problems: Problem[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const problem of problems) {
    const keys = problem.path.split('/').filter((k) => k !== '').map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
    let node = root;
    for (const key of keys) {
      node[key] ??= {};
      node = node[key] as Record<string, unknown>;
    }
    const list = (node._errors ??= []) as { code: string; message: string }[];
    list.push({ code: problem.code, message: problem.message });
  }
  return root;
}

/** `path: message` lines for violation reports. */
export function formatProblems(problems: Problem[]): string {
  return problems.map((p) => `${p.path || '(body)'}: ${p.message}`).join('; ');
}
