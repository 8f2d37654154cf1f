import { runComposeChecks } from '../checks/compose-run.js';
import { composeCheckOptions } from '../checks/compose.js';
import type { ComposeProject } from '../compose/types.js';
import type { RunConfig } from '../config/run-config.js';
import type { Baseline } from '../baseline/baseline.js';
import { bySeverity, countBySeverity, type Finding } from '../model/findings.js';
import type { DecidingPolicy } from '../policy/deciding-policy.js';
import { decideVerdict } from '../policy/gate.js';
import { severityFor } from '../policy/image-match.js';
import type { Policy } from '../policy/types.js';
import { NO_IMAGE, type PipelineOutcome, type RunResult } from '../report/run-result.js';
import { writeReports } from '../report/write-reports.js';
import { VERSION } from '../version.js';
import { baselineFields } from './image-baseline.js';
import type { PipelineContext } from './pipeline.js';
import { composeSummary, kubernetesSummary, policyFields } from './result-parts.js';
import type { K8sManifests, Workload } from '../k8s/types.js';
import { k8sCheckOptions } from './k8s-stage.js';

/**
 * `imagegate check --compose FILE…` with no image source: a repository that deploys upstream images gates its
 * compose files alone. Every compose rule and `allow.mounts` apply as in an image run, the verdict and exit codes
 * are the same, and the same report files are written; the result is marked `composeOnly`, so reports say
 * "compose files only" instead of describing an image.
 */

export interface ComposeOnlyRun {
  config: RunConfig;
  policy: Policy;
  decided: DecidingPolicy;
  composeProjects: readonly ComposeProject[];
  /** Kubernetes workloads of `--k8s` and `kubernetes.files`, checked with the compose projects. */
  workloads?: readonly Workload[];
  /** The manifests they came from, for the reports' summary. */
  k8s?: K8sManifests;
  baseline: Baseline | undefined;
  startedAt: string;
  now: () => Date;
  displayPath: (file: string) => string;
}

/** Default SARIF category of a compose-only run: its own, beside any image run's `imagegate/image/…`. */
export const COMPOSE_ONLY_CATEGORY = 'imagegate/compose';

export async function runComposeOnly(run: ComposeOnlyRun, context: PipelineContext): Promise<PipelineOutcome> {
  const { config, policy, decided } = run;
  const today = run.now();
  const evaluate = (under: Policy): Finding[] =>
    runComposeChecks(run.composeProjects, {
      options: composeCheckOptions(under.compose),
      allow: under.allow.mounts ?? [],
      now: today,
      severityFor: (ruleId, fallback) => severityFor(under, ruleId, fallback),
      kubernetes: { workloads: run.workloads ?? [], options: k8sCheckOptions(under.kubernetes) },
    }).sort(bySeverity);
  const findings = evaluate(policy);
  const failOn = config.failOn ?? policy.gate.failOn;
  context.logger.info(
    run.composeProjects.length > 0 || !run.workloads?.length
      ? `compose files only: ${run.composeProjects.map((project) => project.files.join(' + ')).join('; ')}`
      : `Kubernetes manifests only: ${run.workloads.length} workload(s)`,
  );
  const result: RunResult = {
    startedAt: run.startedAt,
    finishedAt: run.now().toISOString(),
    // Family thresholds (vulnerabilities, secrets, licenses) gate scan findings, which a compose-only run has none of.
    verdict: decideVerdict(findings, failOn, {}),
    failOn,
    familyFailOn: {},
    image: NO_IMAGE,
    composeOnly: true,
    layerInstructions: [],
    policyFiles: policy.files,
    findings,
    counts: countBySeverity(findings),
    suppressedCount: findings.filter((finding) => finding.suppressedBy).length,
    compose: composeSummary(run.composeProjects),
    ...(run.k8s ? { kubernetes: kubernetesSummary(run.k8s) } : {}),
    ...policyFields(decided, config, (head) => {
      const headFindings = evaluate(head);
      const headFailOn = config.failOn ?? head.gate.failOn;
      return {
        verdict: decideVerdict(headFindings, headFailOn, {}),
        failOn: headFailOn,
        counts: countBySeverity(headFindings.filter((finding) => !finding.suppressedBy)),
      };
    }),
    ...baselineFields(
      findings,
      run.baseline && config.baselineReport
        ? { baseline: run.baseline, file: run.displayPath(config.baselineReport) }
        : undefined,
      undefined,
    ),
  };
  // An SBOM describes an image; compose files alone have none to describe. Said, not silently skipped.
  if (config.sbom?.length)
    context.logger.warning('--sbom: no image was checked (compose files only), so no SBOM is written');
  const category = config.category ?? COMPOSE_ONLY_CATEGORY;
  const reports = await writeReports(result, config.outDir, {
    redactor: context.redactor,
    toolVersion: VERSION,
    category,
    ...(config.sarifAnchor !== undefined ? { unlocated: { anchorUri: config.sarifAnchor } } : {}),
  });
  return { result, reports, category };
}
