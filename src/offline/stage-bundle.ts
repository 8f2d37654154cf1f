import { createHash } from 'node:crypto';
import { lstat, mkdir, mkdtemp, open, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { BundleFile } from './bundle-manifest.js';
import { NO_FOLLOW_READ } from './bundle-manifest.js';

/**
 * Copy first, then check (review of int18, finding 1): every file a bundle lists is opened once, without following
 * a symlink, streamed into a run-private directory (mode 0700) while it is hashed, and compared with the manifest's
 * size and SHA-256 only then. What the run uses afterwards (Trivy's binary, its DBs, the feeds) is that private copy,
 * so a file swapped or changed in the bundle after the check cannot be what runs: the bytes used are the bytes
 * hashed. The bundle's own paths are never opened twice.
 */

const CHUNK = 1024 * 1024;

const PREFIX = 'offline-bundle-';
/**
 * A private copy untouched for this long is one a killed run left behind: no run lasts a day, and one that might (a
 * rescan shard) touches its copy before each image (BundledTrivy.touch).
 */
const STALE_MS = 24 * 3_600_000;

/**
 * Makes the run's private directory under `parent` (mode 0700, a fresh name no other run uses), first removing the
 * copies that runs killed before their cleanup left there more than a day ago.
 */
export async function makePrivateDir(parent: string, now: Date = new Date()): Promise<string> {
  await mkdir(parent, { recursive: true });
  for (const name of await readdir(parent)) {
    if (!name.startsWith(PREFIX)) continue;
    const info = await lstat(path.join(parent, name)).catch(() => undefined);
    if (info?.isDirectory() && now.getTime() - info.mtimeMs > STALE_MS) {
      await rm(path.join(parent, name), { recursive: true, force: true });
    }
  }
  return mkdtemp(path.join(parent, PREFIX));
}

/**
 * Copies `entry` from the bundle `root` to the same relative path under `target`, checking on the way: every path
 * part is a plain directory or (last) a regular file, not a symlink; the size and SHA-256 of what was read are the
 * manifest's. A problem calls `fail` (exit 2 at the manifest entry); the partial copy is left for the caller to
 * remove with its private directory.
 */
export async function copyVerified(
  root: string,
  entry: BundleFile,
  target: string,
  fail: (message: string) => never,
  mode = 0o600,
): Promise<void> {
  const parts = entry.path.split('/');
  let at = root;
  for (const [index, part] of parts.slice(0, -1).entries()) {
    at = path.join(at, part);
    const info = await lstat(at).catch(() => undefined);
    if (!info) fail(`${entry.path} is missing from the bundle`);
    if (info.isSymbolicLink()) fail(`${parts.slice(0, index + 1).join('/')} is a symlink; a bundle holds none`);
    if (!info.isDirectory()) fail(`${parts.slice(0, index + 1).join('/')} is not a directory`);
  }
  // Only an open that cannot follow a symlink decides what is read; a directory swapped for a symlink after the
  // lstat above can redirect it, but what is read still has to hash to the manifest's SHA-256.
  const source = await open(path.join(at, parts.at(-1)!), NO_FOLLOW_READ).catch((error: NodeJS.ErrnoException) =>
    fail(
      error.code === 'ELOOP'
        ? `${entry.path} is a symlink; a bundle holds none`
        : error.code === 'ENOENT'
          ? `${entry.path} is missing from the bundle`
          : `${entry.path} cannot be read: ${error.code ?? error.message}`,
    ),
  );
  try {
    const info = await source.stat();
    if (!info.isFile()) fail(`${entry.path} is not a regular file`);
    if (info.size !== entry.bytes) fail(`${entry.path} is ${info.size} bytes, the manifest says ${entry.bytes}`);
    const file = path.join(target, ...parts);
    await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
    const hash = createHash('sha256');
    let copied = 0;
    const sink = await open(file, 'wx', mode);
    try {
      const buffer = Buffer.alloc(CHUNK);
      for (;;) {
        const { bytesRead } = await source.read(buffer, 0, buffer.length, null);
        if (bytesRead === 0) break;
        copied += bytesRead;
        // Growing while read: stop at once rather than copy an unbounded file.
        if (copied > entry.bytes) fail(`${entry.path} is more than ${entry.bytes} bytes, the manifest's size`);
        const chunk = buffer.subarray(0, bytesRead);
        hash.update(chunk);
        await sink.write(chunk);
      }
    } finally {
      await sink.close();
    }
    if (copied !== entry.bytes) fail(`${entry.path} is ${copied} bytes, the manifest says ${entry.bytes}`);
    const actual = hash.digest('hex');
    if (actual !== entry.sha256) fail(`${entry.path} has SHA-256 ${actual}, the manifest says ${entry.sha256}`);
  } finally {
    await source.close();
  }
}

/** Removes the run's private directory (its DB copies can be large). */
export async function removePrivateDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}
