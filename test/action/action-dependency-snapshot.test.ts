import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { makeActionRunner, TOKEN } from '../github/support/action-runner.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { forkPullRequestPayload, pullRequestPayload, pushPayload } from '../github/support/payloads.js';

/**
 * Issue 14 item 3: `dependency-snapshot: true` submits the image's packages to GitHub's dependency submission API,
 * through the bundled Action against the local GitHub stand-in: the body has the snapshot's documented shape, a
 * 403 (no `contents: write`) is a warning naming the permission and not a failure, a fork's pull request is skipped
 * with a notice, and the reports exist before anything is sent.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const work = await tempDir();
const workspace = path.join(work, 'workspace');
await mkdir(workspace, { recursive: true });
await writeFile(path.join(workspace, 'Dockerfile'), 'FROM debian:10\nRUN /tmp/install.sh\n');
const runner = await makeActionRunner(work);
const github = useFakeGitHub();

const push = pushPayload('refs/heads/main');
const inputs = (extra: Record<string, string> = {}) => ({
  'trivy-report': corpusReport,
  dockerfile: 'Dockerfile',
  'fail-on': 'never',
  upload: 'false',
  comment: 'false',
  'dependency-snapshot': 'true',
  // Findings as annotations would mix with what publishing says.
  annotations: 'false',
  ...extra,
});
const env = (extra: Record<string, string> = {}) => ({
  ...github.env(),
  IMAGEGATE_GITHUB_RETRY_BASE_MS: '20',
  GITHUB_WORKFLOW: 'CI',
  GITHUB_JOB: 'gate',
  GITHUB_RUN_ID: '4242',
  ...extra,
});

interface Snapshot {
  version: number;
  job: { correlator: string; id: string };
  sha: string;
  ref: string;
  detector: { name: string; version: string; url: string };
  scanned: string;
  metadata: Record<string, string>;
  manifests: Record<
    string,
    { name: string; resolved: Record<string, { package_url: string; relationship: string; scope: string }> }
  >;
}

const [label, node] = runner.runtimes.at(-1)!;

describe(`the bundled Action's dependency snapshot (${label})`, () => {
  test('push: one POST with the snapshot shape GitHub documents, built from the scan’s packages', async () => {
    const run = await runner.run(node, 'snapshot-push', {
      workspace,
      inputs: inputs(),
      event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
      env: env(),
    });
    expect(run.code).toBe(0);
    const [request, ...more] = github.byRoute('snapshot');
    expect(more).toEqual([]);
    expect(request!.path).toBe('/repos/Codertocat/Hello-World/dependency-graph/snapshots');
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const body = request!.body as Snapshot;
    expect(Object.keys(body).sort()).toEqual(
      ['detector', 'job', 'manifests', 'metadata', 'ref', 'scanned', 'sha', 'version'].sort(),
    );
    expect(body.version).toBe(0);
    expect(body.sha).toBe(push.after);
    expect(body.sha).toMatch(/^[0-9a-f]{40}$/);
    expect(body.ref).toBe('refs/heads/main');
    expect(body.job).toEqual({ correlator: expect.stringMatching(/^CI_gate_imagegate\//), id: '4242' });
    expect(body.detector).toEqual({
      name: 'imagegate',
      version: expect.stringMatching(/^\d+\.\d+\.\d+/),
      url: 'https://github.com/imagegate/imagegate',
    });
    expect(new Date(body.scanned).toISOString()).toBe(body.scanned);
    // The corpus report was made without --list-all-pkgs: the packages vulnerabilities name, and the snapshot says so.
    expect(body.metadata['imagegate:package-list']).toMatch(/vulnerable packages only/);
    expect(run.warnings.join('\n')).toMatch(/holds only the packages that vulnerabilities name/);
    const resolved = Object.values(body.manifests).flatMap((manifest) => Object.entries(manifest.resolved));
    expect(Object.fromEntries(resolved)).toEqual({
      'libidn2-0@2.0.5-1': {
        package_url: 'pkg:deb/debian/libidn2-0@2.0.5-1?arch=amd64&distro=debian-10.2',
        relationship: 'direct',
        scope: 'runtime',
        dependencies: [],
      },
      'activesupport@6.0.2.1': {
        package_url: 'pkg:gem/activesupport@6.0.2.1',
        relationship: 'direct',
        scope: 'runtime',
        dependencies: [],
      },
    });
    for (const [name, manifest] of Object.entries(body.manifests)) {
      expect(typeof name).toBe('string');
      expect(typeof manifest.name).toBe('string');
    }
    expect(run.stdout).toContain('dependency snapshot: 2 packages submitted for refs/heads/main');
  });

  test('off by default: nothing is submitted', async () => {
    const run = await runner.run(node, 'snapshot-off', {
      workspace,
      inputs: inputs({ 'dependency-snapshot': 'false' }),
      event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(github.byRoute('snapshot')).toEqual([]);
  });

  test('403 (no contents: write): a warning naming the permission; the step passes, the reports are written', async () => {
    github.script('snapshot', {
      status: 403,
      body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest' },
    });
    const run = await runner.run(node, 'snapshot-403', {
      workspace,
      inputs: inputs(),
      event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(run.errors).toEqual([]);
    expect(run.warnings.join('\n')).toContain(
      'Dependency snapshot skipped: the token lacks `permissions: contents: write`',
    );
    expect(run.summary).toContain(
      'Dependency snapshot skipped: the token lacks `permissions: contents: write` (HTTP 403)',
    );
    expect(run.outputs['report-json']).toBeTruthy();
    const lines = run.stdout.split('\n').filter((line) => !line.startsWith('::add-mask::'));
    expect(lines.join('\n')).not.toContain(TOKEN);
  });

  test('a 502 on a push is a publishing failure (exit 3), the gate’s verdict unchanged', async () => {
    for (let i = 0; i < 4; i++) github.script('snapshot', { status: 502, body: { message: 'Bad Gateway' } });
    const run = await runner.run(node, 'snapshot-500', {
      workspace,
      inputs: inputs(),
      event: { name: 'push', payload: push, sha: push.after, ref: push.ref },
      env: env(),
    });
    expect(run.code).toBe(3);
    expect(run.outputs.verdict).toBe('pass');
    expect(run.errors[0]).toBe(
      'GitHub API POST /repos/Codertocat/Hello-World/dependency-graph/snapshots: HTTP 502 Bad Gateway (after 4 attempts)',
    );
  });

  test('a pull request from a fork: skipped with a notice, nothing sent', async () => {
    const run = await runner.run(node, 'snapshot-fork', {
      workspace,
      inputs: inputs(),
      event: {
        name: 'pull_request',
        payload: forkPullRequestPayload(),
        sha: '1111111111111111111111111111111111111111',
        ref: 'refs/pull/2/merge',
      },
      env: env(),
    });
    expect(run.code).toBe(0);
    expect(github.requests).toEqual([]);
    expect(run.stdout).toMatch(/::notice::dependency snapshot skipped: pull request #\d+ comes from the fork/);
    expect(run.warnings.join('\n')).not.toContain('ependency snapshot');
  });

  test('a pull request from the same repository: submitted for its merge ref', async () => {
    const run = await runner.run(node, 'snapshot-pr', {
      workspace,
      inputs: inputs(),
      event: {
        name: 'pull_request',
        payload: pullRequestPayload('opened'),
        sha: '1111111111111111111111111111111111111111',
        ref: 'refs/pull/2/merge',
      },
      env: env(),
    });
    expect(run.code).toBe(0);
    const body = github.byRoute('snapshot')[0]!.body as Snapshot;
    expect([body.sha, body.ref]).toEqual(['1111111111111111111111111111111111111111', 'refs/pull/2/merge']);
  });
});
