import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ImagegateError,
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/scan/install/directory-store.ts
import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, rmdir } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
function defaultTrivyInstallDir(env, home = os.homedir()) {
  const xdg = env["XDG_CACHE_HOME"];
  const cacheHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, ".cache");
  return path.join(cacheHome, "imagegate", "trivy");
}
function directoryStore(root, version, platform, arch) {
  const versionDir = path.join(path.resolve(root), version);
  const key = `${platform}-${arch}`;
  const finalDir = path.join(versionDir, key);
  return {
    async find(verify, logger) {
      const check = await verify(finalDir);
      if (check.ok) return { path: check.path, verification: check.verification };
      logger.debug(`no usable Trivy ${version} in ${finalDir}: ${check.reason}`);
      if (!check.missing) {
        logger.warning(`cached Trivy ${version} is not usable (${check.reason}); installing it again`);
      }
      return void 0;
    },
    async install(fill, verify, logger) {
      let created;
      let staging;
      try {
        created = await mkdir(versionDir, { recursive: true });
        staging = await mkdtemp(path.join(versionDir, `.staging-${key}-`));
        await fill(staging);
        await placeWhole(staging, finalDir, `.replaced-${key}-`, verify, logger);
        staging = void 0;
        const check = await verify(finalDir);
        if (!check.ok) {
          throw new ToolError(`Trivy ${version} installed into ${finalDir} does not verify: ${check.reason}`, {
            command: `install trivy ${version}`
          });
        }
        return { path: check.path, verification: check.verification };
      } catch (error) {
        if (staging !== void 0) await rm(staging, { recursive: true, force: true });
        await removeEmptyUpTo(versionDir, created);
        if (error instanceof ImagegateError) throw error;
        throw new ToolError(
          `could not install Trivy ${version} into ${finalDir}: ${error.message}`,
          { command: `install trivy ${version}` },
          { cause: error }
        );
      }
    }
  };
}
var PLACE_ATTEMPTS = 3;
async function placeWhole(staging, target, asidePrefix, verify, logger) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(staging, target);
      return;
    } catch (error) {
      const code = error.code;
      if (code !== "ENOTEMPTY" && code !== "EEXIST" || attempt === PLACE_ATTEMPTS) throw error;
    }
    if ((await verify(target)).ok) {
      logger.debug(`${target} was installed by another run meanwhile; keeping it`);
      await rm(staging, { recursive: true, force: true });
      return;
    }
    const aside = path.join(path.dirname(target), `${asidePrefix}${randomBytes(6).toString("hex")}`);
    try {
      await rename(target, aside);
    } catch (error) {
      if (error.code !== "ENOENT") throw error;
    }
    await rm(aside, { recursive: true, force: true });
  }
}
async function removeEmptyUpTo(dir, topCreated) {
  if (topCreated === void 0) {
    await rmdir(dir).catch(() => void 0);
    return;
  }
  let current = dir;
  for (; ; ) {
    const removed = await rmdir(current).then(
      () => true,
      () => false
    );
    if (!removed || current === topCreated || path.dirname(current) === current) return;
    current = path.dirname(current);
  }
}

export {
  defaultTrivyInstallDir,
  directoryStore
};
//# sourceMappingURL=chunk-BOIFOOFY.js.map
