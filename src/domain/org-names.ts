import { editDistance } from './edit-distance.js';
import { unaccented } from './unaccented.js';

/**
 * How organisation names are compared: as people type them, without case, accents, punctuation or
 * the `ry`/`rf` (registered association) at the end. Names are unique per network by this key, so
 * `Jarvenpaan elakelaiset` finds `Järvenpään Eläkeläiset ry` and cannot be added beside it.
 */
export function orgKey(name: string): string {
  return unaccented(name)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/ (ry|rf|r y|r f)$/, '');
}

/** An organisation found by a typed name, or the names it may have meant (none when nothing is near). */
export type OrgMatch = { readonly name: string } | { readonly suggestions: readonly string[] };

/** At most this many names are suggested. */
const MAX_SUGGESTIONS = 3;

/**
 * The organisation a typed name means among `names`: the one with the same {@link orgKey}. Otherwise
 * the names it may have meant: those whose key starts with the typed one (`Järvenpään` for two
 * Järvenpää associations) or is at most two edits from it, nearest first.
 */
export function matchOrg(names: readonly string[], typed: string): OrgMatch {
  const key = orgKey(typed);
  const same = names.filter((n) => orgKey(n) === key);
  if (same.length === 1) return { name: same[0]! };
  if (same.length > 1) return { suggestions: same.slice(0, MAX_SUGGESTIONS) };
  if (key === '') return { suggestions: [] };
  const near = names
    .map((name) => {
      const k = orgKey(name);
      const d = k.startsWith(key) ? 0 : editDistance(key, k);
      return { name, d };
    })
    .filter((x) => x.d <= 2)
    .sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return { suggestions: near.slice(0, MAX_SUGGESTIONS).map((x) => x.name) };
}
