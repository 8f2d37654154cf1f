import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { ConfigurationError, ToolError } from './errors.js';
import type { Redactor } from './redact.js';

/**
 * The one stage-then-rename writer for every file imagegate writes for someone else to read (the three reports,
 * GitLab's reports, the re-scan plan, ledger, shard result and summary, the stored SARIF). Each file is written to
 * a temporary name beside its target (`.name.<random>.tmp`, same directory, so the rename is atomic), flushed to
 * disk, and renamed into place only once every file of the set is written: a reader (an upload step, the next job,
 * a crash halfway) sees the previous files or the new ones, never half of one, and a rendering bug leaves the
 * previous files untouched.
 *
 * Every byte goes through the run's Redactor (src/util/redact.ts) on its way to the file, so no secret the run
 * knows reaches disk, whichever writer called.
 *
 * One error policy for a failing disk, whoever writes: a place the user named that cannot hold files (EACCES,
 * EPERM, EROFS, ENOTDIR, EISDIR, EEXIST) is their mistake, a ConfigurationError (exit 2) naming the place; any
 * other file-system failure (ENOSPC, EIO, …) is a ToolError (exit 3). An error of the code that renders the
 * text is not a disk error and stays what it is.
 */

/** Where text goes: a FileHandle, or the redacting writer in front of one. */
export interface TextSink {
  writeFile(text: string, encoding: 'utf8'): Promise<unknown>;
}

/** How errors name what was being written. */
export interface WriteSubject {
  /** e.g. `the reports`, `the plan`. */
  what: string;
  /** The place named in errors: the out directory of a set of reports, else the file. */
  place: string;
  /** `directory`: the user gave a directory (`cannot write the reports here`); `file`: a file path. */
  placeKind: 'directory' | 'file';
}

/** A set of files staged beside their targets and renamed into place together. */
export class AtomicFileSet {
  private readonly staged: Array<{ temporary: string; target: string }> = [];

  constructor(
    private readonly subject: WriteSubject,
    private readonly redactor?: Redactor,
  ) {}

  /** Writes one file of the set under its temporary name; `write` hands its text to the sink in any pieces. */
  async stage(target: string, write: (sink: TextSink) => Promise<unknown>): Promise<void> {
    await this.stageFile(target, async (file) => {
      // The output boundary: the renderers hand over text, and only redacted text reaches the file.
      const sink = (text: string) => file.writeFile(text, 'utf8');
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
  async stageBytes(target: string, bytes: Uint8Array): Promise<void> {
    await this.stageFile(target, (file) => file.writeFile(bytes));
  }

  /** The staging both share: a fresh temporary beside the target, written, flushed, closed; removed on failure. */
  private async stageFile(target: string, write: (file: FileHandle) => Promise<unknown>): Promise<void> {
    const dir = path.dirname(path.resolve(target));
    const temporary = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
    await this.onDisk(() => mkdir(dir, { recursive: true }));
    const file: FileHandle = await this.onDisk(() => open(temporary, 'wx'));
    try {
      await write(file);
      await this.onDisk(() => file.sync());
      await this.onDisk(() => file.close());
    } catch (error) {
      await file.close().catch(() => undefined);
      await rm(temporary, { force: true });
      throw isFileSystemError(error) ? this.error(error) : error;
    }
    this.staged.push({ temporary, target });
  }

  /** Renames every staged file into place, in the order staged. */
  async commit(): Promise<void> {
    for (const file of this.staged) await this.onDisk(() => rename(file.temporary, file.target));
    this.staged.length = 0;
  }

  /** Removes what was staged and not committed (after a failure). */
  async abort(): Promise<void> {
    await Promise.all(this.staged.map((file) => rm(file.temporary, { force: true })));
    this.staged.length = 0;
  }

  /** Stages with `write`, commits, and aborts on any failure: the usual way to use a set. */
  async run(write: (set: AtomicFileSet) => Promise<void>): Promise<void> {
    try {
      await write(this);
      await this.commit();
    } catch (error) {
      await this.abort();
      throw error;
    }
  }

  /** A file-system step whose failure is the error the user sees for an unwritable place. */
  async onDisk<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      throw this.error(error);
    }
  }

  private error(error: unknown): Error {
    return writeError(this.subject, error);
  }
}

/**
 * Writes `text` to `file` atomically (one file, the same rules). `what` names it in errors; `redactor` is the
 * command's, so no secret the run knows reaches the file.
 */
export async function writeFileAtomic(file: string, text: string, what: string, redactor?: Redactor): Promise<void> {
  const set = new AtomicFileSet({ what, place: file, placeKind: 'file' }, redactor);
  await set.run((files) => files.stage(file, (sink) => sink.writeFile(text, 'utf8')));
}

/** Writes `value` as indented JSON and a newline, atomically. */
export async function writeJsonAtomic(file: string, value: unknown, what: string, redactor?: Redactor): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(value, null, 2)}\n`, what, redactor);
}

/** A place the user named that cannot hold files: their mistake (exit 2). Anything else on disk: exit 3. */
const USER_CAUSED = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR']);

/** The one classification of a write failure (see the file comment); an error already classified passes. */
export function writeError(subject: WriteSubject, error: unknown): Error {
  if (error instanceof ConfigurationError || error instanceof ToolError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code && USER_CAUSED.has(code)) {
    return subject.placeKind === 'directory'
      ? new ConfigurationError(`cannot write ${subject.what} here (${detail}); expected a writable directory`, {
          path: subject.place,
        })
      : new ConfigurationError(`cannot write ${subject.what} (${detail}); expected a writable path`, {
          path: subject.place,
        });
  }
  return new ToolError(
    `writing ${subject.what} to ${subject.place} failed: ${detail}`,
    { command: `write ${subject.place}` },
    { cause: error },
  );
}

/** Errors of a system call (open, write, rename), as opposed to errors of the code that renders a file. */
function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}
