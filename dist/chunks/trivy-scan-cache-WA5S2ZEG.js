import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  actionsCache,
  messageOf
} from "./chunk-5TNTTIJ3.js";
import "./chunk-CJYB6J4O.js";
import "./chunk-QAPMAWII.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/action/trivy-scan-cache.ts
var KEY_PREFIX = "imagegate-trivy-scan";
function trivyScanCacheKey(entry, scope, platform = process.platform) {
  return `${KEY_PREFIX}-${scope}-${platform}-${entry}`;
}
function actionsScanCache(context) {
  const { logger, scope } = context;
  return {
    async restore(entry) {
      const key = trivyScanCacheKey(entry.name, scope);
      try {
        const cache = await actionsCache();
        if (!cache.isFeatureAvailable()) return;
        const hit = await cache.restoreCache([...entry.files], key);
        if (hit !== void 0) logger.info(`scan cache: restored ${hit} from the Actions cache`);
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
          cacheId === -1 ? `scan cache: not saved as ${key}` : `scan cache: saved as ${key} in the Actions cache`
        );
      } catch (error) {
        logger.warning(`scan cache: could not save ${key}: ${messageOf(error)}`);
      }
    }
  };
}
export {
  actionsScanCache,
  trivyScanCacheKey
};
//# sourceMappingURL=trivy-scan-cache-WA5S2ZEG.js.map
