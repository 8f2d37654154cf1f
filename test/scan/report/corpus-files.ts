import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sharedDir } from '../../support/shared.js';
import { describeWhen } from '../../support/gate.js';

/**
 * The Trivy-native JSON reports of ../shared/corpus/trivy: image goldens, non-image goldens (fs, repo, SBOM, VM) and
 * trivy-action's recorded reports. Other formats (other-formats/, SARIF, dependency snapshots) are left out: they
 * are the parser's rejections. Without the corpus the tests that need it skip locally and fail in CI.
 */

export type Json = Record<string, unknown>;

export function trivyCorpusDir(): string | undefined {
  const dir = sharedDir();
  if (!dir) {
    if (process.env.CI === 'true') throw new Error('the shared corpus (../shared/corpus/trivy) is missing');
    return undefined;
  }
  return path.join(dir, 'corpus', 'trivy');
}

/** Paths relative to the corpus's trivy folder. */
export function corpusReportNames(): string[] {
  const root = trivyCorpusDir();
  if (!root) return [];
  const names: string[] = [];
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const name = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        if (name !== 'other-formats') walk(name);
      } else if (name.endsWith('.json.golden') || (name.startsWith('trivy-action/') && name.endsWith('.json'))) {
        names.push(name);
      }
    }
  };
  walk('');
  return names.sort();
}

export function corpusPath(name: string): string {
  const root = trivyCorpusDir();
  if (!root) throw new Error('no corpus');
  return path.join(root, name);
}

export function corpusText(name: string): string {
  return readFileSync(corpusPath(name), 'utf8');
}

export function corpusJson(name: string): Json {
  return JSON.parse(corpusText(name)) as Json;
}

/** `describe` when the corpus is present; skipped locally, failing under CI=true otherwise. */
export const describeWithCorpus = describeWhen(trivyCorpusDir(), 'the shared Trivy corpus is missing');

export const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
