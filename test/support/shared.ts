import { existsSync } from 'node:fs';
import path from 'node:path';
import { findSharedDir, missingSharedMessage } from '../../scripts/shared-dir.js';

/**
 * The workplace's shared folder (official schemas, the external corpus): beside the repository, or IMAGEGATE_SHARED
 * (scripts/shared-dir.ts, which the benchmarks use too).
 */
export function sharedDir(): string | undefined {
  const found = findSharedDir();
  // Tests that need the corpus skip without it locally; in CI its absence is a broken set-up, not a pass.
  if (!found && process.env.CI === 'true') {
    throw new Error(`CI=true but the shared folder (corpus, schemas) is missing: ${missingSharedMessage(['schemas'])}`);
  }
  return found;
}

/** A file under the shared folder, or undefined when there is none. */
export function sharedFile(...parts: string[]): string | undefined {
  const dir = sharedDir();
  const file = dir ? path.join(dir, ...parts) : undefined;
  return file && existsSync(file) ? file : undefined;
}
