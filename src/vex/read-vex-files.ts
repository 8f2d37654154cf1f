import { readFile, stat } from 'node:fs/promises';
import type { VexPolicyFile } from '../policy/convert-vex.js';
import type { GitPolicySource } from '../policy/git-policy-source.js';
import { ConfigurationError } from '../util/errors.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import { MAX_VEX_FILE_BYTES, parseVexDocument } from './parse-vex-document.js';
import type { VexDocument } from './types.js';

/** More VEX files than this in one run is a mistake (a glob gone wrong), not a triage record. */
export const MAX_VEX_FILES = 100;

export interface VexFilesRequest {
  /** The deciding policy's `vulnerabilities.vex` (repository input: confined to the workspace). */
  policyFiles: readonly VexPolicyFile[];
  /** `--vex` / input `vex` (the workflow author's: any regular file outside /proc, /dev, /sys). */
  cliFiles: readonly string[];
  /** The gate for repository files (src/util/workspace-paths.ts). */
  paths: WorkspacePaths;
  /** When the base's policy decides: its commit, which its VEX files are read from. */
  baseFiles?: GitPolicySource;
  displayPath: (absolute: string) => string;
}

/**
 * Reads and parses every VEX document of a run, policy files first (in policy order), then `--vex` files; a file
 * named twice is read once. Every problem is a ConfigurationError: a refused path at the policy line that names
 * it, a bad document at its own file:line:column.
 */
export async function readVexFiles(request: VexFilesRequest): Promise<VexDocument[]> {
  const total = request.policyFiles.length + request.cliFiles.length;
  if (total > MAX_VEX_FILES) {
    throw new ConfigurationError(`${total} VEX documents named; at most ${MAX_VEX_FILES} are read in one run`);
  }
  const seen = new Set<string>();
  const documents: VexDocument[] = [];
  for (const entry of request.policyFiles) {
    if (seen.has(entry.file)) continue;
    seen.add(entry.file);
    if (request.baseFiles) {
      const display = request.baseFiles.relative(entry.file) ?? entry.written;
      const read = await request.baseFiles.read(entry.file);
      if ('problem' in read) {
        throw new ConfigurationError(
          `the VEX document ${request.baseFiles.display(entry.file)} cannot be read: ${read.problem}`,
          entry.source,
        );
      }
      documents.push(parseVexDocument(read.text, { path: display }));
      continue;
    }
    const display = request.displayPath(entry.file);
    const real = await request.paths.regularFile(entry.file, {
      what: 'the VEX document',
      display,
      referencedAt: entry.source,
    });
    documents.push(parseVexDocument(await readCapped(real, display), { path: display }));
  }
  const anywhere = WorkspacePaths.unrestricted();
  for (const file of request.cliFiles) {
    if (seen.has(file)) continue;
    seen.add(file);
    const display = request.displayPath(file);
    const real = await anywhere.regularFile(file, { what: 'the VEX document (--vex)', display });
    documents.push(parseVexDocument(await readCapped(real, display), { path: display }));
  }
  return documents;
}

async function readCapped(real: string, display: string): Promise<string> {
  const { size } = await stat(real);
  if (size > MAX_VEX_FILE_BYTES) {
    throw new ConfigurationError(`the VEX document is ${size} bytes, more than ${MAX_VEX_FILE_BYTES} (4 MiB)`, {
      path: display,
    });
  }
  return readFile(real, 'utf8');
}
