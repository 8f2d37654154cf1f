import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  packageProperties,
  toCycloneDx
} from "./chunk-YC5HBOA6.js";
import {
  CYCLONEDX_FILE_NAME
} from "./chunk-WKVO4CF4.js";
import "./chunk-GVHAVQQT.js";
export {
  CYCLONEDX_FILE_NAME,
  packageProperties,
  toCycloneDx
};
//# sourceMappingURL=cyclonedx-IVOCWJZG.js.map
