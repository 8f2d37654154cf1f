import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  makeSample,
  SAMPLE_DOCS,
  SAMPLE_GITHUB_REPO,
  SAMPLE_GITLAB_PROJECT,
  SAMPLE_SHA,
  type Sample,
  type SampleName,
} from '../../scripts/report-samples.js';
import { decideVerdict } from '../../src/policy/gate.js';
import type { Finding } from '../../src/model/findings.js';
import type { ReportLinks } from '../../src/report/links.js';
import type { RunResult } from '../../src/report/run-result.js';

/**
 * What the reader tests render: the three sample runs of scripts/report-samples.ts (imagegate's real pipeline on
 * the examples, the blocked one with a recorded real Trivy report) and the links a GitHub and a GitLab run would
 * give the renderers, built here from the same trusted parts the publishers use (server, repository, commit, run).
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SAMPLE_NAMES: readonly SampleName[] = ['blocked', 'passing', 'many'];

export {
  SAMPLE_GITHUB_LINKS as GITHUB_LINKS,
  SAMPLE_GITLAB_LINKS as GITLAB_LINKS,
  SAMPLE_SHA as SHA,
} from '../../scripts/report-samples.js';

/** hrefs a report may hold: built from the trusted parts above, or an https advisory URL the scan reported. */
export function trustedHref(href: string, links: ReportLinks, advisories: ReadonlySet<string>): boolean {
  const blobs = [`${SAMPLE_GITHUB_REPO}/blob/${SAMPLE_SHA}/`, `${SAMPLE_GITLAB_PROJECT}/-/blob/${SAMPLE_SHA}/`];
  if (blobs.some((blob) => href.startsWith(blob))) return true;
  if (href.startsWith(`${SAMPLE_DOCS}#`)) return true;
  if ([links.run, links.artifact, links.summary].includes(href)) return true;
  return href.startsWith('https://') && advisories.has(href);
}

export interface LoadedSample extends Sample {
  /** PrimaryURL of every vulnerability record in the Trivy report the run read. */
  advisories: Set<string>;
  /** The findings that fail the gate. */
  blocking: Finding[];
}

export async function loadSamples(workDir: string): Promise<Record<SampleName, LoadedSample>> {
  const loaded = {} as Record<SampleName, LoadedSample>;
  for (const name of SAMPLE_NAMES) {
    const sample = await makeSample(name, ROOT, workDir);
    loaded[name] = {
      ...sample,
      advisories: sample.trivyReport ? await advisoryUrls(sample.trivyReport) : new Set(),
      blocking: blockingFindings(sample.result),
    };
  }
  return loaded;
}

function blockingFindings(result: RunResult): Finding[] {
  return result.findings.filter(
    (finding) => !finding.suppressedBy && decideVerdict([finding], result.failOn, result.familyFailOn) === 'fail',
  );
}

async function advisoryUrls(report: string): Promise<Set<string>> {
  const parsed = JSON.parse(await readFile(report, 'utf8')) as {
    Results?: Array<{ Vulnerabilities?: Array<{ PrimaryURL?: string }> }>;
  };
  const urls = new Set<string>();
  for (const result of parsed.Results ?? []) {
    for (const record of result.Vulnerabilities ?? []) if (record.PrimaryURL) urls.add(record.PrimaryURL);
  }
  return urls;
}
