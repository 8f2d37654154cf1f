import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FeedsCache } from '../pipeline/feeds-stage.js';
import { utcDay } from '../scan/runner/trivy-db.js';
import { FEEDS_DIR } from '../scan/feeds/feed-cache.js';
import type { Logger } from '../util/logger.js';
import { actionsCache, messageOf, type TrivyDbCacheScope } from './trivy-db-cache.js';

/**
 * The KEV/EPSS feeds (`<Trivy cache dir>/feeds/`) in the Actions cache, one entry per day beside the DB's:
 * `imagegate-feeds-<scope>-<os>-<YYYY-MM-DD>`. A separate entry rather than a path added to the DB's, because the DB
 * is saved as soon as Trivy has run, before the feeds stage, and an Actions cache entry cannot be written twice:
 * the feeds are restored just before they are read and saved right after. A run restores today's entry, or the
 * newest earlier one by prefix (feed-cache then downloads today's files, or keeps the older copy through an outage).
 * The scope (`pr` or `branch`) is in the key and the prefix, as for the DB, so a release-branch run never reads what
 * a pull request's job saved; and feed-cache re-checks each restored file against its record's SHA-256.
 * Every failure is a warning, never a failed run.
 */

const KEY_PREFIX = 'imagegate-feeds';

function feedsCacheKeyPrefix(scope: TrivyDbCacheScope, platform: string = process.platform): string {
  return `${KEY_PREFIX}-${scope}-${platform}-`;
}

export function feedsCacheKey(now: Date, scope: TrivyDbCacheScope, platform: string = process.platform): string {
  return `${feedsCacheKeyPrefix(scope, platform)}${utcDay(now)}`;
}

export function actionsFeedsCache(context: { logger: Logger; scope: TrivyDbCacheScope }): FeedsCache {
  const { logger, scope } = context;
  return {
    async restore(cacheDir, now) {
      const primaryKey = feedsCacheKey(now, scope);
      const paths = cachePaths(cacheDir);
      let hitKey: string | undefined;
      try {
        const cache = await actionsCache();
        if (cache.isFeatureAvailable()) {
          hitKey = await cache.restoreCache([...paths], primaryKey, [feedsCacheKeyPrefix(scope)]);
          logger.info(
            hitKey === undefined
              ? `feeds cache: no entry yet for ${primaryKey} or an earlier day`
              : `feeds cache: restored ${hitKey}`,
          );
        }
      } catch (error) {
        logger.warning(`feeds cache: could not restore ${primaryKey}: ${messageOf(error)}`);
      }
      const before = await recordsFingerprint(cacheDir);
      return {
        async save() {
          if (hitKey === primaryKey) return;
          try {
            const after = await recordsFingerprint(cacheDir);
            // Nothing downloaded (files given, every mirror down, or the restored copy is still today's).
            if (after === undefined || after === before) return;
            const cache = await actionsCache();
            if (!cache.isFeatureAvailable()) return;
            const cacheId = await cache.saveCache([...paths], primaryKey);
            logger.info(
              cacheId === -1 ? `feeds cache: not saved as ${primaryKey}` : `feeds cache: saved as ${primaryKey}`,
            );
          } catch (error) {
            logger.warning(`feeds cache: could not save ${primaryKey}: ${messageOf(error)}`);
          }
        },
      };
    },
  };
}

/** One path, always the same: @actions/cache hashes the paths into the entry's version. */
function cachePaths(cacheDir: string): string[] {
  return [path.join(path.resolve(cacheDir), FEEDS_DIR)];
}

/** The feeds' download records side by side; undefined when there is none (nothing to save). */
async function recordsFingerprint(cacheDir: string): Promise<string | undefined> {
  const parts = await Promise.all(
    ['kev', 'epss'].map((feed) =>
      readFile(path.join(path.resolve(cacheDir), FEEDS_DIR, `${feed}.record.json`), 'utf8').catch(() => ''),
    ),
  );
  return parts.some((part) => part.length > 0) ? parts.join('\n') : undefined;
}
