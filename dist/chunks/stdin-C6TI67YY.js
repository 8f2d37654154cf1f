import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  readCappedStdin
} from "./chunk-MXKXKKXY.js";
import "./chunk-PX7WTPDF.js";
import "./chunk-TFUQI7BM.js";
import "./chunk-GO6V4V27.js";
import "./chunk-G7D7EWW2.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";
export {
  readCappedStdin
};
//# sourceMappingURL=stdin-C6TI67YY.js.map
