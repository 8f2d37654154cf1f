import { gzipSync } from 'node:zlib';
import type { Log, Run } from 'sarif';
import { ToolError } from '../util/errors.js';
import { packSarif, trimToFit } from './sarif-trim.js';

/**
 * A SARIF file as GitHub code scanning will take it: every run's category distinct within an upload (GitHub
 * rejects an upload with two runs of one tool and category, and replaces a category's previous analysis with each
 * upload, so a clash loses alerts either way), at most 20 runs per upload, and at most 10 MB gzipped per upload.
 * When nothing has to change, the upload is the file's own bytes.
 */

export interface SarifUploadLimits {
  maxRunsPerUpload: number;
  maxGzipBytes: number;
}

/** GitHub's limits; 10 MB counted as 10^7 bytes to stay on the safe side of either reading. */
export const GITHUB_UPLOAD_LIMITS: SarifUploadLimits = { maxRunsPerUpload: 20, maxGzipBytes: 10_000_000 };

export interface SarifBatch {
  /** The SARIF JSON of this upload. */
  json: Buffer;
  gzipped: Buffer;
  categories: string[];
  /** Set when results had to be dropped to fit the size limit. */
  trimmed?: { resultsDropped: number; rulesDropped: number; gzipBytesBefore: number };
}

export interface PreparedSarif {
  batches: SarifBatch[];
  /** Runs whose category clashed with an earlier run's and was given a distinct one. */
  renamed: Array<{ from: string; to: string }>;
}

/** Splits, repairs and trims `file` (its bytes in `bytes`) into the uploads GitHub accepts. */
export function prepareSarif(bytes: Buffer, file: string, limits: SarifUploadLimits): PreparedSarif {
  const log = parseLog(bytes, file);
  const renamed = distinctCategories(log.runs);
  if (renamed.length === 0 && log.runs.length <= limits.maxRunsPerUpload) {
    const gzipped = gzipSync(bytes);
    if (gzipped.length <= limits.maxGzipBytes) {
      return { batches: [{ json: bytes, gzipped, categories: log.runs.map(categoryOf) }], renamed };
    }
  }
  const batches: SarifBatch[] = [];
  for (let start = 0; start < Math.max(1, log.runs.length); start += limits.maxRunsPerUpload) {
    const runs = log.runs.slice(start, start + limits.maxRunsPerUpload);
    batches.push(fit({ ...log, runs }, file, limits));
  }
  return { batches, renamed };
}

function fit(log: Log, file: string, limits: SarifUploadLimits): SarifBatch {
  const categories = log.runs.map(categoryOf);
  const packed = packSarif(log);
  if (packed.gzipped.length <= limits.maxGzipBytes) return { ...packed, categories };
  const trimmed = trimToFit(log, limits.maxGzipBytes);
  if (!trimmed) {
    throw new ToolError(
      `${file}: the SARIF upload of ${log.runs.length} runs is over GitHub's limit of ${limits.maxGzipBytes} ` +
        'gzipped bytes even without any results',
      { command: `upload ${file}` },
    );
  }
  return {
    json: trimmed.json,
    gzipped: trimmed.gzipped,
    categories,
    trimmed: {
      resultsDropped: trimmed.resultsDropped,
      rulesDropped: trimmed.rulesDropped,
      gzipBytesBefore: packed.gzipped.length,
    },
  };
}

/** The category of a run: `automationDetails.id` up to its last `/` (the rest is the run id); '' when none. */
export function categoryOf(run: Run): string {
  const id = run.automationDetails?.id ?? '';
  const slash = id.lastIndexOf('/');
  return slash === -1 ? '' : id.slice(0, slash);
}

/**
 * Gives every run after the first of a category a category of its own (`<category>-2`, …), in place. imagegate's
 * own runs never clash (sarif-location.ts makes the scanner run's category from the image run's), so a clash means
 * a hand-made category collided, and renaming is better than losing the upload.
 */
function distinctCategories(runs: Run[]): Array<{ from: string; to: string }> {
  const taken = new Set(runs.map(categoryOf));
  const seen = new Set<string>();
  const renamed: Array<{ from: string; to: string }> = [];
  for (const run of runs) {
    const category = categoryOf(run);
    if (!seen.has(category)) {
      seen.add(category);
      continue;
    }
    const id = run.automationDetails?.id ?? '';
    const runId = id.includes('/') ? id.slice(id.lastIndexOf('/') + 1) : id;
    const stem = category === '' ? 'run' : category;
    let n = 2;
    while (taken.has(`${stem}-${n}`)) n++;
    const replacement = `${stem}-${n}`;
    taken.add(replacement);
    seen.add(replacement);
    run.automationDetails = { ...run.automationDetails, id: `${replacement}/${runId}` };
    renamed.push({ from: category, to: replacement });
  }
  return renamed;
}

function parseLog(bytes: Buffer, file: string): Log & { runs: Run[] } {
  let log: unknown;
  try {
    log = JSON.parse(bytes.toString('utf8'));
  } catch (error) {
    throw new ToolError(`${file} is not JSON: ${(error as Error).message}`, { command: `upload ${file}` });
  }
  const runs = (log as { runs?: unknown } | null)?.runs;
  if (typeof log !== 'object' || log === null || !Array.isArray(runs)) {
    throw new ToolError(`${file} is not a SARIF log: it has no runs array`, { command: `upload ${file}` });
  }
  return log as Log & { runs: Run[] };
}
