import { Redactor } from './redact.js';

/**
 * The logging surface every stage receives. Entry points choose the implementation (plain stderr for the CLI,
 * workflow commands in the Action); nothing logs through a module-level singleton.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string): void;
  /** Runs `fn` inside a collapsible group (a plain heading on the CLI). */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>;
  /** Registers a secret so that no later log line (and, with the run's Redactor, no later output) shows it. */
  mask(secret: string): void;
}

export interface ConsoleLoggerOptions {
  verbose?: boolean;
  write?: (line: string) => void;
  /** The run's Redactor (src/util/redact.ts): lines are redacted with it, and `mask` adds to it. */
  redactor?: Redactor;
}

/** Human-readable lines on stderr, so stdout stays free for machine output (`--json`). */
export class ConsoleLogger implements Logger {
  private readonly redactor: Redactor;
  private readonly verbose: boolean;
  private readonly write: (line: string) => void;

  constructor(options: ConsoleLoggerOptions = {}) {
    this.verbose = options.verbose ?? false;
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
    this.redactor = options.redactor ?? new Redactor();
  }

  debug(message: string): void {
    if (this.verbose) this.emit(`debug: ${message}`);
  }
  info(message: string): void {
    this.emit(message);
  }
  warning(message: string): void {
    this.emit(`warning: ${message}`);
  }
  error(message: string): void {
    this.emit(`error: ${message}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.emit(`── ${title}`);
    return fn();
  }
  mask(secret: string): void {
    this.redactor.add(secret);
  }

  private emit(message: string): void {
    this.write(this.redactor.redact(message));
  }
}

/** A logger that keeps lines in memory: for tests and for capturing a tool's output. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly redactor = new Redactor();
  debug(message: string): void {
    this.push(`debug: ${message}`);
  }
  info(message: string): void {
    this.push(message);
  }
  warning(message: string): void {
    this.push(`warning: ${message}`);
  }
  error(message: string): void {
    this.push(`error: ${message}`);
  }
  async group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    this.push(`group: ${title}`);
    return fn();
  }
  mask(secret: string): void {
    this.redactor.add(secret);
  }
  private push(line: string): void {
    this.lines.push(this.redactor.redact(line));
  }
}

/** Replaces each of `secrets` in `message` (the Trivy runner's own list); outputs use the run's Redactor. */
export function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) if (secret.length > 0) text = text.split(secret).join('***');
  return text;
}
