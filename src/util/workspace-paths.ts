import { realpathSync, statSync, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, type SourcePosition } from './errors.js';

/**
 * The one gate every path named by a repository file (compose `include`, `extends.file`, `env_file`, `.env`,
 * policy `extends`, Dockerfile, `.dockerignore`, baseline and Trivy reports, the policy file) passes before it is
 * read. The repository is untrusted on a pull request: a symlink or a `../..` must not make imagegate read
 * `/proc/self/environ`, `~/.git-credentials` or a FIFO that never ends. So the path is resolved through symlinks
 * (realpath) and must land on a regular file inside one of the allowed roots: the workspace the entry point
 * decided (GITHUB_WORKSPACE, CI_PROJECT_DIR, else the working directory) plus the roots the workflow author adds
 * (`--allow-path`, `allowed-paths`). Kernel pseudo file systems are refused even when a root contains them.
 * A refusal names the path and the reason, never a byte of the target.
 */

/** Never read, whatever the roots: their files are the process's environment, memory, devices and kernel state. */
const PSEUDO_FILE_SYSTEMS = ['/proc', '/dev', '/sys'];

/**
 * `missing`: it (or a directory on the way) does not exist; `directory`: it is one; `refused`: outside the roots,
 * in a pseudo file system, or not a regular file. Callers keep their own words for the first two.
 */
export type PathCheck =
  { ok: true; real: string } | { ok: false; problem: 'missing' | 'directory' | 'refused'; reason: string };

export class WorkspacePaths {
  /** Real (symlink-free) absolute roots; empty means unrestricted (library callers that name no roots). */
  readonly roots: readonly string[];

  private constructor(roots: readonly string[]) {
    this.roots = roots;
  }

  /** Paths must stay inside these directories (each resolved through symlinks once, here). */
  static within(roots: readonly string[]): WorkspacePaths {
    const real = roots.map((root) => {
      const absolute = path.resolve(root);
      try {
        return realpathSync(absolute);
      } catch {
        return absolute;
      }
    });
    return new WorkspacePaths([...new Set(real)]);
  }

  /**
   * Only the file-type checks (regular files, no /proc, /dev, /sys): for library calls and tests that name no
   * workspace. The entry points always pass real roots.
   */
  static unrestricted(): WorkspacePaths {
    return new WorkspacePaths([]);
  }

  /** Whether an already real path is inside one of the roots. */
  contains(real: string): boolean {
    if (this.roots.length === 0) return true;
    return this.roots.some((root) => isInside(root, real));
  }

  /** Resolves `file` and reports why it may not be read; `missing` when it (or a directory on the way) is absent. */
  async check(file: string): Promise<PathCheck> {
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      return failure(error);
    }
    const place = this.placeProblem(real);
    if (place) return { ok: false, problem: 'refused', reason: place };
    let info: Stats;
    try {
      info = await stat(real);
    } catch (error) {
      return failure(error);
    }
    return typeProblem(info, real);
  }

  checkSync(file: string): PathCheck {
    let real: string;
    try {
      real = realpathSync(file);
    } catch (error) {
      return failure(error);
    }
    const place = this.placeProblem(real);
    if (place) return { ok: false, problem: 'refused', reason: place };
    try {
      return typeProblem(statSync(real), real);
    } catch (error) {
      return failure(error);
    }
  }

  /**
   * The real path of a regular file inside the roots, else a ConfigurationError at `referencedAt` (the line that
   * names the file) or at the file itself: "<what> <display> is refused: <reason>".
   */
  async regularFile(file: string, refusal: Refusal): Promise<string> {
    const result = await this.check(file);
    if (result.ok) return result.real;
    throw refusedError(result.reason, refusal);
  }

  regularFileSync(file: string, refusal: Refusal): string {
    const result = this.checkSync(file);
    if (result.ok) return result.real;
    throw refusedError(result.reason, refusal);
  }

  private placeProblem(real: string): string | undefined {
    const pseudo = PSEUDO_FILE_SYSTEMS.find((root) => isInside(root, real));
    if (pseudo) return `it resolves to ${real}, in ${pseudo}, which imagegate never reads`;
    if (!this.contains(real)) {
      return (
        `it resolves to ${real}, outside the workspace (${this.roots.join(', ')}); ` +
        'a workflow author can allow more directories with --allow-path (Action input allowed-paths)'
      );
    }
    return undefined;
  }
}

export interface Refusal {
  /** What the file is to the reader, e.g. `compose include`, `the extended policy`, `the Dockerfile`. */
  what: string;
  /** How messages name the file (workspace-relative). */
  display: string;
  /** The place that named the file; the file itself when a flag or a default named it. */
  referencedAt?: SourcePosition;
}

function refusedError(reason: string, refusal: Refusal): ConfigurationError {
  return new ConfigurationError(
    `${refusal.what} ${refusal.display} is refused: ${reason}`,
    refusal.referencedAt ?? { path: refusal.display },
  );
}

function typeProblem(info: Stats, real: string): PathCheck {
  if (info.isFile()) return { ok: true, real };
  if (info.isDirectory())
    return { ok: false, problem: 'directory', reason: 'it is a directory; only regular files are read' };
  const kind = info.isFIFO()
    ? 'a FIFO (named pipe)'
    : info.isSocket()
      ? 'a socket'
      : info.isCharacterDevice() || info.isBlockDevice()
        ? 'a device'
        : 'not a regular file';
  return { ok: false, problem: 'refused', reason: `it is ${kind}; only regular files are read` };
}

function failure(error: unknown): PathCheck {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, problem: 'missing', reason: 'no such file' };
  if (code === 'ELOOP') return { ok: false, problem: 'refused', reason: 'too many levels of symbolic links' };
  if (code === 'EACCES') return { ok: false, problem: 'refused', reason: 'permission denied' };
  return { ok: false, problem: 'refused', reason: `cannot be resolved (${code ?? 'error'})` };
}

/** `child` is `root` or below it (both absolute and normalized). */
export function isInside(root: string, child: string): boolean {
  const relative = path.relative(root, child);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}
