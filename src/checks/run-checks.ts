import { bySeverity, type Finding } from '../model/findings.js';
import { applyAllowlist } from './allowlist.js';
import { applyFindingAllowlist } from './finding-allowlist.js';
import { checkBase } from './base.js';
import { checkBaseFreshness } from './base-freshness.js';
import { checkConfig } from './config.js';
import type { CheckContext, SeverityLookup } from './context.js';
import { checkDockerfile } from './dockerfile-rules.js';
import { checkHygiene } from './hygiene.js';
import { checkLayers } from './layers.js';
import { checkLicenses } from './licenses.js';
import { checkSecrets } from './secrets.js';
import { checkSize } from './size.js';
import { checkUser } from './user.js';
import { checkVulnerabilities } from './vulnerabilities.js';
import { checkFilesystem } from './filesystem.js';
import { checkProvenance } from './provenance.js';
import { checkSignatures } from './signatures.js';
import { checkAccounts } from './accounts.js';
import { checkDbAge } from './db-age.js';
import { applyVex } from '../vex/apply-vex.js';
import { imageIdentity } from '../vex/image-identity.js';

type Check = (context: CheckContext) => Finding[];

/** The checks, in report order. New rule families register here; scan checks report nothing without a scan. */
const CHECKS: readonly Check[] = [
  checkSize,
  checkLayers,
  checkHygiene,
  checkBase,
  checkBaseFreshness,
  checkUser,
  checkVulnerabilities,
  checkSecrets,
  checkLicenses,
  checkFilesystem,
  checkAccounts,
  checkConfig,
  checkDockerfile,
  checkProvenance,
  checkSignatures,
  checkDbAge,
];

/**
 * Runs every check, applies the policy's per-rule severities (`off` drops the rule), then the allowlist, whose
 * own findings (`allow/expired`, `allow/unused`) get the same severity treatment. Most severe first.
 */
export function runImageChecks(context: CheckContext, severityFor: SeverityLookup): Finding[] {
  const findings = withPolicySeverities(
    CHECKS.flatMap((check) => check(context)),
    severityFor,
  );
  const allowed = applyAllowlist(findings, context);
  // VEX after the allowlist: a finding an entry accepted keeps naming the entry (and is exported by --vex-out).
  const vex = applyVex(allowed.findings, context.vex ?? [], {
    image: imageIdentity(context.image, context.reference),
    imageRepository: context.imageRepository,
    vulnerabilityScanRan: context.scan !== undefined && (context.scanners?.includes('vuln') ?? true),
  });
  const accepted = applyFindingAllowlist(vex.findings, context);
  const entryFindings = [...allowed.entryFindings, ...vex.statementFindings, ...accepted.entryFindings];
  return [...accepted.findings, ...withPolicySeverities(entryFindings, severityFor)].sort(bySeverity);
}

/** Applies the policy's per-rule severities; `off` drops the finding. */
export function withPolicySeverities(findings: readonly Finding[], severityFor: SeverityLookup): Finding[] {
  const result: Finding[] = [];
  for (const finding of findings) {
    const severity = severityFor(finding.ruleId, finding.severity);
    if (severity === 'off') continue;
    result.push(severity === finding.severity ? finding : { ...finding, severity });
  }
  return result;
}
