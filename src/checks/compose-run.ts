import type { ComposeProject } from '../compose/types.js';
import { bySeverity, type Finding } from '../model/findings.js';
import type { MountAllowEntry } from '../policy/types.js';
import { checkComposeProject, type ComposeCheckOptions } from './compose.js';
import { applyMountAllowlist } from './compose-allowlist.js';
import type { SeverityLookup } from './context.js';
import { withPolicySeverities } from './run-checks.js';
import type { Workload } from '../k8s/types.js';
import { checkWorkloads, type K8sCheckOptions } from './k8s.js';
import { imageJoinFindings, type ImageUnderTest } from './k8s-image-join.js';
import { composeImageJoinFindings } from './compose-image-join.js';

export interface ComposeRunContext {
  options: ComposeCheckOptions;
  /** The policy's `allow.mounts`. */
  allow: readonly MountAllowEntry[];
  /** "Today" for allowlist expiry (its UTC date). */
  now: Date;
  severityFor: SeverityLookup;
  /** Kubernetes workloads checked in the same run: their findings share `allow.mounts` with compose's. */
  kubernetes?: { workloads: readonly Workload[]; options: K8sCheckOptions };
  /** The image under test, in an image run: services and containers that run it are checked with its facts. */
  image?: ImageUnderTest;
}

/**
 * The compose rules over every project of the run (and the Kubernetes rules over its workloads), as runImageChecks does for an image: the policy's severities
 * (`off` drops a rule), then `allow.mounts` (whose own findings get the same severity treatment). A finding two
 * projects share (a file listed in both) is reported once. Most severe first.
 */
export function runComposeChecks(projects: readonly ComposeProject[], context: ComposeRunContext): Finding[] {
  const seen = new Set<string>();
  const all = [
    ...projects.flatMap((project) => checkComposeProject(project, context.options)),
    ...(context.kubernetes ? checkWorkloads(context.kubernetes.workloads, context.kubernetes.options) : []),
    ...(context.image && context.kubernetes ? imageJoinFindings(context.kubernetes.workloads, context.image) : []),
    ...(context.image ? composeImageJoinFindings(projects, context.image) : []),
  ].filter((finding) => {
    const location = finding.location.kind === 'source' ? `${finding.location.path}:${finding.location.line}` : '';
    const key = `${finding.fingerprint}\u0000${location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const findings = withPolicySeverities(all, context.severityFor);
  const allowed = applyMountAllowlist(findings, context.allow, context.now);
  return [...allowed.findings, ...withPolicySeverities(allowed.entryFindings, context.severityFor)].sort(bySeverity);
}
