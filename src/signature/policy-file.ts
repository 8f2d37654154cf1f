import { open } from 'node:fs/promises';
import type { SourceLocation } from '../model/findings.js';
import type { GitPolicySource } from '../policy/git-policy-source.js';
import { ConfigurationError } from '../util/errors.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';

/**
 * Reading the files the policy's `signatures:` names (signer keys, the trusted root): through the workspace gate, or
 * from the deciding base commit, and capped. Shared by a run (load-signature-policy.ts) and `policy export`, so both
 * read the same files under the same rules. Kept apart from the verifier so `policy export` does not load Sigstore.
 */

/** A PEM public key is a few hundred bytes; a trusted_root.json some tens of KiB. Anything far larger is a mistake. */
export const MAX_KEY_BYTES = 64 * 1024;
export const MAX_ROOT_BYTES = 4 * 1024 * 1024;

export interface SignatureFilesRequest {
  /** The gate for repository files (src/util/workspace-paths.ts): keys and roots are the repository's input. */
  paths: WorkspacePaths;
  /** When the base's policy decides: its commit, which its key files are read from too. */
  baseFiles?: GitPolicySource;
  displayPath: (absolute: string) => string;
}

/** The file's text, refused (exit 2 at the policy line, naming the file and the cap) before reading when too large. */
export async function readPolicyFile(
  file: string,
  written: string,
  source: SourceLocation,
  what: string,
  maxBytes: number,
  request: SignatureFilesRequest,
): Promise<{ text: string; display: string }> {
  if (request.baseFiles) {
    const display = request.baseFiles.display(file);
    const read = await request.baseFiles.read(file);
    if ('problem' in read) throw new ConfigurationError(`${what} ${display} cannot be read: ${read.problem}`, source);
    return { text: read.text, display };
  }
  const display = request.displayPath(file) || written;
  const real = await request.paths.regularFile(file, { what, display, referencedAt: source });
  const handle = await open(real, 'r');
  try {
    const { size } = await handle.stat();
    if (size > maxBytes) {
      throw new ConfigurationError(`${what} ${display} is ${size} bytes; imagegate reads at most ${maxBytes}`, source);
    }
    // Read through the handle, one byte past the size it had: a file that grows after the stat is never read whole.
    const buffer = Buffer.alloc(size + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > size) throw new ConfigurationError(`${what} ${display} changed while it was read`, source);
    return { text: buffer.toString('utf8', 0, bytesRead), display };
  } finally {
    await handle.close();
  }
}
