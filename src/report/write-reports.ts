import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { RunResult } from './run-result.js';
import { AtomicFileSet } from '../util/atomic-write.js';
import type { Redactor } from '../util/redact.js';
import { writeJson } from './json-file.js';
import { toMarkdownSummary, SUMMARY_FILE_NAME, type MarkdownOptions } from './markdown.js';
import { RESULT_FILE_NAME, toResultDocument } from './result-json.js';
import { SARIF_FILE_NAME, toSarif, type SarifOptions } from './sarif.js';
import { toPlatformsSarif } from './sarif-platforms.js';
import { CYCLONEDX_FILE_NAME, SPDX_FILE_NAME, type SbomFormat } from './sbom/sbom-format.js';

/** Absolute paths of the three report files of a run. */
export interface ReportPaths {
  json: string;
  sarif: string;
  summary: string;
  /** `imagegate.cdx.json`, when `--sbom cyclonedx` asked for it. */
  cyclonedx?: string;
  /** `imagegate.spdx.json`, when `--sbom spdx` asked for it. */
  spdx?: string;
}

export interface WriteReportsOptions extends SarifOptions {
  markdown?: MarkdownOptions;
  /** Every byte written goes through it: no secret the run knows reaches a report (src/util/redact.ts). */
  redactor: Redactor;
  /** SBOM files to write beside the reports (`--sbom`). */
  sbom?: readonly SbomFormat[];
  /** Several platforms gated in one run: the SARIF holds each platform's runs under its own category. */
  platforms?: ReadonlyArray<{ platform: string; result: RunResult }>;
}

/**
 * Writes `imagegate.json`, `imagegate.sarif` and `summary.md` into `outDir` (created when missing). Each report is
 * written to a temporary name beside its file as it is rendered, the JSON ones in pieces (json-file.ts), so a large
 * run holds one report's tree at a time and never its whole text; the three are renamed into place only once all
 * are written, by the one atomic writer (src/util/atomic-write.ts), which also redacts and classifies disk errors.
 */
export async function writeReports(
  result: RunResult,
  outDir: string,
  options: WriteReportsOptions,
): Promise<ReportPaths> {
  const { markdown, redactor, sbom, platforms, ...sarifOptions } = options;
  const dir = path.resolve(outDir);
  const paths: ReportPaths = {
    json: path.join(dir, RESULT_FILE_NAME),
    sarif: path.join(dir, SARIF_FILE_NAME),
    summary: path.join(dir, SUMMARY_FILE_NAME),
    ...(sbom?.includes('cyclonedx') ? { cyclonedx: path.join(dir, CYCLONEDX_FILE_NAME) } : {}),
    ...(sbom?.includes('spdx') ? { spdx: path.join(dir, SPDX_FILE_NAME) } : {}),
  };
  const files = new AtomicFileSet({ what: 'the reports', place: dir, placeKind: 'directory' }, redactor);
  await files.run(async (set) => {
    await set.onDisk(() => mkdir(dir, { recursive: true }));
    // Each report's tree is made inside its writer, so it can go before the next one is built.
    await set.stage(paths.json, (file) =>
      writeJson(file, toResultDocument(result, { toolVersion: options.toolVersion })),
    );
    await set.stage(paths.sarif, (file) =>
      writeJson(file, platforms ? toPlatformsSarif(platforms, sarifOptions) : toSarif(result, sarifOptions)),
    );
    // The summary states what the SARIF had to leave out, so it is told the limits the SARIF was cut at.
    const summary = toMarkdownSummary(result, {
      ...markdown,
      sarifCategory: sarifOptions.category,
      ...(sarifOptions.limits ? { sarifLimits: sarifOptions.limits } : {}),
    });
    await set.stage(paths.summary, async (file) => {
      await file.writeFile(summary, 'utf8');
    });
    if (paths.cyclonedx || paths.spdx) {
      // Loaded only here: the SBOM writers bring @cyclonedx/cyclonedx-library and packageurl-js, which every other
      // run would otherwise compile for nothing (issue 17).
      // One after another: Jest's module loader fails on concurrent import()s of modules that share a dependency.
      const { sbomInventory } = await import('./sbom/sbom-inventory.js');
      const { toCycloneDx } = await import('./sbom/cyclonedx.js');
      const { toSpdx } = await import('./sbom/spdx.js');
      const inventory = sbomInventory(result);
      const tool = { toolVersion: options.toolVersion, timestamp: result.finishedAt };
      const { cyclonedx, spdx } = paths;
      if (cyclonedx) await set.stage(cyclonedx, (file) => file.writeFile(toCycloneDx(inventory, tool), 'utf8'));
      if (spdx) await set.stage(spdx, (file) => writeJson(file, toSpdx(inventory, tool)));
    }
  });
  return paths;
}
