import type { Log, Run } from 'sarif';
import type { Finding } from '../model/findings.js';
import { COMPOSE_ONLY_LABEL, type RunResult } from './run-result.js';
import { describeRule, type RuleResolver } from './rules.js';
import {
  describeTruncation,
  GITHUB_SARIF_LIMITS,
  selectForRun,
  truncationOf,
  type SarifLimits,
  type SarifTruncation,
} from './sarif-limits.js';
import { automationDetailsId, scanRunCategory } from './sarif-location.js';
import {
  completedInvocation,
  imagegateComponent,
  placeFindings,
  truncationNotification,
  type UnlocatedFindings,
} from './sarif-result.js';
import { reportingDescriptor, ruleTable } from './sarif-rules.js';
import { toScanSarifRun } from './sarif-scan-run.js';
import { isScanFinding } from './scan-findings.js';

/**
 * SARIF 2.1.0 for GitHub code scanning (and any other SARIF reader). What GitHub needs, and why it is done so here:
 *
 * - Every result needs a location with `physicalLocation.artifactLocation.uri`: a result with only logical locations
 *   or none makes code scanning reject the whole file ("locationFromSarifResult: expected artifact location" /
 *   "expected at least one location"). Image-wide findings therefore point at the Dockerfile's first line when a
 *   Dockerfile is known (the pipeline usually does this already) and keep the image/layer as a logical location.
 *   With no Dockerfile there is no honest file to point at: by default such findings are listed as tool
 *   notifications of the run instead of results, so the file stays uploadable; the gate, the JSON result and the
 *   summary still carry them. `unlocated: 'logical'` emits them as results with logical locations only, for readers
 *   that accept those; `unlocated: {anchorUri}` anchors them at line 1 of a URI naming the image (its repository,
 *   as Trivy's SARIF does), which code scanning accepts as alerts without a file in the repository.
 * - `partialFingerprints.primaryLocationLineHash` is what code scanning matches alerts on. Without it,
 *   upload-sarif computes one from the text around the line (so an alert "moves" when lines do) and the raw API
 *   uses none (duplicate alerts). Ours comes from the rule, the image repository and the rule's key, never from
 *   lines, so an alert survives edits of the Dockerfile. upload-sarif keeps a value that is present (it logs a
 *   warning when its own line hash differs, which is expected here).
 * - `security-severity` (a string, 0.1–10) makes code scanning show the alert as a security alert with GitHub's
 *   buckets (≥ 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low). Our severities map to the middle of each bucket:
 *   critical 9.5, high 8.0, medium 5.5, low 2.0 (the values Trivy uses without CVSS). `info` gets none: 0.0 is
 *   outside GitHub's range, and without the property the alert is an ordinary `note`, which is what info means.
 *   Vulnerability rules use the highest CVSS score of their results instead, when there is one.
 * - Two runs: the image-policy findings in imagegate's run, the scanner's (vuln/, secret/, license/) in a run
 *   whose driver is Trivy (sarif-scan-run.ts). `automationDetails.id` is `<category>/` for the first and
 *   `<scanRunCategory(category)>/` for the second: one category per image and tool, so uploads for two images
 *   never replace each other's alerts and no upload holds two runs with one tool and category.
 * - At most 25,000 results and 25,000 rules per run (GitHub rejects more): the most severe findings are kept
 *   (sarif-limits.ts), and the run says how many it left out, in its properties and an invocation notification.
 * - Suppressed findings stay as results with an external, accepted suppression (the allowlist reason), so code
 *   scanning shows them as suppressed instead of closing and reopening them.
 */

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_FILE_NAME = 'imagegate.sarif';

export interface SarifOptions {
  toolVersion: string;
  /** Code-scanning category for this image, e.g. `imagegate/image/docker.io/acme/api`; sanitized here. */
  category: string;
  informationUri?: string;
  /** Describes rule ids the static catalog does not know. */
  resolveRule?: RuleResolver;
  /** Findings without a file location when no Dockerfile is known (see UnlocatedFindings): notifications by default. */
  unlocated?: UnlocatedFindings;
  /** Per-run limits; GitHub's (25,000 results, 25,000 rules) unless a test or another reader wants others. */
  limits?: Partial<SarifLimits>;
}

