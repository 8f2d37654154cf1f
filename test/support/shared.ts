import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The workplace's shared folder (official schemas, the external corpus): beside the repository in a normal
 * checkout, at /work/shared on the team's machines and CI when the clone lives elsewhere, or IMAGEGATE_SHARED.
 */
export function sharedDir(): string | undefined {
  const candidates = [process.env.IMAGEGATE_SHARED, path.resolve(repoRoot, '..', 'shared'), '/work/shared'];
  return candidates.find((dir): dir is string => dir !== undefined && existsSync(path.join(dir, 'schemas')));
}

/** A file under the shared folder, or undefined when there is none. */
export function sharedFile(...parts: string[]): string | undefined {
  const dir = sharedDir();
  const file = dir ? path.join(dir, ...parts) : undefined;
  return file && existsSync(file) ? file : undefined;
}
