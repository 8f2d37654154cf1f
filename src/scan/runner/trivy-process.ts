import { ToolError } from '../../util/errors.js';
import { exec } from '../../util/exec.js';
import { redact, type Logger } from '../../util/logger.js';
import type { TrivyDbOptions } from './trivy-db.js';
import { trivyFailureError } from './trivy-run-errors.js';

/**
 * One Trivy process, as the runner starts every one of them (the scan, and a DB-only download ahead of it): in an
 * empty working directory, with its log lines streamed to the logger, stopped a little after its own timeout, and a
 * failure turned into a ToolError (exit 3) that names the command and carries its stderr, passwords redacted.
 */

export interface TrivyProcessRequest {
  binary: string;
  args: string[];
  /** Overrides on top of the entry point's environment (trivyEnv). */
  env: Record<string, string | undefined>;
  cwd: string;
  /** Trivy's `--timeout` as given (for messages) and when imagegate kills the process. */
  timeout: string;
  killAfterMs: number;
  /** For the rate-limit message: the repositories tried. */
  db: TrivyDbOptions;
  /** Values redacted from every line kept or thrown. */
  secrets: readonly string[];
}

/** Lines of Trivy output kept for error messages; Trivy logs a few dozen lines per scan. */
const KEPT_LINES = 400;

/** Runs Trivy; returns its stderr (redacted) or throws a ToolError naming `command`. */
export async function runTrivyProcess(request: TrivyProcessRequest, logger: Logger): Promise<{ stderr: string }> {
  const { secrets } = request;
  const command = [request.binary, ...request.args].join(' ');
  const lines: string[] = [];
  const started = Date.now();
  try {
    const result = await exec(request.binary, request.args, {
      logger,
      cwd: request.cwd,
      env: request.env,
      timeoutMs: request.killAfterMs,
      onLine: (line) => {
        logger.info(line);
        lines.push(line);
        if (lines.length > KEPT_LINES) lines.shift();
      },
    });
    return { stderr: redact(result.stderr, secrets) };
  } catch (error) {
    if (!(error instanceof ToolError)) throw error;
    const elapsed = Date.now() - started;
    const output = redact(lines.length > 0 ? lines.join('\n') : error.stderrTail, secrets);
    const killed = error.toolExitCode === undefined && elapsed >= request.killAfterMs;
    if (error.toolExitCode === undefined && !killed) {
      // Not started (not found, not executable) or killed by a signal: exec's first line says which.
      const reason = redact(error.message.split('\n')[0] ?? 'trivy failed', secrets);
      throw new ToolError(reason, { command, stderrTail: output }, { cause: error });
    }
    throw trivyFailureError({
      command,
      stderr: output,
      ...(error.toolExitCode !== undefined ? { exitCode: error.toolExitCode } : {}),
      ...(killed ? { killedAfterMs: elapsed } : {}),
      timeout: request.timeout,
      db: request.db,
    });
  }
}
