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
  /** Registers a secret so that no later log line shows it. */
  mask(secret: string): void;
}

export interface ConsoleLoggerOptions {
  verbose?: boolean;
  write?: (line: string) => void;
}

/** Human-readable lines on stderr, so stdout stays free for machine output (`--json`). */
export class ConsoleLogger implements Logger {
  private readonly secrets: string[] = [];
  private readonly verbose: boolean;
  private readonly write: (line: string) => void;

  constructor(options: ConsoleLoggerOptions = {}) {
    this.verbose = options.verbose ?? false;
    this.write = options.write ?? ((line) => process.stderr.write(`${line}\n`));
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
    if (secret.length > 0) this.secrets.push(secret);
  }

  private emit(message: string): void {
    this.write(redact(message, this.secrets));
  }
}

export function redact(message: string, secrets: readonly string[]): string {
  let text = message;
  for (const secret of secrets) text = text.split(secret).join('***');
  return text;
}

/** A logger that keeps lines in memory: for tests and for capturing a tool's output. */
export class MemoryLogger implements Logger {
  readonly lines: string[] = [];
  private readonly secrets: string[] = [];
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
    if (secret.length > 0) this.secrets.push(secret);
  }
  private push(line: string): void {
    this.lines.push(redact(line, this.secrets));
  }
}
