import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ToolError } from '../../util/errors.js';
import { exec } from '../../util/exec.js';
import type { Logger } from '../../util/logger.js';

/** What to build; every field is already validated by the entry point. */
export interface BuildRequest {
  context: string;
  dockerfile: string;
  buildArgs: Record<string, string>;
  target?: string;
  platform?: string;
  /** Tag given to the built image, so later stages (and the user) can refer to it. */
  tag: string;
}

export interface BuildOutcome {
  /** Image ID (config digest) from `--iidfile`. */
  imageId: string;
  tag: string;
  builder: 'buildx' | 'buildkit' | 'classic';
}

const BUILD_TIMEOUT_MS = 60 * 60 * 1000;
const BUILDX_MISSING = /buildx component is missing|BuildKit is enabled but the buildx/i;

/**
 * Builds with `docker buildx build --load` when buildx exists, else `docker build` with BuildKit; a client that
 * insists on buildx for BuildKit but lacks it (Docker ≥ 23 without the plugin) falls back to the classic builder,
 * with a warning, rather than failing the user's pipeline.
 */
export async function buildImage(request: BuildRequest, context: { logger: Logger }): Promise<BuildOutcome> {
  const { logger } = context;
  const scratch = await mkdtemp(path.join(tmpdir(), 'imagegate-build-'));
  const iidFile = path.join(scratch, 'iid');
  try {
    return await logger.group(`docker build ${request.context}`, async () => {
      const common = buildArguments(request, iidFile);
      if (await hasBuildx(logger)) {
        await runBuild(['buildx', 'build', '--load', ...common], {}, logger);
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: 'buildx' as const };
      }
      try {
        await runBuild(['build', ...common], { DOCKER_BUILDKIT: '1' }, logger);
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: 'buildkit' as const };
      } catch (error) {
        if (!(error instanceof ToolError) || !BUILDX_MISSING.test(error.stderrTail)) throw error;
        logger.warning(
          'this docker client needs the buildx plugin for BuildKit and does not have it; building with the classic builder',
        );
        await runBuild(
          ['build', ...common.filter((arg) => arg !== '--progress=plain')],
          { DOCKER_BUILDKIT: '0' },
          logger,
        );
        return { imageId: await readImageId(iidFile), tag: request.tag, builder: 'classic' as const };
      }
    });
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

function buildArguments(request: BuildRequest, iidFile: string): string[] {
  const args = ['--progress=plain', '--iidfile', iidFile, '--file', request.dockerfile, '--tag', request.tag];
  for (const [key, value] of Object.entries(request.buildArgs)) args.push('--build-arg', `${key}=${value}`);
  if (request.target) args.push('--target', request.target);
  if (request.platform) args.push('--platform', request.platform);
  // `--` keeps a context path that starts with '-' from being read as a flag.
  args.push('--', request.context);
  return args;
}

async function hasBuildx(logger: Logger): Promise<boolean> {
  try {
    await exec('docker', ['buildx', 'version'], { logger, timeoutMs: 30_000 });
    return true;
  } catch {
    return false;
  }
}

async function runBuild(args: string[], env: Record<string, string>, logger: Logger): Promise<void> {
  await exec('docker', args, { logger, env, timeoutMs: BUILD_TIMEOUT_MS, onLine: (line) => logger.info(line) });
}

async function readImageId(iidFile: string): Promise<string> {
  const id = (await readFile(iidFile, 'utf8').catch(() => '')).trim();
  if (!/^sha256:[a-f0-9]{64}$/.test(id)) {
    throw new ToolError('docker build finished without writing an image ID', { command: 'docker build --iidfile' });
  }
  return id;
}
