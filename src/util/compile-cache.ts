import { lstatSync, mkdirSync } from 'node:fs';
import module from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * V8's compile cache for the bundle (issue 17: start-up): on Node ≥ 22.1, `module.enableCompileCache()` keeps the
 * code V8 compiled for each loaded file on disk, so the next run of the same imagegate skips compiling it. Imported
 * by the entry points before they import the rest of imagegate, which only then is compiled (and cached).
 *
 * Why it is safe:
 * - Node keys each entry by the file's content (a hash of the source) and checks V8's version and flags, so a changed
 *   bundle or another Node simply misses; nothing imagegate does depends on the cache being there.
 * - The cache is code that runs as the user, so it must be the user's alone: it lives in a directory of the OS temp
 *   dir named after the uid, created 0700, and is used only when it is a real directory (not a link) owned by this
 *   uid and writable by nobody else; a directory another user planted is refused, and the run goes on uncached.
 * - Any failure (read-only temp dir, Node 20, NODE_DISABLE_COMPILE_CACHE=1, which Node honours) leaves it off; it
 *   never fails or changes a run. NODE_COMPILE_CACHE, when set, is the user's own choice of directory and wins.
 */
export function enableCompileCache(): string | undefined {
  const node = module as {
    enableCompileCache?: (directory?: string) => { directory?: string };
    getCompileCacheDir?: () => string | undefined;
  };
  if (typeof node.enableCompileCache !== 'function') return undefined;
  try {
    // Already on (NODE_COMPILE_CACHE): Node answers with that directory, and ours is not created.
    const current = node.getCompileCacheDir?.();
    if (current) return current;
    const directory = privateCacheDirectory();
    return directory === undefined ? undefined : node.enableCompileCache(directory).directory;
  } catch {
    return undefined;
  }
}

/** `<tmp>/imagegate-compile-cache-<uid>`, when it is this user's alone; undefined otherwise. */
export function privateCacheDirectory(temp = tmpdir()): string | undefined {
  // Windows and macOS give each user a temp dir of their own; POSIX /tmp is shared, hence the uid and the checks.
  const uid = process.getuid?.();
  const directory = path.join(temp, `imagegate-compile-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    mkdirSync(directory, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  if (uid === undefined) return directory;
  const stat = lstatSync(directory);
  if (!stat.isDirectory() || stat.uid !== uid || (stat.mode & 0o022) !== 0) return undefined;
  return directory;
}

enableCompileCache();
