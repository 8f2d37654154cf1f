import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigurationError } from '../util/errors.js';

/** node:util parseArgs, strict, with its errors turned into configuration errors that name the command. */
export function strictParse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  command: string,
) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: true });
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, '');
    throw new ConfigurationError(`${command}: ${message} (see imagegate help ${command.split(' ')[0]})`);
  }
}
