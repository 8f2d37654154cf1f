import { rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { MAX_BINARY_BYTES, MAX_CHECKSUMS_BYTES, MAX_TARBALL_BYTES, MAX_UNPACKED_BYTES } from './caps.js';
import { checksumFor } from './checksums-file.js';
import { downloadText, downloadToFile } from './download.js';
import { extractTrivyBinary } from './extract-trivy.js';
import { BINARY_NAME, writeBinaryRecord } from './installed-binary.js';
import { releaseAsset } from './release-assets.js';
import type { ReleaseTrust } from './release-trust.js';

export interface ReleaseInstallRequest {
  trust: ReleaseTrust;
  baseUrl: string;
  logger: Logger;
  /** The checksums file's value for the archive, fetched at most once per run (defaults to fetching it). */
  listed?: () => Promise<string>;
}

/** The SHA-256 the release's own checksums file lists for its archive (what trust on first use rests on). */
export async function listedArchiveSha256(trust: ReleaseTrust, baseUrl: string, logger: Logger): Promise<string> {
  const asset = releaseAsset(baseUrl, trust.version, trust.assetPlatform);
  const checksums = await downloadText(asset.checksumsUrl, { logger, maxBytes: MAX_CHECKSUMS_BYTES });
  return checksumFor(checksums, asset.tarballName, asset.checksumsUrl);
}

/**
 * Downloads one Trivy release into `stagingDir` (empty, owned by the caller, who removes it on failure) and
 * verifies it: the tarball's SHA-256 must equal the release's checksums file and, for a pinned version, the pin;
 * the binary must equal its pin when one is recorded; a SHA-256 the workflow gives must be the archive's or the
 * binary's. Afterwards the directory holds `trivy` (0755), `trivy.sha256` (a note, never trusted) and, when no
 * binary SHA-256 vouches for `trivy` by itself, the archive it came from, so every later run can check it again.
 */
export async function installReleaseInto(stagingDir: string, request: ReleaseInstallRequest): Promise<void> {
  const { trust, logger } = request;
  const { version, assetPlatform } = trust;
  const asset = releaseAsset(request.baseUrl, version, assetPlatform);
  logger.info(`installing Trivy ${version} (${assetPlatform}) from ${asset.tarballUrl}`);

  const listed = await (request.listed?.() ?? listedArchiveSha256(trust, request.baseUrl, logger));
  const pinned = trust.pinned?.archiveSha256;
  if (pinned !== undefined && pinned !== listed) {
    throw new ToolError(
      `checksum mismatch for ${asset.tarballName}: imagegate pins SHA-256 ${pinned} for Trivy ${version}, ` +
        `but ${asset.checksumsUrl} lists ${listed}. The release changed after it was pinned; refusing it.`,
      { command: `GET ${asset.checksumsUrl}` },
    );
  }

  const tarball = path.join(stagingDir, `${asset.tarballName}.download`);
  const downloaded = await downloadToFile(asset.tarballUrl, tarball, { logger, maxBytes: MAX_TARBALL_BYTES });
  if (downloaded.sha256 !== listed) {
    const source = pinned !== undefined ? `${asset.checksumsUrl} and imagegate's pin` : asset.checksumsUrl;
    throw new ToolError(
      `checksum mismatch for ${asset.tarballUrl}: expected SHA-256 ${listed} (from ${source}), ` +
        `got ${downloaded.sha256} (${downloaded.bytes} bytes). Refusing it.`,
      { command: `GET ${asset.tarballUrl}` },
    );
  }
  logger.info(
    `${asset.tarballName}: SHA-256 ${downloaded.sha256} matches the release's checksums file` +
      (pinned !== undefined ? ' and the pinned value' : ' (no pinned value for this version)'),
  );

  const binary = await extractTrivyBinary(tarball, path.join(stagingDir, BINARY_NAME), asset.tarballUrl, {
    maxBinaryBytes: MAX_BINARY_BYTES,
    maxArchiveBytes: MAX_UNPACKED_BYTES,
  });
  const binaryPin = trust.pinned?.binarySha256;
  if (binaryPin && binary.sha256 !== binaryPin) {
    throw new ToolError(
      `the trivy in ${asset.tarballUrl} has SHA-256 ${binary.sha256}, but imagegate pins ${binaryPin} for the ` +
        `Trivy ${version} binary. Refusing it.`,
      { command: `extract trivy from ${asset.tarballUrl}` },
    );
  }
  const user = trust.userSha256;
  if (user !== undefined && user !== downloaded.sha256 && user !== binary.sha256) {
    throw new ToolError(
      `SHA-256 mismatch for Trivy ${version}: trivy-sha256 gives ${user}, but ${asset.tarballUrl} has ` +
        `${downloaded.sha256} and the trivy in it ${binary.sha256}. Refusing it.`,
      { command: `GET ${asset.tarballUrl}` },
    );
  }
  if (trust.verification === 'trust-on-first-use') {
    logger.warning(
      `Trivy ${version} is trusted on first use (--trivy-trust-on-first-use): only ${asset.checksumsUrl}, from the ` +
        `same server, vouches for it. Its archive SHA-256 is ${downloaded.sha256}; pin it with --trivy-sha256.`,
    );
  }
  logger.info(`trivy binary of Trivy ${version}: SHA-256 ${binary.sha256}`);
  // Kept when only the archive can be vouched for: the binary is compared with the archive's trivy before each run.
  if (binaryPin || (trust.pinned === undefined && user === binary.sha256)) await rm(tarball);
  else await rename(tarball, path.join(stagingDir, asset.tarballName));
  await writeBinaryRecord(stagingDir, binary.sha256);
}
