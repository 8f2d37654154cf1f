import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveRunConfig, type RawRunOptions } from '../src/config/resolve.js';
import { runPipeline } from '../src/pipeline/pipeline.js';
import type { SourceLocation } from '../src/model/findings.js';
import type { ReportLinks } from '../src/report/links.js';
import type { RunResult } from '../src/report/run-result.js';
import { MemoryLogger } from '../src/util/logger.js';
import { Redactor } from '../src/util/redact.js';
import { writeExampleArchive } from './example-image.js';
import { prepareFailingArchive } from './recorded-report.js';

/**
 * The three runs the reports are shown and tested with (`npm run screenshots`, test/report/rendered-*.test.ts), made
 * by imagegate's real pipeline and checks on real archives, no Docker and no Trivy needed:
 * - blocked: examples/failing with the recorded real Trivy report (a critical and a high CVE on the lines that
 *   wrote the packages) and policy findings (root user, too many layers);
 * - passing: the passing example, examples/ (no scan: it has no packages);
 * - many: examples/failing with 250 vulnerabilities made from the recorded report's two real records (same
 *   fields, ids and package names numbered), for what a big image's report looks like.
 */

export type SampleName = 'blocked' | 'passing' | 'many';

/**
 * The links a GitHub or GitLab run would give the renderers for the samples, built the way the publishers build
 * them: from trusted parts only (server, repository, commit, run), plus the escaped path.
 */
export const SAMPLE_SHA = '0123456789abcdef0123456789abcdef01234567';
export const SAMPLE_GITHUB_REPO = 'https://github.com/acme/shop';
export const SAMPLE_GITLAB_PROJECT = 'https://gitlab.example.com/acme/shop';
export const SAMPLE_DOCS = 'https://github.com/imagegate/imagegate/blob/v0.1.0/docs/rules.md';

function ruleAnchor(ruleId: string): string {
  // vuln/<id> links its family's section, every other rule its own.
  const id = ruleId.startsWith('vuln/') ? 'vuln' : ruleId;
  return `${SAMPLE_DOCS}#${id.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`;
}

function blobPath(location: SourceLocation): string {
  return `${location.path.split('/').map(encodeURIComponent).join('/')}#L${location.line}`;
}

export const SAMPLE_GITHUB_LINKS = {
  rule: ruleAnchor,
  source: (location: SourceLocation) => `${SAMPLE_GITHUB_REPO}/blob/${SAMPLE_SHA}/${blobPath(location)}`,
  run: `${SAMPLE_GITHUB_REPO}/actions/runs/4242`,
  artifact: `${SAMPLE_GITHUB_REPO}/actions/runs/4242/artifacts/99`,
  summary: `${SAMPLE_GITHUB_REPO}/actions/runs/4242#summary-777`,
} satisfies ReportLinks;

export const SAMPLE_GITLAB_LINKS = {
  rule: ruleAnchor,
  source: (location: SourceLocation) => `${SAMPLE_GITLAB_PROJECT}/-/blob/${SAMPLE_SHA}/${blobPath(location)}`,
  run: `${SAMPLE_GITLAB_PROJECT}/-/jobs/31337`,
  artifact: `${SAMPLE_GITLAB_PROJECT}/-/jobs/31337/artifacts/browse`,
} satisfies ReportLinks;

export interface Sample {
  name: SampleName;
  result: RunResult;
  /** The Trivy report the run read, when it read one. */
  trivyReport?: string;
}

export async function makeSample(name: SampleName, root: string, workDir: string): Promise<Sample> {
  const outDir = path.join(workDir, name);
  if (name === 'passing') {
    const archive = path.join(workDir, 'passing-example.tar');
    const dockerfile = path.join(root, 'examples', 'Dockerfile');
    await writeExampleArchive({
      context: path.join(root, 'examples'),
      dockerfile,
      tag: 'imagegate-local/examples:latest',
      out: archive,
    });
    const result = await runSample(root, outDir, {
      archive,
      dockerfile,
      policy: path.join(root, 'examples', '.imagegate.yml'),
      skipScan: true,
    });
    return { name, result };
  }
  const failing = await prepareFailingArchive(root, outDir);
  const trivyReport = name === 'many' ? await writeManyVulnerabilities(failing.report, outDir, 250) : failing.report;
  const result = await runSample(root, outDir, {
    archive: failing.archive,
    dockerfile: failing.dockerfile,
    policy: failing.policy,
    trivyReport,
  });
  return { name, result, trivyReport };
}

