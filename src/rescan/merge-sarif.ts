import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Log } from 'sarif';
import { SARIF_FILE_NAME } from '../report/sarif.js';
import type { Logger } from '../util/logger.js';
import { writeFileAtomic } from './json-input.js';
import type { MergeOutcome } from './merge.js';
import { combineRepositorySarif, type DigestSarif } from './sarif-combine.js';
import type { RescanLedger, RescanPlan } from './types.js';
import type { Redactor } from '../util/redact.js';

/**
 * The SARIF side of `rescan merge`. A store kept next to the ledger holds the latest SARIF of every current digest:
 * a scanned digest's replaces the stored one, a digest skipped as unchanged or whose scan failed keeps its stored
 * one, a digest no longer selected goes. From the store, one SARIF file per repository (see sarif-combine.ts for
 * why one): code scanning then always gets every current digest's alerts, whichever shard scanned them, if any.
 */

/** The store's default name, in the dir of the merged ledger. */
export const SARIF_STORE_DIR = 'sarif-store';

export interface MergeSarifOptions {
  /** The store dir (absolute). */
  store: string;
  /** Where the per-repository files go (absolute); none written without it. */
  sarifDir?: string;
  outcome: MergeOutcome;
  /** Without a plan, the digests of the merged ledger are the current ones. */
  plan?: RescanPlan;
  logger: Logger;
  /** The command's Redactor: every file written goes through it. */
  redactor?: Redactor;
}

export interface MergeSarifReport {
  /** Digests whose SARIF was copied into the store. */
  stored: string[];
  /** Digests whose stored SARIF was removed (no longer selected). */
  pruned: string[];
  /** Per-repository files written. */
  files: Array<{ repository: string; file: string; digests: number; resultsDropped: number }>;
  /** Current digests of a repository with no SARIF in the store (their alerts are not in its file). */
  missing: Array<{ repository: string; digest: string }>;
}

/** `sha256:0123…` → `sha256-0123….sarif`. */
export function storedSarifName(digest: string): string {
  return `${digest.replace(':', '-')}.sarif`;
}

/** `team/api` → `team_api.sarif`. */
export function repositorySarifName(repository: string): string {
  return `${repository.replace(/\//g, '_')}.sarif`;
}

export async function mergeSarif(options: MergeSarifOptions): Promise<MergeSarifReport> {
  const { store, outcome, logger, redactor } = options;
  const report: MergeSarifReport = { stored: [], pruned: [], files: [], missing: [] };
  for (const scan of outcome.folded) {
    const source = outcome.sources.get(scan.digest);
    if (!source?.dir || scan.outDir === undefined) continue;
    const from = path.join(source.dir, scan.outDir, SARIF_FILE_NAME);
    const text = await readFile(from, 'utf8').catch(() => undefined);
    if (text === undefined) {
      logger.warning(`${scan.reference}: no ${SARIF_FILE_NAME} in ${path.dirname(from)}; the stored one is kept`);
      continue;
    }
    if (parseLog(text) === undefined) {
      logger.warning(`${from} is not a SARIF log; the stored one is kept`);
      continue;
    }
    await writeFileAtomic(path.join(store, storedSarifName(scan.digest)), text, 'the stored SARIF', redactor);
    report.stored.push(scan.digest);
  }

  const repositories = currentImages(options.plan, outcome.ledger);
  const current = new Set([...repositories.values()].flatMap((images) => images.map((image) => image.digest)));
  for (const name of await readdir(store).catch(() => [] as string[])) {
    const match = /^([a-z0-9]+)-([a-f0-9]+)\.sarif$/i.exec(name);
    if (!match) continue;
    const digest = `${match[1]}:${match[2]}`;
    if (current.has(digest)) continue;
    await rm(path.join(store, name), { force: true });
    report.pruned.push(digest);
  }

  if (options.sarifDir === undefined) return report;
  for (const [repository, images] of [...repositories].sort(([a], [b]) => a.localeCompare(b))) {
    const logs: DigestSarif[] = [];
    for (const image of images) {
      const file = path.join(store, storedSarifName(image.digest));
      const text = await readFile(file, 'utf8').catch(() => undefined);
      const log = text === undefined ? undefined : parseLog(text);
      if (log) logs.push({ ...image, log });
      else report.missing.push({ repository, digest: image.digest });
    }
    const combined = combineRepositorySarif(repository, logs);
    // No SARIF for any digest (every scan failed the first night): no file, so the previous analysis stays.
    if (!combined) continue;
    const file = path.join(options.sarifDir, repositorySarifName(repository));
    await writeFileAtomic(file, `${JSON.stringify(combined.log, null, 2)}\n`, 'the repository SARIF', redactor);
    report.files.push({ repository, file, digests: logs.length, resultsDropped: combined.resultsDropped });
  }
  return report;
}

/**
 * Each repository's current digests with its tags: from the plan (scanned and skipped, and a shared digest under
 * every repository that selects it), else from the ledger.
 */
function currentImages(plan: RescanPlan | undefined, ledger: RescanLedger): Map<string, DigestImage[]> {
  const byRepository = new Map<string, DigestImage[]>();
  const add = (repository: string, digest: string, tags: string[]) => {
    const images = byRepository.get(repository) ?? [];
    if (!images.some((image) => image.digest === digest)) images.push({ digest, tags });
    byRepository.set(repository, images);
  };
  if (plan) {
    for (const image of [...plan.scans, ...plan.skipped]) {
      add(image.repository, image.digest, image.tags);
      for (const other of image.alsoIn ?? []) add(other.repository, image.digest, other.tags);
    }
  } else {
    for (const [digest, entry] of Object.entries(ledger.entries)) add(entry.repository, digest, entry.tags);
  }
  return byRepository;
}

interface DigestImage {
  digest: string;
  tags: string[];
}

function parseLog(text: string): Log | undefined {
  try {
    const log = JSON.parse(text) as Log;
    return Array.isArray(log?.runs) ? log : undefined;
  } catch {
    return undefined;
  }
}
