import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MAX_BINARY_BYTES, MAX_UNPACKED_BYTES } from './caps.js';
import { extractTrivyBinary } from './extract-trivy.js';
import { tarballNameFor } from './release-assets.js';
import type { ReleaseTrust, TrivyVerification } from './release-trust.js';

/**
 * An installed trivy is checked before every run against what the repository pins or the workflow author gave
 * (see release-trust.ts), never against a file lying beside it: whoever can write the binary into a shared install
 * or cache directory can write a matching checksum file too. The `trivy.sha256` written at install (sha256sum
 * format, so `sha256sum -c` works for a human) is a note, and imagegate never reads it.
 */

export const BINARY_NAME = 'trivy';
export const RECORD_NAME = 'trivy.sha256';

/** `missing` tells "nothing installed" from "installed but not trustworthy". */
export type InstalledCheck =
  { ok: true; path: string; verification: TrivyVerification } | { ok: false; missing: boolean; reason: string };

/** Checks `dir`'s install against `trust`; the checksums file's value is asked for only under trust on first use. */
export type VerifyInstall = (dir: string) => Promise<InstalledCheck>;

export async function writeBinaryRecord(dir: string, sha256: string): Promise<void> {
  await writeFile(path.join(dir, RECORD_NAME), `${sha256}  ${BINARY_NAME}\n`, { mode: 0o644, flag: 'wx' });
}

/**
 * Whether `dir` holds the trivy `trust` describes: its binary's SHA-256 equals the pinned or given one, or the
 * archive kept beside it matches the pinned or given (or, under trust on first use, the server's listed) archive
 * SHA-256 and holds exactly this binary.
 */
export async function verifyInstalledRelease(
  dir: string,
  trust: ReleaseTrust,
  listedArchiveSha256: () => Promise<string>,
): Promise<InstalledCheck> {
  const binary = path.join(dir, BINARY_NAME);
  const stats = await lstat(binary).catch(() => undefined);
  if (!stats) return { ok: false, missing: true, reason: `${binary} does not exist` };
  if (!stats.isFile()) return { ok: false, missing: false, reason: `${binary} is not a regular file` };
  if ((stats.mode & 0o111) === 0) return { ok: false, missing: false, reason: `${binary} is not executable` };
  const actual = await sha256File(binary);
  const fail = (reason: string): InstalledCheck => ({ ok: false, missing: false, reason });
  const ok: InstalledCheck = { ok: true, path: binary, verification: trust.verification };
  const { pinned, userSha256 } = trust;

  if (pinned?.binarySha256) {
    if (actual !== pinned.binarySha256) {
      return fail(
        `${binary} has SHA-256 ${actual}, but imagegate pins ${pinned.binarySha256} for Trivy ${trust.version}`,
      );
    }
    if (userSha256 !== undefined && userSha256 !== actual && userSha256 !== pinned.archiveSha256) {
      return fail(
        `${binary} is the pinned Trivy ${trust.version}, but not the SHA-256 ${userSha256} trivy-sha256 gives`,
      );
    }
    return ok;
  }
  // The author's value stands in for a pin only where there is none: a pin is always checked.
  if (!pinned && userSha256 !== undefined && userSha256 === actual) return ok;

  const archive = path.join(dir, tarballNameFor(trust.version, trust.assetPlatform));
  const archiveStats = await lstat(archive).catch(() => undefined);
  if (!archiveStats?.isFile()) {
    return fail(
      !pinned && userSha256 !== undefined
        ? `${binary} has SHA-256 ${actual}, not the ${userSha256} trivy-sha256 gives, and no release archive is ` +
            `beside it (${archive})`
        : `${binary} (SHA-256 ${actual}) cannot be checked: no pin or given SHA-256 names it, and the release ` +
            `archive it came from is not beside it (${archive})`,
    );
  }
  const [expected, source] = pinned
    ? [pinned.archiveSha256, "imagegate's pin"]
    : userSha256 !== undefined
      ? [userSha256, 'trivy-sha256']
      : [await listedArchiveSha256(), "the release's checksums file (trust on first use)"];
  const archiveActual = await sha256File(archive);
  if (archiveActual !== expected) {
    return fail(`${archive} has SHA-256 ${archiveActual}, but ${source} says ${expected}`);
  }
  if (pinned && userSha256 !== undefined && userSha256 !== actual && userSha256 !== archiveActual) {
    return fail(`${binary} is the pinned Trivy ${trust.version}, but not the SHA-256 ${userSha256} trivy-sha256 gives`);
  }
  const inArchive = await extractTrivyBinary(archive, null, archive, {
    maxBinaryBytes: MAX_BINARY_BYTES,
    maxArchiveBytes: MAX_UNPACKED_BYTES,
  });
  if (inArchive.sha256 !== actual) {
    return fail(
      `${binary} has SHA-256 ${actual}, but the trivy in its verified archive ${archive} has ${inArchive.sha256}`,
    );
  }
  return ok;
}

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
