import type { ScanFacts } from '../scan/types.js';
import { VERSION } from '../version.js';

/**
 * The image's packages as a snapshot for GitHub's dependency submission API
 * (`POST /repos/{owner}/{repo}/dependency-graph/snapshots`, snapshot `version: 0`), the shape Trivy's
 * `--format github` writes: one manifest per Trivy result target, each package keyed by `name@version` with its purl.
 * Built from the scan's full package list (`--list-all-pkgs`); without it, from the packages vulnerabilities name,
 * and `complete` says so.
 */

/** What a package needs to be submitted; the scan's PackageFacts (issue 14 item 1) has these fields. */
export interface SnapshotPackage {
  name: string;
  version: string;
  purl?: string;
  target: string;
  pkgType: string;
}

export interface SnapshotJob {
  /** Same correlator across runs of the same workflow job and image: GitHub replaces the previous snapshot. */
  correlator: string;
  /** GITHUB_RUN_ID. */
  id: string;
  htmlUrl?: string;
}

export interface SnapshotResolved {
  package_url: string;
  relationship: 'direct' | 'indirect';
  scope: 'runtime' | 'development';
  dependencies: string[];
}

export interface SnapshotManifest {
  name: string;
  resolved: Record<string, SnapshotResolved>;
}

export interface DependencySnapshot {
  version: 0;
  job: { correlator: string; id: string; html_url?: string };
  sha: string;
  ref: string;
  detector: { name: string; version: string; url: string };
  scanned: string;
  metadata: Record<string, string>;
  manifests: Record<string, SnapshotManifest>;
}

export interface BuiltSnapshot {
  snapshot: DependencySnapshot;
  /** Packages submitted. */
  packages: number;
  /** False when the scan had no package list and the snapshot holds only packages vulnerabilities name. */
  complete: boolean;
  /** Packages left out because Trivy gave no purl (GitHub needs one). */
  withoutPurl: number;
}

/** GitHub's limits on strings in a snapshot are not documented per field; long scanner text is cut here. */
const MAX_NAME = 512;
/** Package URLs are `pkg:type/…`; anything else is not something GitHub can read. */
const PURL = /^pkg:[a-z][a-z0-9.+-]*\//i;

export function buildDependencySnapshot(
  scan: ScanFacts & { packages?: readonly SnapshotPackage[] },
  target: { sha: string; ref: string; imageReference: string; imageDigest?: string },
  job: SnapshotJob,
  scanned: string,
): BuiltSnapshot {
  const complete = scan.packages !== undefined;
  const packages: readonly SnapshotPackage[] =
    scan.packages ??
    scan.vulnerabilities.map((v) => ({
      name: v.pkgName,
      version: v.installedVersion,
      target: v.target,
      pkgType: v.pkgType,
      ...(v.purl !== undefined ? { purl: v.purl } : {}),
    }));
  // Null-prototype maps: a package or target named `__proto__` is just a key.
  const manifests: Record<string, SnapshotManifest> = Object.create(null) as Record<string, SnapshotManifest>;
  let count = 0;
  let withoutPurl = 0;
  for (const pkg of packages) {
    if (!pkg.purl || !PURL.test(pkg.purl)) {
      withoutPurl += 1;
      continue;
    }
    const manifestName = cut(pkg.target || pkg.pkgType || 'image');
    const manifest = (manifests[manifestName] ??= {
      name: cut(pkg.pkgType || manifestName),
      resolved: Object.create(null) as Record<string, SnapshotResolved>,
    });
    const key = cut(`${pkg.name}@${pkg.version}`);
    if (manifest.resolved[key]) continue;
    // Everything in the image ships with it: runtime scope; the image's own packages are its direct dependencies.
    manifest.resolved[key] = { package_url: cut(pkg.purl), relationship: 'direct', scope: 'runtime', dependencies: [] };
    count += 1;
  }
  const metadata: Record<string, string> = { 'imagegate:image': cut(target.imageReference) };
  if (target.imageDigest) metadata['imagegate:image-digest'] = cut(target.imageDigest);
  if (!complete) metadata['imagegate:package-list'] = 'vulnerable packages only (the scan had no --list-all-pkgs data)';
  return {
    snapshot: {
      version: 0,
      job: { correlator: cut(job.correlator), id: cut(job.id), ...(job.htmlUrl ? { html_url: job.htmlUrl } : {}) },
      sha: target.sha,
      ref: target.ref,
      detector: { name: 'imagegate', version: VERSION, url: 'https://github.com/imagegate/imagegate' },
      scanned,
      metadata,
      manifests: { ...manifests },
    },
    packages: count,
    complete,
    withoutPurl,
  };
}

/** A correlator per workflow, job and image: a later run of the same job and image replaces its snapshot. */
export function snapshotCorrelator(env: Record<string, string | undefined>, category: string): string {
  return cut([env.GITHUB_WORKFLOW ?? 'workflow', env.GITHUB_JOB ?? 'job', category].join('_'));
}

function cut(text: string): string {
  return text.length > MAX_NAME ? text.slice(0, MAX_NAME) : text;
}
