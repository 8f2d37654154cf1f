import { existsSync } from 'node:fs';
import path from 'node:path';
import type { RunConfig } from '../config/run-config.js';
import type { Finding } from '../model/findings.js';
import { runPipeline, type PipelineContext } from '../pipeline/pipeline.js';
import { readTrivyDbState } from '../scan/runner/trivy-db.js';
import { describeError, exitCodeFor, ImagegateError } from '../util/errors.js';
import { newSinceLedger } from './new-findings.js';
import type { PlannedScan, RescanLedger, ShardScanResult } from './types.js';

/**
 * One planned scan: the image read straight from its registry and scanned there by Trivy (never a daemon), the
 * policy evaluated, the usual three reports written into its own dir, and its findings compared with the ledger.
 * A failure of this one image (registry, manifest, Trivy) becomes a `failed` outcome; the shard goes on.
 */

export interface ScanSetup {
  /** The run's options, checked once; image, out dir and category are set per scan. */
  base: RunConfig;
  /** The shard's out dir (absolute). */
  outDir: string;
  /** Trivy's cache dir, whose db/metadata.json says which DB the scan used. */
  trivyCacheDir: string;
  ledger: RescanLedger;
  pipeline: PipelineContext;
}

export interface ScanOutcome {
  result: ShardScanResult;
  /** Findings new since the ledger (scanned only). */
  fresh: Finding[];
  /** How many of them fail the gate. */
  freshFailing: number;
  /** Findings that count. */
  findings: number;
}

export async function scanPlanned(scan: PlannedScan, setup: ScanSetup): Promise<ScanOutcome> {
  const { logger } = setup.pipeline;
  const now = setup.pipeline.now ?? (() => new Date());
  const dirName = scanDirName(scan.repository, scan.digest);
  const image = { repository: scan.repository, digest: scan.digest, tags: scan.tags, reference: scan.reference };
  const config: RunConfig = {
    ...setup.base,
    image: { kind: 'registry', reference: scan.reference },
    outDir: path.join(setup.outDir, dirName),
    category: `rescan/${scan.repository}`,
    // No Dockerfile here: without an anchor every finding would be a run notification, never an alert.
    sarifAnchor: scan.repository,
  };
  try {
    const { result } = await logger.group(`rescan ${scan.reference}`, () => runPipeline(config, setup.pipeline));
    const compared = newSinceLedger(result, setup.ledger.entries[scan.digest]);
    const trivyDbUpdatedAt = await dbUpdatedAt(result.scan?.dbUpdatedAt, setup);
    return {
      result: {
        ...image,
        status: 'scanned',
        verdict: result.verdict,
        ...(trivyDbUpdatedAt ? { trivyDbUpdatedAt } : {}),
        fingerprints: compared.fingerprints,
        newFindings: compared.fresh.length,
        outDir: dirName,
        finishedAt: now().toISOString(),
      },
      fresh: compared.fresh,
      freshFailing: compared.freshFailing,
      findings: compared.fingerprints.length,
    };
  } catch (error) {
    // Our errors carry the user-facing text; anything else is a bug: its stack goes to the log, not the result.
    if (!(error instanceof ImagegateError)) logger.error(describeError(error));
    const message = error instanceof ImagegateError ? error.message : `internal error: ${String(error)}`;
    logger.error(`${scan.reference}: scan failed: ${message}`);
    return {
      result: {
        ...image,
        status: 'failed',
        error: message,
        exitCode: exitCodeFor(error),
        // Whatever the scan left (Trivy's report, its log) is worth a look; a dir that was never made is not.
        ...(existsSync(config.outDir) ? { outDir: dirName } : {}),
        finishedAt: now().toISOString(),
      },
      fresh: [],
      freshFailing: 0,
      findings: 0,
    };
  }
}

/** `team/api` + `sha256:0123456789abcdef…` → `team_api-0123456789ab`. */
export function scanDirName(repository: string, digest: string): string {
  const hex = digest.slice(digest.indexOf(':') + 1, digest.indexOf(':') + 13);
  return `${repository.replace(/\//g, '_')}-${hex}`;
}

/**
 * The Trivy DB the scan used: the report's word when it has one, else the DB's metadata in the cache dir read after
 * the scan (Trivy refreshes it during the scan), in ISO 8601 either way so the planner can compare it.
 */
async function dbUpdatedAt(reported: string | undefined, setup: ScanSetup): Promise<string | undefined> {
  if (setup.base.scan.kind !== 'trivy') return undefined;
  const parsed = reported !== undefined ? new Date(reported) : undefined;
  if (parsed && !Number.isNaN(parsed.getTime())) return parsed.toISOString();
  const state = await readTrivyDbState(setup.trivyCacheDir, 'db');
  return state.metadata?.updatedAt?.toISOString();
}
