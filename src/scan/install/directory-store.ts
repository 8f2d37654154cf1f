import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, rmdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImagegateError, ToolError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { VerifyInstall } from './installed-binary.js';
import type { TrivyStore } from './trivy-store.js';

/**
 * The CLI's store: `<root>/<version>/<os>-<arch>/{trivy,trivy.sha256[,trivy_<ver>_<platform>.tar.gz]}`, root by default
 * `${XDG_CACHE_HOME:-~/.cache}/imagegate/trivy`. A version is staged in a uniquely named sibling directory and
 * renamed into place whole, so a reader sees either nothing or a complete install, and two runs installing at
 * once each stage their own copy; the second rename finds the first one's install and keeps it.
 */

/** `${XDG_CACHE_HOME:-~/.cache}/imagegate/trivy`; a relative XDG_CACHE_HOME is ignored, as the spec says. */
export function defaultTrivyInstallDir(env: NodeJS.ProcessEnv, home = os.homedir()): string {
  const xdg = env['XDG_CACHE_HOME'];
  const cacheHome = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
  return path.join(cacheHome, 'imagegate', 'trivy');
}

export function directoryStore(root: string, version: string, platform: string, arch: string): TrivyStore {
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
      return undefined;
    },
    async install(fill, verify, logger) {
      let created: string | undefined;
      let staging: string | undefined;
      try {
        created = await mkdir(versionDir, { recursive: true });
        staging = await mkdtemp(path.join(versionDir, `.staging-${key}-`));
        await fill(staging);
        await placeWhole(staging, finalDir, `.replaced-${key}-`, verify, logger);
        staging = undefined;
        const check = await verify(finalDir);
        if (!check.ok) {
          throw new ToolError(`Trivy ${version} installed into ${finalDir} does not verify: ${check.reason}`, {
            command: `install trivy ${version}`,
          });
        }
        return { path: check.path, verification: check.verification };
      } catch (error) {
        if (staging !== undefined) await rm(staging, { recursive: true, force: true });
        await removeEmptyUpTo(versionDir, created);
        if (error instanceof ImagegateError) throw error;
        throw new ToolError(
          `could not install Trivy ${version} into ${finalDir}: ${(error as Error).message}`,
          { command: `install trivy ${version}` },
          { cause: error },
        );
      }
    },
  };
}

const PLACE_ATTEMPTS = 3;

/** Renames `staging` to `target`; a target already there is kept when it verifies and moved aside otherwise. */
async function placeWhole(
  staging: string,
  target: string,
  asidePrefix: string,
  verify: VerifyInstall,
  logger: Logger,
): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(staging, target);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || attempt === PLACE_ATTEMPTS) throw error;
    }
    if ((await verify(target)).ok) {
      logger.debug(`${target} was installed by another run meanwhile; keeping it`);
      await rm(staging, { recursive: true, force: true });
      return;
    }
    const aside = path.join(path.dirname(target), `${asidePrefix}${randomBytes(6).toString('hex')}`);
    try {
      await rename(target, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    await rm(aside, { recursive: true, force: true });
  }
}

/** Removes `dir` and its parents up to `topCreated` (what mkdir created) while they are empty. */
async function removeEmptyUpTo(dir: string, topCreated: string | undefined): Promise<void> {
  if (topCreated === undefined) {
    await rmdir(dir).catch(() => undefined);
    return;
  }
  let current = dir;
  for (;;) {
    const removed = await rmdir(current).then(
      () => true,
      () => false,
    );
    if (!removed || current === topCreated || path.dirname(current) === current) return;
    current = path.dirname(current);
  }
}
