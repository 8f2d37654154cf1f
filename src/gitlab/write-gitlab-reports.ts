import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { CODE_QUALITY_FILE_NAME, toCodeQualityReport } from '../report/gitlab-code-quality.js';
import { CONTAINER_SCANNING_FILE_NAME, toContainerScanningReport } from '../report/gitlab-container-scanning.js';
import { writeJson } from '../report/json-file.js';
import { JUNIT_FILE_NAME, junitXmlPieces } from '../report/junit.js';
import type { RunResult } from '../report/run-result.js';
import { AtomicFileSet, type TextSink } from '../util/atomic-write.js';
import type { Redactor } from '../util/redact.js';
import { GITLAB_SBOM_FILE_NAME, sbomForGitLab } from './gitlab-sbom.js';

/** Absolute paths of the GitLab report files; no container-scanning report when no scan ran. */
export interface GitLabReportPaths {
  containerScanning?: string;
  codeQuality: string;
  junit: string;
  /** The copy of `imagegate.cdx.json` under the name GitLab's SBOM ingestion reads; only with `--sbom cyclonedx`. */
  sbom?: string;
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
 * other reports in `outDir`. Like writeReports, through the one atomic writer (src/util/atomic-write.ts): each goes
 * to a temporary name first and all are renamed once all are written; an unwritable out dir is exit 2, a failing
 * disk exit 3, as for every file imagegate writes. Without a scan, a container-scanning report left by an earlier run is removed: a stale one would
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
  const files = new AtomicFileSet({ what: 'the GitLab reports', place: dir, placeKind: 'directory' }, redactor);
  await files.run(async (set) => {
    await set.onDisk(() => mkdir(dir, { recursive: true }));
    if (containerScanning && paths.containerScanning) {
      await set.stage(paths.containerScanning, (file) => writeJson(file, containerScanning));
    }
    await set.stage(paths.codeQuality, (file) => writeJson(file, toCodeQualityReport(result)));
    await set.stage(paths.junit, (file) => writePieces(file, junitXmlPieces(result, options)));
    // The SBOM is written with the other reports before this runs; GitLab wants it as gl-sbom-*.cdx.json.
    const sbom = await set.onDisk(() => sbomForGitLab(dir));
    if (sbom) {
      paths.sbom = path.join(dir, GITLAB_SBOM_FILE_NAME);
      await set.stage(paths.sbom, (file) => file.writeFile(sbom.toString('utf8'), 'utf8'));
    }
    await set.commit();
    if (!containerScanning) await set.onDisk(() => rm(path.join(dir, CONTAINER_SCANNING_FILE_NAME), { force: true }));
  });
  return paths;
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
