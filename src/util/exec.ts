import { execa, type Result } from 'execa';
import { ToolError } from './errors.js';
import type { Logger } from './logger.js';

/**
 * The one way imagegate runs an external process: an argument array (never a shell string), a timeout, captured
 * output with a capped stderr tail, and a ToolError naming the command when it fails.
 */
export interface ExecOptions {
  logger: Logger;
  cwd?: string;
  /** Extra environment on top of the current one (secrets go here or in `input`, never in args). */
  env?: Record<string, string | undefined>;
  /** Written to stdin; used for secrets such as `docker login --password-stdin`. */
  input?: string;
  timeoutMs?: number;
  /** Stream each output line (stdout and stderr) here as it arrives, e.g. into a log group. */
  onLine?: (line: string) => void;
  /** Exit codes that are not failures (default: only 0). */
  okExitCodes?: readonly number[];
  /** Largest stdout kept in memory, in bytes; more is an error rather than unbounded growth. */
  maxStdoutBytes?: number;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

const DEFAULT_TIMEOUT_MS = 10 * 60 * 1000;
const STDERR_TAIL_LINES = 20;
const DEFAULT_MAX_STDOUT = 256 * 1024 * 1024;

export async function exec(file: string, args: readonly string[], options: ExecOptions): Promise<ExecResult> {
  const command = [file, ...args].join(' ');
  options.logger.debug(`exec: ${command}`);
  let result: Result;
  try {
    const subprocess = execa(file, [...args], {
      cwd: options.cwd,
      env: options.env,
      input: options.input,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      reject: false,
      stripFinalNewline: true,
      maxBuffer: options.maxStdoutBytes ?? DEFAULT_MAX_STDOUT,
      encoding: 'utf8',
      lines: false,
      stdout: options.onLine ? ['pipe', lineSink(options.onLine)] : 'pipe',
      stderr: options.onLine ? ['pipe', lineSink(options.onLine)] : 'pipe',
    });
    result = await subprocess;
  } catch (error) {
    throw new ToolError(`could not run ${file}: ${(error as Error).message}`, { command }, { cause: error });
  }
  const stderr = String(result.stderr ?? '');
  const stdout = String(result.stdout ?? '');
  if (result.failed && (result.timedOut || result.exitCode === undefined || result.isMaxBuffer)) {
    const why = result.timedOut
      ? `timed out after ${Math.round((options.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s`
      : result.isMaxBuffer
        ? 'printed more output than imagegate keeps'
        : notFound(result)
          ? 'was not found on PATH'
          : `failed: ${result.shortMessage}`;
    throw new ToolError(`${file} ${why} (command: ${command})`, { command, stderrTail: tail(stderr) });
  }
  const exitCode = result.exitCode ?? -1;
  if (!(options.okExitCodes ?? [0]).includes(exitCode)) {
    throw new ToolError(`${file} exited with code ${exitCode} (command: ${command})`, {
      command,
      exitCode,
      stderrTail: tail(stderr),
    });
  }
  return { stdout, stderr, exitCode };
}

function notFound(result: Result): boolean {
  return (result.cause as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** The last lines of a tool's stderr: enough to diagnose, bounded for logs. */
export function tail(text: string, lines = STDERR_TAIL_LINES): string {
  const all = text.trimEnd().split('\n');
  return all.slice(-lines).join('\n');
}

function lineSink(onLine: (line: string) => void) {
  return function* (line: unknown) {
    onLine(String(line));
    yield line;
  };
}
