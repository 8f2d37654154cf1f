import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { RuleDescriptor } from '../checks/catalog.js';
import { bySeverity, severityRank, type Finding, type ImageLocation, type Severity } from '../findings.js';
import type { RunResult } from '../run-result.js';
import { describeRule, type RuleResolver } from './rules.js';
import { automationDetailsId, imageLogicalLocation, physicalLocation, sourceSarifLocation } from './sarif-location.js';

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
 *   that accept those.
 * - `partialFingerprints.primaryLocationLineHash` is what code scanning matches alerts on. Without it,
 *   upload-sarif computes one from the text around the line (so an alert "moves" when lines do) and the raw API
 *   uses none (duplicate alerts). Ours comes from the rule, the image repository and the rule's key, never from
 *   lines, so an alert survives edits of the Dockerfile. upload-sarif keeps a value that is present (it logs a
 *   warning when its own line hash differs, which is expected here).
 * - `security-severity` (a string, 0.1–10) makes code scanning show the alert as a security alert with GitHub's
 *   buckets (≥ 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low). Our severities map to the middle of each bucket:
 *   critical 9.5, high 8.0, medium 5.5, low 2.0 (the values Trivy uses without CVSS). `info` gets none: 0.0 is
 *   outside GitHub's range, and without the property the alert is an ordinary `note`, which is what info means.
 * - `automationDetails.id` is `<category>/`: one category per image (and, later, per tool), so uploads for two
 *   images never replace each other's alerts.
 * - Suppressed findings stay as results with an external, accepted suppression (the allowlist reason), so code
 *   scanning shows them as suppressed instead of closing and reopening them.
 */

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';
export const SARIF_FILE_NAME = 'imagegate.sarif';

const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined,
};

type Level = NonNullable<Result['level']>;

const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** Our fingerprint under our own versioned key too, so other SARIF readers can match on it by name. */
const FINGERPRINT_KEY = 'imagegateFingerprint/v1';

export interface SarifOptions {
  toolVersion: string;
  /** Code-scanning category for this image, e.g. `imagegate/image/docker.io/acme/api`; sanitized here. */
  category: string;
  informationUri?: string;
  /** Describes rule ids the static catalog does not know (one rule per vulnerability id, later). */
  resolveRule?: RuleResolver;
  /** Findings without a file location when no Dockerfile is known: run notifications (default) or logical-only results. */
  unlocated?: 'notification' | 'logical';
}

export function toSarif(result: RunResult, options: SarifOptions): Log {
  return { $schema: SARIF_SCHEMA_URI, version: '2.1.0', runs: [toSarifRun(result, options)] };
}

/** One run (one tool, one image, one category); a later tool's run can sit beside it in the same log. */
export function toSarifRun(result: RunResult, options: SarifOptions): Run {
  const findings = [...result.findings].sort(bySeverity);
  const rules = ruleTable(findings, options.resolveRule);
  const results: Result[] = [];
  const notifications: Notification[] = [];
  for (const finding of findings) {
    const ruleIndex = rules.index.get(finding.ruleId) ?? 0;
    const location = finding.location;
    if (location.kind === 'image' && result.dockerfile === undefined && options.unlocated !== 'logical') {
      notifications.push(unlocatedNotification(finding, location, ruleIndex));
    } else {
      results.push(sarifResult(finding, ruleIndex, result.dockerfile));
    }
  }
  return {
    tool: {
      driver: {
        name: 'imagegate',
        version: options.toolVersion,
        semanticVersion: options.toolVersion,
        ...(options.informationUri ? { informationUri: options.informationUri } : {}),
        rules: rules.descriptors,
      },
    },
    automationDetails: { id: automationDetailsId(options.category) },
    invocations: [
      {
        // The analysis ran to the end; a failed gate is a result, not a failed execution.
        executionSuccessful: true,
        startTimeUtc: result.startedAt,
        endTimeUtc: result.finishedAt,
        ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
      },
    ],
    columnKind: 'unicodeCodePoints',
    results,
    properties: {
      verdict: result.verdict,
      failOn: result.failOn,
      image: result.image.reference ?? result.image.id,
      ...(result.image.digest ? { imageDigest: result.image.digest } : {}),
    },
  };
}

