import * as core from '@actions/core';
import { actionInputName, readActionInputs, registryEnvironment, type ActionInputs } from './action-inputs.js';
import { resolveRunConfig } from '../config/resolve.js';
import { describeError, ExitCode, exitCodeFor } from '../util/errors.js';
import type { ScanEnvironment } from '../pipeline/scan-stage.js';
import type { Logger } from '../util/logger.js';
import { ActionsLogger } from './actions-logger.js';
import { analysisTarget, readGitHubContext, tokenMayBeReadOnly } from '../github/event-context.js';
import type { GitHubPublishing } from '../github/publish-github.js';
import { ConfigurationError } from '../util/errors.js';
import { redactorFor } from '../util/redact.js';
import { secretValues } from '../util/secret-env.js';

// What runs after the inputs are checked is imported then (issue 17): the pipeline, the caches and the publishers
// (undici, @actions/cache, sigstore, …) cost nothing to an Action that stops at a mistake in its inputs, and the
// bundle keeps them in chunks compiled only when needed.

/** upload-sarif's schedule: polls at about 5, 15, 35, 75 and 155 s. */
const PROCESSING_POLL_DELAYS_MS = [5_000, 10_000, 20_000, 40_000, 80_000];

/** The Action keeps Trivy in the runner's tool cache and its DB in RUNNER_TEMP, cached across runs by day. */
async function actionScanEnvironment(inputs: ActionInputs, logger: Logger): Promise<ScanEnvironment> {
  const { toolCacheStore } = await import('./tool-cache-store.js');
  const { defaultActionTrivyCacheDir } = await import('../scan/runner/trivy-db.js');
  const { restoreTrivyDb, saveTrivyDb, trivyDbCacheScope } = await import('./trivy-db-cache.js');
  const { actionsScanCache } = await import('./trivy-scan-cache.js');
  const { actionsFeedsCache } = await import('./feeds-cache.js');
  const mirror = process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  return {
    trivyInstallCache: { kind: 'tool-cache', store: toolCacheStore },
    processEnv: process.env,
    defaultCacheDir: defaultActionTrivyCacheDir(process.env),
    ...(mirror ? { trivyDownloadBaseUrl: mirror } : {}),
    ...(inputs.cacheTrivyDb
      ? {
          dbCache: {
            restore: async (cacheDir: string) => {
              const scope = trivyDbCacheScope(process.env);
              const restored = await restoreTrivyDb(cacheDir, { logger, scope });
              return { save: () => saveTrivyDb(cacheDir, restored, { logger, scope }) };
            },
          },
        }
      : {}),
    // The scan cache goes with the DB cache: the same service, the same trust scope.
    ...(inputs.cacheTrivyDb && !inputs.noScanCache
      ? { scanCache: actionsScanCache({ logger, scope: trivyDbCacheScope(process.env) }) }
      : {}),
    // The feeds go with the DB: the same switch (cache-trivy-db), the same trust scope.
    ...(inputs.cacheTrivyDb
      ? { feedsCache: actionsFeedsCache({ logger, scope: trivyDbCacheScope(process.env) }) }
      : {}),
  };
}

/**
 * The API side of publishing, from the runner's environment; undefined outside a workflow run. Checked before the
 * pipeline runs, so a missing token on a trusted event costs no build. Three variables tune it for tests and for
 * GitHub Enterprise Server limits: IMAGEGATE_SARIF_MAX_GZIP_BYTES, IMAGEGATE_SARIF_POLL_DELAYS_MS (comma-separated)
 * and IMAGEGATE_GITHUB_RETRY_BASE_MS.
 */
