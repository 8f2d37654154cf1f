import type * as ActionsCache from '@actions/cache';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../util/logger.js';
import { TRIVY_DATABASES, trivyDbDirs, utcDay } from '../scan/runner/trivy-db.js';
import { recordChangedTrivyDbs, verifyTrivyDbs } from '../scan/runner/trivy-db-record.js';

/**
 * Keeps Trivy's DBs in the Actions cache, one entry per day: `imagegate-trivy-db-<os>-<YYYY-MM-DD>`. A run restores
 * today's entry, or else the newest earlier one through the `imagegate-trivy-db-<os>-` prefix, so Trivy at most
 * updates yesterday's DB instead of downloading from scratch (and the first run of a day is the only one that
 * contacts the DB registries). Only the DB directories are cached, not Trivy's per-image layer cache.
 * The cache is an optimisation: every failure is a warning, never a failed run.
 *
 * Trust: a pull request's job runs the pull request's code and may write the cache; a release-branch gate must never
 * read what it wrote. The Action passes a scope (`pr` or `branch`, see trivyDbCacheScope) that is part of every key
 * and of the restore prefix, so no restore falls back across that line. And a restored DB is checked against the
 * record imagegate wrote when it was downloaded (src/scan/runner/trivy-db-record.ts): a mismatch, or a DB without a record,
 * is deleted and downloaded fresh.
 */

/** Which side of the trust line a run is on: pull-request code (`pr`) or a branch or tag of the repository. */
export type TrivyDbCacheScope = 'pr' | 'branch';

/**
 * `pr` for every event that runs code not yet merged: `pull_request*` (pull_request_target builds the PR head in
 * the usual gate), `merge_group` (a queued candidate merge), and any ref under `refs/pull/`. Everything else
 * (push, schedule, workflow_dispatch, release) is `branch`.
 */
export function trivyDbCacheScope(env: Record<string, string | undefined>): TrivyDbCacheScope {
  const event = env.GITHUB_EVENT_NAME?.trim() ?? '';
  const ref = env.GITHUB_REF?.trim() ?? '';
  return event.startsWith('pull_request') || event === 'merge_group' || ref.startsWith('refs/pull/') ? 'pr' : 'branch';
}

export interface RestoredTrivyDb {
  /** The key that was restored: the primary key (exact hit), an earlier day's, or undefined (nothing restored). */
  hitKey?: string;
  /** Today's key, under which a changed DB is saved. */
  primaryKey: string;
  /** The DBs' metadata right after the restore, to tell whether Trivy updated them. */
  fingerprint?: string;
}

export interface TrivyDbCacheContext {
  logger: Logger;
  /** The day the key names (default: now). */
  now?: Date;
  /** The trust scope in the key (the Action always gives one); without it, the unscoped key of direct callers. */
  scope?: TrivyDbCacheScope;
}

const KEY_PREFIX = 'imagegate-trivy-db';

export function trivyDbCacheKeyPrefix(platform: string = process.platform, scope?: TrivyDbCacheScope): string {
  return scope ? `${KEY_PREFIX}-${scope}-${platform}-` : `${KEY_PREFIX}-${platform}-`;
}

export function trivyDbCacheKey(now: Date, platform: string = process.platform, scope?: TrivyDbCacheScope): string {
  return `${trivyDbCacheKeyPrefix(platform, scope)}${utcDay(now)}`;
}

