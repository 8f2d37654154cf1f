import * as core from '@actions/core';
import type { Logger } from '../util/logger.js';

/** Logger for the Action: workflow commands for levels, groups and secret masking. */
export class ActionsLogger implements Logger {
  debug(message: string): void {
    core.debug(message);
  }
  info(message: string): void {
    core.info(message);
  }
  warning(message: string): void {
    core.warning(message);
  }
  error(message: string): void {
    core.error(message);
  }
  group<T>(title: string, fn: () => Promise<T>): Promise<T> {
    return core.group(title, fn);
  }
  mask(secret: string): void {
    core.setSecret(secret);
  }
}
