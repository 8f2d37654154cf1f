import path from 'node:path';
import { ToolError } from '../../util/errors.js';
import { readTrivyDbState, TRIVY_DATABASES } from './trivy-db.js';

/**
 * How old the vulnerability DB a scan used is (issue 18 item 3). Read from Trivy's own metadata.json (the same
 * reader the DB freshness check and the scan cache use): `UpdatedAt` is when the DB's publisher built it, which is
 * what says how much the DB may be missing; `DownloadedAt` only says when this cache got it.
 */
export interface DbAge {
  /** The DB's UpdatedAt (ISO 8601). */
  updatedAt: string;
  downloadedAt?: string;
  /** now − UpdatedAt, in whole seconds (never negative). */
  ageSeconds: number;
  /** The run was offline: the DB was used whatever its age. */
  offline: boolean;
}

/** The age of the DB in `cacheDir`; undefined when there is no DB or its metadata gives no UpdatedAt. */
export async function readDbAge(cacheDir: string, now: Date, offline: boolean): Promise<DbAge | undefined> {
  const state = await readTrivyDbState(cacheDir, 'db');
  const updatedAt = state.metadata?.updatedAt;
  if (!state.hasDatabase || !updatedAt) return undefined;
  return {
    updatedAt: updatedAt.toISOString(),
    ...(state.metadata?.downloadedAt ? { downloadedAt: state.metadata.downloadedAt.toISOString() } : {}),
    ageSeconds: Math.max(0, Math.floor((now.getTime() - updatedAt.getTime()) / 1000)),
    offline,
  };
}

/**
 * Offline, a missing DB cannot be downloaded: say so before Trivy runs (its own message, "--skip-db-update cannot be
 * specified on the first run", names neither the directory nor the way out). Exit 3: the environment lacks a file.
 */
export async function requireOfflineDb(cacheDir: string): Promise<void> {
  const state = await readTrivyDbState(cacheDir, 'db');
  if (state.hasDatabase && state.metadata) return;
  const layout = TRIVY_DATABASES.db;
  const missing = state.hasDatabase
    ? path.join(cacheDir, layout.dir, 'metadata.json')
    : path.join(cacheDir, layout.dir, layout.file);
  throw new ToolError(
    `offline: no Trivy vulnerability DB to scan with (${missing} is missing). Bring one: run ` +
      '`imagegate offline bundle --out DIR` where there is network and pass `--offline-bundle DIR` here, or fill ' +
      '`--trivy-cache-dir` with `trivy image --download-db-only --cache-dir DIR` before the offline run',
    { command: 'imagegate check --offline' },
  );
}
