import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from '../run-result.js';
import { ConfigurationError, ToolError } from '../util/errors.js';
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
}

/**
 * Writes `imagegate.json`, `imagegate.sarif` and `summary.md` into `outDir` (created when missing). Each file is
 * written to a temporary name beside it and renamed, so a reader (an upload step, a re-run) never sees half a file.
 * All three are rendered before the first is written: a rendering bug leaves the previous reports untouched.
 */
export async function writeReports(
  result: RunResult,
  outDir: string,
  options: WriteReportsOptions,
): Promise<ReportPaths> {
  const json = `${JSON.stringify(toResultDocument(result, { toolVersion: options.toolVersion }), null, 2)}\n`;
  const { markdown, ...sarifOptions } = options;
  const sarif = `${JSON.stringify(toSarif(result, sarifOptions), null, 2)}\n`;
  // The summary states what the SARIF had to leave out, so it is told the limits the SARIF was cut at.
  const summary = toMarkdownSummary(result, {
    ...markdown,
    sarifCategory: sarifOptions.category,
    ...(sarifOptions.limits ? { sarifLimits: sarifOptions.limits } : {}),
  });

  const dir = path.resolve(outDir);
  const paths: ReportPaths = {
    json: path.join(dir, RESULT_FILE_NAME),
    sarif: path.join(dir, SARIF_FILE_NAME),
    summary: path.join(dir, SUMMARY_FILE_NAME),
  };
  try {
    await mkdir(dir, { recursive: true });
    await writeAtomically(paths.json, json);
    await writeAtomically(paths.sarif, sarif);
    await writeAtomically(paths.summary, summary);
  } catch (error) {
    throw writeError(dir, error);
  }
  return paths;
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

async function writeAtomically(file: string, content: string): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, content, { encoding: 'utf8', flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
