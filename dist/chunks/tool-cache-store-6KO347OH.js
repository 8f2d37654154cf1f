import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ImagegateError,
  ToolError
} from "./chunk-BRI3MEVE.js";
import "./chunk-GVHAVQQT.js";

// src/action/tool-cache-store.ts
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
function toolCacheStore(version, arch) {
  const command = `install trivy ${version} into the tool cache`;
  return {
    async find(verify, logger) {
      requireToolCache(command);
      const toolCache = await import("./tool-cache-RDUAIN37.js");
      const dir = toolCache.find("trivy", version, arch);
      if (dir === "") return void 0;
      const check = await verify(dir);
      if (check.ok) return { path: check.path, verification: check.verification };
      logger.warning(`Trivy ${version} in the tool cache is not usable (${check.reason}); installing it again`);
      return void 0;
    },
    async install(fill, verify) {
      const cacheRoot = requireToolCache(command);
      const staging = await mkdtemp(path.join(process.env["RUNNER_TEMP"] || os.tmpdir(), "imagegate-trivy-"));
      const target = path.join(cacheRoot, "trivy", version, arch);
      try {
        await fill(staging);
        let dir;
        try {
          const toolCache = await import("./tool-cache-RDUAIN37.js");
          dir = await toolCache.cacheDir(staging, "trivy", version, arch);
        } catch (error) {
          await removeToolCacheEntry(target);
          throw new ToolError(
            `could not copy Trivy ${version} into the tool cache (${target}): ${error.message}`,
            { command },
            { cause: error }
          );
        }
        const check = await verify(dir);
        if (!check.ok) {
          await removeToolCacheEntry(dir);
          throw new ToolError(`Trivy ${version} copied into the tool cache does not verify: ${check.reason}`, {
            command
          });
        }
        return { path: check.path, verification: check.verification };
      } catch (error) {
        if (error instanceof ImagegateError) throw error;
        throw new ToolError(
          `could not install Trivy ${version}: ${error.message}`,
          { command },
          { cause: error }
        );
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    }
  };
}
function requireToolCache(command) {
  const root = process.env["RUNNER_TOOL_CACHE"];
  if (!root) {
    throw new ToolError("the runner tool cache is unavailable: RUNNER_TOOL_CACHE is not set", { command });
  }
  return root;
}
async function removeToolCacheEntry(dir) {
  await rm(`${dir}.complete`, { force: true });
  await rm(dir, { recursive: true, force: true });
}
export {
  toolCacheStore
};
//# sourceMappingURL=tool-cache-store-6KO347OH.js.map
