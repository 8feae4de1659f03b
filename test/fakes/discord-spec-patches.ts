/**
 * Corrections applied to Discord's preview OpenAPI document before compiling it: places where it is
 * stricter than Discord, and unions rewritten so validation errors name the real problem.
 */

/** The parts of the OpenAPI document the patches walk. */
export interface SpecDocument {
  paths: Record<string, unknown>;
  components?: unknown;
}

/**
 * Places where the preview spec is stricter than Discord itself, found by sending what discord.js
 * sends. Each patch widens a schema to what Discord's documentation (and API) accepts.
 */
export function patchKnownGaps(doc: SpecDocument): void {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    const props = o.properties as Record<string, Record<string, unknown>> | undefined;
    // The docs type default_member_permissions as a "?string" bit set and discord.js sends a string
    // ("8"); the spec only allows integer | null.
    const dmp = props?.default_member_permissions;
    if (dmp && Array.isArray(dmp.type) && dmp.type.includes('integer')) {
      props!.default_member_permissions = {
        oneOf: [{ type: 'null' }, { type: 'integer', minimum: 0 }, { type: 'string', pattern: '^[0-9]{1,20}$' }],
      };
    }
    Object.values(o).forEach(visit);
  };
  visit(doc.components);
  visit(doc.paths);
  discriminateUnions(doc);
}

type SchemaNode = Record<string, unknown>;

/**
 * Rewrites unions whose branches are told apart by an integer tag (`type` of components, command
 * options and interaction callbacks; `entity_type` of scheduled events) from `oneOf`/`anyOf` into
 * `if {tag: values} then branch` rules. Same meaning for such disjoint unions, but Ajv then reports
 * only the errors of the branch the tag selects ("style is required") instead of every branch's
 * mismatch. (Ajv's own `discriminator` keyword accepts only string tags.)
 */
function discriminateUnions(doc: SpecDocument): void {
  const root = doc as unknown as SchemaNode;
  const resolve = (node: unknown): SchemaNode | undefined => {
    if (typeof node !== 'object' || node === null) return undefined;
    const ref = (node as SchemaNode).$ref;
    if (typeof ref !== 'string') return node as SchemaNode;
    if (!ref.startsWith('#/')) return undefined;
    let target: unknown = root;
    for (const key of ref.slice(2).split('/')) target = (target as SchemaNode | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
    return resolve(target);
  };
  const tagValues = (branch: SchemaNode | undefined, tag: string): number[] | undefined => {
    const prop = (branch?.properties as Record<string, SchemaNode> | undefined)?.[tag];
    const required = Array.isArray(branch?.required) && (branch.required as unknown[]).includes(tag);
    if (!prop || !required) return undefined;
    const values = Array.isArray(prop.enum) ? prop.enum : 'const' in prop ? [prop.const] : undefined;
    return values?.every((v) => typeof v === 'number') ? (values as number[]) : undefined;
  };
  const unions: SchemaNode[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (typeof node !== 'object' || node === null) return;
    const o = node as SchemaNode;
    if (Array.isArray(o.oneOf) || Array.isArray(o.anyOf)) unions.push(o);
    Object.values(o).forEach(collect);
  };
  collect(root.components);
  collect(root.paths);
  for (const node of unions) {
    const key = Array.isArray(node.oneOf) ? 'oneOf' : 'anyOf';
    const branches = node[key] as unknown[];
    for (const tag of ['type', 'entity_type']) {
      const values = branches.map((b) => tagValues(resolve(b), tag));
      if (values.some((v) => v === undefined)) continue;
      const all = values.flat() as number[];
      if (new Set(all).size !== all.length) continue; // overlapping tags: leave the union alone
      delete node[key];
      node.allOf = [
        ...(Array.isArray(node.allOf) ? node.allOf : []),
        { type: 'object', required: [tag], properties: { [tag]: { enum: all } } },
        ...branches.map((branch, i) => ({ if: { required: [tag], properties: { [tag]: { enum: values[i] } } }, then: branch })),
      ];
      break;
    }
  }
}
