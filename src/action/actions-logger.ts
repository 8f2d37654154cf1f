import * as core from '@actions/core';
import type { Logger } from '../util/logger.js';
import { Redactor } from '../util/redact.js';

/**
 * Logger for the Action: workflow commands for levels, groups and secret masking. Lines are redacted with the run's
 * Redactor before they reach the runner, whose own masking knows only the values registered with `add-mask`.
 */
export class ActionsLogger implements Logger {
  /** Annotations written so far: GitHub shows only 10 errors and 10 warnings per step, so findings get what is left. */
  readonly annotationCounts = { error: 0, warning: 0 };

  constructor(private readonly redactor: Redactor = new Redactor()) {}

  debug(message: string): void {
    core.debug(this.redactor.redact(message));
  }
  info(message: string): void {
    core.info(inert(this.redactor.redact(message)));
  }
  warning(message: string): void {
    this.annotationCounts.warning += 1;
    core.warning(this.redactor.redact(message));
  }
  error(message: string): void {
    this.annotationCounts.error += 1;
    core.error(this.redactor.redact(message));
  }
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(this.redactor.redact(title), fn);
  }
  mask(secret: string): void {
    this.redactor.add(secret);
    core.setSecret(secret);
  }
}

/**
 * `core.info` writes its text as it is (the other levels and group titles go through a command, which escapes line
 * breaks), and the runner reads any output line that starts with `::` as a workflow command. A log line can quote
 * an image label, a registry's answer or Trivy's stderr, so every line that would start with `::` gets a zero-width
 * space between the colons: shown the same, never obeyed (`::stop-commands::`, `::add-mask::`, `::error::`). The
 * class excludes the line break, so the scan stays linear.
 */
export function inert(message: string): string {
  return message.replace(/^([^\S\n]*):(?=:)/gm, '$1:\u200b');
}
