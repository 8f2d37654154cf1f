import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  loadManifests
} from "./chunk-AUXTYMAK.js";
import "./chunk-H7T6J2AA.js";
import "./chunk-PX7WTPDF.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  loadManifests
};
//# sourceMappingURL=load-manifests-WC2LDKYZ.js.map
