import { activeShards, checkGitHubShards, scansOfShard } from './plan.js';
import type { RescanPlan } from './types.js';

/**
 * `DIR/github-matrix.json`: the plan's shards as a GitHub Actions matrix (`strategy.matrix: ${{ fromJSON(…) }}`),
 * one entry per shard with its digest-pinned references. GitHub rejects an empty matrix, so a workflow must skip
 * the matrix job when the plan has nothing to scan (`toScan=0` on the plan's stdout, `counts.toScan` in plan.json).
 */

export interface GitHubMatrixEntry {
  /** `K/N`, as `imagegate rescan run --shard` takes it. */
  shard: string;
  /** The shard's references, space-separated (for display; the run reads them from plan.json). */
  references: string;
  /** The shard's repositories, space-separated and sorted (for job names and SARIF categories). */
  repositories: string;
}

export interface GitHubMatrix {
  include: GitHubMatrixEntry[];
}

/** The matrix of a plan; throws a ConfigurationError when the plan has more shards than GitHub runs. */
export function githubMatrix(plan: Pick<RescanPlan, 'scans' | 'shards'>): GitHubMatrix {
  checkGitHubShards(plan);
  const include: GitHubMatrixEntry[] = [];
  const shards = activeShards(plan);
  for (let index = 1; index <= shards; index += 1) {
    const scans = scansOfShard(plan, index);
    include.push({
      shard: `${index}/${shards}`,
      references: scans.map((scan) => scan.reference).join(' '),
      repositories: [...new Set(scans.map((scan) => scan.repository))].sort().join(' '),
    });
  }
  return { include };
}
