import type { TarLabel } from '../../tar/tar-header.js';
import { tarError } from '../../tar/tar-header.js';
import { ENTRY_NAME_MAX, excerpt } from '../../util/excerpt.js';

/**
 * Names inside a layer tar, as the engine applies them: `./usr/bin/` and `usr/bin` are the same path, a `..` that
 * climbs above the root is refused (Docker refuses such a layer as a breakout), and whiteout files are markers,
 * not files: `.wh.NAME` deletes NAME from the layers below, `.wh..wh..opq` makes its directory opaque (hides
 * everything below it from lower layers), and other `.wh..wh.*` names are aufs bookkeeping the engine skips.
 */

export type LayerName =
  | { kind: 'path'; path: string }
  | { kind: 'whiteout'; path: string }
  | { kind: 'opaque'; path: string }
  | { kind: 'skip' };

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';
const AUFS_META = '.wh..wh.';
/**
 * Deeper than any real image goes (Linux's PATH_MAX of 4096 bytes holds at most 2048 one-letter levels, and the
 * deepest node_modules trees stay under a hundred). A cap keeps a hostile layer from costing the path table memory
 * quadratic in its depth, since every ancestor of a path is interned as its own string.
 */
export const MAX_LAYER_PATH_DEPTH = 1024;

/** The canonical path of a layer entry (`usr/bin/env`; `''` is the root), or what its whiteout name means. */
export function parseLayerName(raw: string, label: TarLabel, offset: number): LayerName {
  const path = canonicalLayerPath(raw, label, offset);
  if (path === '') return { kind: 'skip' };
  const slash = path.lastIndexOf('/');
  // Most entries are no whiteout: tell so without slicing out their base name.
  if (!path.startsWith(WHITEOUT, slash + 1)) return { kind: 'path', path };
  const base = path.slice(slash + 1);
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (base === OPAQUE) return { kind: 'opaque', path: dir };
  if (base.startsWith(AUFS_META)) return { kind: 'skip' };
  const target = base.slice(WHITEOUT.length);
  if (target === '' || target === '.' || target === '..') {
    throw tarError(label, `whiteout ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) names no file`);
  }
  return { kind: 'whiteout', path: dir === '' ? target : `${dir}/${target}` };
}

/** `./a//b/` → `a/b`; throws when `..` would leave the root. */
export function canonicalLayerPath(raw: string, label: TarLabel, offset: number): string {
  // What builders write (`usr/bin/`) is canonical but for a trailing slash: one pass over the name tells so and
  // counts its depth, where the general path below splits it into segments.
  let depth = plainDepth(raw);
  let path: string;
  if (depth > 0) path = raw.charCodeAt(raw.length - 1) === SLASH ? raw.slice(0, -1) : raw;
  else {
    path = canonicalPath(raw, label, offset);
    depth = 1;
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) depth += 1;
  }
  if (depth > MAX_LAYER_PATH_DEPTH) {
    throw tarError(
      label,
      `entry ${excerpt(raw)} of ${raw.length} characters (header at byte ${offset}) is nested ${depth} levels deep; imagegate reads layer paths at most ` +
        `${MAX_LAYER_PATH_DEPTH} levels deep (no real image comes close)`,
    );
  }
  return path;
}

const SLASH = 0x2f;
const DOT = 0x2e;

/**
 * The depth of `raw` (its segments, a trailing slash aside) when it is canonical but for one trailing slash: no
 * leading slash, no empty, `.` or `..` segment. 0 when it is not, and the general path must canonicalize it.
 */
function plainDepth(raw: string): number {
  const length = raw.length;
  if (length === 0) return 0;
  let depth = 1;
  let start = 0;
  for (let i = 0; i <= length; i += 1) {
    if (i < length && raw.charCodeAt(i) !== SLASH) continue;
    const segment = i - start;
    if (segment === 0) {
      // An empty segment: a leading slash or `//`; only the trailing slash (the end, just after one) is plain.
      if (i < length) return 0;
    } else if (
      raw.charCodeAt(start) === DOT &&
      (segment === 1 || (segment === 2 && raw.charCodeAt(start + 1) === DOT))
    ) {
      return 0;
    }
    if (i < length - 1) depth += 1;
    start = i + 1;
  }
  return depth;
}

function canonicalPath(raw: string, label: TarLabel, offset: number): string {
  const parts: string[] = [];
  for (const segment of raw.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (parts.length === 0) {
        throw tarError(
          label,
          `entry ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) leaves the filesystem root; ` +
            'the engine refuses such a layer',
        );
      }
      parts.pop();
      continue;
    }
    parts.push(segment);
  }
  return parts.join('/');
}
