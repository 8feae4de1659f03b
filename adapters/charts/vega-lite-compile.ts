/**
 * vega-lite without its side effect: loading it defines `Set.prototype.toJSON` for every Set in the
 * process, which changes what `JSON.stringify` writes of a Set and breaks libraries that load after it
 * (discord.js's event emitter fails at import). This module takes the method off again as soon as
 * vega-lite has loaded, and puts it back only while `compile` runs (vega-lite hashes Sets with it).
 */
import type { TopLevelSpec } from 'vega-lite';
import * as vl from 'vega-lite';

const setToJson = Object.getOwnPropertyDescriptor(Set.prototype, 'toJSON');
if (setToJson) delete (Set.prototype as { toJSON?: unknown }).toJSON;

/** `vl.compile`, with vega-lite's `Set.prototype.toJSON` present only for the call. */
export function compileVegaLite(spec: TopLevelSpec): ReturnType<typeof vl.compile> {
  if (!setToJson) return vl.compile(spec);
  Object.defineProperty(Set.prototype, 'toJSON', setToJson);
  try {
    return vl.compile(spec);
  } finally {
    delete (Set.prototype as { toJSON?: unknown }).toJSON;
  }
}
