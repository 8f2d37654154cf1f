import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  GITHUB_UPLOAD_LIMITS,
  categoryOf,
  prepareSarif
} from "./chunk-XLD254YW.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  GITHUB_UPLOAD_LIMITS,
  categoryOf,
  prepareSarif
};
//# sourceMappingURL=sarif-batches-I6WSGJN6.js.map
