import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  TRIVY_DATABASES,
  readTrivyDbState
} from "./chunk-QAPMAWII.js";
import {
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/scan/runner/db-age.ts
import path from "node:path";
async function readDbAge(cacheDir, now, offline) {
  const state = await readTrivyDbState(cacheDir, "db");
  const updatedAt = state.metadata?.updatedAt;
  if (!state.hasDatabase || !updatedAt) return void 0;
  return {
    updatedAt: updatedAt.toISOString(),
    ...state.metadata?.downloadedAt ? { downloadedAt: state.metadata.downloadedAt.toISOString() } : {},
    ageSeconds: Math.max(0, Math.floor((now.getTime() - updatedAt.getTime()) / 1e3)),
    offline
  };
}
async function requireOfflineDb(cacheDir) {
  const state = await readTrivyDbState(cacheDir, "db");
  if (state.hasDatabase && state.metadata) return;
  const layout = TRIVY_DATABASES.db;
  const missing = state.hasDatabase ? path.join(cacheDir, layout.dir, "metadata.json") : path.join(cacheDir, layout.dir, layout.file);
  throw new ToolError(
    `offline: no Trivy vulnerability DB to scan with (${missing} is missing). Bring one: run \`imagegate offline bundle --out DIR\` where there is network and pass \`--offline-bundle DIR\` here, or fill \`--trivy-cache-dir\` with \`trivy image --download-db-only --cache-dir DIR\` before the offline run`,
    { command: "imagegate check --offline" }
  );
}
function describeDbAge(seconds) {
  const unit = (n, one) => `${n} ${one}${n === 1 ? "" : "s"}`;
  if (seconds >= 2 * 86400) return unit(Math.floor(seconds / 86400), "day");
  if (seconds >= 2 * 3600) return unit(Math.floor(seconds / 3600), "hour");
  return unit(Math.floor(seconds / 60), "minute");
}

export {
  readDbAge,
  requireOfflineDb,
  describeDbAge
};
//# sourceMappingURL=chunk-BVKFRX4U.js.map
