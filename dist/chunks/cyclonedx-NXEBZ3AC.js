import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  packageProperties,
  toCycloneDx
} from "./chunk-V7OMYJ22.js";
import "./chunk-GVHAVQQT.js";
export {
  packageProperties,
  toCycloneDx
};
//# sourceMappingURL=cyclonedx-NXEBZ3AC.js.map
