/**
 * The trusted parts report links are built from, each checked before use: a CI runner names them (server URL,
 * repository, commit, run id), but a link in a comment everyone reads costs nothing to validate, and a value that
 * fails its check gives no link at all (plain text), never a guessed one. A file path from a finding is the one
 * untrusted part: it is percent-encoded segment by segment and refused when it could leave the repository.
 */

/** An http(s) base URL without credentials, query or fragment, as `https://host[/path]` with no trailing slash. */
export function trustedBaseUrl(text: string | undefined): string | undefined {
  const value = text?.trim();
  if (!value) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') return undefined;
  const href = url.href.replace(/\/+$/, '');
  // Nothing that could end the `<…>` link destination, a table cell or open a code span.
  return /[\s<>|`\\]/.test(href) ? undefined : href;
}

/** `owner/name` as GitHub spells repositories. */
export function repositorySlug(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  const match = /^([A-Za-z0-9](?:[A-Za-z0-9-]{0,38}))\/([A-Za-z0-9._-]{1,100})$/.exec(value);
  if (!match || match[2] === '.' || match[2] === '..') return undefined;
  return value;
}

/** A full commit id: 40 hex digits (SHA-1), or 64 (SHA-256 repositories). Lower-cased. */
export function commitSha(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value) ? value.toLowerCase() : undefined;
}

/** A positive decimal id (a run id, an attempt number). */
export function decimalId(text: string | undefined): string | undefined {
  const value = text?.trim() ?? '';
  return /^[1-9][0-9]{0,19}$/.test(value) ? value : undefined;
}

/**
 * A repository-relative path as URL path segments, each percent-encoded (so `#`, `?`, spaces and any Unicode stay
 * part of the path). Undefined for a path that is absolute, uses backslashes or a drive letter, or climbs with `..`:
 * such a location is not a file of the repository at the commit, and gets no link.
 */
export function encodedRepositoryPath(path: string): string | undefined {
  if (path === '' || path.startsWith('/') || path.includes('\\') || /^[A-Za-z]:/.test(path)) return undefined;
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.length === 0 || segments.includes('..')) return undefined;
  try {
    return segments.map((segment) => encodeURIComponent(segment)).join('/');
  } catch {
    // A lone surrogate cannot be encoded: no link.
    return undefined;
  }
}

/** `#L12` for a positive line, else nothing. */
export function lineFragment(line: number): string {
  return Number.isSafeInteger(line) && line > 0 ? `#L${line}` : '';
}
