import { existsSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runCli } from '../../src/cli/run-cli.js';
import type { CodeQualityIssue } from '../../src/report/gitlab-code-quality.js';
import type { ContainerScanningReport } from '../../src/report/gitlab-container-scanning.js';
import { sharedDir } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { containerScanningErrors, containerScanningSchemaPath } from './container-scanning-schema.js';
import { MR_IID, PROJECT_ID, startFakeGitLab, TOKEN } from './fake-gitlab.js';
import { descendants, parseStrictXml } from './strict-xml.js';
import { describeWhen, testWhen } from '../support/gate.js';

/**
 * `imagegate check --gitlab` through the real CLI: real Trivy reports of real images (the shared corpus) give the
 * vulnerability findings, a Dockerfile and a compose file written here give source-located ones.
 */

const work = await tempDir('imagegate-cli-gitlab-');
const corpus = sharedDir();
const trivyDir = corpus ? path.join(corpus, 'corpus', 'trivy') : undefined;
const goldens = trivyDir && existsSync(trivyDir) ? readdirSync(trivyDir).filter((f) => f.endsWith('.json.golden')) : [];
const describeWithCorpus = describeWhen(
  goldens.length > 0 && containerScanningSchemaPath,
  'the shared Trivy corpus or the container-scanning schema is missing',
);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['check', ...args], {
    cwd,
    env,
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
  });
  return { code, stdout, stderr };
}

interface ResultDocument {
  findings: Array<{ ruleId: string; suppressed: boolean; fingerprint: string }>;
}

const readJson = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

describeWithCorpus('imagegate check --gitlab on the Trivy corpus', () => {
  test.each(goldens)('%s: a valid container-scanning report with every active vulnerability', async (golden) => {
    const out = path.join(work, 'corpus', golden);
    const run = await check(['--trivy-report', path.join(trivyDir!, golden), '--out-dir', out, '--gitlab'], work);
    expect([run.code, run.stderr]).toEqual([expect.any(Number), expect.stringContaining('GitLab reports:')]);
    expect([0, 1]).toContain(run.code);
    const report = await readJson<ContainerScanningReport>(path.join(out, 'gl-container-scanning-report.json'));
    expect(containerScanningErrors(report)).toEqual([]);
    const result = await readJson<ResultDocument>(path.join(out, 'imagegate.json'));
    const active = result.findings.filter((f) => f.ruleId.startsWith('vuln/') && !f.suppressed);
    expect(report.vulnerabilities).toHaveLength(new Set(active.map((f) => f.fingerprint)).size);
    const junit = parseStrictXml(await readFile(path.join(out, 'imagegate-junit.xml'), 'utf8'));
    const failures = descendants(junit, 'failure');
    expect(failures).toHaveLength(result.findings.filter((f) => !f.suppressed).length);
    const codeQuality = await readJson<CodeQualityIssue[]>(path.join(out, 'gl-code-quality-report.json'));
    expect(Array.isArray(codeQuality)).toBe(true);
  });
});

