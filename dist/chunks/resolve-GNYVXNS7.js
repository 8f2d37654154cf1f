import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  POLICY_FILE_NAMES,
  defaultBuildTag,
  parseBuildArgs,
  parseFailOn,
  resolveRunConfig
} from "./chunk-F3JXNG4H.js";
import "./chunk-H2J6QPBD.js";
import "./chunk-525AQQA4.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-OOOZQBDA.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-WKVO4CF4.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  POLICY_FILE_NAMES,
  defaultBuildTag,
  parseBuildArgs,
  parseFailOn,
  resolveRunConfig
};
//# sourceMappingURL=resolve-GNYVXNS7.js.map
