import type { FailOn } from '../policy/types.js';
import { bySeverity, type Finding, type Severity, type SeverityCounts } from '../model/findings.js';
import type { ContentFacts, LayerContentFacts, WastedFile } from '../image/layers/content-facts.js';
import type { HistoryEntry, ImageFacts, ImageSourceKind, LayerFacts } from '../image/facts.js';
import type { RuleFamily, RunResult, SourceLocation, Verdict } from './run-result.js';
import type { TrivyVerification } from '../scan/install/release-trust.js';
import type { PlatformRun } from './platform-merge.js';
import type { ScanFacts } from '../scan/types.js';
import type { BudgetUsage } from '../checks/budgets.js';

/**
 * `imagegate.json`: the documented, versioned serialization of a run (schemas/imagegate-result.schema.json).
 * Scripts and later runs (`--baseline-report`) read it, so every key is always present and an unknown value is
 * `null` rather than a missing key. Adding an optional section keeps `schemaVersion` 1; renaming or removing a key,
 * or changing a value's meaning, bumps it. Sections added within version 1 (`familyFailOn`, `scan`, `baseline`, `compose`, `budgets`,
 * `provenance`, `signatures`, `notChecked`)
 * are always written, but the schema does not require them, so documents written before them stay valid.
 */

export const RESULT_SCHEMA_VERSION = 1;
export const RESULT_FILE_NAME = 'imagegate.json';

export interface ResultSourceLocation {
  /** Repository-relative, `/` separators (absolute only when the file lies outside the repository). */
  path: string;
  line: number;
  column: number | null;
}

export interface ResultImageLocation {
  image: string;
  /** Layer diffId, when the finding concerns one layer. */
  layer: string | null;
}

export interface ResultSuppression {
  by: 'allowlist' | 'vex';
  /** VEX only (null for allowlist entries). */
  author: string | null;
  timestamp: string | null;
  status: string | null;
  justification: string | null;
  reason: string;
  expires: string | null;
  /** Where the allowlist entry that matched is written. */
  source: ResultSourceLocation | null;
}

export interface ResultFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  location: ResultSourceLocation | ResultImageLocation;
  fingerprint: string;
  suppressed: boolean;
  suppression: ResultSuppression | null;
  properties: Record<string, string | number | boolean | null>;
  /** The platforms it was found on; only in a run that gated several platforms (`--platform all`). */
  platforms?: string[];
}

/** One platform of a run that gated several (`--platform all`); `image` is then the first platform's. */
export interface ResultPlatform {
  platform: string;
  imageId: string;
  digest: string | null;
  size: number;
  compressedSize: number | null;
  layers: number;
  counts: SeverityCounts;
  vulnerabilities: SeverityCounts;
  verdict: Verdict;
  reportDir: string;
}

/** One filesystem layer, bottom first. */
export interface ResultLayer {
  index: number;
  diffId: string;
  digest: string | null;
  size: number;
  compressedSize: number | null;
  mediaType: string | null;
  /** Index into `image.history` of the entry that made the layer. */
  historyIndex: number | null;
  createdBy: string | null;
  created: string | null;
  /** The Dockerfile instruction that made the layer (the `FROM` line for base-image layers). */
  instruction: ResultSourceLocation | null;
}

/** One entry of the image config's history, metadata-only ones (ENV, USER, …) included. */
export interface ResultHistoryEntry {
  index: number;
  createdBy: string;
  created: string | null;
  comment: string | null;
  emptyLayer: boolean;
  /** Index into `image.layers` of the layer this entry made; null for metadata-only entries. */
  layerIndex: number | null;
}

export interface ResultImage {
  reference: string | null;
  id: string;
  digest: string | null;
  source: ImageSourceKind;
  platform: { os: string; architecture: string; variant: string | null };
  created: string | null;
  size: number;
  compressedSize: number | null;
  layerCount: number;
  /** The config's User as written; empty when unset (the container runs as root). */
  user: string;
  labels: Record<string, string>;
  repoTags: string[];
  repoDigests: string[];
  layers: ResultLayer[];
  history: ResultHistoryEntry[];
  /** What the layers contain (wasted bytes, efficiency, leftovers); null when they were not read. */
  contents: ResultContents | null;
}

/** ContentFacts, with each wasted copy's layers also given as Dockerfile instructions. */
export type ResultContents = Omit<ContentFacts, 'topWasted' | 'layers'> & {
  layers: Array<LayerContentFacts & { index: number }>;
  topWasted: Array<
    WastedFile & { instruction: ResultSourceLocation | null; removedByInstruction: ResultSourceLocation | null }
  >;
};

