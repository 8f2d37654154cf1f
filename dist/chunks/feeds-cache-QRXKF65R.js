import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  FEEDS_DIR
} from "./chunk-3ZN2VMKL.js";
import "./chunk-HLKV6WWC.js";
import "./chunk-7GNNRPV6.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-MYVX7FUX.js";
import {
  actionsCache,
  messageOf
} from "./chunk-5TNTTIJ3.js";
import "./chunk-CJYB6J4O.js";
import {
  utcDay
} from "./chunk-QAPMAWII.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/action/feeds-cache.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
var KEY_PREFIX = "imagegate-feeds";
function feedsCacheKeyPrefix(scope, platform = process.platform) {
  return `${KEY_PREFIX}-${scope}-${platform}-`;
}
function feedsCacheKey(now, scope, platform = process.platform) {
  return `${feedsCacheKeyPrefix(scope, platform)}${utcDay(now)}`;
}
function actionsFeedsCache(context) {
  const { logger, scope } = context;
  return {
    async restore(cacheDir, now) {
      const primaryKey = feedsCacheKey(now, scope);
      const paths = cachePaths(cacheDir);
      let hitKey;
      try {
        const cache = await actionsCache();
        if (cache.isFeatureAvailable()) {
          hitKey = await cache.restoreCache([...paths], primaryKey, [feedsCacheKeyPrefix(scope)]);
          logger.info(
            hitKey === void 0 ? `feeds cache: no entry yet for ${primaryKey} or an earlier day` : `feeds cache: restored ${hitKey}`
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
            if (after === void 0 || after === before) return;
            const cache = await actionsCache();
            if (!cache.isFeatureAvailable()) return;
            const cacheId = await cache.saveCache([...paths], primaryKey);
            logger.info(
              cacheId === -1 ? `feeds cache: not saved as ${primaryKey}` : `feeds cache: saved as ${primaryKey}`
            );
          } catch (error) {
            logger.warning(`feeds cache: could not save ${primaryKey}: ${messageOf(error)}`);
          }
        }
      };
    }
  };
}
function cachePaths(cacheDir) {
  return [path.join(path.resolve(cacheDir), FEEDS_DIR)];
}
async function recordsFingerprint(cacheDir) {
  const parts = await Promise.all(
    ["kev", "epss"].map(
      (feed) => readFile(path.join(path.resolve(cacheDir), FEEDS_DIR, `${feed}.record.json`), "utf8").catch(() => "")
    )
  );
  return parts.some((part) => part.length > 0) ? parts.join("\n") : void 0;
}
export {
  actionsFeedsCache,
  feedsCacheKey
};
//# sourceMappingURL=feeds-cache-QRXKF65R.js.map
