import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  gitLabReportLinks
} from "./chunk-ARTD3EDR.js";
import "./chunk-NJ6SEQPV.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-UHPKJS7T.js";
import "./chunk-GVHAVQQT.js";
export {
  gitLabReportLinks
};
//# sourceMappingURL=report-links-MEXAETJX.js.map
