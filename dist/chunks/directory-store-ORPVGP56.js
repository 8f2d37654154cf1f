import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  defaultTrivyInstallDir,
  directoryStore
} from "./chunk-BOIFOOFY.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  defaultTrivyInstallDir,
  directoryStore
};
//# sourceMappingURL=directory-store-ORPVGP56.js.map
