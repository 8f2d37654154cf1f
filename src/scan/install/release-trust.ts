import { ConfigurationError } from '../../util/errors.js';
import { pinnedAsset, PINNED_TRIVY_VERSION, type PinnedAsset, type PinnedReleases } from './pinned-releases.js';
import type { TrivyAssetPlatform } from './release-assets.js';

/**
 * What a Trivy release imagegate installs (or finds installed) must match, decided from the repository's pins and
 * the workflow author's own settings, never from anything on disk or from the download server alone:
 *  - a pinned version: the archive pin and, when recorded, the binary pin;
 *  - otherwise the SHA-256 the author gives (`--trivy-sha256` / input `trivy-sha256`): of the release archive
 *    `trivy_<ver>_<OS>-<arch>.tar.gz` (the value in the release's checksums file) or of the `trivy` binary itself;
 *  - otherwise only with explicit trust on first use (`--trivy-trust-on-first-use`): the release's checksums file,
 *    fetched from the same server as the archive, is all there is, and the summary says so.
 */

/** How the Trivy that ran was verified; reported in the summary and in imagegate.json. */
export type TrivyVerification =
  'pinned-binary-sha256' | 'pinned-archive-sha256' | 'user-sha256' | 'trust-on-first-use' | 'path-version-only';

/** The author's settings for versions imagegate has no pin for. */
export interface TrivyTrustOptions {
  /** 64 hex digits: SHA-256 of the release archive or of the `trivy` binary. */
  sha256?: string;
  trustOnFirstUse?: boolean;
  /** The pins to use; PINNED_TRIVY_RELEASES unless a test brings its own. */
  pins?: PinnedReleases;
}

export interface ReleaseTrust {
  version: string;
  assetPlatform: TrivyAssetPlatform;
  pinned?: PinnedAsset;
  /** Lower-case; checked in addition to a pin when both exist. */
  userSha256?: string;
  trustOnFirstUse: boolean;
  /** How an install that passes is reported. */
  verification: Exclude<TrivyVerification, 'path-version-only'>;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The author's `trivy-sha256`, lower-case, or a ConfigurationError naming the option. */
export function normalizeTrivySha256(text: string, optionName: string): string {
  const value = text
    .trim()
    .toLowerCase()
    .replace(/^sha256:/, '');
  if (!SHA256.test(value)) {
    throw new ConfigurationError(
      `${optionName}: expected the 64 hex digits of a SHA-256 (of the Trivy release archive or of the trivy binary)`,
    );
  }
  return value;
}

/** What a release of `version` must match; a ConfigurationError when nothing vouches for it (exit 2, nothing fetched). */
export function releaseTrust(
  version: string,
  assetPlatform: TrivyAssetPlatform,
  options: TrivyTrustOptions,
): ReleaseTrust {
  const pinned = pinnedAsset(version, assetPlatform, options.pins);
  const userSha256 = options.sha256 === undefined ? undefined : normalizeTrivySha256(options.sha256, 'trivy-sha256');
  const trustOnFirstUse = options.trustOnFirstUse === true;
  const base = {
    version,
    assetPlatform,
    ...(pinned ? { pinned } : {}),
    ...(userSha256 !== undefined ? { userSha256 } : {}),
    trustOnFirstUse,
  };
  if (pinned) {
    return { ...base, verification: pinned.binarySha256 ? 'pinned-binary-sha256' : 'pinned-archive-sha256' };
  }
  if (userSha256 !== undefined) return { ...base, verification: 'user-sha256' };
  if (trustOnFirstUse) return { ...base, verification: 'trust-on-first-use' };
  throw new ConfigurationError(
    `Trivy ${version} (${assetPlatform}) has no SHA-256 pinned in imagegate (pinned: ${PINNED_TRIVY_VERSION}), and a ` +
      "checksums file from the download server alone does not vouch for it. Give the release archive's or the " +
      "binary's SHA-256 (CLI --trivy-sha256, Action input trivy-sha256), or accept it explicitly on first use " +
      '(--trivy-trust-on-first-use, input trivy-trust-on-first-use), or use the pinned version.',
  );
}

/** Words for the summary and the log. */
export function describeVerification(verification: TrivyVerification): string {
  switch (verification) {
    case 'pinned-binary-sha256':
      return "binary SHA-256 matches imagegate's pin";
    case 'pinned-archive-sha256':
      return "release archive SHA-256 matches imagegate's pin, binary matches the archive";
    case 'user-sha256':
      return 'SHA-256 given in the workflow (trivy-sha256) matches';
    case 'trust-on-first-use':
      return "TRUSTED ON FIRST USE: only the download server's own checksums file vouches for it";
    case 'path-version-only':
      return 'found on PATH, only its version was checked';
  }
}