async function githubPublishing(
  inputs: ActionInputs,
  workspace: string,
  env: NodeJS.ProcessEnv,
): Promise<GitHubPublishing | undefined> {
  const context = await readGitHubContext(env);
  if (!context) return undefined;
  // A pull_request run may lack a token for good reasons (a fork's secrets are withheld); it then only warns.
  const needsToken = inputs.upload && !tokenMayBeReadOnly(context);
  if (needsToken && inputs.githubToken.trim() === '') {
    throw new ConfigurationError(
      "input 'github-token' is empty: the code-scanning upload needs a token with security-events: write " +
        "(the default is the workflow's token); or set the input upload: false",
    );
  }
  // A commit or ref code scanning would refuse is the runner's set-up, not GitHub's answer: say so before the build.
  if (inputs.upload) analysisTarget(context);
  const number = (name: string) => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    if (!/^\d+$/.test(value)) throw new ConfigurationError(`${name} '${value}': expected a whole number`);
    return Number(value);
  };
  const maxGzipBytes = number('IMAGEGATE_SARIF_MAX_GZIP_BYTES');
  const pollDelays = env.IMAGEGATE_SARIF_POLL_DELAYS_MS?.split(',').map((value) => Number(value.trim()));
  if (pollDelays?.some((value) => !Number.isInteger(value) || value < 0)) {
    throw new ConfigurationError('IMAGEGATE_SARIF_POLL_DELAYS_MS: expected comma-separated milliseconds');
  }
  const retryBase = number('IMAGEGATE_GITHUB_RETRY_BASE_MS');
  const { GITHUB_UPLOAD_LIMITS } = await import('../report/sarif-batches.js');
  return {
    context,
    token: inputs.githubToken.trim(),
    workspace,
    limits: { ...GITHUB_UPLOAD_LIMITS, ...(maxGzipBytes !== undefined ? { maxGzipBytes } : {}) },
    pollDelaysMs: inputs.waitForProcessing ? (pollDelays ?? PROCESSING_POLL_DELAYS_MS) : [],
    ...(retryBase !== undefined ? { retry: { backoffMs: (retry: number) => retryBase * 2 ** (retry - 1) } } : {}),
  };
}

/**
 * The Action: inputs → RunConfig → pipeline → outputs, upload, PR comment, summary, annotations. Exit 1 when the
 * gate failed; else 3 when publishing failed on a trusted event (after everything else was written); else 0.
 */
export async function runAction(): Promise<void> {
  // One Redactor for the run: the logger, the report files, every publisher and the final error line use it.
  const redactor = redactorFor(process.env);
  try {
    const inputs = readActionInputs();
    if (inputs.githubToken) core.setSecret(inputs.githubToken);
    for (const value of secretValues(process.env, new Set(inputs.secretEnv))) redactor.add(value);
    for (const value of [inputs.githubToken, inputs.registryPassword]) if (value) redactor.add(value);
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = resolveRunConfig(inputs, {
      cwd: workspace,
      workspace,
      environment: { ...process.env, ...registryEnvironment(inputs) },
      optionName: actionInputName,
    });
    const github = await githubPublishing(inputs, workspace, process.env);
    const logger = new ActionsLogger(redactor);
    const { actionPolicyRef } = await import('./policy-source.js');
    const { runPipeline } = await import('../pipeline/pipeline.js');
    const { publishToActions } = await import('./publish-results.js');
    const policyRef = await actionPolicyRef(inputs.policySource, workspace, process.env, logger);
    const outcome = await runPipeline(policyRef ? { ...config, policyRef } : config, {
      logger,
      redactor,
      scan: await actionScanEnvironment(inputs, logger),
    });
    const published = await publishToActions(outcome, {
      redactor,
      annotations: inputs.annotations,
      jobSummary: inputs.jobSummary,
      upload: inputs.upload,
      comment: inputs.comment,
      dependencySnapshot: inputs.dependencySnapshot,
      logger,
      ...(github ? { github } : {}),
    });
    if (outcome.result.verdict === 'fail') {
      core.setFailed(`imagegate: the gate failed (findings at or above ${outcome.result.failOn}); see the job summary`);
      process.exitCode = ExitCode.GateFailed;
    } else if (published.failures.length > 0) {
      core.setFailed('imagegate: the gate passed, but publishing to GitHub failed (see the errors above)');
      process.exitCode = ExitCode.Tool;
    }
  } catch (error) {
    // The last line of the step, and an error annotation: an error may quote a server's body or a file.
    core.setFailed(redactor.redact(`imagegate: ${describeError(error)}`));
    process.exitCode = exitCodeFor(error);
  }
}
