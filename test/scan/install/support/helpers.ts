import { mkdtemp, readdir } from 'node:fs/promises';
import path from 'node:path';
import type { ReleaseServer } from './release-server.js';
import { checksumsFile, checksumsName, releaseEntries, sha256, tarballName, tarGz } from './release-fixture.js';

/** Every path under `dir`, relative and sorted; [] when `dir` does not exist. */
export async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  return entries.map((entry) => entry.split(path.sep).join('/')).sort();
}

export { rejection } from '../../../support/rejection.js';

export async function freshDir(parent: string, prefix: string): Promise<string> {
  return mkdtemp(path.join(parent, prefix));
}

export interface ServedRelease {
  tarballPath: string;
  checksumsPath: string;
  tarball: Buffer;
}

/**
 * Puts a release of `version` on the server: by default a well-formed tarball and a checksums file that lists
 * its real SHA-256 (plus another platform's line, as real files have). Either can be replaced.
 */
export async function serveRelease(
  server: ReleaseServer,
  version: string,
  options: { tarball?: Buffer; listedSha256?: string } = {},
): Promise<ServedRelease> {
  const tarball = options.tarball ?? (await tarGz(releaseEntries(version)));
  const tarballPath = `/v${version}/${tarballName(version)}`;
  const checksumsPath = `/v${version}/${checksumsName(version)}`;
  server.routes.set(tarballPath, { body: tarball });
  server.routes.set(checksumsPath, {
    body: checksumsFile({
      [tarballName(version, 'Linux-ARM64')]: sha256('another platform'),
      [tarballName(version)]: options.listedSha256 ?? sha256(tarball),
    }),
  });
  return { tarballPath, checksumsPath, tarball };
}
