import { withEntry, withoutEntry } from './node.js';
import type { ComposeMap, ComposeNode } from '../types.js';

/**
 * compose's `!reset` and `!override` (compose-go's ResetProcessor): the tagged path is removed from what earlier
 * files (or the service being extended) defined there, so `!reset` leaves nothing and `!override` leaves only the
 * new value instead of a merge. Only map keys can be reset; compose does not reset list items of earlier files.
 */
export function applyResetPaths(model: ComposeMap, paths: readonly (readonly string[])[]): ComposeMap {
  let result = model;
  for (const path of paths) result = removePath(result, path);
  return result;
}

function removePath(map: ComposeMap, path: readonly string[]): ComposeMap {
  const [key, ...rest] = path;
  if (key === undefined) return map;
  const entry = map.entries.get(key);
  if (!entry) return map;
  if (rest.length === 0) return withoutEntry(map, key);
  const value: ComposeNode = entry.value;
  if (value.kind !== 'map') return map;
  const updated = removePath(value, rest);
  return updated === value ? map : withEntry(map, key, { ...entry, value: updated });
}
