import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  gitLabReportLinks
} from "./chunk-Z72B5JWL.js";
import "./chunk-I4BYZYWH.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-L565HIOA.js";
import "./chunk-GVHAVQQT.js";
export {
  gitLabReportLinks
};
//# sourceMappingURL=report-links-MZ6Z5FL2.js.map
