import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWithDocker } from '../support/docker.js';
import { describeWhen } from '../support/gate.js';
import { renderForReader, links } from '../support/render-gfm.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';

/**
 * `npm run demo` as a newcomer runs it: both examples, the failing one's CVEs on the Dockerfile lines that wrote the
 * packages, where the reports went, the next step and the HTML preview of the PR comment; exit 0 overall. With no
 * Docker daemon (DOCKER_HOST pointing nowhere: the archive writer stands in), with the daemon, and with Trivy on PATH
 * (the stand-in replaying a real report) for the passing example's scan.
 */

const root = path.resolve(import.meta.dirname, '..', '..');
const tsx = path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
const base = await tempDir('imagegate-demo-');

function demo(outDir: string, env: Record<string, string>): { status: number | null; stderr: string; stdout: string } {
  const run = spawnSync(process.execPath, [tsx, 'scripts/demo.ts', '--out-dir', outDir], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: 240_000,
  });
  return { status: run.status, stderr: run.stderr, stdout: run.stdout };
}

function expectTheStory(run: ReturnType<typeof demo>, outDir: string): void {
  const rel = path.relative(root, outDir);
  const output = run.stderr + run.stdout;
  expect(run.status).toBe(0);
  // The failing example: the recorded report's critical CVE on `COPY rootfs/ /` (line 5), the gem's on line 8.
  expect(output).toMatch(/critical\s+vuln\/CVE-2019-18224\s+examples\/failing\/Dockerfile:5:1/);
  expect(output).toMatch(/high\s+vuln\/CVE-2020-8165\s+examples\/failing\/Dockerfile:8:1/);
  expect(output).toContain('exit 1 is what this example is for');
  // The Next steps imagegate wrote at the top of summary.md, largest effect first.
  expect(output).toContain(
    '1. upgrade libidn2-0 2.0.5-1 → 2.0.5-1+deb10u1 (installed at examples/failing/Dockerfile:5): fixes 1 of 1 critical',
  );
  for (const file of ['summary.md', 'imagegate.sarif', 'imagegate.json']) {
    expect(output).toContain(path.join(rel, 'failing', file));
  }
  const preview = path.join(rel, 'failing', 'pr-comment.html');
  expect(run.stderr.trimEnd().split('\n').at(-1)).toBe(
    `demo: the pull-request comment for the failing example, as GitHub would show it: ${preview}`,
  );
  // The preview is the comment as GitHub renders it: GitHub's CSS around the rendered (not raw) Markdown.
  const html = readFileSync(path.join(root, preview), 'utf8');
  expect(html).toContain('class="markdown-body"');
  expect(html).toContain('github-markdown-css');
  expect(html).not.toContain('<!-- imagegate:');
  const markdown = readFileSync(path.join(root, rel, 'failing', 'pr-comment.md'), 'utf8');
  expect(renderForReader(markdown).root.textContent).toContain('CVE-2019-18224');
  expect(links(renderForReader(markdown).root).every((link) => link.href.startsWith('https://'))).toBe(true);
}

describe('npm run demo without Docker', () => {
  test('tells the whole story with the archive writer standing in for the daemon', () => {
    const outDir = tempDirIn();
    const run = demo(outDir, { DOCKER_HOST: 'unix:///nonexistent/docker.sock' });
    expect(run.stderr).toContain('no Docker daemon answers `docker info`');
    expect(run.stderr).toContain("writing examples/failing/ as a docker-save archive with imagegate's archive writer");
    expectTheStory(run, outDir);
  }, 240_000);
});

const standinReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
const standin = await installTrivyStandin();

describeWhen(standinReport, 'the shared corpus is missing (../shared/corpus/trivy)')('npm run demo with Trivy', () => {
  test('scans the passing example instead of skipping the scan, and tells the same story', async () => {
    const outDir = tempDirIn();
    const run = demo(outDir, {
      DOCKER_HOST: 'unix:///nonexistent/docker.sock',
      PATH: standin.path(),
      ...standin.env({ report: standinReport! }),
    });
    expect(run.stderr).not.toContain('skips the vulnerability scan');
    expect((await standin.readLog()).filter((event) => event.event === 'report-written')).toHaveLength(1);
    expect(run.stdout).toMatch(/imagegate PASS: no finding at or above high/);
    expectTheStory(run, outDir);
  }, 240_000);
});

describeWithDocker('npm run demo with Docker', () => {
  test('builds both examples for real and tells the same story', () => {
    const outDir = tempDirIn();
    const run = demo(outDir, {});
    expect(run.stderr).toContain('building examples/failing/ for real as imagegate-local/failing-example:latest');
    expectTheStory(run, outDir);
  }, 240_000);
});

let runs = 0;
function tempDirIn(): string {
  runs += 1;
  return path.join(base, `run-${runs}`);
}
