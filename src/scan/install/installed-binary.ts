import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * An installed trivy carries `trivy.sha256` beside it (sha256sum format, so `sha256sum -c` works too). Before a
 * cached binary runs it is hashed again and compared, which catches a binary swapped or damaged after install.
 */

export const BINARY_NAME = 'trivy';
export const RECORD_NAME = 'trivy.sha256';

/** `missing` tells "nothing installed" from "installed but not trustworthy". */
export type InstalledCheck = { ok: true; path: string } | { ok: false; missing: boolean; reason: string };

export async function writeBinaryRecord(dir: string, sha256: string): Promise<void> {
  await writeFile(path.join(dir, RECORD_NAME), `${sha256}  ${BINARY_NAME}\n`, { mode: 0o644, flag: 'wx' });
}

/** Whether `dir` holds a trivy whose SHA-256 equals the one recorded beside it. */
export async function checkInstalledBinary(dir: string): Promise<InstalledCheck> {
  const binary = path.join(dir, BINARY_NAME);
  const stats = await lstat(binary).catch(() => undefined);
  if (!stats) return { ok: false, missing: true, reason: `${binary} does not exist` };
  if (!stats.isFile()) return { ok: false, missing: false, reason: `${binary} is not a regular file` };
  if ((stats.mode & 0o111) === 0) return { ok: false, missing: false, reason: `${binary} is not executable` };
  const record = await readFile(path.join(dir, RECORD_NAME), 'utf8').catch(() => undefined);
  const recorded = record === undefined ? undefined : /^([0-9a-f]{64}) {2}trivy\n?$/.exec(record)?.[1];
  if (recorded === undefined)
    return { ok: false, missing: false, reason: `${path.join(dir, RECORD_NAME)} is missing or malformed` };
  const actual = await sha256File(binary);
  if (actual !== recorded) {
    return {
      ok: false,
      missing: false,
      reason: `${binary} has SHA-256 ${actual}, but ${recorded} was recorded when it was installed`,
    };
  }
  return { ok: true, path: binary };
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