/** Restores the newest cached DB into `cacheDir` (before the scan). */
export async function restoreTrivyDb(cacheDir: string, context: TrivyDbCacheContext): Promise<RestoredTrivyDb> {
  const { logger } = context;
  const primaryKey = trivyDbCacheKey(context.now ?? new Date(), process.platform, context.scope);
  const cache = await actionsCache();
  if (!cache.isFeatureAvailable()) {
    logger.info('Trivy DB cache: the Actions cache service is not available here; Trivy fetches the DB itself');
    return { primaryKey };
  }
  try {
    const hitKey = await cache.restoreCache(cachePaths(cacheDir), primaryKey, [
      trivyDbCacheKeyPrefix(process.platform, context.scope),
    ]);
    // Checked before anything uses it: a mismatch deletes the DB, so Trivy downloads it and it is saved again.
    if (hitKey !== undefined) {
      await verifyTrivyDbs(cacheDir, { logger, strict: true, origin: `the Actions cache entry ${hitKey}` });
    }
    const fingerprint = await dbFingerprint(cacheDir);
    logger.info(
      hitKey === undefined
        ? `Trivy DB cache: no entry yet for ${primaryKey} or an earlier day`
        : hitKey === primaryKey
          ? `Trivy DB cache: restored today's DB (${hitKey})`
          : `Trivy DB cache: restored ${hitKey}; Trivy updates it if a newer DB is out`,
    );
    return { primaryKey, ...(hitKey !== undefined ? { hitKey } : {}), ...(fingerprint ? { fingerprint } : {}) };
  } catch (error) {
    logger.warning(`Trivy DB cache: could not restore ${primaryKey}: ${messageOf(error)}`);
    return { primaryKey };
  }
}

/**
 * Saves the DB under today's key (after the scan, whatever the gate decided) unless that key was restored, no DB
 * is there, or the DB restored from an earlier day was not updated (that entry is still the newest DB).
 */
export async function saveTrivyDb(
  cacheDir: string,
  restored: RestoredTrivyDb,
  context: TrivyDbCacheContext,
): Promise<void> {
  const { logger } = context;
  const { primaryKey } = restored;
  // The record of what Trivy downloaded travels with the DB, so the next restore can check it.
  await recordChangedTrivyDbs(cacheDir).catch((error: unknown) =>
    logger.warning(`Trivy DB cache: could not record the DB's digest: ${messageOf(error)}`),
  );
  if (restored.hitKey === primaryKey) {
    logger.debug(`Trivy DB cache: ${primaryKey} was restored, nothing to save`);
    return;
  }
  try {
    const fingerprint = await dbFingerprint(cacheDir);
    if (fingerprint === undefined) {
      logger.info('Trivy DB cache: no Trivy DB to save (the scan did not get one)');
      return;
    }
    if (restored.hitKey !== undefined && fingerprint === restored.fingerprint) {
      logger.info(`Trivy DB cache: the DB from ${restored.hitKey} is still current, nothing to save`);
      return;
    }
    const cache = await actionsCache();
    if (!cache.isFeatureAvailable()) return;
    logger.info(`Trivy DB cache: saving the DB as ${primaryKey}`);
    // @actions/cache logs the outcome itself and swallows upload errors (as warnings), so its return value does not
    // prove success; -1 means it did not even reserve the key (another job saving it, a read-only token, …).
    const cacheId = await cache.saveCache(cachePaths(cacheDir), primaryKey);
    if (cacheId === -1) logger.info(`Trivy DB cache: not saved as ${primaryKey}`);
  } catch (error) {
    logger.warning(`Trivy DB cache: could not save ${primaryKey}: ${messageOf(error)}`);
  }
}

/** Both DB dirs, always, in the same order: @actions/cache hashes the paths into the entry's version. */
function cachePaths(cacheDir: string): string[] {
  return trivyDbDirs(path.resolve(cacheDir));
}

/** The DBs' metadata files side by side; undefined when there is no DB at all. */
async function dbFingerprint(cacheDir: string): Promise<string | undefined> {
  const parts = await Promise.all(
    Object.values(TRIVY_DATABASES).map((db) =>
      readFile(path.join(path.resolve(cacheDir), db.dir, 'metadata.json'), 'utf8').catch(() => ''),
    ),
  );
  return parts.some((part) => part.length > 0) ? parts.join('\n') : undefined;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** @actions/cache (and the Azure SDK under it) loads only when the DB cache is used: it is most of the bundle's start-up. */
export function actionsCache(): Promise<typeof ActionsCache> {
  return import('@actions/cache');
}
