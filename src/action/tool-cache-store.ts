import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ImagegateError, ToolError } from '../util/errors.js';
import type { TrivyStore } from '../scan/install/trivy-store.js';

/**
 * The Action's store: the runner's tool cache (`$RUNNER_TOOL_CACHE/trivy/<version>/<arch>`), written with
 * @actions/tool-cache so `find` and other actions see it. tool-cache copies the staged directory and writes the
 * `<arch>.complete` marker last; `find` ignores a directory without it, so an interrupted copy is never used, and
 * on failure the copy and marker are removed. Staging happens in RUNNER_TEMP.
 */
export function toolCacheStore(version: string, arch: string): TrivyStore {
  const command = `install trivy ${version} into the tool cache`;
  return {
    async find(verify, logger) {
      requireToolCache(command);
      const toolCache = await import('@actions/tool-cache');
      const dir = toolCache.find('trivy', version, arch);
      if (dir === '') return undefined;
      const check = await verify(dir);
      if (check.ok) return { path: check.path, verification: check.verification };
      logger.warning(`Trivy ${version} in the tool cache is not usable (${check.reason}); installing it again`);
      return undefined;
    },
    async install(fill, verify) {
      const cacheRoot = requireToolCache(command);
      const staging = await mkdtemp(path.join(process.env['RUNNER_TEMP'] || os.tmpdir(), 'imagegate-trivy-'));
      const target = path.join(cacheRoot, 'trivy', version, arch);
      try {
        await fill(staging);
        let dir: string;
        try {
          const toolCache = await import('@actions/tool-cache');
          dir = await toolCache.cacheDir(staging, 'trivy', version, arch);
        } catch (error) {
          await removeToolCacheEntry(target);
          throw new ToolError(
            `could not copy Trivy ${version} into the tool cache (${target}): ${(error as Error).message}`,
            { command },
            { cause: error },
          );
        }
        const check = await verify(dir);
        if (!check.ok) {
          await removeToolCacheEntry(dir);
          throw new ToolError(`Trivy ${version} copied into the tool cache does not verify: ${check.reason}`, {
            command,
          });
        }
        return { path: check.path, verification: check.verification };
      } catch (error) {
        if (error instanceof ImagegateError) throw error;
        throw new ToolError(
          `could not install Trivy ${version}: ${(error as Error).message}`,
          { command },
          { cause: error },
        );
      } finally {
        await rm(staging, { recursive: true, force: true });
      }
    },
  };
}

function requireToolCache(command: string): string {
  const root = process.env['RUNNER_TOOL_CACHE'];
  if (!root) {
    throw new ToolError('the runner tool cache is unavailable: RUNNER_TOOL_CACHE is not set', { command });
  }
  return root;
}

async function removeToolCacheEntry(dir: string): Promise<void> {
  await rm(`${dir}.complete`, { force: true });
  await rm(dir, { recursive: true, force: true });
}
