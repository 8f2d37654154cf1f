import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';
import { exportOpenVex, type VexOutRequest } from './export-openvex.js';

/**
 * Writes `--vex-out` (after the reports, which must never be lost to it). OpenVEX needs at least one statement, so
 * a run that accepted no exception writes no file and says so; the Action output `vex-file` is then empty.
 */
export async function writeVexOut(
  file: string,
  request: VexOutRequest,
  context: { logger: Logger; redactor: Redactor },
): Promise<string | undefined> {
  const document = exportOpenVex(request);
  if (document.statements.length === 0) {
    context.logger.info(`--vex-out: no allowlist entry suppressed a vulnerability in this run; ${file} not written`);
    return undefined;
  }
  const absolute = path.resolve(file);
  await writeJsonAtomic(absolute, document, 'the VEX document (--vex-out)', context.redactor);
  context.logger.info(`--vex-out: ${document.statements.length} accepted exception(s) written to ${absolute}`);
  return absolute;
}
