import path from 'node:path';

/**
 * Host paths the way compose resolves them (compose-go paths/): a leading `~` is replaced by the home directory
 * (HOME of the environment the loader was given, as Go's os.UserHomeDir reads it; compose replaces the `~` alone,
 * so `~user/x` becomes `$HOME/user/x`), a Unix or Windows absolute path is kept, anything else is joined to the
 * directory the value came from (a node's `baseDir`) and cleaned.
 */

/** `~/x` → `$HOME/x`; unchanged when there is no `~` or no home directory is known. */
export function expandUser(value: string, homeDir: string | undefined): string {
  if (!value.startsWith('~') || homeDir === undefined || homeDir === '') return value;
  return path.join(homeDir, value.slice(1));
}

/** `C:\data`, `C:/data` or a UNC path `\\server\share`: absolute for a Windows engine. */
export function isWindowsAbsolute(value: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

/** Resolves a bind source, a top-level volume's bind `device`, an env file …: compose's maybeUnixPath. */
export function resolveHostPath(value: string, baseDir: string, homeDir: string | undefined): string {
  const expanded = expandUser(value, homeDir);
  if (path.posix.isAbsolute(expanded) || isWindowsAbsolute(expanded)) return expanded;
  if (path.isAbsolute(expanded)) return expanded;
  return path.join(baseDir, expanded);
}
