import type { ScanCacheStore } from '../pipeline/scan-stage.js';
import type { Logger } from '../util/logger.js';
import { actionsCache, messageOf, type TrivyDbCacheScope } from './trivy-db-cache.js';

/**
 * The scan cache (src/scan/runner/scan-cache.ts) in the Actions cache, beside the DB's entries: one entry per scan
 * key, `imagegate-trivy-scan-<scope>-<os>-<entry>`, where `<entry>` already names the image, Trivy version and DB. A
 * hosted runner starts with an empty cache dir, so without this a re-run of the same image on the next push would
 * scan again. The scope (`pr` or `branch`, see trivyDbCacheScope) is in the key, so a release-branch run never
 * reads what a pull request's job saved; a restored entry is checked like any other (size, SHA-256, parser, layers).
 * Every failure is a warning.
 */

const KEY_PREFIX = 'imagegate-trivy-scan';

export function trivyScanCacheKey(
  entry: string,
  scope: TrivyDbCacheScope,
  platform: string = process.platform,
): string {
  return `${KEY_PREFIX}-${scope}-${platform}-${entry}`;
}

export function actionsScanCache(context: { logger: Logger; scope: TrivyDbCacheScope }): ScanCacheStore {
  const { logger, scope } = context;
  return {
    async restore(entry) {
      const key = trivyScanCacheKey(entry.name, scope);
      try {
        const cache = await actionsCache();
        if (!cache.isFeatureAvailable()) return;
        // Exact key only: another entry is another image, Trivy or DB.
        const hit = await cache.restoreCache([...entry.files], key);
        if (hit !== undefined) logger.info(`scan cache: restored ${hit} from the Actions cache`);
      } catch (error) {
        logger.warning(`scan cache: could not restore ${key}: ${messageOf(error)}`);
      }
    },
    async save(entry) {
      const key = trivyScanCacheKey(entry.name, scope);
      try {
        const cache = await actionsCache();
        if (!cache.isFeatureAvailable()) return;
        const cacheId = await cache.saveCache([...entry.files], key);
        logger.info(
          cacheId === -1 ? `scan cache: not saved as ${key}` : `scan cache: saved as ${key} in the Actions cache`,
        );
      } catch (error) {
        logger.warning(`scan cache: could not save ${key}: ${messageOf(error)}`);
      }
    },
  };
}
