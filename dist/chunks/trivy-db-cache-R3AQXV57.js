import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  actionsCache,
  messageOf,
  restoreTrivyDb,
  saveTrivyDb,
  trivyDbCacheKey,
  trivyDbCacheKeyPrefix,
  trivyDbCacheScope
} from "./chunk-5TNTTIJ3.js";
import "./chunk-CJYB6J4O.js";
import "./chunk-QAPMAWII.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  actionsCache,
  messageOf,
  restoreTrivyDb,
  saveTrivyDb,
  trivyDbCacheKey,
  trivyDbCacheKeyPrefix,
  trivyDbCacheScope
};
//# sourceMappingURL=trivy-db-cache-R3AQXV57.js.map
