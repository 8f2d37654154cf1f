import { pathToFileURL } from 'node:url';
import type { PipelineOutcome } from '../report/run-result.js';
import { describeError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { nounFor, plural } from '../util/plural.js';
import { formatBytes } from '../util/units.js';
import { analysisTarget, tokenMayBeReadOnly, type GitHubRunContext } from './event-context.js';
import { GitHubApiError, GitHubClient } from './github-client.js';
import { upsertStickyComment } from './pr-comment.js';
import type { RetryPolicy } from '../http/retry.js';
import type { SarifUploadLimits } from '../report/sarif-batches.js';
import { uploadSarif } from './sarif-upload.js';

/**
 * The GitHub API side of publishing: the code-scanning upload and the sticky PR comment, with the rules for when
 * they are skipped and when their failure fails the step. The gate's verdict never depends on them:
 *
 * - a pull request from a fork gets a read-only token on `pull_request`: both are skipped with a warning;
 * - a 403 on a `pull_request` event (a read-only token the payload cannot reveal, e.g. Dependabot's) is a warning;
 * - any other failure on a trusted event (push, schedule, pull_request_target, …) is reported as an error and fails
 *   the step with exit code 3 once outputs, summary and annotations are written (exit 1 still wins when the gate
 *   failed).
 */

export interface GitHubPublishing {
  context: GitHubRunContext;
  token: string;
  workspace: string;
  limits: SarifUploadLimits;
  /** Waits between processing-status polls; empty = do not wait. */
  pollDelaysMs: readonly number[];
  retry?: Partial<RetryPolicy>;
}

export interface PublishStepResult {
  /** Markdown lines for the comment and summary (already escaped). */
  notes: string[];
  /** Why the step must fail; undefined when it need not. */
  failure?: string;
}

export interface SarifStepResult extends PublishStepResult {
  ids: string[];
}

/** Why neither the upload nor the comment can work in this run, or undefined. */
export function forkSkipReason(context: GitHubRunContext): string | undefined {
  const pr = context.pullRequest;
  if (!pr || !pr.fromFork || !tokenMayBeReadOnly(context)) return undefined;
  const from = pr.headRepository ? `the fork ${pr.headRepository}` : 'a fork that no longer exists';
  return `pull request #${pr.number} comes from ${from}, and GitHub gives \`${context.eventName}\` runs from forks a read-only token`;
}

export function makeClient(github: GitHubPublishing, logger: Logger): GitHubClient {
  return new GitHubClient({
    apiUrl: github.context.apiUrl,
    token: github.token,
    logger,
    ...(github.retry ? { retry: github.retry } : {}),
  });
}

export async function publishSarifToCodeScanning(
  outcome: PipelineOutcome,
  github: GitHubPublishing,
  client: GitHubClient,
  logger: Logger,
): Promise<SarifStepResult> {
  const { context } = github;
  const target = analysisTarget(context);
  try {
    const report = await uploadSarif(
      client,
      {
        file: outcome.reports.sarif,
        owner: context.owner,
        repo: context.repo,
        target,
        checkoutUri: pathToFileURL(github.workspace).href,
        startedAt: outcome.result.startedAt,
        toolName: 'imagegate',
        limits: github.limits,
        ...(github.pollDelaysMs.length > 0 ? { waitDelaysMs: github.pollDelaysMs } : {}),
      },
      { logger },
    );
    const ids = report.uploads.map((upload) => upload.id);
    const notes: string[] = [];
    if (report.trimmed) {
      const { resultsDropped, rulesDropped } = report.trimmed;
      const text =
        `${resultsDropped} ${nounFor(resultsDropped, 'lowest-severity result')} (and ${plural(rulesDropped, 'rule')} ` +
        `left without results) were left out of the code-scanning upload to ` +
        `fit GitHub's limit of ${formatBytes(github.limits.maxGzipBytes)} gzipped`;
      logger.warning(`${text}; imagegate.json and the gate count every finding`);
      notes.push(
        `> ⚠️ **Code scanning does not get every finding:** ${text}. \`imagegate.json\` and the gate count every finding.`,
      );
    }
    for (const { from, to } of report.renamed) {
      notes.push(
        `> ⚠️ Two SARIF runs shared the category ${codeSpan(from || '(none)')}; one was uploaded as ${codeSpan(to)}.`,
      );
    }
    const failed = report.uploads.filter((upload) => upload.status === 'failed');
    const pending = report.uploads.filter((upload) => upload.status === 'pending');
    if (pending.length > 0) {
      logger.warning(
        `code scanning had not finished processing upload ${pending.map((u) => u.id).join(', ')} when imagegate ` +
          'stopped waiting; see the repository’s Security tab',
      );
    }
    if (failed.length > 0) {
      const errors = failed.flatMap((upload) => upload.errors.map((error) => `${upload.id}: ${error}`));
      const message =
        `code scanning could not process the SARIF upload${failed.length > 1 ? 's' : ''} ` +
        `${failed.map((u) => u.id).join(', ')}${errors.length > 0 ? `: ${errors.join('; ')}` : ''}`;
      logger.error(message);
      notes.push(`> ❌ **Code scanning rejected the upload:** ${escapeInline(message, { maxLength: 1000 })}`);
      return { ids, notes, failure: message };
    }
    const state = report.uploads.every((upload) => upload.status === 'complete') ? 'processed' : 'uploaded';
    logger.info(`code scanning: ${state} (${ids.join(', ')}) for ${target.ref}`);
    return { ids, notes };
  } catch (error) {
    return { ids: [], ...failureOrWarning(error, 'Code scanning upload', context, logger) };
  }
}

export async function publishPullRequestComment(
  github: GitHubPublishing,
  client: GitHubClient,
  comment: { marker: string; body: string },
  logger: Logger,
): Promise<PublishStepResult & { url?: string }> {
  const { context } = github;
  const pr = context.pullRequest!;
  try {
    const result = await upsertStickyComment(
      client,
      { owner: context.owner, repo: context.repo, pullNumber: pr.number, ...comment },
      { logger },
    );
    return { notes: [], url: result.url };
  } catch (error) {
    return failureOrWarning(error, 'Pull request comment', context, logger);
  }
}

/**
 * A 403 where the token may be read-only is a warning; anything else fails the step. With `permission` (a step whose
 * permission workflows often leave out, like `contents: write` for the dependency snapshot), any 403 that is not a
 * rate limit is a warning naming it.
 */
export function failureOrWarning(
  error: unknown,
  what: string,
  context: GitHubRunContext,
  logger: Logger,
  permission?: string,
): PublishStepResult {
  const message = describeError(error);
  const forbidden = error instanceof GitHubApiError && error.status === 403 && !error.rateLimited;
  if (forbidden && permission) {
    logger.warning(`${what} skipped: the token lacks \`permissions: ${permission}\` (${message})`);
    return {
      notes: [
        `> ⚠️ ${what} skipped: the token lacks \`permissions: ${permission}\` (HTTP 403). The gate still decided.`,
      ],
    };
  }
  if (forbidden && tokenMayBeReadOnly(context)) {
    logger.warning(`${what} skipped: ${message}`);
    return {
      notes: [
        `> ⚠️ ${what} skipped: this \`${context.eventName}\` run’s token may not write (HTTP 403). The gate still decided.`,
      ],
    };
  }
  logger.error(message);
  return { notes: [`> ❌ **${what} failed:** ${escapeInline(message, { maxLength: 1000 })}`], failure: message };
}
