import { SEVERITIES, type Severity } from '../model/findings.js';
import type { VulnerabilityStatus } from '../model/vulnerability-status.js';
import type { EpssThreshold, FailOn, LicenseRules, SecretRules, VulnerabilityRules } from './types.js';
import { parseGraceDuration } from './grace-duration.js';

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
  if (typeof map.failOnKev === 'boolean') rules.failOnKev = map.failOnKev;
  if (typeof map.requireFeeds === 'boolean') rules.requireFeeds = map.requireFeeds;
  const epss = readEpss(map.epss);
  if (epss) rules.epss = epss;
  const grace = readGracePeriod(map.gracePeriod);
  if (grace) rules.gracePeriod = grace;
  return rules;
}

function readEpss(value: unknown): EpssThreshold | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const record = value as Record<string, unknown>;
  const threshold: EpssThreshold = {};
  const unit = (n: unknown): n is number => typeof n === 'number' && n >= 0 && n <= 1;
  if (unit(record.minScore)) threshold.minScore = record.minScore;
  if (unit(record.minPercentile)) threshold.minPercentile = record.minPercentile;
  if (unit(record.failAtScore)) threshold.failAtScore = record.failAtScore;
  return Object.keys(threshold).length > 0 ? threshold : undefined;
}

/** `7d` for every severity, or `{critical: 0d, high: 3d, …}`; a severity left out of the map has no grace. */
function readGracePeriod(value: unknown): Partial<Record<Severity, number>> | undefined {
  if (typeof value === 'string') {
    const ms = parseGraceDuration(value);
    if (ms === undefined) return undefined;
    return Object.fromEntries(SEVERITIES.map((severity) => [severity, ms]));
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const grace: Partial<Record<Severity, number>> = {};
  for (const [key, text] of Object.entries(value as Record<string, unknown>)) {
    const ms = typeof text === 'string' ? parseGraceDuration(text) : undefined;
    if (SEVERITY.has(key) && ms !== undefined) grace[key as Severity] = ms;
  }
  return grace;
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
