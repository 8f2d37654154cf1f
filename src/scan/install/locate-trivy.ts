import semver from 'semver';
import { ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { directoryStore } from './directory-store.js';
import { installReleaseInto, listedArchiveSha256 } from './install-release.js';
import { sha256File, verifyInstalledRelease, type VerifyInstall } from './installed-binary.js';
import { findOnPath, probeTrivyVersion } from './path-trivy.js';
import { PINNED_TRIVY_VERSION, type PinnedReleases } from './pinned-releases.js';
import { assetPlatformFor, checkDownloadBaseUrl, DEFAULT_TRIVY_DOWNLOAD_BASE_URL } from './release-assets.js';
import { normalizeTrivySha256, releaseTrust, type TrivyVerification } from './release-trust.js';
import type { TrivyStore } from './trivy-store.js';
import { compromisedReason, normalizeRequestedVersion, SUPPORTED_TRIVY_RANGE } from './trivy-versions.js';

export interface TrivyBinary {
  path: string;
  version: string;
  source: 'path' | 'cache' | 'download';
  /** How imagegate made sure this is the Trivy it meant (see release-trust.ts). */
  verification: TrivyVerification;
}

export interface LocateTrivyOptions {
  logger: Logger;
  /** Requested version ('0.72.0' or 'v0.72.0'); undefined = use a trivy on PATH in the supported range, else the pinned default. */
  version?: string;
  /** Where downloaded versions are kept: Action → the runner tool cache, through the store the Action passes
   *  (src/action/tool-cache-store.ts, over @actions/tool-cache); CLI →
   *  `${XDG_CACHE_HOME:-~/.cache}/imagegate/trivy/<version>/<os>-<arch>/trivy`. */
  cache:
    { kind: 'tool-cache'; store: (version: string, arch: string) => TrivyStore } | { kind: 'directory'; dir: string };
  /** Release download base, default https://github.com/aquasecurity/trivy/releases/download (tests/mirrors override). */
  downloadBaseUrl?: string;
  /** PATH lookup: the entry point passes its PATH ('' = none; the installer looks nowhere). */
  searchPath: string;
  platform?: NodeJS.Platform;
  arch?: string; // default process.platform/arch
  /** The workflow's `trivy-sha256`: SHA-256 of the release archive or of the trivy binary. */
  sha256?: string;
  /** The workflow's `trivy-trust-on-first-use`: an unpinned version vouched for by its server's checksums only. */
  trustOnFirstUse?: boolean;
  /** The pins to check against; PINNED_TRIVY_RELEASES unless a test brings its own. */
  pins?: PinnedReleases;
  /**
   * `--offline`: PATH or the cache only. Nothing is downloaded (not even the checksums file a trust-on-first-use
   * install is re-checked against); a missing or unverifiable install is a ToolError that says how to bring one.
   */
  offline?: boolean;
}

/**
 * The trivy to run: one on PATH when its version fits (the requested one, or any in SUPPORTED_TRIVY_RANGE),
 * else the wanted version from the cache, else downloaded, verified and cached. A cached install is checked
 * against the pins or the workflow's SHA-256 before every run (release-trust.ts), and a version nothing vouches
 * for is refused. Compromised versions are never used. Throws ConfigurationError for a bad request, a platform
 * or an unvouched version, ToolError when an install fails.
 */
export async function locateTrivy(options: LocateTrivyOptions): Promise<TrivyBinary> {
  const { logger } = options;
  const requested = options.version === undefined ? undefined : normalizeRequestedVersion(options.version);
  if (requested !== undefined && !semver.satisfies(requested, SUPPORTED_TRIVY_RANGE)) {
    logger.warning(
      `Trivy ${requested} is newer than the versions imagegate was tried with (${SUPPORTED_TRIVY_RANGE}); ` +
        'using it because it was asked for',
    );
  }
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const version = requested ?? PINNED_TRIVY_VERSION;
  const sha256 = options.sha256 === undefined ? undefined : normalizeTrivySha256(options.sha256, 'trivy-sha256');

  const onPath = await trivyOnPath(options, platform, requested, version, sha256);
  if (onPath) return onPath;

  const assetPlatform = assetPlatformFor(platform, arch, version);
  const trust = releaseTrust(version, assetPlatform, {
    ...(sha256 !== undefined ? { sha256 } : {}),
    ...(options.trustOnFirstUse ? { trustOnFirstUse: true } : {}),
    ...(options.pins ? { pins: options.pins } : {}),
  });
  const baseUrl = checkDownloadBaseUrl(options.downloadBaseUrl ?? DEFAULT_TRIVY_DOWNLOAD_BASE_URL);
  // Fetched at most once per run: by a download, or to re-check a cached copy trusted on first use.
  let listedOnce: Promise<string> | undefined;
  const listed = () =>
    (listedOnce ??= options.offline
      ? Promise.reject(offlineError(`Trivy ${version}'s checksums file cannot be fetched to re-check it`))
      : listedArchiveSha256(trust, baseUrl, logger));
  const verify: VerifyInstall = (dir) => verifyInstalledRelease(dir, trust, listed);
  const store: TrivyStore =
    options.cache.kind === 'tool-cache'
      ? options.cache.store(version, arch)
      : directoryStore(options.cache.dir, version, platform, arch);
  const cached = await store.find(verify, logger);
  if (cached !== undefined) {
    logger.debug(`using Trivy ${version} from the cache: ${cached.path} (${cached.verification})`);
    return { path: cached.path, version, source: 'cache', verification: cached.verification };
  }
  if (options.offline) {
    const where = options.cache.kind === 'directory' ? ` in ${options.cache.dir}` : ' in the runner tool cache';
    throw offlineError(`no verified Trivy ${version} is installed${where} and none is on PATH`);
  }
  const installed = await store.install(
    (stagingDir) => installReleaseInto(stagingDir, { trust, baseUrl, logger, listed }),
    verify,
    logger,
  );
  return { path: installed.path, version, source: 'download', verification: installed.verification };
}

/** Exit 3: the environment lacks what an offline run needs; the message says how to bring it. */
function offlineError(what: string): ToolError {
  return new ToolError(
    `offline: ${what}. Bring it: run \`imagegate offline bundle --out DIR\` (or \`imagegate trivy install\`) where ` +
      'there is network and pass `--offline-bundle DIR` here, or put a supported trivy on PATH',
    { command: 'install trivy (offline)' },
  );
}

async function trivyOnPath(
  options: LocateTrivyOptions,
  platform: NodeJS.Platform,
  requested: string | undefined,
  fallback: string,
  sha256: string | undefined,
): Promise<TrivyBinary | undefined> {
  const { logger } = options;
  const file = await findOnPath(options.searchPath, platform);
  if (file === undefined) {
    logger.debug('no trivy on PATH');
    return undefined;
  }
  const instead = `using Trivy ${fallback} from the cache or a verified download instead`;
  const probe = await probeTrivyVersion(file, logger);
  if ('problem' in probe) {
    logger.warning(`not using ${file}: ${probe.problem}; ${instead}`);
    return undefined;
  }
  const { version } = probe;
  const compromised = compromisedReason(version);
  if (compromised !== undefined) {
    logger.warning(
      `refusing ${file}: it is Trivy ${version}, a known-compromised version. ${compromised} ` +
        `Remove it from this machine and treat the machine's credentials as exposed; ${instead}`,
    );
    return undefined;
  }
  if (requested !== undefined && version !== requested) {
    logger.info(`not using ${file}: it is Trivy ${version}, not the requested ${requested}; ${instead}`);
    return undefined;
  }
  if (requested === undefined && !semver.satisfies(version, SUPPORTED_TRIVY_RANGE)) {
    logger.info(
      `not using ${file}: Trivy ${version} is outside the range imagegate supports (${SUPPORTED_TRIVY_RANGE}); ${instead}`,
    );
    return undefined;
  }
  if (sha256 !== undefined) {
    // The author named the binary they mean: the one on PATH is it only when its bytes say so.
    const actual = await sha256File(file);
    if (actual !== sha256) {
      logger.info(`not using ${file}: its SHA-256 ${actual} is not the ${sha256} trivy-sha256 gives; ${instead}`);
      return undefined;
    }
    return { path: file, version, source: 'path', verification: 'user-sha256' };
  }
  return { path: file, version, source: 'path', verification: 'path-version-only' };
}
