import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { CODE_QUALITY_FILE_NAME, toCodeQualityReport } from '../report/gitlab-code-quality.js';
import { CONTAINER_SCANNING_FILE_NAME, toContainerScanningReport } from '../report/gitlab-container-scanning.js';
import { writeJson, type TextSink } from '../report/json-file.js';
import { JUNIT_FILE_NAME, junitXmlPieces } from '../report/junit.js';
import type { RunResult } from '../run-result.js';
import { ToolError } from '../util/errors.js';
import type { Redactor } from '../util/redact.js';

/** Absolute paths of the GitLab report files; no container-scanning report when no scan ran. */
export interface GitLabReportPaths {
  containerScanning?: string;
  codeQuality: string;
  junit: string;
}

export interface GitLabReportOptions {
  toolVersion: string;
  /** Every byte written goes through it: no secret the run knows reaches a report (src/util/redact.ts). */
  redactor: Redactor;
}

/** Bytes handed to the file at a time while writing the JUnit pieces. */
const WRITE_BYTES = 1024 * 1024;

/**
 * Writes the reports GitLab's `artifacts:reports` read — container scanning, Code Quality, JUnit — beside the
 * other reports in `outDir`. Like writeReports, each goes to a temporary name first and all are renamed once all
 * are written. Without a scan, a container-scanning report left by an earlier run is removed: a stale one would
 * be read as this pipeline's.
 */
export async function writeGitLabReports(
  result: RunResult,
  outDir: string,
  options: GitLabReportOptions,
): Promise<GitLabReportPaths> {
  const dir = path.resolve(outDir);
  const { redactor } = options;
  const containerScanning = toContainerScanningReport(result, options);
  const paths: GitLabReportPaths = {
    ...(containerScanning ? { containerScanning: path.join(dir, CONTAINER_SCANNING_FILE_NAME) } : {}),
    codeQuality: path.join(dir, CODE_QUALITY_FILE_NAME),
    junit: path.join(dir, JUNIT_FILE_NAME),
  };
  const staged: Array<{ temporary: string; target: string }> = [];
  try {
    await mkdir(dir, { recursive: true });
    if (containerScanning && paths.containerScanning) {
      staged.push(await stage(paths.containerScanning, redactor, (file) => writeJson(file, containerScanning)));
    }
    staged.push(await stage(paths.codeQuality, redactor, (file) => writeJson(file, toCodeQualityReport(result))));
    staged.push(await stage(paths.junit, redactor, (file) => writePieces(file, junitXmlPieces(result, options))));
    for (const file of staged) await rename(file.temporary, file.target);
    if (!containerScanning) await rm(path.join(dir, CONTAINER_SCANNING_FILE_NAME), { force: true });
  } catch (error) {
    await Promise.all(staged.map((file) => rm(file.temporary, { force: true })));
    throw new ToolError(
      `writing the GitLab reports to ${dir} failed: ${error instanceof Error ? error.message : String(error)}`,
      { command: `write ${dir}` },
      { cause: error },
    );
  }
  return paths;
}

async function stage(
  target: string,
  redactor: Redactor,
  write: (file: TextSink) => Promise<void>,
): Promise<{ temporary: string; target: string }> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const file = await open(temporary, 'wx');
  try {
    // The output boundary: the renderers hand over text, and only redacted text reaches the file.
    const redacting = redactor.stream((text) => file.writeFile(text, 'utf8'));
    await write({ writeFile: (text) => redacting.write(text) });
    await redacting.end();
    await file.close();
  } catch (error) {
    await file.close().catch(() => undefined);
    await rm(temporary, { force: true });
    throw error;
  }
  return { temporary, target };
}

async function writePieces(file: TextSink, pieces: Iterable<string>): Promise<void> {
  let pending: string[] = [];
  let length = 0;
  for (const piece of pieces) {
    pending.push(piece);
    length += piece.length;
    if (length >= WRITE_BYTES) {
      await file.writeFile(pending.join(''), 'utf8');
      pending = [];
      length = 0;
    }
  }
  await file.writeFile(pending.join(''), 'utf8');
}
