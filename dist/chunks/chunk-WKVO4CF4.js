import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);

// src/report/sbom/sbom-format.ts
var SBOM_FORMATS = ["cyclonedx", "spdx"];
var CYCLONEDX_FILE_NAME = "imagegate.cdx.json";
var SPDX_FILE_NAME = "imagegate.spdx.json";
var VULNERABLE_ONLY_NOTE = "the Trivy report lists no packages (it was made without --list-all-pkgs): this SBOM lists only the packages its vulnerabilities name";

export {
  SBOM_FORMATS,
  CYCLONEDX_FILE_NAME,
  SPDX_FILE_NAME,
  VULNERABLE_ONLY_NOTE
};
//# sourceMappingURL=chunk-WKVO4CF4.js.map
