import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeSample, type Sample, type SampleName } from '../../scripts/report-samples.js';
import { decideVerdict } from '../../src/policy/gate.js';
import type { Finding, SourceLocation } from '../../src/model/findings.js';
import type { ReportLinks } from '../../src/report/links.js';
import type { RunResult } from '../../src/report/run-result.js';

/**
 * What the reader tests render: the three sample runs of scripts/report-samples.ts (imagegate's real pipeline on
 * the examples, the blocked one with a recorded real Trivy report) and the links a GitHub and a GitLab run would
 * give the renderers, built here from the same trusted parts the publishers use (server, repository, commit, run).
 */

export const ROOT = path.resolve(import.meta.dirname, '..', '..');
export const SAMPLE_NAMES: readonly SampleName[] = ['blocked', 'passing', 'many'];

export const SHA = '0123456789abcdef0123456789abcdef01234567';
const GITHUB_REPO = 'https://github.com/acme/shop';
const GITLAB_PROJECT = 'https://gitlab.example.com/acme/shop';
export const DOCS = 'https://github.com/imagegate/imagegate/blob/v0.1.0/docs/rules.md';

function ruleAnchor(ruleId: string): string {
  // vuln/<id> links its family's section, every other rule its own.
  const id = ruleId.startsWith('vuln/') ? 'vuln' : ruleId;
  return `${DOCS}#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

function sourcePath(location: SourceLocation): string {
  return location.path.split('/').map(encodeURIComponent).join('/');
}

export const GITHUB_LINKS = {
  rule: ruleAnchor,
  source: (location: SourceLocation) =>
    `${GITHUB_REPO}/blob/${SHA}/${sourcePath(location)}${location.line ? `#L${location.line}` : ''}`,
  run: `${GITHUB_REPO}/actions/runs/4242`,
  artifact: `${GITHUB_REPO}/actions/runs/4242/artifacts/99`,
  summary: `${GITHUB_REPO}/actions/runs/4242#summary-777`,
} satisfies ReportLinks;

export const GITLAB_LINKS = {
  rule: ruleAnchor,
  source: (location: SourceLocation) =>
    `${GITLAB_PROJECT}/-/blob/${SHA}/${sourcePath(location)}${location.line ? `#L${location.line}` : ''}`,
  run: `${GITLAB_PROJECT}/-/jobs/31337`,
  artifact: `${GITLAB_PROJECT}/-/jobs/31337/artifacts/browse`,
} satisfies ReportLinks;

/** hrefs a report may hold: built from the trusted parts above, or an https advisory URL the scan reported. */
export function trustedHref(href: string, links: ReportLinks, advisories: ReadonlySet<string>): boolean {
  const base = links === GITHUB_LINKS ? GITHUB_REPO : GITLAB_PROJECT;
  if (href.startsWith(`${base}/blob/${SHA}/`) || href.startsWith(`${base}/-/blob/${SHA}/`)) return true;
  if (href.startsWith(`${DOCS}#`)) return true;
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
