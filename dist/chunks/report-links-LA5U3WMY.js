import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  gitLabReportLinks
} from "./chunk-X42ZBESX.js";
import "./chunk-WF3FNKQG.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-YHFRDE34.js";
import "./chunk-GVHAVQQT.js";
export {
  gitLabReportLinks
};
//# sourceMappingURL=report-links-LA5U3WMY.js.map
