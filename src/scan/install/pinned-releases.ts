import type { TrivyAssetPlatform } from './release-assets.js';

/**
 * Trivy releases whose SHA-256s imagegate carries itself, per platform: of the release archive (the tarball) and of
 * the `trivy` binary inside it. A download of one of these versions must match both the release's own checksums
 * file and the archive value here, so a release page that was tampered with after we recorded it (as happened to
 * trivy-action's tags in March 2026) cannot hand us a different binary. Before every run an installed or cached
 * binary is checked against these values again (never against a file lying beside it):
 *  - with `binarySha256`, the binary itself is hashed and compared;
 *  - while `binarySha256` is null, the install keeps the archive it came from, and before each run the archive is
 *    hashed against `archiveSha256` and the binary compared with the `trivy` inside that archive.
 * Adding a version: copy the archive lines from that release's `trivy_<ver>_checksums.txt`; record a binary's value
 * only from a real extraction of the verified archive (`imagegate trivy install` logs it), never guessed.
 */

export interface PinnedAsset {
  /** SHA-256 of `trivy_<ver>_<platform>.tar.gz`, as the release's checksums file lists it. */
  archiveSha256: string;
  /** SHA-256 of the `trivy` executable in that archive; null while not recorded here. */
  binarySha256: string | null;
}

export type PinnedReleases = Readonly<Record<string, Readonly<Partial<Record<TrivyAssetPlatform, PinnedAsset>>>>>;

/** The version installed when none is requested and no suitable trivy is on PATH. */
export const PINNED_TRIVY_VERSION = '0.72.0';

export const PINNED_TRIVY_RELEASES: PinnedReleases = {
  // Archive values from trivy_0.72.0_checksums.txt, as recorded independently by several public projects that pin
  // Trivy (the values agree across them); not fetched by us at build time. The binaries' values are not published
  // anywhere we could check, so they stay null (verification goes through the kept archive) until recorded.
  '0.72.0': {
    'Linux-64bit': {
      archiveSha256: 'bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea',
      binarySha256: null,
    },
    'Linux-ARM64': {
      archiveSha256: '2ca2c023109c2db6b2b77366b6717291452d4531167377d95c79547f0c8e3467',
      binarySha256: null,
    },
    'macOS-64bit': {
      archiveSha256: 'ee5e60df8a98e5b89fd74a6d86f9e5c7e9a266a35002cb1e43291698b3bfee08',
      binarySha256: null,
    },
    'macOS-ARM64': {
      archiveSha256: '88f208680dc05da2b459e19b4f5aa2b4dc7c2117892ba4aab2ae63baba330016',
      binarySha256: null,
    },
  },
};

/** The archive values alone, per version and platform (what a checksums file lists). */
export const PINNED_TRIVY_CHECKSUMS: Readonly<Record<string, Readonly<Partial<Record<TrivyAssetPlatform, string>>>>> =
  Object.fromEntries(
    Object.entries(PINNED_TRIVY_RELEASES).map(([version, platforms]) => [
      version,
      Object.fromEntries(Object.entries(platforms).map(([platform, pin]) => [platform, pin.archiveSha256])),
    ]),
  );

/** What imagegate pins for one version and platform, if anything. */
export function pinnedAsset(
  version: string,
  platform: TrivyAssetPlatform,
  pins: PinnedReleases = PINNED_TRIVY_RELEASES,
): PinnedAsset | undefined {
  if (!Object.hasOwn(pins, version)) return undefined;
  const platforms = pins[version];
  return platforms !== undefined && Object.hasOwn(platforms, platform) ? platforms[platform] : undefined;
}

/** The pinned SHA-256 of a release tarball, when imagegate carries one for that version and platform. */
export function pinnedChecksum(version: string, platform: TrivyAssetPlatform): string | undefined {
  return pinnedAsset(version, platform)?.archiveSha256;
}
