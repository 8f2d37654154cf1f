/**
 * The files scheduled re-scans exchange between CI jobs: the plan (one `rescan plan` job), the results of each shard
 * (`rescan run` in matrix jobs) and the ledger (`rescan merge`, carried from one night to the next). Users and
 * workflows script against these shapes: every change is additive, and each file says its `schemaVersion`.
 */

export const RESCAN_SCHEMA_VERSION = 1;

/** GitHub refuses a matrix of more than 256 jobs. */
export const GITHUB_MATRIX_MAX = 256;
/** GitLab refuses `parallel:matrix` with more than 200 jobs. */
export const GITLAB_PARALLEL_MAX = 200;

/** An image in the registry: one digest and the tags of one repository that point at it. */
export interface RescanImage {
  /** Repository path in the registry, e.g. `team/api`. */
  repository: string;
  /** Manifest digest (of the index for a multi-platform image), as `HEAD` on the manifest answered. */
  digest: string;
  /** The selected tags of `repository` that point at `digest`, sorted. */
  tags: string[];
}

/** One digest to scan. Identical digests across tags and repositories are scanned once. */
export interface PlannedScan extends RescanImage {
  /** Digest-pinned reference to scan: `<registry>/<repository>@<digest>`. */
  reference: string;
  /** Other repositories whose selected tags point at the same digest (not scanned again). */
  alsoIn?: Array<{ repository: string; tags: string[] }>;
}

export type SkipReason = 'unchanged';

/** A digest not scanned this time, and why (`unchanged`: the ledger has it, scanned with the current Trivy DB). */
export interface SkippedScan extends RescanImage {
  reason: SkipReason;
  /** As for a planned scan: the other repositories whose selected tags point at this digest (added later). */
  alsoIn?: Array<{ repository: string; tags: string[] }>;
  /** Human-readable detail, e.g. "scanned 2026-11-26T02:00:00Z with the Trivy DB of 2026-11-26T00:51:12Z". */
  detail?: string;
}

/** `DIR/plan.json`, written by `imagegate rescan plan`. */
export interface RescanPlan {
  schemaVersion: typeof RESCAN_SCHEMA_VERSION;
  /** When the plan was made (ISO 8601). */
  createdAt: string;
  /** The registry as given (`https://host[:port]` or `host[:port]`), and the host used in references. */
  registry: string;
  /** The Trivy DB the ledger was compared against (`UpdatedAt` of its metadata), when known. */
  trivyDbUpdatedAt?: string;
  /** Number of shards the scans are split into (1 ≤ shards ≤ max(1, scans.length)). */
  shards: number;
  /** In shard order: scans[i] belongs to shard (i mod shards) + 1. */
  scans: PlannedScan[];
  skipped: SkippedScan[];
  counts: {
    repositories: number;
    /** Tags selected by the rules (and resolved to a digest). */
    tags: number;
    /** Distinct digests among the selected tags. */
    digests: number;
    toScan: number;
    skipped: number;
  };
}

/** Everything the ledger remembers about one digest. */
export interface LedgerEntry {
  repository: string;
  tags: string[];
  /** When it was last scanned (ISO 8601). */
  lastScan: string;
  /** `UpdatedAt` of the Trivy DB used for that scan, when known. */
  trivyDbUpdatedAt?: string;
  /**
   * Fingerprints (Finding.fingerprint) of the scan's active findings (not suppressed by an allowlist entry), sorted:
   * "new" means not in this set, so a finding whose allowlist entry expires shows up as new (as with a baseline).
   */
  fingerprints: string[];
  /** The gate's verdict at that scan. */
  verdict: 'pass' | 'fail';
}

/** The ledger file, carried from one scheduled run to the next (actions/cache, an artifact or a GitLab cache). */
export interface RescanLedger {
  schemaVersion: typeof RESCAN_SCHEMA_VERSION;
  updatedAt: string;
  /** Keyed by manifest digest. */
  entries: Record<string, LedgerEntry>;
}

/** The outcome of one planned scan in a shard. */
export interface ShardScanResult extends RescanImage {
  reference: string;
  status: 'scanned' | 'failed';
  /** For `failed`: the error message (exit-code class and text), never a stack trace. */
  error?: string;
  exitCode?: number;
  verdict?: 'pass' | 'fail';
  trivyDbUpdatedAt?: string;
  /** Fingerprints of the active findings (sorted), as the ledger keeps them. */
  fingerprints?: string[];
  /** Findings whose fingerprint the ledger did not have for this digest (or all, for a digest new to the ledger). */
  newFindings?: number;
  /** Where this scan's imagegate.json, imagegate.sarif and summary.md are, relative to the shard's out dir. */
  outDir?: string;
  finishedAt?: string;
}

/** `DIR/rescan-result.json`, written by `imagegate rescan run` and rewritten after every scan (a crash loses nothing). */
export interface ShardResult {
  schemaVersion: typeof RESCAN_SCHEMA_VERSION;
  /** `createdAt` of the plan the shard came from, so a merge can refuse results of another plan. */
  planCreatedAt: string;
  /** `K/N`. */
  shard: string;
  startedAt: string;
  /** Set once every scan of the shard has an outcome; absent when the run stopped midway. */
  finishedAt?: string;
  /** Scans of the shard in plan order; a scan not yet run has no entry. */
  scans: ShardScanResult[];
  /** Scans of the shard the plan listed, so a merge can tell a shard that stopped midway. */
  planned: number;
}