/** The vulnerability scan behind the scan-family findings: what the scanner found before the policy's filters. */
export interface ResultScan {
  scanner: { name: 'trivy'; version: string | null };
  /** The trivy imagegate ran and how it was verified; null for a report the user brought. */
  binary: { path: string; version: string; verification: TrivyVerification } | null;
  dbUpdatedAt: string | null;
  /** The DB imagegate ran Trivy with: its UpdatedAt, its age at the scan, whether offline; null when unknown. */
  db: { updatedAt: string; downloadedAt: string | null; ageSeconds: number; offline: boolean } | null;
  /** Trivy's results came from the scan cache instead of a run: when they were saved, their age; else null. */
  cached: { savedAt: string; ageSeconds: number } | null;
  artifact: { name: string; type: string | null };
  /** Records in the scanner's report, before filters, allowlist and deduplication. */
  found: { vulnerabilities: number; secrets: number; licenses: number };
  /** The CISA KEV and EPSS feeds the gate used, with their SHA-256 (issue 18); empty when none was read. */
  feeds: ResultFeed[];
}

export interface ResultFeed {
  feed: 'kev' | 'epss';
  origin: 'file' | 'download' | 'cache';
  source: string;
  sha256: string;
  bytes: number;
  downloadedAt: string | null;
  version: string | null;
  entries: number;
}

/** What changed against `--baseline-report`: active findings only, matched by fingerprint. */
export interface ResultBaseline {
  file: string;
  /** `count` findings; `fingerprints` distinct (two findings of one problem share one). */
  new: { count: number; fingerprints: string[] };
  fixed: { count: number; fingerprints: string[] };
  unchanged: number;
}

export interface ImagegateResultDocument {
  schemaVersion: typeof RESULT_SCHEMA_VERSION;
  tool: { name: 'imagegate'; version: string };
  startedAt: string;
  finishedAt: string;
  verdict: Verdict;
  failOn: FailOn;
  /** Gate thresholds that replace failOn for one rule family (`vuln` → `vulnerabilities.failOn`). */
  familyFailOn: Partial<Record<RuleFamily, FailOn>>;
  /** null when no image was checked (compose files only). */
  image: ResultImage | null;
  dockerfile: string | null;
  policy: ResultPolicy;
  findings: ResultFinding[];
  /** Active (not suppressed) findings per severity. */
  counts: SeverityCounts;
  suppressedCount: number;
  /** null when no scan ran (`--skip-scan`). */
  scan: ResultScan | null;
  /** null when no baseline report was given. */
  baseline: ResultBaseline | null;
  /** The compose projects checked beside the image; null when none was. */
  compose: ResultCompose | null;
  /** The Kubernetes manifests checked; null when none was. */
  kubernetes: ResultKubernetes | null;
  /** The size and layer budgets the policy sets, with what the image uses of each (empty when it sets none). */
  budgets: ResultBudget[];
  /** What the policy's `signatures:` had checked and what verified; null when the policy has no `signatures:`. */
  signatures: NonNullable<RunResult['signatures']> | null;
  /** The SLSA provenance facts checked (policy `provenance:`); null when the policy asks nothing of provenance. */
  provenance: ResultProvenance | null;
  /** Each platform gated, in index order, when the run gated several (`--platform all` or a list); else null. */
  platforms: ResultPlatform[] | null;
  /**
   * What the policy asks that this run could not check, and why (the summary's "Not checked" lines): a rule whose
   * scanner was off, base freshness offline or unreachable, provenance that could not be read. Empty when everything
   * asked was checked. May quote registry answers and image labels: untrusted text.
   */
  notChecked: string[];
}

/** Provenance as read (untrusted registry text); `unread` says why none could be read although asked. */
export interface ResultProvenance {
  unread: string | null;
  documents: Array<{
    origin: string;
    predicateType: string;
    buildType: string | null;
    builderId: string;
    source: { repository: string; ref: string | null; digest: string | null } | null;
    bases: Array<{ uri: string; image: string | null; digest: string | null; pinned: boolean }>;
    /** null when the policy names no `provenance.signers` (nothing was verified). */
    signature: { status: string; signer: string | null; reason: string | null } | null;
  }>;
}

/** One budget: `headroom` is limit − used (used − limit for `minEfficiency`), negative when exceeded. */
export type ResultBudget = Omit<BudgetUsage, 'layer' | 'layersOver'> & {
  /** layers.maxLayerSize: the largest layer's index, and how many layers exceed the budget; null otherwise. */
  layer: number | null;
  layersOver: number | null;
};

/**
 * The policy applied. With a policy ref (a pull request's base), also where the deciding policy was read, what the
 * working tree's policy changes against it, and by option that policy's verdict (which did not decide).
 */
