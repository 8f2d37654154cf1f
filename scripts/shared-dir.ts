import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The workplace's shared folder (official schemas, the external corpus) that tests and benchmarks read: the folder
 * named by IMAGEGATE_SHARED when it is set, else `shared/` beside the repository. Never a path of one machine: a
 * clone that lives elsewhere sets the variable. One place for the rule, so tests and `npm run bench` agree.
 */
export const SHARED_ENV = 'IMAGEGATE_SHARED';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Where the shared folder is looked for: the variable when set (it alone decides), else beside the repository. */
export function sharedCandidate(env: NodeJS.ProcessEnv = process.env): string {
  const given = env[SHARED_ENV];
  return given !== undefined && given !== '' ? path.resolve(given) : path.resolve(repoRoot, '..', 'shared');
}

/** The shared folder when it holds `parts` (e.g. `corpus/trivy`; by default its schemas), else undefined. */
export function findSharedDir(parts: string[] = ['schemas'], env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = sharedCandidate(env);
  return existsSync(path.join(dir, ...parts)) ? dir : undefined;
}

/** What to do when the shared folder lacks `parts`: names the folder looked at and the variable to set. */
export function missingSharedMessage(parts: string[], env: NodeJS.ProcessEnv = process.env): string {
  const looked = path.join(sharedCandidate(env), ...parts);
  const how =
    env[SHARED_ENV] !== undefined && env[SHARED_ENV] !== ''
      ? `${SHARED_ENV} is set, but ${looked} is not there`
      : `${looked} is not there; put the shared folder beside the repository or set ${SHARED_ENV} to it`;
  return `needs the shared folder's ${parts.join('/')}: ${how}`;
}
