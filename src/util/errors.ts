/**
 * Error classes that decide exit codes. A user mistake is a ConfigurationError (exit 2) and is printed
 * without a stack trace; a failing tool, daemon or network is a ToolError (exit 3). Anything else is a bug.
 */

export const ExitCode = {
  Pass: 0,
  GateFailed: 1,
  Configuration: 2,
  Tool: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** A place in a user's file. Lines and columns are 1-based. */
export interface SourcePosition {
  path: string;
  line?: number;
  column?: number;
}

export function formatPosition(position: SourcePosition): string {
  let text = position.path;
  if (position.line !== undefined) {
    text += `:${position.line}`;
    if (position.column !== undefined) text += `:${position.column}`;
  }
  return text;
}

export abstract class ImagegateError extends Error {
  abstract readonly exitCode: ExitCode;
}

/** Bad input from the user: policy, flags, Dockerfile, archive, report. Message names where and what was expected. */
export class ConfigurationError extends ImagegateError {
  readonly exitCode = ExitCode.Configuration;
  readonly position: SourcePosition | undefined;

  constructor(message: string, position?: SourcePosition, options?: ErrorOptions) {
    super(position ? `${formatPosition(position)}: ${message}` : message, options);
    this.name = 'ConfigurationError';
    this.position = position;
  }
}

/** An external tool, daemon or service failed. Names the command and the tail of its stderr. */
export class ToolError extends ImagegateError {
  readonly exitCode = ExitCode.Tool;
  readonly command: string;
  readonly toolExitCode: number | undefined;
  readonly stderrTail: string;

  constructor(
    message: string,
    details: { command: string; exitCode?: number; stderrTail?: string },
    options?: ErrorOptions,
  ) {
    const tail = details.stderrTail?.trim();
    super(tail ? `${message}\n${indent(tail)}` : message, options);
    this.name = 'ToolError';
    this.command = details.command;
    this.toolExitCode = details.exitCode;
    this.stderrTail = details.stderrTail ?? '';
  }
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  | ${line}`)
    .join('\n');
}

/** Exit code for any thrown value: ours map to their class, anything else is an internal error (exit 3). */
export function exitCodeFor(error: unknown): ExitCode {
  return error instanceof ImagegateError ? error.exitCode : ExitCode.Tool;
}

/** One line for a user: our errors print their message; unexpected ones keep the stack, since they are bugs. */
export function describeError(error: unknown): string {
  if (error instanceof ImagegateError) return error.message;
  if (error instanceof Error) return `internal error: ${error.stack ?? error.message}`;
  return `internal error: ${String(error)}`;
}
