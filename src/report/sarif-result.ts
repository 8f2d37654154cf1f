import type { Invocation, Notification, PhysicalLocation, Result, ToolComponent } from 'sarif';
import type { RunResult } from './run-result.js';
import type { Finding, ImageLocation, Severity, Suppression } from '../model/findings.js';
import { imageLogicalLocation, physicalLocation, sourceSarifLocation } from './sarif-location.js';

/**
 * One finding as a SARIF result (or, when it cannot be located in a file, as a run notification), shared by the
 * image-policy run and the scanner run so both look alike to code scanning.
 */

export type Level = NonNullable<Result['level']>;

export const LEVEL: Record<Severity, Level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/**
 * GitHub's security-severity buckets (≥ 9 critical, 7–8.9 high, 4–6.9 medium, < 4 low) entered in their middle:
 * the values Trivy uses without CVSS. `info` gets none: 0.0 is outside GitHub's range, and without the property
 * the alert is an ordinary `note`, which is what info means.
 */
export const SECURITY_SEVERITY: Record<Severity, string | undefined> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '2.0',
  info: undefined,
};

/** Our fingerprint under our own versioned key too, so other SARIF readers can match on it by name. */
export const FINGERPRINT_KEY = 'imagegateFingerprint/v1';

/**
 * Plain text for a SARIF message. SARIF reads `[text](target)` in a message as an embedded link (§3.11.6) and
 * wants literal brackets escaped, so text from an image or a scanner cannot make a link in code scanning.
 */
export function sarifText(text: string): string {
  return text.replace(/[[\]]/g, (bracket) => `\\${bracket}`);
}

/**
 * What becomes of findings located in the image, not in a file, when no Dockerfile is known: run notifications
 * (the default), results with logical locations only, or results anchored at a URI that names the image — the
 * repository, as Trivy's own SARIF names an image — so code scanning keeps them as alerts (scheduled re-scans,
 * which have no Dockerfile, use this).
 */
export type UnlocatedFindings = 'notification' | 'logical' | { anchorUri: string };

/** A result at the finding's line; an image location falls back to `anchor` (the Dockerfile's first line, or the image's URI). */
export function sarifResult(finding: Finding, ruleIndex: number, anchor: PhysicalLocation | undefined): Result {
  const { location } = finding;
  const sarifLocation =
    location.kind === 'source'
      ? sourceSarifLocation(location)
      : {
          ...(anchor !== undefined ? { physicalLocation: anchor } : {}),
          logicalLocations: [imageLogicalLocation(location)],
        };
  const suppression = finding.suppressedBy;
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    // SARIF (§3.11.4) lets a message carry Markdown beside its text: imagegate's own, when the check wrote it with md.
    message: {
      text: sarifText(finding.message),
      ...(finding.messageMarkdown !== undefined ? { markdown: finding.messageMarkdown } : {}),
    },
    locations: [sarifLocation],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint, primaryLocationLineHash: finding.fingerprint },
    ...(suppression
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: suppressionJustification(suppression),
              ...(suppression.source ? { location: sourceSarifLocation(suppression.source) } : {}),
            },
          ],
        }
      : {}),
    properties: { ...finding.properties, severity: finding.severity },
  };
}

/** SARIF's one justification string: the allowlist entry's reason and expiry, or the VEX statement's who and when. */
function suppressionJustification(suppression: Suppression): string {
  if (suppression.by === 'vex') {
    const label = suppression.justification ? ` (${suppression.justification})` : '';
    const who = [suppression.author, suppression.timestamp].filter(Boolean).join(', ');
    return `VEX ${suppression.status ?? 'not_affected'}${label}: ${suppression.reason}${who ? ` — ${who}` : ''}`;
  }
  return suppression.expires ? `${suppression.reason} (allowlisted until ${suppression.expires})` : suppression.reason;
}

/** A finding with nowhere in the repository to point at, kept as a run notification (see sarif.ts). */
export function unlocatedNotification(finding: Finding, location: ImageLocation, ruleIndex: number): Notification {
  const where = location.layer ? `${location.image}, layer ${location.layer}` : location.image;
  return {
    level: 'warning',
    message: {
      text: sarifText(
        `${finding.ruleId} (${finding.severity}${finding.suppressedBy ? ', suppressed' : ''}): ${finding.message} ` +
          `[${where}; not a result because no Dockerfile was given to locate it]`,
      ),
    },
    associatedRule: { id: finding.ruleId, index: ruleIndex },
    locations: [{ logicalLocations: [imageLogicalLocation(location)] }],
    properties: { fingerprint: finding.fingerprint, severity: finding.severity },
  };
}

/** Where a run's findings go: results, or notifications for those with no file to point at. */
export function placeFindings(
  findings: readonly Finding[],
  ruleIndex: ReadonlyMap<string, number>,
  dockerfile: string | undefined,
  unlocated: UnlocatedFindings | undefined,
): { results: Result[]; notifications: Notification[] } {
  const anchor: PhysicalLocation | undefined =
    dockerfile !== undefined
      ? physicalLocation({ path: dockerfile, line: 1 })
      : typeof unlocated === 'object'
        ? { artifactLocation: { uri: unlocated.anchorUri }, region: { startLine: 1 } }
        : undefined;
  const results: Result[] = [];
  const notifications: Notification[] = [];
  for (const finding of findings) {
    const index = ruleIndex.get(finding.ruleId) ?? 0;
    const location = finding.location;
    if (location.kind === 'image' && anchor === undefined && unlocated !== 'logical') {
      notifications.push(unlocatedNotification(finding, location, index));
    } else {
      results.push(sarifResult(finding, index, anchor));
    }
  }
  return { results, notifications };
}

/** The note a truncated run carries, so a reader of the SARIF alone knows results are missing. */
export function truncationNotification(text: string): Notification {
  return { level: 'warning', message: { text } };
}

/** imagegate as a SARIF tool component: the driver of the image-policy run, the converter of the scanner's run. */
export function imagegateComponent(options: { toolVersion: string; informationUri?: string }): ToolComponent {
  return {
    name: 'imagegate',
    version: options.toolVersion,
    semanticVersion: options.toolVersion,
    ...(options.informationUri ? { informationUri: options.informationUri } : {}),
  };
}

/** The one invocation of a run: it ran to the end (a failed gate is a result, not a failed execution). */
export function completedInvocation(result: RunResult, notifications: Notification[]): Invocation {
  return {
    executionSuccessful: true,
    startTimeUtc: result.startedAt,
    endTimeUtc: result.finishedAt,
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}
