import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  recordChangedTrivyDbs,
  verifyTrivyDbs
} from "./chunk-CJYB6J4O.js";
import {
  TRIVY_DATABASES,
  trivyDbDirs,
  utcDay
} from "./chunk-QAPMAWII.js";

// src/action/trivy-db-cache.ts
import { readFile } from "node:fs/promises";
import path from "node:path";
function trivyDbCacheScope(env) {
  const event = env.GITHUB_EVENT_NAME?.trim() ?? "";
  const ref = env.GITHUB_REF?.trim() ?? "";
  return event.startsWith("pull_request") || event === "merge_group" || ref.startsWith("refs/pull/") ? "pr" : "branch";
}
var KEY_PREFIX = "imagegate-trivy-db";
function trivyDbCacheKeyPrefix(platform = process.platform, scope) {
  return scope ? `${KEY_PREFIX}-${scope}-${platform}-` : `${KEY_PREFIX}-${platform}-`;
}
function trivyDbCacheKey(now, platform = process.platform, scope) {
  return `${trivyDbCacheKeyPrefix(platform, scope)}${utcDay(now)}`;
}
async function restoreTrivyDb(cacheDir, context) {
  const { logger } = context;
  const primaryKey = trivyDbCacheKey(context.now ?? /* @__PURE__ */ new Date(), process.platform, context.scope);
  const cache = await actionsCache();
  if (!cache.isFeatureAvailable()) {
    logger.info("Trivy DB cache: the Actions cache service is not available here; Trivy fetches the DB itself");
    return { primaryKey };
  }
  try {
    const hitKey = await cache.restoreCache(cachePaths(cacheDir), primaryKey, [
      trivyDbCacheKeyPrefix(process.platform, context.scope)
    ]);
    if (hitKey !== void 0) {
      await verifyTrivyDbs(cacheDir, { logger, strict: true, origin: `the Actions cache entry ${hitKey}` });
    }
    const fingerprint = await dbFingerprint(cacheDir);
    logger.info(
      hitKey === void 0 ? `Trivy DB cache: no entry yet for ${primaryKey} or an earlier day` : hitKey === primaryKey ? `Trivy DB cache: restored today's DB (${hitKey})` : `Trivy DB cache: restored ${hitKey}; Trivy updates it if a newer DB is out`
    );
    return { primaryKey, ...hitKey !== void 0 ? { hitKey } : {}, ...fingerprint ? { fingerprint } : {} };
  } catch (error) {
    logger.warning(`Trivy DB cache: could not restore ${primaryKey}: ${messageOf(error)}`);
    return { primaryKey };
  }
}
async function saveTrivyDb(cacheDir, restored, context) {
  const { logger } = context;
  const { primaryKey } = restored;
  await recordChangedTrivyDbs(cacheDir).catch(
    (error) => logger.warning(`Trivy DB cache: could not record the DB's digest: ${messageOf(error)}`)
  );
  if (restored.hitKey === primaryKey) {
    logger.debug(`Trivy DB cache: ${primaryKey} was restored, nothing to save`);
    return;
  }
  try {
    const fingerprint = await dbFingerprint(cacheDir);
    if (fingerprint === void 0) {
      logger.info("Trivy DB cache: no Trivy DB to save (the scan did not get one)");
      return;
    }
    if (restored.hitKey !== void 0 && fingerprint === restored.fingerprint) {
      logger.info(`Trivy DB cache: the DB from ${restored.hitKey} is still current, nothing to save`);
      return;
    }
    const cache = await actionsCache();
    if (!cache.isFeatureAvailable()) return;
    logger.info(`Trivy DB cache: saving the DB as ${primaryKey}`);
    const cacheId = await cache.saveCache(cachePaths(cacheDir), primaryKey);
    if (cacheId === -1) logger.info(`Trivy DB cache: not saved as ${primaryKey}`);
  } catch (error) {
    logger.warning(`Trivy DB cache: could not save ${primaryKey}: ${messageOf(error)}`);
  }
}
function cachePaths(cacheDir) {
  return trivyDbDirs(path.resolve(cacheDir));
}
async function dbFingerprint(cacheDir) {
  const parts = await Promise.all(
    Object.values(TRIVY_DATABASES).map(
      (db) => readFile(path.join(path.resolve(cacheDir), db.dir, "metadata.json"), "utf8").catch(() => "")
    )
  );
  return parts.some((part) => part.length > 0) ? parts.join("\n") : void 0;
}
function messageOf(error) {
  return error instanceof Error ? error.message : String(error);
}
function actionsCache() {
  return import("./cache-HWKB6EPO.js");
}

export {
  trivyDbCacheScope,
  trivyDbCacheKeyPrefix,
  trivyDbCacheKey,
  restoreTrivyDb,
  saveTrivyDb,
  messageOf,
  actionsCache
};
//# sourceMappingURL=chunk-5TNTTIJ3.js.map
