import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import path from 'node:path';
import { exec } from '../../util/exec.js';
import type { Logger } from '../../util/logger.js';
import { parseTrivyVersionOutput } from './trivy-versions.js';

/**
 * A trivy already on PATH. Only absolute PATH entries are searched: an empty or relative entry means "the current
 * directory", and in CI that is a checkout whose `trivy` anyone with a pull request could write.
 */
export async function findOnPath(searchPath: string, platform: NodeJS.Platform): Promise<string | undefined> {
  const name = platform === 'win32' ? 'trivy.exe' : 'trivy';
  const delimiter = platform === 'win32' ? ';' : ':';
  for (const entry of searchPath.split(delimiter)) {
    if (entry === '' || !path.isAbsolute(entry)) continue;
    const candidate = path.join(entry, name);
    const stats = await stat(candidate).catch(() => undefined);
    if (!stats?.isFile()) continue;
    if (
      platform !== 'win32' &&
      !(await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      ))
    )
      continue;
    return candidate;
  }
  return undefined;
}

export type VersionProbe = { version: string } | { problem: string };

const VERSION_TIMEOUT_MS = 30_000;

/** Runs `trivy --version` and reads the version, or says why it could not. */
export async function probeTrivyVersion(file: string, logger: Logger): Promise<VersionProbe> {
  let stdout: string;
  try {
    ({ stdout } = await exec(file, ['--version'], {
      logger,
      timeoutMs: VERSION_TIMEOUT_MS,
      maxStdoutBytes: 1024 * 1024,
    }));
  } catch (error) {
    return { problem: (error as Error).message.split('\n')[0] ?? 'failed' };
  }
  const version = parseTrivyVersionOutput(stdout);
  if (version !== undefined) return { version };
  const first = stdout.trim().split('\n')[0] ?? '';
  return { problem: `\`${file} --version\` printed no version imagegate understands (${JSON.stringify(first)})` };
}
