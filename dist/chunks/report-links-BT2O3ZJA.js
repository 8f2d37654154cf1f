import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  gitLabReportLinks
} from "./chunk-LQIHKP2S.js";
import "./chunk-64G57MFJ.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-QR35LOMK.js";
import "./chunk-GVHAVQQT.js";
export {
  gitLabReportLinks
};
//# sourceMappingURL=report-links-BT2O3ZJA.js.map
