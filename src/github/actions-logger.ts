import * as core from '@actions/core';
import type { Logger } from '../util/logger.js';

/** Logger for the Action: workflow commands for levels, groups and secret masking. */
export class ActionsLogger implements Logger {
  /** Annotations written so far: GitHub shows only 10 errors and 10 warnings per step, so findings get what is left. */
  readonly annotationCounts = { error: 0, warning: 0 };

  debug(message: string): void {
    core.debug(message);
  }
  info(message: string): void {
    core.info(message);
  }
  warning(message: string): void {
    this.annotationCounts.warning += 1;
    core.warning(message);
  }
  error(message: string): void {
    this.annotationCounts.error += 1;
    core.error(message);
  }
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(title, fn);
  }
  mask(secret: string): void {
    core.setSecret(secret);
  }
}
