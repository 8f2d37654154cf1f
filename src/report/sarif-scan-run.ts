import type { Run } from 'sarif';
import semver from 'semver';
import type { Finding } from '../model/findings.js';
import type { RunResult } from './run-result.js';
import type { RuleResolver } from './rules.js';
import { selectForRun, truncationOf, describeTruncation, type SarifLimits } from './sarif-limits.js';
import { automationDetailsId, scanRunCategory } from './sarif-location.js';
import {
  completedInvocation,
  imagegateComponent,
  placeFindings,
  truncationNotification,
  type UnlocatedFindings,
} from './sarif-result.js';
import { ruleTable } from './sarif-rules.js';
import { indexScanFacts, scanRuleDescriptor } from './sarif-scan-rules.js';

/**
 * The scanner's run: vulnerability, secret and license findings as our own rendering of Trivy's results (not
 * Trivy's SARIF, which points OS packages at a made-up file and ignores our filters and allowlist). The driver is
 * Trivy, because code scanning groups and names alerts by tool, and people know these alerts as Trivy's;
 * `conversion.tool` names imagegate, SARIF's way to say who turned the scanner's output into this run.
 */

export const TRIVY_INFORMATION_URI = 'https://trivy.dev';

export interface ScanRunOptions {
  toolVersion: string;
  /** The image run's category; the scanner run's is derived from it (scanRunCategory). */
  category: string;
  informationUri?: string;
  resolveRule?: RuleResolver;
  unlocated?: UnlocatedFindings;
  limits: SarifLimits;
}

/** The scanner run for `findings` (the run's scan-family findings), or undefined when there is nothing to say. */
export function toScanSarifRun(
  result: RunResult,
  findings: readonly Finding[],
  options: ScanRunOptions,
): Run | undefined {
  const { scan } = result;
  if (!scan && findings.length === 0) return undefined;
  const category = scanRunCategory(options.category);
  const selection = selectForRun(findings, options.limits);
  const facts = indexScanFacts(scan, options.resolveRule);
  const rules = ruleTable(selection.kept, (ruleId, severity, ofRule) =>
    scanRuleDescriptor(ruleId, severity, ofRule, facts),
  );
  const { results, notifications } = placeFindings(selection.kept, rules.index, result.dockerfile, options.unlocated);
  const truncation = truncationOf(selection, 'trivy', category, options.limits);
  if (truncation)
    notifications.unshift(truncationNotification(`${describeTruncation(truncation)}; the most severe were kept.`));
  const version = scan?.scanner.version;
  return {
    tool: {
      driver: {
        name: 'Trivy',
        ...(version ? { version } : {}),
        ...(version && semver.valid(version) ? { semanticVersion: semver.valid(version)! } : {}),
        informationUri: TRIVY_INFORMATION_URI,
        rules: rules.descriptors,
      },
    },
    conversion: { tool: { driver: imagegateComponent(options) } },
    automationDetails: { id: automationDetailsId(category) },
    invocations: [completedInvocation(result, notifications)],
    columnKind: 'unicodeCodePoints',
    results,
    properties: {
      image: result.image.reference ?? result.image.id,
      ...(result.image.digest ? { imageDigest: result.image.digest } : {}),
      ...(scan
        ? {
            artifactName: scan.artifactName,
            ...(scan.dbUpdatedAt ? { dbUpdatedAt: scan.dbUpdatedAt } : {}),
            found: {
              vulnerabilities: scan.vulnerabilities.length,
              secrets: scan.secrets.length,
              licenses: scan.licenses.length,
            },
          }
        : {}),
      ...(truncation
        ? {
            truncated: {
              resultsTotal: truncation.total,
              resultsKept: truncation.kept,
              rulesTotal: truncation.rulesTotal,
              rulesKept: truncation.rulesKept,
              maxResultsPerRun: truncation.limits.maxResultsPerRun,
              maxRulesPerRun: truncation.limits.maxRulesPerRun,
            },
          }
        : {}),
    },
  };
}