export interface ResultPolicy {
  files: string[];
  /** null without a policy ref; the optional fields of the source are written as null. */
  source: {
    origin: NonNullable<RunResult['policySource']>['origin'];
    ref: string | null;
    commit: string | null;
    path: string | null;
    note: string | null;
  } | null;
  changes: NonNullable<RunResult['policyChanges']> | null;
  head: RunResult['headPolicy'] | null;
}

export interface ResultKubernetes {
  files: string[];
  workloads: number;
  containers: number;
  mounts: number;
}

export interface ResultCompose {
  projects: Array<{ name: string; files: string[]; services: number; mounts: number }>;
}

export interface ResultDocumentOptions {
  toolVersion: string;
}

export function toResultDocument(result: RunResult, options: ResultDocumentOptions): ImagegateResultDocument {
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    tool: { name: 'imagegate', version: options.toolVersion },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    verdict: result.verdict,
    failOn: result.failOn,
    familyFailOn: { ...result.familyFailOn },
    image: result.composeOnly ? null : imageSection(result.image, result.layerInstructions),
    dockerfile: result.dockerfile ?? null,
    policy: {
      files: [...result.policyFiles],
      source: result.policySource
        ? {
            origin: result.policySource.origin,
            ref: result.policySource.ref ?? null,
            commit: result.policySource.commit ?? null,
            path: result.policySource.path ?? null,
            note: result.policySource.note ?? null,
          }
        : null,
      changes: result.policyChanges ? result.policyChanges.map((change) => ({ ...change })) : null,
      head: result.headPolicy ? { ...result.headPolicy, counts: { ...result.headPolicy.counts } } : null,
    },
    findings: [...result.findings].sort(bySeverity).map(findingEntry),
    counts: { ...result.counts },
    suppressedCount: result.suppressedCount,
    scan: result.scan ? scanSection(result.scan) : null,
    baseline: result.baseline ? baselineSection(result.baseline) : null,
    compose: result.compose
      ? { projects: result.compose.projects.map((project) => ({ ...project, files: [...project.files] })) }
      : null,
    kubernetes: result.kubernetes ? { ...result.kubernetes, files: [...result.kubernetes.files] } : null,
    budgets: (result.budgets ?? []).map(({ layer, layersOver, ...budget }) => ({
      ...budget,
      layer: layer ?? null,
      layersOver: layersOver ?? null,
    })),
    signatures: result.signatures
      ? { trustRoot: result.signatures.trustRoot, rows: result.signatures.rows.map((row) => ({ ...row })) }
      : null,
    provenance: result.provenance ? provenanceSection(result.provenance) : null,
    platforms: result.platforms ? result.platforms.map(platformEntry) : null,
    notChecked: [...(result.warnings ?? [])],
  };
}

function platformEntry(platform: PlatformRun): ResultPlatform {
  return {
    platform: platform.platform,
    imageId: platform.imageId,
    digest: platform.digest ?? null,
    size: platform.size,
    compressedSize: platform.compressedSize ?? null,
    layers: platform.layers,
    counts: { ...platform.counts },
    vulnerabilities: { ...platform.vulnerabilities },
    verdict: platform.verdict,
    reportDir: platform.reportDir,
  };
}

function provenanceSection(provenance: NonNullable<RunResult['provenance']>): ResultProvenance {
  return {
    unread: provenance.unread ?? null,
    documents: provenance.documents.map((document) => ({
      origin: document.origin,
      predicateType: document.predicateType,
      buildType: document.buildType ?? null,
      builderId: document.builderId,
      source: document.source
        ? {
            repository: document.source.repository,
            ref: document.source.ref ?? null,
            digest: document.source.digest ?? null,
          }
        : null,
      bases: document.bases.map((base) => ({
        uri: base.uri,
        image: base.image ?? null,
        digest: base.digest ?? null,
        pinned: base.pinned,
      })),
      signature: document.signature
        ? {
            status: document.signature.status,
            signer: 'signer' in document.signature ? document.signature.signer : null,
            reason: 'reason' in document.signature ? document.signature.reason : null,
          }
        : null,
    })),
  };
}

function scanSection(scan: ScanFacts): ResultScan {
  return {
    scanner: { name: scan.scanner.name, version: scan.scanner.version ?? null },
    binary: scan.binary ? { ...scan.binary } : null,
    feeds: (scan.feeds ?? []).map((record) => ({
      feed: record.feed,
      origin: record.origin,
      source: record.source,
      sha256: record.sha256,
      bytes: record.bytes,
      downloadedAt: record.downloadedAt ?? null,
      version: record.version ?? null,
      entries: record.entries,
    })),
    dbUpdatedAt: scan.dbUpdatedAt ?? null,
    db: scan.db
      ? {
          updatedAt: scan.db.updatedAt,
          downloadedAt: scan.db.downloadedAt ?? null,
          ageSeconds: scan.db.ageSeconds,
          offline: scan.db.offline,
        }
      : null,
    cached: scan.cached ? { savedAt: scan.cached.savedAt, ageSeconds: scan.cached.ageSeconds } : null,
    artifact: { name: scan.artifactName, type: scan.artifactType ?? null },
    found: {
      vulnerabilities: scan.vulnerabilities.length,
      secrets: scan.secrets.length,
      licenses: scan.licenses.length,
    },
  };
}

