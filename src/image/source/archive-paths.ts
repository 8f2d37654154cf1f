import path from 'node:path';
import { ConfigurationError } from '../../util/errors.js';
import { ENTRY_NAME_MAX, excerpt, excerptValue } from '../../util/excerpt.js';

/**
 * Names inside an image archive. Archives are never extracted, but an entry named `../../etc/passwd`, an absolute
 * entry, or a manifest or link that points outside the archive means it is hostile or corrupt, and we say so
 * instead of guessing what was meant.
 */

/** `archive.tar!/manifest.json` for an entry of a tar, `dir/index.json` for a file of a layout directory. */
export function entryLocation(container: string, name: string, isDirectory: boolean): string {
  return isDirectory ? path.join(container, name) : `${container}!/${name}`;
}

/**
 * An entry name as stored in an archive, made canonical (`./a//b/` → `a/b`); '' for the archive root itself.
 * Throws for absolute names and `..` segments.
 */
export function normalizeEntryName(raw: string, archive: string, offset: number): string {
  const problem = unsafeName(raw);
  if (problem) {
    throw new ConfigurationError(
      `archive entry ${excerpt(raw, ENTRY_NAME_MAX)} (header at byte ${offset}) ${problem}; ` +
        'the archive is corrupt or hostile and is not read',
      { path: archive },
    );
  }
  return canonical(raw);
}

/**
 * A name the archive's own metadata points at (manifest `Config`/`Layers`, a link target), resolved against the
 * entry it appears in. Throws when it leaves the archive.
 */
export function resolvePointer(pointer: string, from: string, archive: string, what: string): string {
  if (typeof pointer !== 'string' || pointer === '') {
    throw new ConfigurationError(`${what} is empty; expected a path inside the archive`, { path: archive });
  }
  if (pointer.startsWith('/') || /^[A-Za-z]:[\\/]/.test(pointer) || pointer.includes('\\')) {
    throw new ConfigurationError(
      `${what} ${excerpt(pointer, ENTRY_NAME_MAX)} is an absolute path; expected a path inside the archive`,
      { path: archive },
    );
  }
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), pointer));
  if (joined === '..' || joined.startsWith('../')) {
    throw new ConfigurationError(`${what} ${excerpt(pointer, ENTRY_NAME_MAX)} points outside the archive`, {
      path: archive,
    });
  }
  return canonical(joined);
}

const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Checks a digest before it becomes a path (`blobs/sha256/<hex>`), so a digest can never traverse. */
export function blobPath(digest: unknown, archive: string, what: string): string {
  if (typeof digest !== 'string' || !SHA256_DIGEST.test(digest)) {
    throw new ConfigurationError(
      `${what} has digest ${excerptValue(digest)}; expected sha256:<64 lowercase hex digits>`,
      { path: archive },
    );
  }
  return `blobs/sha256/${digest.slice('sha256:'.length)}`;
}

/** The digest a blob path names, when it is `blobs/sha256/<hex>`. */
export function digestOfBlobPath(name: string): string | undefined {
  const match = /^blobs\/sha256\/([a-f0-9]{64})$/.exec(name);
  return match ? `sha256:${match[1]}` : undefined;
}

function unsafeName(raw: string): string | undefined {
  if (raw.startsWith('/') || /^[A-Za-z]:[\\/]/.test(raw)) return 'is an absolute path';
  if (raw.split(/[\\/]/).includes('..')) return "has a '..' segment";
  if (raw.includes('\0')) return 'contains a NUL byte';
  return undefined;
}

function canonical(name: string): string {
  return name
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}
