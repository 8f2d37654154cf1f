import path from 'node:path';
import type { SourceLocation } from '../model/findings.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

/**
 * `vulnerabilities.vex`: VEX documents, each path relative to the policy file that names it (like `extends`).
 * Only the paths are read here; the pipeline reads the files through the same gate as every repository file
 * (src/vex/read-vex-files.ts), or, when the base's policy decides, from the base commit.
 */
export interface VexPolicyFile {
  /** Absolute working-tree path. */
  file: string;
  /** As written in the policy. */
  written: string;
  /** The list item in the policy file. */
  source: SourceLocation;
}

export function readVexPaths(source: PolicySource, value: unknown, at: PathSegment[]): VexPolicyFile[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const baseDir = path.dirname(source.file);
  return value.flatMap((item: unknown, index) => {
    if (typeof item !== 'string' || item === '') return [];
    const { line = 1, column } = positionOf(source, [...at, index]);
    return [
      {
        file: path.resolve(baseDir, item),
        written: item,
        source: { kind: 'source' as const, path: source.display, line, ...(column ? { column } : {}) },
      },
    ];
  });
}