function baselineSection(baseline: NonNullable<RunResult['baseline']>): ResultBaseline {
  const fingerprints = (findings: ReadonlyArray<{ fingerprint: string }>) => [
    ...new Set(findings.map((finding) => finding.fingerprint)),
  ];
  return {
    file: baseline.file,
    new: { count: baseline.new.length, fingerprints: fingerprints(baseline.new) },
    fixed: { count: baseline.fixed.length, fingerprints: fingerprints(baseline.fixed) },
    unchanged: baseline.unchanged,
  };
}

function imageSection(image: ImageFacts, instructions: RunResult['layerInstructions']): ResultImage {
  return {
    reference: image.reference ?? null,
    id: image.id,
    digest: image.digest ?? null,
    source: image.source,
    platform: {
      os: image.platform.os,
      architecture: image.platform.architecture,
      variant: image.platform.variant ?? null,
    },
    created: image.created ?? null,
    size: image.size,
    compressedSize: image.compressedSize ?? null,
    layerCount: image.layers.length,
    user: image.config.user,
    labels: { ...image.config.labels },
    repoTags: [...image.repoTags],
    repoDigests: [...image.repoDigests],
    layers: image.layers.map((layer, index) => layerEntry(layer, index, image.history, instructions[index])),
    history: image.history.map(historyEntry),
    contents: image.contents ? contentsSection(image.contents, instructions) : null,
  };
}

function contentsSection(contents: ContentFacts, instructions: RunResult['layerInstructions']): ResultContents {
  const at = (layer: number) => {
    const instruction = instructions[layer];
    return instruction ? sourceLocation(instruction) : null;
  };
  // The hardening facts (modes, accounts) stay out of the report: the fs/* and user/* findings say what matters,
  // and the account databases of an image are not the report's to publish.
  const { filesystem: _filesystem, ...summary } = contents;
  return {
    ...summary,
    layers: contents.layers.map((layer, index) => ({ index, ...layer })),
    topWasted: contents.topWasted.map((wasted) => ({
      ...wasted,
      instruction: at(wasted.layer),
      removedByInstruction: at(wasted.removedBy),
    })),
  };
}

function layerEntry(
  layer: LayerFacts,
  index: number,
  history: readonly HistoryEntry[],
  instruction: SourceLocation | undefined,
): ResultLayer {
  const made = layer.historyIndex === undefined ? undefined : history[layer.historyIndex];
  return {
    index,
    diffId: layer.diffId,
    digest: layer.digest ?? null,
    size: layer.size,
    compressedSize: layer.compressedSize ?? null,
    mediaType: layer.mediaType ?? null,
    historyIndex: layer.historyIndex ?? null,
    createdBy: made?.createdBy ?? null,
    created: made?.created ?? null,
    instruction: instruction ? sourceLocation(instruction) : null,
  };
}

function historyEntry(entry: HistoryEntry, index: number): ResultHistoryEntry {
  return {
    index,
    createdBy: entry.createdBy,
    created: entry.created ?? null,
    comment: entry.comment ?? null,
    emptyLayer: entry.emptyLayer,
    layerIndex: entry.layerIndex ?? null,
  };
}

function sourceLocation(location: SourceLocation): ResultSourceLocation {
  return { path: location.path, line: location.line, column: location.column ?? null };
}

function findingEntry(finding: Finding): ResultFinding {
  const { location, suppressedBy } = finding;
  return {
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    location:
      location.kind === 'source' ? sourceLocation(location) : { image: location.image, layer: location.layer ?? null },
    fingerprint: finding.fingerprint,
    suppressed: suppressedBy !== undefined,
    suppression: suppressedBy
      ? {
          by: suppressedBy.by ?? 'allowlist',
          author: suppressedBy.author ?? null,
          timestamp: suppressedBy.timestamp ?? null,
          status: suppressedBy.status ?? null,
          justification: suppressedBy.justification ?? null,
          reason: suppressedBy.reason,
          expires: suppressedBy.expires ?? null,
          source: suppressedBy.source ? sourceLocation(suppressedBy.source) : null,
        }
      : null,
    properties: { ...finding.properties },
    ...(finding.platforms ? { platforms: [...finding.platforms] } : {}),
  };
}
