import { readFile } from 'node:fs/promises';
import { cliOptionName, CHECK_HELP, MAIN_HELP, parseCliArgs, POLICY_HELP } from '../config/cli-args.js';
import { resolveRunConfig } from '../config/resolve.js';
import { runPipeline } from '../pipeline.js';
import { validatePolicyFiles } from '../policy/load.js';
import { toTerminalSummary } from '../report/terminal.js';
import { describeError, ExitCode, exitCodeFor } from '../util/errors.js';
import { ConsoleLogger } from '../util/logger.js';
import { VERSION } from '../version.js';

/** The CLI: parse argv, run, print, and map the outcome to an exit code. Never throws. */
export async function runCli(argv: readonly string[]): Promise<ExitCode> {
  let verbose = false;
  try {
    const command = parseCliArgs(argv);
    switch (command.name) {
      case 'help':
        process.stdout.write(`${helpFor(command.topic)}\n`);
        return ExitCode.Pass;
      case 'version':
        process.stdout.write(`${VERSION}\n`);
        return ExitCode.Pass;
      case 'policy-validate': {
        const results = await validatePolicyFiles(command.files);
        for (const { file, ok, errors } of results) {
          process.stdout.write(ok ? `ok      ${file}\n` : errors.map((error) => `invalid ${error.message}\n`).join(''));
        }
        return results.every((result) => result.ok) ? ExitCode.Pass : ExitCode.Configuration;
      }
      case 'check': {
        verbose = command.verbose;
        const logger = new ConsoleLogger({ verbose });
        const config = resolveRunConfig(command.options, { cwd: process.cwd(), optionName: cliOptionName });
        const { result, reports } = await runPipeline(config, { logger });
        if (command.json) {
          process.stdout.write(await readFile(reports.json, 'utf8'));
        } else {
          process.stdout.write(`${toTerminalSummary(result, reports, process.cwd())}\n`);
        }
        return result.verdict === 'pass' ? ExitCode.Pass : ExitCode.GateFailed;
      }
    }
  } catch (error) {
    process.stderr.write(`imagegate: ${describeError(error)}\n`);
    if (verbose && error instanceof Error && error.cause) process.stderr.write(`caused by: ${String(error.cause)}\n`);
    return exitCodeFor(error);
  }
}

function helpFor(topic: string | undefined): string {
  if (topic === 'check') return CHECK_HELP;
  if (topic === 'policy') return POLICY_HELP;
  return MAIN_HELP;
}