function sarifResult(finding: Finding, ruleIndex: number, dockerfile: string | undefined): Result {
  const { location } = finding;
  const sarifLocation =
    location.kind === 'source'
      ? sourceSarifLocation(location)
      : {
          ...(dockerfile !== undefined ? { physicalLocation: physicalLocation({ path: dockerfile, line: 1 }) } : {}),
          logicalLocations: [imageLogicalLocation(location)],
        };
  const suppression = finding.suppressedBy;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [sarifLocation],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint, primaryLocationLineHash: finding.fingerprint },
    ...(suppression
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: suppression.expires
                ? `${suppression.reason} (allowlisted until ${suppression.expires})`
                : suppression.reason,
              ...(suppression.source ? { location: sourceSarifLocation(suppression.source) } : {}),
            },
          ],
        }
      : {}),
    properties: { ...finding.properties, severity: finding.severity },
  };
}

function unlocatedNotification(finding: Finding, location: ImageLocation, ruleIndex: number): Notification {
  const where = location.layer ? `${location.image}, layer ${location.layer}` : location.image;
  return {
    level: 'warning',
    message: {
      text:
        `${finding.ruleId} (${finding.severity}${finding.suppressedBy ? ', suppressed' : ''}): ${finding.message} ` +
        `[${where}; not a result because no Dockerfile was given to locate it]`,
    },
    associatedRule: { id: finding.ruleId, index: ruleIndex },
    locations: [{ logicalLocations: [imageLogicalLocation(location)] }],
    properties: { fingerprint: finding.fingerprint, severity: finding.severity },
  };
}

interface RuleTable {
  descriptors: ReportingDescriptor[];
  index: Map<string, number>;
}

/** The rules the findings use, in order of first use, each at the most severe level its findings have in this run. */
function ruleTable(findings: readonly Finding[], resolve: RuleResolver | undefined): RuleTable {
  const severities = new Map<string, Severity>();
  for (const finding of findings) {
    const seen = severities.get(finding.ruleId);
    if (!seen || severityRank(finding.severity) > severityRank(seen)) severities.set(finding.ruleId, finding.severity);
  }
  const descriptors: ReportingDescriptor[] = [];
  const index = new Map<string, number>();
  for (const [ruleId, severity] of severities) {
    index.set(ruleId, descriptors.length);
    descriptors.push(reportingDescriptor(describeRule(ruleId, severity, resolve), severity));
  }
  return { descriptors, index };
}

function reportingDescriptor(rule: RuleDescriptor, severity: Severity): ReportingDescriptor {
  const securitySeverity = SECURITY_SEVERITY[severity];
  const policyLine = rule.policyKey ? `Configured by the policy key \`${rule.policyKey}\`.` : '';
  const markdown = [rule.help, policyLine].filter(Boolean).join('\n\n');
  return {
    id: rule.id,
    name: ruleName(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: plainText(firstParagraph(rule.help)) },
    help: { text: plainText(markdown), markdown },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: {
      tags: [...rule.tags],
      // Checks compare measured facts with configured limits: no heuristics, so no false-positive rate to state.
      precision: 'very-high',
      ...(securitySeverity ? { 'security-severity': securitySeverity } : {}),
    },
  };
}

/** `layers/max-layer-size` → `LayersMaxLayerSize`: SARIF's rule name is an identifier-like, readable form of the id. */
function ruleName(ruleId: string): string {
  return ruleId
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join('');
}

function firstParagraph(markdown: string): string {
  return markdown.split(/\n\s*\n/)[0] ?? markdown;
}

/** Help text without Markdown code marks, for readers that show `text` verbatim. */
function plainText(markdown: string): string {
  return markdown.replaceAll('`', '');
}
