import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  POLICY_FILE_NAMES,
  defaultBuildTag,
  parseBuildArgs,
  parseFailOn,
  resolveRunConfig
} from "./chunk-OR7MY5EX.js";
import "./chunk-O5XMQXHR.js";
import "./chunk-525AQQA4.js";
import "./chunk-UESGDJOT.js";
import "./chunk-BEXNPQ7L.js";
import "./chunk-ST7SR4PU.js";
import "./chunk-3CWSBUWV.js";
import "./chunk-5AN7IYVK.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  POLICY_FILE_NAMES,
  defaultBuildTag,
  parseBuildArgs,
  parseFailOn,
  resolveRunConfig
};
//# sourceMappingURL=resolve-PVQKIAGO.js.map
