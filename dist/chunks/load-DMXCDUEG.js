import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  MAX_EXTENDS_DEPTH,
  MAX_POLICY_FILE_BYTES,
  defaultPolicy,
  loadPolicy,
  validatePolicyFiles
} from "./chunk-EJWCARX5.js";
import "./chunk-YHFRDE34.js";
import "./chunk-2SIDVBE2.js";
import "./chunk-LUOQMPLI.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-RHYLLRJI.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-FRITBTAO.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  MAX_EXTENDS_DEPTH,
  MAX_POLICY_FILE_BYTES,
  defaultPolicy,
  loadPolicy,
  validatePolicyFiles
};
//# sourceMappingURL=load-DMXCDUEG.js.map
