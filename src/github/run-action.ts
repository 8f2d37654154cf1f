import * as core from '@actions/core';
import { actionInputName, readActionInputs, registryEnvironment, type ActionInputs } from '../config/action-inputs.js';
import { resolveRunConfig } from '../config/resolve.js';
import { runPipeline } from '../pipeline.js';
import { describeError, ExitCode, exitCodeFor } from '../util/errors.js';
import { defaultActionTrivyCacheDir } from '../scan/trivy-db.js';
import type { ScanEnvironment } from '../scan/scan-stage.js';
import type { Logger } from '../util/logger.js';
import { ActionsLogger } from './actions-logger.js';
import { restoreTrivyDb, saveTrivyDb } from './trivy-db-cache.js';
import { publishToActions } from './publish-results.js';

/** The Action keeps Trivy in the runner's tool cache and its DB in RUNNER_TEMP, cached across runs by day. */
function actionScanEnvironment(inputs: ActionInputs, logger: Logger): ScanEnvironment {
  const mirror = process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  return {
    trivyInstallCache: { kind: 'tool-cache' },
    defaultCacheDir: defaultActionTrivyCacheDir(process.env),
    ...(mirror ? { trivyDownloadBaseUrl: mirror } : {}),
    ...(inputs.cacheTrivyDb
      ? {
          dbCache: {
            restore: async (cacheDir: string) => {
              const restored = await restoreTrivyDb(cacheDir, { logger });
              return { save: () => saveTrivyDb(cacheDir, restored, { logger }) };
            },
          },
        }
      : {}),
  };
}

/** The Action: inputs → RunConfig → pipeline → outputs, summary, annotations. Fails the step on a failed gate. */
export async function runAction(): Promise<void> {
  try {
    const inputs = readActionInputs();
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = resolveRunConfig(inputs, {
      cwd: workspace,
      workspace,
      environment: { ...process.env, ...registryEnvironment(inputs) },
      optionName: actionInputName,
    });
    const logger = new ActionsLogger();
    const outcome = await runPipeline(config, { logger, scan: actionScanEnvironment(inputs, logger) });
    await publishToActions(outcome, { annotations: inputs.annotations, jobSummary: inputs.jobSummary });
    if (outcome.result.verdict === 'fail') {
      core.setFailed(`imagegate: the gate failed (findings at or above ${outcome.result.failOn}); see the job summary`);
      process.exitCode = ExitCode.GateFailed;
    }
  } catch (error) {
    core.setFailed(`imagegate: ${describeError(error)}`);
    process.exitCode = exitCodeFor(error);
  }
}
