import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  locateTrivy
} from "./chunk-JCWX3QS3.js";
import "./chunk-442YUYJO.js";
import "./chunk-HLKV6WWC.js";
import "./chunk-7DMJUEWI.js";
import "./chunk-DRWF5HZX.js";
import "./chunk-IESNBTYB.js";
import {
  defaultTrivyInstallDir
} from "./chunk-BOIFOOFY.js";
import "./chunk-G7D7EWW2.js";
import {
  describeVerification
} from "./chunk-BEXNPQ7L.js";
import "./chunk-MYVX7FUX.js";
import "./chunk-FRITBTAO.js";
import "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/scan/install/install-trivy.ts
import path from "node:path";
async function installTrivy(request) {
  const { env, logger } = request;
  const dir = request.dir === void 0 ? defaultTrivyInstallDir(env) : path.resolve(request.cwd, request.dir);
  const mirror = env.IMAGEGATE_TRIVY_DOWNLOAD_URL?.trim();
  const trivy = await locateTrivy({
    logger,
    ...request.version !== void 0 ? { version: request.version } : {},
    cache: { kind: "directory", dir },
    ...mirror ? { downloadBaseUrl: mirror } : {},
    ...request.sha256 !== void 0 ? { sha256: request.sha256 } : {},
    ...request.trustOnFirstUse ? { trustOnFirstUse: true } : {},
    searchPath: ""
  });
  const how = describeVerification(trivy.verification);
  logger.info(
    trivy.source === "download" ? `installed Trivy ${trivy.version} at ${trivy.path} (checksum verified: ${how})` : `Trivy ${trivy.version} is already installed at ${trivy.path} (checksum verified again: ${how})`
  );
  return trivy;
}
export {
  installTrivy
};
//# sourceMappingURL=install-trivy-24PRKDE5.js.map
