import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../run-result.js';
import { ConfigurationError, ToolError } from '../util/errors.js';
import type { Redactor } from '../util/redact.js';
import { writeJson, type TextSink } from './json-file.js';
import { toMarkdownSummary, SUMMARY_FILE_NAME, type MarkdownOptions } from './markdown.js';
import { RESULT_FILE_NAME, toResultDocument } from './result-json.js';
import { SARIF_FILE_NAME, toSarif, type SarifOptions } from './sarif.js';

/** Absolute paths of the three report files of a run. */
export interface ReportPaths {
  json: string;
  sarif: string;
  summary: string;
}

export interface WriteReportsOptions extends SarifOptions {
  markdown?: MarkdownOptions;
  /** Every byte written goes through it: no secret the run knows reaches a report (src/util/redact.ts). */
  redactor: Redactor;
}

/**
 * Writes `imagegate.json`, `imagegate.sarif` and `summary.md` into `outDir` (created when missing). Each report is
 * written to a temporary name beside its file as it is rendered, the JSON ones in pieces (json-file.ts), so a large
 * run holds one report's tree at a time and never its whole text; the three are renamed into place only once all
 * are written: a reader (an upload step, a re-run) never sees half a file, and a rendering bug leaves the previous
 * reports untouched.
 */
export async function writeReports(
  result: RunResult,
  outDir: string,
  options: WriteReportsOptions,
): Promise<ReportPaths> {
  const { markdown, redactor, ...sarifOptions } = options;
  const dir = path.resolve(outDir);
  const paths: ReportPaths = {
    json: path.join(dir, RESULT_FILE_NAME),
    sarif: path.join(dir, SARIF_FILE_NAME),
    summary: path.join(dir, SUMMARY_FILE_NAME),
  };
  const staged: StagedFile[] = [];
  try {
    await onDisk(dir, () => mkdir(dir, { recursive: true }));
    // Each report's tree is made inside its writer, so it can go before the next one is built.
    staged.push(
      await stage(dir, paths.json, redactor, (file) =>
        writeJson(file, toResultDocument(result, { toolVersion: options.toolVersion })),
      ),
    );
    staged.push(await stage(dir, paths.sarif, redactor, (file) => writeJson(file, toSarif(result, sarifOptions))));
    // The summary states what the SARIF had to leave out, so it is told the limits the SARIF was cut at.
    const summary = toMarkdownSummary(result, {
      ...markdown,
      sarifCategory: sarifOptions.category,
      ...(sarifOptions.limits ? { sarifLimits: sarifOptions.limits } : {}),
    });
    staged.push(
      await stage(dir, paths.summary, redactor, async (file) => {
        await file.writeFile(summary, 'utf8');
      }),
    );
    for (const file of staged) await onDisk(dir, () => rename(file.temporary, file.target));
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temporary, { force: true })));
    throw error;
  }
  return paths;
}

interface StagedFile {
  temporary: string;
  target: string;
}

/**
 * Writes a report under a temporary name beside `target`. A failure to write is the user's or the disk's (see
 * writeError); a failure to render is a bug and stays what it is. Either way the partial file goes.
 */
async function stage(
  dir: string,
  target: string,
  redactor: Redactor,
  write: (file: TextSink) => Promise<void>,
): Promise<StagedFile> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await onDisk(dir, () => open(temporary, 'wx'));
  try {
    // The output boundary: the renderers hand over text, and only redacted text reaches the file.
    const redacting = redactor.stream((text) => file.writeFile(text, 'utf8'));
    await write({ writeFile: (text) => redacting.write(text) });
    await redacting.end();
    await onDisk(dir, () => file.close());
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw isFileSystemError(error) ? writeError(dir, error) : error;
  }
  return { temporary, target };
}

/** Runs a file-system step; its failure becomes the error the user sees for an unwritable out dir. */
async function onDisk<T>(dir: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    throw writeError(dir, error);
  }
}

/** Errors of a system call (open, write, rename), as opposed to errors of the code that renders a report. */
function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

/** A directory the user named that cannot hold files is their mistake (exit 2); a full or failing disk is not (3). */
const USER_CAUSED = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST', 'EISDIR']);

function writeError(dir: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code && USER_CAUSED.has(code)) {
    return new ConfigurationError(`cannot write the reports here (${detail}); expected a writable directory`, {
      path: dir,
    });
  }
  return new ToolError(
    `writing the reports to ${dir} failed: ${detail}`,
    { command: `write ${dir}` },
    { cause: error },
  );
}
