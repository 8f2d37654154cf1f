import { readFile } from 'node:fs/promises';
import { ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { AnalysisTarget } from './event-context.js';
import { GitHubApiError, type GitHubClient } from './github-client.js';
import { prepareSarif, type SarifUploadLimits } from '../report/sarif-batches.js';

/**
 * The code-scanning upload (`POST /repos/{owner}/{repo}/code-scanning/sarifs`), done the way upload-sarif does it
 * minus its fingerprinting (imagegate's results carry their own): base64 of the gzipped file, the commit and ref
 * of the analysis, the checkout URI and start time; then, when asked, polling the upload until GitHub has
 * processed it, since a file GitHub rejects while processing is otherwise a silent loss of alerts.
 */

export interface SarifUploadRequest {
  file: string;
  owner: string;
  repo: string;
  target: AnalysisTarget;
  /** `file://` URI of the workspace: where GitHub resolves the SARIF's relative paths. */
  checkoutUri: string;
  startedAt: string;
  toolName: string;
  limits: SarifUploadLimits;
  /** Waits between polls of the processing status; undefined = do not wait. */
  waitDelaysMs?: readonly number[];
}

export type ProcessingStatus = 'pending' | 'complete' | 'failed' | 'not-waited';

export interface SarifUploadReport {
  uploads: Array<{ id: string; url?: string; categories: string[]; status: ProcessingStatus; errors: string[] }>;
  /** Results and rules left out to fit the size limit, summed over the uploads. */
  trimmed?: { resultsDropped: number; rulesDropped: number };
  renamed: Array<{ from: string; to: string }>;
}

interface UploadResponse {
  id?: string;
  url?: string;
}

interface StatusResponse {
  processing_status?: string;
  errors?: string[] | null;
}

export async function uploadSarif(
  client: GitHubClient,
  request: SarifUploadRequest,
  context: { logger: Logger; sleep?: (ms: number) => Promise<void> },
): Promise<SarifUploadReport> {
  const { logger } = context;
  const bytes = await readFile(request.file);
  const prepared = prepareSarif(bytes, request.file, request.limits);
  for (const { from, to } of prepared.renamed) {
    logger.warning(`SARIF: two runs had the category '${from}'; the later one is uploaded as '${to}'`);
  }
  const report: SarifUploadReport = { uploads: [], renamed: prepared.renamed };
  const path = `/repos/${encodeURIComponent(request.owner)}/${encodeURIComponent(request.repo)}/code-scanning/sarifs`;
  for (const [index, batch] of prepared.batches.entries()) {
    if (batch.trimmed) {
      report.trimmed = {
        resultsDropped: (report.trimmed?.resultsDropped ?? 0) + batch.trimmed.resultsDropped,
        rulesDropped: (report.trimmed?.rulesDropped ?? 0) + batch.trimmed.rulesDropped,
      };
    }
    const label = prepared.batches.length > 1 ? ` (upload ${index + 1} of ${prepared.batches.length})` : '';
    logger.info(
      `code scanning: uploading ${batch.categories.length} run(s), ${batch.gzipped.length} bytes gzipped, for ` +
        `${request.target.ref} at ${request.target.commitSha}${label}`,
    );
    let response: UploadResponse | undefined;
    try {
      response = (
        await client.request<UploadResponse>('POST', path, {
          commit_sha: request.target.commitSha,
          ref: request.target.ref,
          sarif: batch.gzipped.toString('base64'),
          checkout_uri: request.checkoutUri,
          started_at: request.startedAt,
          tool_name: request.toolName,
        })
      ).data;
    } catch (error) {
      throw explainUploadError(error, request);
    }
    if (!response || typeof response.id !== 'string') {
      throw new ToolError(`code scanning: the upload was accepted but GitHub returned no upload id`, {
        command: `POST ${path}`,
      });
    }
    report.uploads.push({
      id: response.id,
      ...(response.url ? { url: response.url } : {}),
      categories: batch.categories,
      status: 'not-waited',
      errors: [],
    });
  }
  if (request.waitDelaysMs) {
    for (const upload of report.uploads) {
      const outcome = await waitForProcessing(
        client,
        `${path}/${encodeURIComponent(upload.id)}`,
        request.waitDelaysMs,
        {
          logger,
          sleep: context.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
        },
      );
      upload.status = outcome.status;
      upload.errors = outcome.errors;
    }
  }
  return report;
}

/** Polls an upload's status after each delay until GitHub says complete or failed. */
async function waitForProcessing(
  client: GitHubClient,
  path: string,
  delaysMs: readonly number[],
  context: { logger: Logger; sleep: (ms: number) => Promise<void> },
): Promise<{ status: ProcessingStatus; errors: string[] }> {
  for (const delay of delaysMs) {
    await context.sleep(delay);
    let status: StatusResponse | undefined;
    try {
      status = (await client.request<StatusResponse>('GET', path)).data;
    } catch (error) {
      // GitHub may not know a just-made upload yet.
      if (error instanceof GitHubApiError && error.status === 404) continue;
      throw error;
    }
    const state = status?.processing_status;
    context.logger.debug(`code scanning: upload ${path}: ${state ?? 'no status'}`);
    if (state === 'complete') return { status: 'complete', errors: [] };
    if (state === 'failed') return { status: 'failed', errors: (status?.errors ?? []).map(String) };
  }
  return { status: 'pending', errors: [] };
}

/** GitHub's refusals told as what to change: the permission, the repository setting, the input. */
function explainUploadError(error: unknown, request: SarifUploadRequest): unknown {
  if (!(error instanceof GitHubApiError)) return error;
  const repository = `${request.owner}/${request.repo}`;
  const said = error.apiMessage ? ` (GitHub: "${error.apiMessage}")` : '';
  if (error.status === 403 && !error.rateLimited) {
    const disabled = /advanced security|code scanning is not enabled|not opted.?in|code security/i.test(
      error.apiMessage,
    );
    const advice = disabled
      ? `code scanning is not enabled for ${repository}: enable it in the repository's Code security settings ` +
        '(private repositories need GitHub Advanced Security / Code Security)'
      : 'the token may not upload code-scanning results: give the job `permissions: security-events: write` ' +
        '(pull requests from forks and Dependabot only ever get a read-only token), and check that code ' +
        `scanning is enabled for ${repository}`;
    return error.explained(
      `code scanning upload refused with HTTP 403${said}: ${advice}; or set the input upload: false`,
    );
  }
  if (error.status === 404) {
    return error.explained(
      `code scanning upload got HTTP 404${said}: ${repository} is not visible to this token, or code scanning ` +
        'is not available for it (GitHub Enterprise Server without Advanced Security, a private repository ' +
        'without it); check the repository, the token and its code scanning settings, or set the input upload: false',
    );
  }
  if (error.status === 413) {
    return error.explained(
      `code scanning upload refused as too large (HTTP 413)${said}; imagegate kept it under ` +
        `${request.limits.maxGzipBytes} gzipped bytes, so GitHub's limit here is lower`,
    );
  }
  return error;
}