/** The image-policy run, then (when a scan ran or scan findings exist) the scanner run. */
export function toSarif(result: RunResult, options: SarifOptions): Log {
  const { image, scan } = splitFindings(result.findings);
  const limits = sarifLimits(options);
  const runs: Run[] = [imageRun(result, image, options, limits)];
  const scanRun = toScanSarifRun(result, scan, { ...options, limits });
  if (scanRun) runs.push(scanRun);
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs };
}

/** The image-policy run alone (imagegate's own checks and allowlist findings, not the scanner's). */
export function toSarifRun(result: RunResult, options: SarifOptions): Run {
  return imageRun(result, splitFindings(result.findings).image, options, sarifLimits(options));
}

/**
 * The runs that cannot carry all their findings, as toSarif with the same options would cut them. An empty
 * category gives truncations without one (for a summary that does not know it).
 */
export function sarifTruncations(
  result: RunResult,
  options: Pick<SarifOptions, 'category' | 'limits'>,
): SarifTruncation[] {
  const limits = sarifLimits(options);
  // Rules never outnumber results, so below both limits nothing is cut and nothing needs sorting.
  if (result.findings.length <= Math.min(limits.maxResultsPerRun, limits.maxRulesPerRun)) return [];
  const { image, scan } = splitFindings(result.findings);
  return [
    truncationOf(selectForRun(image, limits), 'imagegate', options.category, limits),
    truncationOf(
      selectForRun(scan, limits),
      'trivy',
      options.category === '' ? '' : scanRunCategory(options.category),
      limits,
    ),
  ].filter((truncation): truncation is SarifTruncation => truncation !== undefined);
}

function sarifLimits(options: Pick<SarifOptions, 'limits'>): SarifLimits {
  return { ...GITHUB_SARIF_LIMITS, ...options.limits };
}

function splitFindings(findings: readonly Finding[]): { image: Finding[]; scan: Finding[] } {
  const image: Finding[] = [];
  const scan: Finding[] = [];
  for (const finding of findings) (isScanFinding(finding) ? scan : image).push(finding);
  return { image, scan };
}

function imageRun(result: RunResult, findings: readonly Finding[], options: SarifOptions, limits: SarifLimits): Run {
  const selection = selectForRun(findings, limits);
  const rules = ruleTable(selection.kept, (ruleId, severity) =>
    reportingDescriptor(describeRule(ruleId, severity, options.resolveRule), severity),
  );
  const { results, notifications } = placeFindings(selection.kept, rules.index, result.dockerfile, options.unlocated);
  const truncation = truncationOf(selection, 'imagegate', options.category, limits);
  if (truncation)
    notifications.unshift(truncationNotification(`${describeTruncation(truncation)}; the most severe were kept.`));
  return {
    tool: { driver: { ...imagegateComponent(options), rules: rules.descriptors } },
    automationDetails: { id: automationDetailsId(options.category) },
    invocations: [completedInvocation(result, notifications)],
    columnKind: 'unicodeCodePoints',
    results,
    properties: {
      verdict: result.verdict,
      failOn: result.failOn,
      image: result.composeOnly ? COMPOSE_ONLY_LABEL : (result.image.reference ?? result.image.id),
      ...(result.image.digest ? { imageDigest: result.image.digest } : {}),
      ...(result.composeOnly ? { composeOnly: true } : {}),
      ...(truncation
        ? {
            truncated: {
              resultsTotal: truncation.total,
              resultsKept: truncation.kept,
              rulesTotal: truncation.rulesTotal,
              rulesKept: truncation.rulesKept,
              maxResultsPerRun: limits.maxResultsPerRun,
              maxRulesPerRun: limits.maxRulesPerRun,
            },
          }
        : {}),
    },
  };
}
