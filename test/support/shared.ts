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
  const found = candidates.find((dir): dir is string => dir !== undefined && existsSync(path.join(dir, 'schemas')));
  // Tests that need the corpus skip without it locally; in CI its absence is a broken set-up, not a pass.
  if (!found && process.env.CI === 'true') {
    throw new Error('CI=true but the shared folder (corpus, schemas) is missing: set IMAGEGATE_SHARED');
  }
  return found;
}

/** A file under the shared folder, or undefined when there is none. */
export function sharedFile(...parts: string[]): string | undefined {
  const dir = sharedDir();
  const file = dir ? path.join(dir, ...parts) : undefined;
  return file && existsSync(file) ? file : undefined;
}
