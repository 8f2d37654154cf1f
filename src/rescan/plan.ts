import { ConfigurationError } from '../util/errors.js';
import {
  GITHUB_MATRIX_MAX,
  GITLAB_PARALLEL_MAX,
  RESCAN_SCHEMA_VERSION,
  type LedgerEntry,
  type PlannedScan,
  type RescanLedger,
  type RescanPlan,
  type SkippedScan,
} from './types.js';

/**
 * From what the registry holds (selected tags and their digests), the ledger and the current Trivy DB to the plan:
 * each digest once, digests the ledger saw with the current DB skipped, the rest dealt round-robin over shards.
 * Pure: the same inputs give the same plan, byte for byte, whatever order the registry answered in.
 */

/** One selected tag and the digest `HEAD` on its manifest answered. */
export interface TagDigest {
  repository: string;
  tag: string;
  digest: string;
}

export interface PlanInput {
  /** The registry as references name it (`127.0.0.1:5000`, `ghcr.io`). */
  registry: string;
  /** The repositories looked at (also those where no tag was selected). */
  repositories: readonly string[];
  images: readonly TagDigest[];
  ledger?: RescanLedger;
  /** `UpdatedAt` of the current Trivy DB, when known. */
  trivyDbUpdatedAt?: string;
  /** Requested number of shards (`--shards`); default one per scan, at most GITLAB_PARALLEL_MAX. */
  shards?: number;
  now: Date;
}

/** Without a known DB, a digest scanned this recently is not scanned again (Trivy's DB is rebuilt every 6–24 h). */
export const UNKNOWN_DB_FRESHNESS_MS = 24 * 60 * 60 * 1000;

/** The default number of shards never exceeds what both CI engines accept in one matrix. */
export const DEFAULT_MAX_SHARDS = GITLAB_PARALLEL_MAX;

export function buildPlan(input: PlanInput): RescanPlan {
  const groups = groupByDigest(input.images);
  const scans: PlannedScan[] = [];
  const skipped: SkippedScan[] = [];
  for (const group of groups) {
    const [primary, ...others] = group.repositories;
    if (!primary) continue;
    const image = { repository: primary.repository, digest: group.digest, tags: primary.tags };
    const entry = input.ledger?.entries[group.digest];
    const skip = entry ? skipReason(entry, input.trivyDbUpdatedAt, input.now) : undefined;
    if (skip !== undefined) {
      skipped.push({ ...image, reason: 'unchanged', detail: skip, ...(others.length > 0 ? { alsoIn: others } : {}) });
    } else {
      scans.push({
        ...image,
        reference: `${input.registry}/${primary.repository}@${group.digest}`,
        ...(others.length > 0 ? { alsoIn: others } : {}),
      });
    }
  }
  const order = (a: { repository: string; tags: string[]; digest: string }, b: typeof a) =>
    compare(a.repository, b.repository) || compare(a.tags[0] ?? '', b.tags[0] ?? '') || compare(a.digest, b.digest);
  scans.sort(order);
  skipped.sort(order);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    createdAt: input.now.toISOString(),
    registry: input.registry,
    ...(input.trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt: input.trivyDbUpdatedAt } : {}),
    shards: shardCount(scans.length, input.shards),
    scans,
    skipped,
    counts: {
      repositories: new Set(input.repositories).size,
      tags: new Set(input.images.map((image) => `${image.repository}:${image.tag}`)).size,
      digests: groups.length,
      toScan: scans.length,
      skipped: skipped.length,
    },
  };
}

/**
 * Why a digest the ledger has need not be scanned again, or undefined when it must be: with a known current DB,
 * the ledger's scan must have used that same DB; with an unknown one, the scan must be less than 24 h old.
 */
export function skipReason(entry: LedgerEntry, currentDb: string | undefined, now: Date): string | undefined {
  if (currentDb !== undefined) {
    if (entry.trivyDbUpdatedAt === undefined || !sameTime(entry.trivyDbUpdatedAt, currentDb)) return undefined;
    return `scanned ${entry.lastScan} with the current Trivy DB (UpdatedAt ${currentDb})`;
  }
  const age = now.getTime() - Date.parse(entry.lastScan);
  if (!(age >= 0 && age < UNKNOWN_DB_FRESHNESS_MS)) return undefined;
  return `scanned ${entry.lastScan}, less than 24 h ago; the current Trivy DB is unknown (no --trivy-db-updated-at and no metadata.json in the Trivy cache)`;
}

/** Two instants written differently (`…Z` and `…+00:00`, with or without fractions) are the same DB. */
function sameTime(a: string, b: string): boolean {
  const [x, y] = [Date.parse(a), Date.parse(b)];
  return Number.isNaN(x) || Number.isNaN(y) ? a === b : x === y;
}

/** 1 ≤ shards ≤ max(1, scans): the request capped, else one per scan up to DEFAULT_MAX_SHARDS. */
export function shardCount(scans: number, requested: number | undefined): number {
  const wanted = requested ?? DEFAULT_MAX_SHARDS;
  return Math.max(1, Math.min(wanted, scans));
}

/** The scans of shard `index` (1-based) of a plan: scans[i] with i mod shards = index − 1. */
export function scansOfShard(plan: Pick<RescanPlan, 'scans' | 'shards'>, index: number): PlannedScan[] {
  return plan.scans.filter((_, i) => i % plan.shards === index - 1);
}

/** Shards that have scans: none when there is nothing to scan, else 1..plan.shards. */
export function activeShards(plan: Pick<RescanPlan, 'scans' | 'shards'>): number {
  return plan.scans.length === 0 ? 0 : plan.shards;
}

/** GitHub runs at most 256 jobs of one matrix: more shards cannot be expressed as one matrix. */
export function checkGitHubShards(plan: Pick<RescanPlan, 'scans' | 'shards'>): void {
  const shards = activeShards(plan);
  if (shards > GITHUB_MATRIX_MAX) {
    throw new ConfigurationError(
      `--shards ${shards}: a GitHub Actions matrix runs at most ${GITHUB_MATRIX_MAX} jobs; ` +
        `give --shards ${GITHUB_MATRIX_MAX} or fewer (each shard then scans several images)`,
    );
  }
}

interface DigestGroup {
  digest: string;
  /** Sorted by repository name; each with its tags sorted. */
  repositories: Array<{ repository: string; tags: string[] }>;
}

function groupByDigest(images: readonly TagDigest[]): DigestGroup[] {
  const byDigest = new Map<string, Map<string, Set<string>>>();
  for (const { repository, tag, digest } of images) {
    const repositories = byDigest.get(digest) ?? new Map<string, Set<string>>();
    byDigest.set(digest, repositories);
    const tags = repositories.get(repository) ?? new Set<string>();
    repositories.set(repository, tags);
    tags.add(tag);
  }
  return [...byDigest]
    .sort(([a], [b]) => compare(a, b))
    .map(([digest, repositories]) => ({
      digest,
      repositories: [...repositories]
        .sort(([a], [b]) => compare(a, b))
        .map(([repository, tags]) => ({ repository, tags: [...tags].sort(compare) })),
    }));
}

/** Code-unit order: the same on every machine, whatever its locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
