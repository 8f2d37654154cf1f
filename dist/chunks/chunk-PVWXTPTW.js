import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  Redactor
} from "./chunk-TYJR6YN4.js";

// src/util/logger.ts
var ConsoleLogger = class {
  redactor;
  verbose;
  write;
  constructor(options = {}) {
    this.verbose = options.verbose ?? false;
    this.write = options.write ?? ((line) => process.stderr.write(`${line}
`));
    this.redactor = options.redactor ?? new Redactor();
  }
  debug(message) {
    if (this.verbose) this.emit(`debug: ${message}`);
  }
  info(message) {
    this.emit(message);
  }
  warning(message) {
    this.emit(`warning: ${message}`);
  }
  error(message) {
    this.emit(`error: ${message}`);
  }
  async group(title, fn) {
    this.emit(`── ${title}`);
    return fn();
  }
  mask(secret) {
    this.redactor.add(secret);
  }
  emit(message) {
    this.write(this.redactor.redact(message));
  }
};
function redact(message, secrets) {
  let text = message;
  for (const secret of secrets) if (secret.length > 0) text = text.split(secret).join("***");
  return text;
}

export {
  ConsoleLogger,
  redact
};
//# sourceMappingURL=chunk-PVWXTPTW.js.map
