import semver from 'semver';
import { ConfigurationError } from '../../util/errors.js';

/**
 * Which Trivy versions imagegate runs. A trivy found on PATH is used only inside SUPPORTED_TRIVY_RANGE:
 *  - >=0.63.0: the scan passes `--disable-telemetry` (new in 0.63), relies on several `--db-repository` values
 *    with fallback (0.57) and on `Metadata.Layers` in the JSON report (0.62);
 *  - <0.80.0: newer minors may rename flags or reshape the report; raise the bound once a version was tried.
 * Compromised versions are refused whether they are on PATH, requested or found in a cache.
 */
export const SUPPORTED_TRIVY_RANGE = '>=0.63.0 <0.80.0';

const MARCH_2026 =
  'In March 2026 a stolen release credential was used to force-push the trivy-action and setup-trivy tags and to ' +
  'publish a credential-stealing Trivy (GHSA-69fq-xp46-6x23, CVE-2026-33634; aquasecurity/trivy-action#541)';

/** Versions that must never run, with why. */
export const COMPROMISED_TRIVY_VERSIONS: Readonly<Record<string, string>> = {
  '0.69.4': `${MARCH_2026}: v0.69.4 is that malicious release.`,
  // Only images were reported for these two (Docker Hub tags pushed during the same incident); refusing them costs
  // at most a download of the pinned version.
  '0.69.5': `${MARCH_2026}: 0.69.5 was published as a malicious image during the same incident.`,
  '0.69.6': `${MARCH_2026}: 0.69.6 was published as a malicious image during the same incident.`,
};

/** Why a version must not run, or undefined when it is not known to be compromised. */
export function compromisedReason(version: string): string | undefined {
  return Object.hasOwn(COMPROMISED_TRIVY_VERSIONS, version) ? COMPROMISED_TRIVY_VERSIONS[version] : undefined;
}

/** True when a trivy of this version may be used from PATH. */
export function isSupportedVersion(version: string): boolean {
  return semver.satisfies(version, SUPPORTED_TRIVY_RANGE) && compromisedReason(version) === undefined;
}

const EXACT_VERSION = /^v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)$/;

/**
 * A requested version (`0.72.0` or `v0.72.0`) in the form release assets use, without the `v`. Ranges, `latest`
 * and the like are refused: the point of choosing a version is knowing which binary runs.
 */
export function normalizeRequestedVersion(text: string): string {
  const match = EXACT_VERSION.exec(text.trim());
  const version = match?.[1];
  if (version === undefined || semver.valid(version) === null) {
    throw new ConfigurationError(`trivy-version '${text}': expected an exact version such as 0.72.0 or v0.72.0`);
  }
  const compromised = compromisedReason(version);
  if (compromised !== undefined) {
    throw new ConfigurationError(`trivy-version '${text}' is refused: ${compromised} Choose another version.`);
  }
  if (semver.lt(version, semver.minVersion(SUPPORTED_TRIVY_RANGE) ?? '0.0.0')) {
    throw new ConfigurationError(
      `trivy-version '${text}' is too old for imagegate, which needs ${SUPPORTED_TRIVY_RANGE} (see SUPPORTED_TRIVY_RANGE)`,
    );
  }
  return version;
}

/**
 * The version in `trivy --version` output: `Version: 0.72.0` on the first line, later versions add indented
 * `Vulnerability DB:` blocks with their own `Version:` lines, which must not be taken for Trivy's.
 */
export function parseTrivyVersionOutput(stdout: string): string | undefined {
  for (const line of stdout.split(/\r?\n/)) {
    const match = /^Version:\s*v?(\S+)(?:\s.*)?$/.exec(line);
    if (match?.[1] !== undefined) return semver.valid(match[1]) ?? undefined;
  }
  return undefined;
}
