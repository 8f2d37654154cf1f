import type { SignatureSummaryRow } from '../signature/signature-summary.js';
import type { ReportPaths } from './write-reports.js';
import type { RuleFamily, Verdict } from '../model/verdict.js';
import type { Finding, SeverityCounts, SourceLocation } from '../model/findings.js';
import type { ImageFacts } from '../image/facts.js';
import type { PolicySourceInfo } from '../policy/deciding-policy.js';
import type { PolicyChange } from '../policy/policy-diff.js';
import type { FailOn } from '../policy/types.js';
import type { BaselineComparison } from '../baseline/baseline.js';
import type { ScanFacts } from '../scan/types.js';
import type { BudgetUsage } from '../checks/budgets.js';
import type { ProvenanceSummary } from '../provenance/provenance-summary.js';
import type { PlatformRun } from './platform-merge.js';

/**
 * What one run decided, with the facts behind it. Every report (JSON, SARIF, Markdown) is rendered from this;
 * `imagegate.json` is its documented serialization (schemas/imagegate-result.schema.json).
 */

export interface RunResult {
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  failOn: FailOn;
  /**
   * Per-family gate thresholds that override `failOn` for findings whose ruleId starts with `<family>/`
   * (policy `vulnerabilities.failOn` → `vuln`). Absent families use `failOn`.
   */
  familyFailOn: Partial<Record<RuleFamily, FailOn>>;
  /** The image checked; with `composeOnly`, a placeholder without layers that reports do not show (see NO_IMAGE). */
  image: ImageFacts;
  /** Per layer (same order as `image.layers`): the Dockerfile instruction that made it, when known. */
  layerInstructions: Array<SourceLocation | undefined>;
  /**
   * Per layer: true when it came from the base image (its instruction is the FROM line), false when an instruction
   * of the Dockerfile made it; absent when no Dockerfile was matched with the history.
   */
  layerFromBase?: boolean[];
  /** Repository-relative Dockerfile path used for locations; undefined when none was given. */
  dockerfile?: string;
  /** Policy files applied, base first; empty for the built-in default. */
  policyFiles: string[];
  /** All findings, most severe first; suppressed ones included and marked. */
  findings: Finding[];
  counts: SeverityCounts;
  suppressedCount: number;
  /** The compose projects checked beside the image (their findings are among `findings`). */
  compose?: { projects: Array<{ name: string; files: string[]; services: number; mounts: number }> };
  /** The Kubernetes manifests checked (`--k8s`, `kubernetes.files`); absent when none was. */
  kubernetes?: { files: string[]; workloads: number; containers: number; mounts: number };
  /** The vulnerability scan behind the `vuln/`, `secret/` and `license/` findings; absent when no scan ran. */
  scan?: ScanFacts;
  /**
   * What changed against a previous run's imagegate.json (`--baseline-report`; `file` as the user named it) or a
   * baseline image (`--baseline-image`; `file` is its reference). `families`, when set, are the rule families that
   * were compared: a baseline image brings no Dockerfile, compose files or allowlist state of its own.
   */
  baseline?: BaselineComparison & { file: string; families?: RuleFamily[] };
  /** The image compared with: the baseline image, or the image recorded in the baseline report. */
  baselineImage?: BaselineImageSummary;
  /** With a policy ref (a pull request's base): which policy decided, and where it was read. */
  policySource?: PolicySourceInfo;
  /** What the working tree's (the pull request's) policy changes against the deciding one, relaxations first. */
  policyChanges?: PolicyChange[];
  /** The working tree's policy evaluated beside (`--evaluate-head-policy`); it does not decide. */
  headPolicy?: { verdict: Verdict; failOn: FailOn; counts: SeverityCounts };
  /** The size and layer budgets the deciding policy sets for this image, with what the image uses of each. */
  budgets?: BudgetUsage[];
  /** What the run could not check although the policy asks (a rule whose scanner is off): shown, never silent. */
  warnings?: string[];
  /** The SLSA provenance facts checked (policy `provenance:`); absent when the policy asks nothing of provenance. */
  provenance?: ProvenanceSummary;
  /** No image was checked, only compose files (`imagegate check --compose FILE` alone): reports say so. */
  composeOnly?: true;
  /** What the policy's `signatures:` had checked and what verified (summary.md's Signatures section). */
  signatures?: { trustRoot: string; rows: SignatureSummaryRow[] };
  /**
   * Several platforms of a multi-platform image gated in one run (`--platform all`): one entry per platform, in
   * index order. `image` is then the first platform's, and each finding names its `platforms`.
   */
  platforms?: PlatformRun[];
}

/** How reports name what was checked: the image's reference or ID, or `compose files only`. */
export function checkedLabel(result: Pick<RunResult, 'image' | 'composeOnly'>): string {
  if (result.composeOnly) return COMPOSE_ONLY_LABEL;
  return result.image.reference || result.image.id;
}

export const COMPOSE_ONLY_LABEL = 'compose files only';

/** RunResult.image of a compose-only run: nothing to show, and every report checks `composeOnly` first. */
export const NO_IMAGE: ImageFacts = {
  source: 'daemon',
  id: '',
  repoTags: [],
  repoDigests: [],
  platform: { os: '', architecture: '' },
  size: 0,
  config: { user: '', env: [], entrypoint: null, cmd: null, workingDir: '', labels: {}, exposedPorts: [] },
  layers: [],
  history: [],
};

/** What size and layer deltas need of a baseline image. */
export interface BaselineImageSummary {
  /** Its reference, else its image ID. */
  name: string;
  size: number;
  compressedSize?: number;
  layers: Array<{ diffId: string; size: number; createdBy?: string }>;
}

export type { SourceLocation };
export type { RuleFamily, Verdict };

/** One run's result and the report files written for it: what the publishers take. */
export interface PipelineOutcome {
  result: RunResult;
  reports: ReportPaths;
  /** SARIF category used for this image (publishers upload under it). */
  category: string;
  /** The OpenVEX document `--vex-out` wrote (absolute), when the run accepted an exception to export. */
  vexFile?: string;
  /** The signed verification summary `--attest` wrote (absolute). */
  attestationFile?: string;
}
