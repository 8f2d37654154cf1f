import { rm } from 'node:fs/promises';
import path from 'node:path';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { MAX_BINARY_BYTES, MAX_CHECKSUMS_BYTES, MAX_TARBALL_BYTES, MAX_UNPACKED_BYTES } from './caps.js';
import { checksumFor } from './checksums-file.js';
import { downloadText, downloadToFile } from './download.js';
import { extractTrivyBinary } from './extract-trivy.js';
import { BINARY_NAME, writeBinaryRecord } from './installed-binary.js';
import { pinnedChecksum } from './pinned-releases.js';
import { releaseAsset, type TrivyAssetPlatform } from './release-assets.js';

export interface ReleaseInstallRequest {
  version: string;
  assetPlatform: TrivyAssetPlatform;
  baseUrl: string;
  logger: Logger;
}

/**
 * Downloads one Trivy release into `stagingDir` (empty, owned by the caller, who removes it on failure) and
 * verifies it: the tarball's SHA-256 must equal the release's checksums file and, for a pinned version, the pin.
 * Afterwards the directory holds exactly `trivy` (0755) and `trivy.sha256`.
 */
export async function installReleaseInto(stagingDir: string, request: ReleaseInstallRequest): Promise<void> {
  const { version, assetPlatform, logger } = request;
  const asset = releaseAsset(request.baseUrl, version, assetPlatform);
  logger.info(`installing Trivy ${version} (${assetPlatform}) from ${asset.tarballUrl}`);

  const checksums = await downloadText(asset.checksumsUrl, { logger, maxBytes: MAX_CHECKSUMS_BYTES });
  const listed = checksumFor(checksums, asset.tarballName, asset.checksumsUrl);
  const pinned = pinnedChecksum(version, assetPlatform);
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
  await rm(tarball);
  await writeBinaryRecord(stagingDir, binary.sha256);
}
