import * as core from '@actions/core';
import { actionInputName, readActionInputs } from '../config/action-inputs.js';
import { resolveRunConfig } from '../config/resolve.js';
import { runPipeline } from '../pipeline.js';
import { describeError, ExitCode, exitCodeFor } from '../util/errors.js';
import { ActionsLogger } from './actions-logger.js';
import { publishToActions } from './publish-results.js';

/** The Action: inputs → RunConfig → pipeline → outputs, summary, annotations. Fails the step on a failed gate. */
export async function runAction(): Promise<void> {
  try {
    const inputs = readActionInputs();
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const config = resolveRunConfig(inputs, { cwd: workspace, workspace, optionName: actionInputName });
    const outcome = await runPipeline(config, { logger: new ActionsLogger() });
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
