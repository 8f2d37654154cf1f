import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  ConfigurationError,
  ToolError
} from "./chunk-BRI3MEVE.js";

// src/util/atomic-write.ts
import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
var AtomicFileSet = class {
  constructor(subject, redactor) {
    this.subject = subject;
    this.redactor = redactor;
  }
  subject;
  redactor;
  staged = [];
  /** Writes one file of the set under its temporary name; `write` hands its text to the sink in any pieces. */
  async stage(target, write) {
    await this.stageFile(target, async (file) => {
      const sink = (text) => file.writeFile(text, "utf8");
      if (this.redactor) {
        const redacting = this.redactor.stream(sink);
        await write({ writeFile: (text) => redacting.write(text) });
        await redacting.end();
      } else {
        await write({ writeFile: sink });
      }
    });
  }
  /**
   * Stages bytes that are not text of the run (a downloaded feed, gzip and all): written as they are, not through the
   * redactor, which works on text. Nothing the run knows can be in them.
   */
  async stageBytes(target, bytes) {
    await this.stageFile(target, (file) => file.writeFile(bytes));
  }
  /** The staging both share: a fresh temporary beside the target, written, flushed, closed; removed on failure. */
  async stageFile(target, write) {
    const dir = path.dirname(path.resolve(target));
    const temporary = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
    await this.onDisk(() => mkdir(dir, { recursive: true }));
    const file = await this.onDisk(() => open(temporary, "wx"));
    try {
      await write(file);
      await this.onDisk(() => file.sync());
      await this.onDisk(() => file.close());
    } catch (error) {
      await file.close().catch(() => void 0);
      await rm(temporary, { force: true });
      throw isFileSystemError(error) ? this.error(error) : error;
    }
    this.staged.push({ temporary, target });
  }
  /** Renames every staged file into place, in the order staged. */
  async commit() {
    for (const file of this.staged) await this.onDisk(() => rename(file.temporary, file.target));
    this.staged.length = 0;
  }
  /** Removes what was staged and not committed (after a failure). */
  async abort() {
    await Promise.all(this.staged.map((file) => rm(file.temporary, { force: true })));
    this.staged.length = 0;
  }
  /** Stages with `write`, commits, and aborts on any failure: the usual way to use a set. */
  async run(write) {
    try {
      await write(this);
      await this.commit();
    } catch (error) {
      await this.abort();
      throw error;
    }
  }
  /** A file-system step whose failure is the error the user sees for an unwritable place. */
  async onDisk(step) {
    try {
      return await step();
    } catch (error) {
      throw this.error(error);
    }
  }
  error(error) {
    return writeError(this.subject, error);
  }
};
async function writeFileAtomic(file, text, what, redactor) {
  const set = new AtomicFileSet({ what, place: file, placeKind: "file" }, redactor);
  await set.run((files) => files.stage(file, (sink) => sink.writeFile(text, "utf8")));
}
async function writeJsonAtomic(file, value, what, redactor) {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}
`, what, redactor);
}
var USER_CAUSED = /* @__PURE__ */ new Set(["EACCES", "EPERM", "EROFS", "ENOTDIR", "EEXIST", "EISDIR"]);
function writeError(subject, error) {
  if (error instanceof ConfigurationError || error instanceof ToolError) return error;
  const code = error?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code && USER_CAUSED.has(code)) {
    return subject.placeKind === "directory" ? new ConfigurationError(`cannot write ${subject.what} here (${detail}); expected a writable directory`, {
      path: subject.place
    }) : new ConfigurationError(`cannot write ${subject.what} (${detail}); expected a writable path`, {
      path: subject.place
    });
  }
  return new ToolError(
    `writing ${subject.what} to ${subject.place} failed: ${detail}`,
    { command: `write ${subject.place}` },
    { cause: error }
  );
}
function isFileSystemError(error) {
  return error instanceof Error && typeof error.syscall === "string";
}

export {
  AtomicFileSet,
  writeFileAtomic,
  writeJsonAtomic
};
//# sourceMappingURL=chunk-7GNNRPV6.js.map
