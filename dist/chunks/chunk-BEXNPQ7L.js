import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/scan/install/pinned-releases.ts
var PINNED_TRIVY_VERSION = "0.72.0";
var PINNED_TRIVY_RELEASES = {
  // Archive values from trivy_0.72.0_checksums.txt, as recorded independently by several public projects that pin
  // Trivy (the values agree across them); not fetched by us at build time. The binaries' values are not published
  // anywhere we could check, so they stay null (verification goes through the kept archive) until recorded.
  "0.72.0": {
    "Linux-64bit": {
      archiveSha256: "bbb64b9695866ce4a7a8f5c9592002c5961cab378577fa3f8a040df362b9b2ea",
      binarySha256: null
    },
    "Linux-ARM64": {
      archiveSha256: "2ca2c023109c2db6b2b77366b6717291452d4531167377d95c79547f0c8e3467",
      binarySha256: null
    },
    "macOS-64bit": {
      archiveSha256: "ee5e60df8a98e5b89fd74a6d86f9e5c7e9a266a35002cb1e43291698b3bfee08",
      binarySha256: null
    },
    "macOS-ARM64": {
      archiveSha256: "88f208680dc05da2b459e19b4f5aa2b4dc7c2117892ba4aab2ae63baba330016",
      binarySha256: null
    }
  }
};
var PINNED_TRIVY_CHECKSUMS = Object.fromEntries(
  Object.entries(PINNED_TRIVY_RELEASES).map(([version, platforms]) => [
    version,
    Object.fromEntries(Object.entries(platforms).map(([platform, pin]) => [platform, pin.archiveSha256]))
  ])
);
function pinnedAsset(version, platform, pins = PINNED_TRIVY_RELEASES) {
  if (!Object.hasOwn(pins, version)) return void 0;
  const platforms = pins[version];
  return platforms !== void 0 && Object.hasOwn(platforms, platform) ? platforms[platform] : void 0;
}

// src/scan/install/release-trust.ts
var SHA256 = /^[0-9a-f]{64}$/;
function normalizeTrivySha256(text, optionName) {
  const value = text.trim().toLowerCase().replace(/^sha256:/, "");
  if (!SHA256.test(value)) {
    throw new ConfigurationError(
      `${optionName}: expected the 64 hex digits of a SHA-256 (of the Trivy release archive or of the trivy binary)`
    );
  }
  return value;
}
function releaseTrust(version, assetPlatform, options) {
  const pinned = pinnedAsset(version, assetPlatform, options.pins);
  const userSha256 = options.sha256 === void 0 ? void 0 : normalizeTrivySha256(options.sha256, "trivy-sha256");
  const trustOnFirstUse = options.trustOnFirstUse === true;
  const base = {
    version,
    assetPlatform,
    ...pinned ? { pinned } : {},
    ...userSha256 !== void 0 ? { userSha256 } : {},
    trustOnFirstUse
  };
  if (pinned) {
    return { ...base, verification: pinned.binarySha256 ? "pinned-binary-sha256" : "pinned-archive-sha256" };
  }
  if (userSha256 !== void 0) return { ...base, verification: "user-sha256" };
  if (trustOnFirstUse) return { ...base, verification: "trust-on-first-use" };
  throw new ConfigurationError(
    `Trivy ${version} (${assetPlatform}) has no SHA-256 pinned in imagegate (pinned: ${PINNED_TRIVY_VERSION}), and a checksums file from the download server alone does not vouch for it. Give the release archive's or the binary's SHA-256 (CLI --trivy-sha256, Action input trivy-sha256), or accept it explicitly on first use (--trivy-trust-on-first-use, input trivy-trust-on-first-use), or use the pinned version.`
  );
}
function describeVerification(verification) {
  switch (verification) {
    case "pinned-binary-sha256":
      return "binary SHA-256 matches imagegate's pin";
    case "pinned-archive-sha256":
      return "release archive SHA-256 matches imagegate's pin, binary matches the archive";
    case "user-sha256":
      return "SHA-256 given in the workflow (trivy-sha256) matches";
    case "trust-on-first-use":
      return "TRUSTED ON FIRST USE: only the download server's own checksums file vouches for it";
    case "path-version-only":
      return "found on PATH, only its version was checked";
  }
}

export {
  PINNED_TRIVY_VERSION,
  normalizeTrivySha256,
  releaseTrust,
  describeVerification
};
//# sourceMappingURL=chunk-BEXNPQ7L.js.map
