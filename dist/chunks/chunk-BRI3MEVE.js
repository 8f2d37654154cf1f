import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/util/errors.ts
var ExitCode = {
  Pass: 0,
  GateFailed: 1,
  Configuration: 2,
  Tool: 3
};
function formatPosition(position) {
  let text = position.path;
  if (position.line !== void 0) {
    text += `:${position.line}`;
    if (position.column !== void 0) text += `:${position.column}`;
  }
  return text;
}
var ImagegateError = class extends Error {
};
var ConfigurationError = class extends ImagegateError {
  exitCode = ExitCode.Configuration;
  position;
  constructor(message, position, options) {
    super(position ? `${formatPosition(position)}: ${message}` : message, options);
    this.name = "ConfigurationError";
    this.position = position;
  }
};
var ToolError = class extends ImagegateError {
  exitCode = ExitCode.Tool;
  command;
  toolExitCode;
  stderrTail;
  constructor(message, details, options) {
    const tail = details.stderrTail?.trim();
    super(tail ? `${message}
${indent(tail)}` : message, options);
    this.name = "ToolError";
    this.command = details.command;
    this.toolExitCode = details.exitCode;
    this.stderrTail = details.stderrTail ?? "";
  }
};
function indent(text) {
  return text.split("\n").map((line) => `  | ${line}`).join("\n");
}
function exitCodeFor(error) {
  return error instanceof ImagegateError ? error.exitCode : ExitCode.Tool;
}
function describeError(error) {
  if (error instanceof ImagegateError) return error.message;
  if (error instanceof Error) return `internal error: ${error.stack ?? error.message}`;
  return `internal error: ${String(error)}`;
}

export {
  ExitCode,
  formatPosition,
  ImagegateError,
  ConfigurationError,
  ToolError,
  exitCodeFor,
  describeError
};
//# sourceMappingURL=chunk-BRI3MEVE.js.map
