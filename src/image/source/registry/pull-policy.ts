import { ConfigurationError, ToolError } from '../../../util/errors.js';
import { exec } from '../../../util/exec.js';
import { ImageNotInDaemonError, readFromDaemon, type DaemonReadOptions } from '../daemon.js';
import type { ImageFacts } from '../../facts.js';
import type { ImageReadLimits, ImageReadOptions } from '../../read-options.js';
import { parseImageReference } from '../../../model/image-reference.js';
import type { RegistryAccess } from './registry-client.js';
import type { PullPolicy } from './pull-policy-names.js';
import { readFromRegistry } from './read-registry.js';

/**
 * `--pull` for `--image REF`: where the image is read from when the daemon may not have it.
 *  - unset:   the daemon only (a missing image is a configuration error, as before);
 *  - never:   never `docker pull`; the daemon's copy when it has one, otherwise the image is read straight from its
 *             registry (also when no daemon is reachable), streamed, without touching the daemon or the disk;
 *  - missing: `docker pull` when the daemon does not have it, then read from the daemon (docker's own default);
 *  - always:  `docker pull` first, so a moved tag is seen, then read from the daemon.
 * `missing` and `always` pull with the docker CLI's own login; `never` uses imagegate's registry credentials.
 */

export { PULL_POLICIES, type PullPolicy } from './pull-policy-names.js';

export interface PullReadContext {
  logger: DaemonReadOptions['logger'];
  docker?: string;
  platform?: string;
  limits?: Partial<ImageReadLimits>;
  verifyDigests?: boolean;
  /** Also analyze the layers' contents (file trees, wasted bytes), whichever source is read. */
  contents?: ImageReadOptions['contents'];
  /** How to reach the registry for `never`. */
  registry: RegistryAccess;
}

const DAEMON_UNREACHABLE = /Cannot connect to the Docker daemon|Is the docker daemon running|error during connect/i;
const PULL_USER_ERROR =
  /not found|manifest unknown|repository does not exist|pull access denied|unauthorized|denied|no matching manifest/i;

export async function readWithPullPolicy(
  reference: string,
  pull: PullPolicy,
  context: PullReadContext,
): Promise<ImageFacts> {
  const { logger } = context;
  const daemonOptions: DaemonReadOptions = {
    logger,
    ...(context.docker ? { docker: context.docker } : {}),
    ...(context.limits ? { limits: context.limits } : {}),
    ...(context.contents !== undefined ? { contents: context.contents } : {}),
  };
  if (pull === 'always') {
    await dockerPull(reference, context);
    return readFromDaemon(reference, daemonOptions);
  }
  try {
    return await readFromDaemon(reference, daemonOptions);
  } catch (error) {
    const absent = error instanceof ImageNotInDaemonError;
    if (pull === 'missing' && absent) {
      await dockerPull(reference, context);
      return readFromDaemon(reference, daemonOptions);
    }
    if (pull !== 'never' || !(absent || daemonUnreachable(error))) throw error;
    const registry = parseImageReference(reference).registry;
    logger.info(
      `${reference} is ${absent ? 'not in the Docker daemon' : 'not readable from a Docker daemon (none is reachable)'}; ` +
        `reading it from registry ${registry} (--pull=never)`,
    );
    return readFromRegistry(reference, {
      logger,
      access: context.registry,
      ...(context.platform ? { platform: context.platform } : {}),
      ...(context.limits ? { limits: context.limits } : {}),
      ...(context.verifyDigests !== undefined ? { verifyDigests: context.verifyDigests } : {}),
      ...(context.contents !== undefined ? { contents: context.contents } : {}),
    });
  }
}

function daemonUnreachable(error: unknown): boolean {
  if (!(error instanceof ToolError)) return false;
  return (
    /was not found on PATH/.test(error.message) || DAEMON_UNREACHABLE.test(`${error.message}\n${error.stderrTail}`)
  );
}

async function dockerPull(reference: string, context: PullReadContext): Promise<void> {
  const docker = context.docker ?? 'docker';
  const platform = context.platform ? ['--platform', context.platform] : [];
  try {
    await exec(docker, ['pull', '--quiet', ...platform, '--', reference], {
      logger: context.logger,
      timeoutMs: 30 * 60 * 1000,
    });
  } catch (error) {
    if (error instanceof ToolError && error.toolExitCode !== undefined && PULL_USER_ERROR.test(error.stderrTail)) {
      throw new ConfigurationError(`docker pull ${reference} failed:\n${error.stderrTail.trim()}`, undefined, {
        cause: error,
      });
    }
    throw error;
  }
}
