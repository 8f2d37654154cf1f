import path from 'node:path';
import type { Logger } from '../../util/logger.js';
import { defaultTrivyInstallDir } from './directory-store.js';
import { locateTrivy, type TrivyBinary } from './locate-trivy.js';
import { describeVerification } from './release-trust.js';

/** `imagegate trivy install`: what to install and where. */
export interface InstallTrivyRequest {
  /** Exact version; undefined = the pinned one (PINNED_TRIVY_VERSION), verified against imagegate's own checksums. */
  version?: string;
  /** Install root, laid out as the CLI's cache (`<dir>/<version>/<os>-<arch>/trivy`); default that cache. */
  dir?: string;
  /** SHA-256 of the release archive or binary (needed for a version imagegate does not pin). */
  sha256?: string;
  /** Accept an unpinned version on its server's checksums file alone. */
  trustOnFirstUse?: boolean;
  /** Where a relative `dir` is resolved. */
  cwd: string;
  /** XDG_CACHE_HOME for the default dir, IMAGEGATE_TRIVY_DOWNLOAD_URL for a release mirror. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
}

/**
 * Installs Trivy the way `imagegate check` would, ahead of time: a container image build or an offline runner gets
 * the same pinned, checksum-verified binary. A trivy on PATH is deliberately not considered (searchPath ''): the
 * point is a known binary in a known place. An install already in `dir` that still verifies is kept.
 */
export async function installTrivy(request: InstallTrivyRequest): Promise<TrivyBinary> {
  const { env, logger } = request;
  const dir = request.dir === undefined ? defaultTrivyInstallDir(env) : path.resolve(request.cwd, request.dir);
  const mirror = env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  const trivy = await locateTrivy({
    logger,
    ...(request.version !== undefined ? { version: request.version } : {}),
    cache: { kind: 'directory', dir },
    ...(mirror ? { downloadBaseUrl: mirror } : {}),
    ...(request.sha256 !== undefined ? { sha256: request.sha256 } : {}),
    ...(request.trustOnFirstUse ? { trustOnFirstUse: true } : {}),
    searchPath: '',
  });
  const how = describeVerification(trivy.verification);
  logger.info(
    trivy.source === 'download'
      ? `installed Trivy ${trivy.version} at ${trivy.path} (checksum verified: ${how})`
      : `Trivy ${trivy.version} is already installed at ${trivy.path} (checksum verified again: ${how})`,
  );
  return trivy;
}