/** One imagegate run, in process, on the samples' fixed clock; `outDir` gets its report files. */
export async function runSample(
  root: string,
  outDir: string,
  options: Omit<RawRunOptions, 'buildArgs' | 'outDir'>,
): Promise<RunResult> {
  const config = resolveRunConfig(
    { buildArgs: [], ...options, outDir },
    { cwd: root, environment: {}, optionName: (option) => `--${option}` },
  );
  const { result } = await runPipeline(config, {
    logger: new MemoryLogger(),
    redactor: new Redactor(),
    // Never used: every sample skips the scan or reads a report.
    scan: { trivyInstallCache: { kind: 'directory', dir: outDir }, processEnv: {}, defaultCacheDir: outDir },
    // A fixed clock: the same report on every run, so screenshots only change when the reports do.
    now: () => new Date('2026-12-07T06:00:00Z'),
  });
  return result;
}

interface TrivyRecord {
  VulnerabilityID: string;
  PkgName: string;
  PkgID?: string;
  PkgPath?: string;
  InstalledVersion: string;
  FixedVersion?: string;
  Severity: string;
  PrimaryURL?: string;
  Title?: string;
  [key: string]: unknown;
}

const SEVERITY_CYCLE = ['CRITICAL', 'HIGH', 'HIGH', 'MEDIUM', 'MEDIUM', 'MEDIUM', 'LOW', 'LOW', 'UNKNOWN', 'HIGH'];

/**
 * A copy of a Trivy report with `count` vulnerabilities: each result's real records repeated with numbered ids
 * (CVE-2099-NNNNN, not real advisories) over numbered packages, so some packages have many CVEs with different
 * fixed versions, severities cycle through Trivy's five levels, and every other field is the recorded one.
 */
export async function writeManyVulnerabilities(report: string, outDir: string, count: number): Promise<string> {
  const parsed = JSON.parse(await readFile(report, 'utf8')) as {
    Results: Array<{ Vulnerabilities?: TrivyRecord[] }>;
  };
  const withRecords = parsed.Results.filter((result) => (result.Vulnerabilities?.length ?? 0) > 0);
  let made = 0;
  withRecords.forEach((result, resultIndex) => {
    const templates = result.Vulnerabilities!;
    const share = resultIndex === withRecords.length - 1 ? count - made : Math.round(count * 0.8);
    result.Vulnerabilities = Array.from({ length: share }, (_, index) => {
      const template = templates[index % templates.length]!;
      const number = made + index + 1;
      const id = `CVE-2099-${String(10000 + number)}`;
      const pkg = index % 4 === 0 ? template.PkgName : `${template.PkgName}-${(index % 23) + 1}`;
      const fix = `${template.InstalledVersion}+fix${(index % 3) + 1}`;
      return {
        ...template,
        VulnerabilityID: id,
        PkgName: pkg,
        ...(template.PkgID ? { PkgID: `${pkg}@${template.InstalledVersion}` } : {}),
        ...(index % 11 === 10 ? { FixedVersion: undefined } : { FixedVersion: fix }),
        Status: index % 11 === 10 ? 'affected' : 'fixed',
        Severity: SEVERITY_CYCLE[number % SEVERITY_CYCLE.length]!,
        PrimaryURL: `https://avd.aquasec.com/nvd/${id.toLowerCase()}`,
        Title: `${pkg}: ${template.Title ?? 'vulnerability'} (numbered copy ${number})`,
      };
    });
    made += share;
  });
  const out = path.join(outDir, `trivy-${count}-vulnerabilities.json`);
  await writeFile(out, `${JSON.stringify(parsed, null, 2)}\n`);
  return out;
}
