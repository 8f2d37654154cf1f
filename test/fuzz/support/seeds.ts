import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedDir } from '../../support/shared.js';

/**
 * Seeds for the fuzz harness: the repository's own fixtures (always there) and ../shared/corpus (real files other
 * projects wrote; skipped when it is absent locally, as every corpus test does).
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Text of repository files (relative to the repository root) that exist. */
export function repoSeeds(...relative: string[]): string[] {
  return relative.flatMap((file) => {
    try {
      return [readFileSync(path.join(repoRoot, file), 'utf8')];
    } catch {
      return [];
    }
  });
}

/** Text of corpus files under `folder` whose names end with one of `suffixes`, smallest first, at most `limit`. */
export function corpusSeeds(folder: string, suffixes: readonly string[], limit = 20, maxBytes = 64 * 1024): string[] {
  const shared = sharedDir();
  if (!shared) return [];
  const root = path.join(shared, 'corpus', folder);
  const found: Array<{ file: string; size: number }> = [];
  const walk = (dir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.isFile() && suffixes.some((suffix) => entry.name.endsWith(suffix))) {
        const size = statSync(file).size;
        if (size <= maxBytes) found.push({ file, size });
      }
    }
  };
  walk(root);
  return found
    .sort((a, b) => a.size - b.size || a.file.localeCompare(b.file))
    .slice(0, limit)
    .map(({ file }) => readFileSync(file, 'utf8'));
}
