import type { PipelineOutcome } from '../report/run-result.js';
import type { Logger } from '../util/logger.js';
import { analysisTarget } from './event-context.js';
import { buildDependencySnapshot, snapshotCorrelator, type SnapshotPackage } from './dependency-snapshot.js';
import type { GitHubClient } from './github-client.js';
import { failureOrWarning, type GitHubPublishing, type PublishStepResult } from './publish-github.js';

/**
 * The Action's `dependency-snapshot: true`: the image's packages submitted to GitHub's dependency graph, after the
 * reports are written (the caller runs publishers only then). Needs `contents: write`; a 403 where the token may be
 * read-only is a warning naming that permission, as for the other publishers; the gate never depends on it.
 */
export async function submitDependencySnapshot(
  outcome: PipelineOutcome,
  github: GitHubPublishing,
  client: GitHubClient,
  logger: Logger,
  env: Record<string, string | undefined>,
): Promise<PublishStepResult & { id?: number }> {
  const { result } = outcome;
  if (!result.scan || result.composeOnly) {
    logger.info('dependency snapshot skipped: no scan ran, so there is no package list to submit');
    return { notes: [] };
  }
  const { context } = github;
  try {
    const target = analysisTarget(context);
    const built = buildDependencySnapshot(
      result.scan as typeof result.scan & { packages?: readonly SnapshotPackage[] },
      {
        sha: target.commitSha,
        ref: target.ref,
        imageReference: result.image.reference || result.image.id,
        ...(result.image.digest ? { imageDigest: result.image.digest } : {}),
      },
      {
        correlator: snapshotCorrelator(env, outcome.category),
        id: env.GITHUB_RUN_ID ?? '0',
      },
      result.finishedAt,
    );
    const notes: string[] = [];
    if (!built.complete) {
      const text =
        'the scan had no full package list (Trivy without --list-all-pkgs), so the dependency snapshot holds only ' +
        'the packages that vulnerabilities name';
      logger.warning(text);
      notes.push(`> ⚠️ Dependency snapshot: ${text}.`);
    }
    const response = await client.request<{ id?: unknown; result?: unknown }>(
      'POST',
      `/repos/${encodeURIComponent(context.owner)}/${encodeURIComponent(context.repo)}/dependency-graph/snapshots`,
      built.snapshot,
    );
    const id = typeof response.data.id === 'number' ? response.data.id : undefined;
    logger.info(
      `dependency snapshot: ${built.packages} packages submitted for ${target.ref}` +
        `${id !== undefined ? ` (snapshot ${id})` : ''}` +
        `${built.withoutPurl > 0 ? `; ${built.withoutPurl} without a package URL left out` : ''}`,
    );
    return { notes, ...(id !== undefined ? { id } : {}) };
  } catch (error) {
    return failureOrWarning(error, 'Dependency snapshot', context, logger, 'contents: write');
  }
}
