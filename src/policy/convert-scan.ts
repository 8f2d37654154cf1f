import { SEVERITIES, type Severity } from '../model/findings.js';
import type { VulnerabilityStatus } from '../model/vulnerability-status.js';
import type { FailOn, LicenseRules, SecretRules, VulnerabilityRules } from './types.js';

/**
 * The scan sections of `defaults` and `images[]` entries as typed values. Only values of the right shape are
 * read: the schema reports the others, so nothing here reports a problem.
 */

const SEVERITY: ReadonlySet<string> = new Set(SEVERITIES);
const FAIL_ON: ReadonlySet<string> = new Set([...SEVERITIES, 'never']);
export const VULNERABILITY_STATUSES: readonly VulnerabilityStatus[] = [
  'fixed',
  'affected',
  'under_investigation',
  'will_not_fix',
  'fix_deferred',
  'end_of_life',
  'not_affected',
  'unknown',
];
const STATUS: ReadonlySet<string> = new Set(VULNERABILITY_STATUSES);

export function readVulnerabilityRules(map: Record<string, unknown>): VulnerabilityRules {
  const rules: VulnerabilityRules = {};
  const failOn = readFailOn(map.failOn);
  if (failOn) rules.failOn = failOn;
  const minSeverity = readSeverity(map.minSeverity);
  if (minSeverity) rules.minSeverity = minSeverity;
  if (typeof map.ignoreUnfixed === 'boolean') rules.ignoreUnfixed = map.ignoreUnfixed;
  if (Array.isArray(map.ignoreStatuses)) {
    rules.ignoreStatuses = map.ignoreStatuses.filter(
      (status): status is VulnerabilityStatus => typeof status === 'string' && STATUS.has(status),
    );
  }
  const unknownSeverity = readSeverity(map.unknownSeverity);
  if (unknownSeverity) rules.unknownSeverity = unknownSeverity;
  if (typeof map.vexFromImage === 'boolean') rules.vexFromImage = map.vexFromImage;
  return rules;
}

export function readSecretRules(map: Record<string, unknown>): SecretRules {
  const rules: SecretRules = {};
  if (typeof map.forbid === 'boolean') rules.forbid = map.forbid;
  const failOn = readFailOn(map.failOn);
  if (failOn) rules.failOn = failOn;
  return rules;
}

export function readLicenseRules(map: Record<string, unknown>): LicenseRules {
  const rules: LicenseRules = {};
  if (Array.isArray(map.forbid)) {
    rules.forbid = map.forbid.filter((item): item is string => typeof item === 'string' && item !== '');
  }
  const failOn = readFailOn(map.failOn);
  if (failOn) rules.failOn = failOn;
  return rules;
}

function readFailOn(value: unknown): FailOn | undefined {
  return typeof value === 'string' && FAIL_ON.has(value) ? (value as FailOn) : undefined;
}

function readSeverity(value: unknown): Severity | undefined {
  return typeof value === 'string' && SEVERITY.has(value) ? (value as Severity) : undefined;
}
