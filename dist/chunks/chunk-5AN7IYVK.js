import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError
} from "./chunk-BRI3MEVE.js";

// src/util/workspace-paths.ts
import { realpathSync, statSync } from "node:fs";
import { realpath, stat } from "node:fs/promises";
import path from "node:path";
var PSEUDO_FILE_SYSTEMS = ["/proc", "/dev", "/sys"];
var WorkspacePaths = class _WorkspacePaths {
  /** Real (symlink-free) absolute roots; empty means unrestricted (library callers that name no roots). */
  roots;
  constructor(roots) {
    this.roots = roots;
  }
  /** Paths must stay inside these directories (each resolved through symlinks once, here). */
  static within(roots) {
    const real = roots.map((root) => {
      const absolute = path.resolve(root);
      try {
        return realpathSync(absolute);
      } catch {
        return absolute;
      }
    });
    return new _WorkspacePaths([...new Set(real)]);
  }
  /**
   * Only the file-type checks (regular files, no /proc, /dev, /sys): for library calls and tests that name no
   * workspace. The entry points always pass real roots.
   */
  static unrestricted() {
    return new _WorkspacePaths([]);
  }
  /** Whether an already real path is inside one of the roots. */
  contains(real) {
    if (this.roots.length === 0) return true;
    return this.roots.some((root) => isInside(root, real));
  }
  /** Resolves `file` and reports why it may not be read; `missing` when it (or a directory on the way) is absent. */
  async check(file) {
    let real;
    try {
      real = await realpath(file);
    } catch (error) {
      return failure(error);
    }
    const place = this.placeProblem(real);
    if (place) return { ok: false, problem: "refused", reason: place };
    let info;
    try {
      info = await stat(real);
    } catch (error) {
      return failure(error);
    }
    return typeProblem(info, real);
  }
  checkSync(file) {
    let real;
    try {
      real = realpathSync(file);
    } catch (error) {
      return failure(error);
    }
    const place = this.placeProblem(real);
    if (place) return { ok: false, problem: "refused", reason: place };
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
  async regularFile(file, refusal) {
    const result = await this.check(file);
    if (result.ok) return result.real;
    throw refusedError(result.reason, refusal);
  }
  regularFileSync(file, refusal) {
    const result = this.checkSync(file);
    if (result.ok) return result.real;
    throw refusedError(result.reason, refusal);
  }
  placeProblem(real) {
    const pseudo = PSEUDO_FILE_SYSTEMS.find((root) => isInside(root, real));
    if (pseudo) return `it resolves to ${real}, in ${pseudo}, which imagegate never reads`;
    if (!this.contains(real)) {
      return `it resolves to ${real}, outside the workspace (${this.roots.join(", ")}); a workflow author can allow more directories with --allow-path (Action input allowed-paths)`;
    }
    return void 0;
  }
};
function refusedError(reason, refusal) {
  return new ConfigurationError(
    `${refusal.what} ${refusal.display} is refused: ${reason}`,
    refusal.referencedAt ?? { path: refusal.display }
  );
}
function typeProblem(info, real) {
  if (info.isFile()) return { ok: true, real };
  if (info.isDirectory())
    return { ok: false, problem: "directory", reason: "it is a directory; only regular files are read" };
  const kind = info.isFIFO() ? "a FIFO (named pipe)" : info.isSocket() ? "a socket" : info.isCharacterDevice() || info.isBlockDevice() ? "a device" : "not a regular file";
  return { ok: false, problem: "refused", reason: `it is ${kind}; only regular files are read` };
}
function failure(error) {
  const code = error.code;
  if (code === "ENOENT" || code === "ENOTDIR") return { ok: false, problem: "missing", reason: "no such file" };
  if (code === "ELOOP") return { ok: false, problem: "refused", reason: "too many levels of symbolic links" };
  if (code === "EACCES") return { ok: false, problem: "refused", reason: "permission denied" };
  return { ok: false, problem: "refused", reason: `cannot be resolved (${code ?? "error"})` };
}
function isInside(root, child) {
  const relative = path.relative(root, child);
  return relative === "" || !relative.startsWith(`..${path.sep}`) && relative !== ".." && !path.isAbsolute(relative);
}

export {
  WorkspacePaths,
  isInside
};
//# sourceMappingURL=chunk-5AN7IYVK.js.map
