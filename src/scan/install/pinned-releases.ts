import type { TrivyAssetPlatform } from './release-assets.js';

/**
 * Trivy releases whose tarball SHA-256s imagegate carries itself. A download of one of these versions must match
 * both the release's own checksums file and the value here, so a release page that was tampered with after we
 * recorded it (as happened to trivy-action's tags in March 2026) cannot hand us a different binary.
 * Adding a version is one entry: copy the four lines from that release's `trivy_<ver>_checksums.txt`.
 */

/** The version installed when none is requested and no suitable trivy is on PATH. */
export const PINNED_TRIVY_VERSION = '0.72.0';

export const PINNED_TRIVY_CHECKSUMS: Readonly<Record<string, Readonly<Record<TrivyAssetPlatform, string>>>> = {
  // From trivy_0.72.0_checksums.txt, as recorded independently by several public projects that pin Trivy
  // (the values agree across them); not fetched by us at build time.
  '0.72.0': {
    'Linux-64bit': 'bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea',
    'Linux-ARM64': '2ca2c023109c2db6b2b77366b6717291452d4531167377d95c79547f0c8e3467',
    'macOS-64bit': 'ee5e60df8a98e5b89fd74a6d86f9e5c7e9a266a35002cb1e43291698b3bfee08',
    'macOS-ARM64': '88f208680dc05da2b459e19b4f5aa2b4dc7c2117892ba4aab2ae63baba330016',
  },
};

/** The pinned SHA-256 of a release tarball, when imagegate carries one for that version and platform. */
export function pinnedChecksum(version: string, platform: TrivyAssetPlatform): string | undefined {
  return Object.hasOwn(PINNED_TRIVY_CHECKSUMS, version) ? PINNED_TRIVY_CHECKSUMS[version]?.[platform] : undefined;
}