describe('imagegate check --gitlab', () => {
  const golden = trivyDir ? path.join(trivyDir, 'alpine-310.json.golden') : undefined;
  const haveGolden = golden !== undefined && existsSync(golden);
  const testWithGolden = testWhen(haveGolden, 'the shared corpus has no trivy/alpine-310.json.golden');

  testWithGolden(
    'source-located findings from a Dockerfile and a compose file land in Code Quality and JUnit',
    async () => {
      const repo = path.join(work, 'repo');
      await mkdir(path.join(repo, 'deploy'), { recursive: true });
      await writeFile(path.join(repo, 'Dockerfile'), 'FROM alpine:3.10\nRUN apk add openssl\nCMD ["sh"]\n');
      await writeFile(
        path.join(repo, 'deploy', 'compose.yaml'),
        'services:\n  web:\n    image: app:1\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
      );
      await copyFile(golden!, path.join(repo, 'trivy.json'));
      const run = await check(
        [
          '--trivy-report',
          'trivy.json',
          '--dockerfile',
          'Dockerfile',
          '--compose',
          'deploy/compose.yaml',
          '--out-dir',
          'out',
          '--gitlab',
        ],
        repo,
      );
      expect(run.code).toBe(1);
      const issues = await readJson<CodeQualityIssue[]>(path.join(repo, 'out', 'gl-code-quality-report.json'));
      const socket = issues.find(
        (issue) => issue.check_name.startsWith('compose/') && issue.location.path === 'deploy/compose.yaml',
      );
      expect(socket?.location.lines.begin).toBe(5);
      expect(issues.find((issue) => issue.check_name === 'user/root')?.location).toEqual({
        path: 'Dockerfile',
        lines: { begin: 1 },
      });
      const junit = parseStrictXml(await readFile(path.join(repo, 'out', 'imagegate-junit.xml'), 'utf8'));
      expect(junit.children.map((suite) => suite.attributes.name)).toEqual([
        'imagegate: image policy',
        'imagegate: compose',
        'imagegate: vulnerability scan',
      ]);
      const files = descendants(junit, 'testcase').map((testCase) => testCase.attributes.file);
      expect(files).toEqual(expect.arrayContaining(['deploy/compose.yaml', 'Dockerfile']));
    },
  );

  testWithGolden('without --gitlab no GitLab file is written', async () => {
    const out = path.join(work, 'plain');
    const run = await check(['--trivy-report', golden!, '--out-dir', out], work);
    expect([0, 1]).toContain(run.code);
    expect(readdirSync(out).sort()).toEqual(['imagegate.json', 'imagegate.sarif', 'summary.md']);
  });

  testWithGolden('in a merge request pipeline with a token, one note kept current', async () => {
    const fake = await startFakeGitLab();
    try {
      const env = {
        GITLAB_CI: 'true',
        CI_API_V4_URL: fake.apiUrl,
        CI_PROJECT_ID: PROJECT_ID,
        CI_MERGE_REQUEST_IID: MR_IID,
        IMAGEGATE_GITLAB_TOKEN: TOKEN,
        CI_PROJECT_URL: 'https://gitlab.example.com/acme/api',
        CI_COMMIT_SHA: 'c0ffee0123456789abcdef0123456789abcdef01',
        CI_JOB_URL: 'https://gitlab.example.com/acme/api/-/jobs/5',
      };
      const out = path.join(work, 'mr');
      const first = await check(['--trivy-report', golden!, '--out-dir', out, '--gitlab', '-v'], work, env);
      const second = await check(['--trivy-report', golden!, '--out-dir', out, '--gitlab'], work, env);
      expect(first.code).toBe(1);
      expect(second.code).toBe(1);
      expect(first.stderr).toMatch(/MR note created on !17/);
      expect(second.stderr).toMatch(/MR note updated on !17/);
      expect(`${first.stderr}${second.stderr}`).not.toContain(TOKEN);
      expect(fake.notes).toHaveLength(1);
      expect(fake.notes[0]?.body).toContain(
        '### ❌ imagegate failed: `ghcr.io/aquasecurity/trivy-test-images:alpine-310`',
      );
      // Links from GitLab's predefined variables: the job's artifacts, and rule ids to their docs.
      expect(fake.notes[0]?.body).toContain(
        '[artifacts](<https://gitlab.example.com/acme/api/-/jobs/5/artifacts/browse>)',
      );
      expect(fake.notes[0]?.body).toMatch(
        /\[`[a-z]+\/[^`]+`\]\(<https:\/\/github\.com\/imagegate\/imagegate\/blob\/v[^>]+\/docs\/rules\.md#/,
      );
    } finally {
      await fake.close();
    }
  });

  testWithGolden(
    'a GitLab outage does not change the verdict or the exit code',
    async () => {
      // A port that was just free: nothing listens there.
      const closed = await startFakeGitLab();
      await closed.close();
      const env = {
        CI_API_V4_URL: closed.apiUrl,
        CI_PROJECT_ID: PROJECT_ID,
        CI_MERGE_REQUEST_IID: MR_IID,
        IMAGEGATE_GITLAB_TOKEN: TOKEN,
      };
      const started = Date.now();
      const run = await check(['--trivy-report', golden!, '--out-dir', path.join(work, 'down'), '--gitlab'], work, env);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(/warning: could not write the MR note: GET \/user: ECONNREFUSED/);
      // Three backoff waits (1 s, 2 s, 4 s) for the refused connection.
      expect(Date.now() - started).toBeGreaterThanOrEqual(6_500);
    },
    30_000,
  );
});
