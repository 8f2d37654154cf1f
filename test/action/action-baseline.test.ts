import { execa } from 'execa';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive, type StepSpec } from '../../tools/archive/archive-writer.js';
import { describeWithDocker } from '../support/docker.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { makeActionRunner } from '../github/support/action-runner.js';
import { useFakeGitHub } from '../support/fake-github.js';
import { pullRequestPayload } from '../github/support/payloads.js';

/**
 * `baseline-image`: the main branch's image, in the runner's daemon, read beside the PR's image and checked under
 * the same policy, so the PR comment names what the change introduced and fixed and how size and layers moved.
 * The baseline is loaded into the real daemon from an archive the project's writer made; the PR's image is an
 * archive. Scanning is off, so only image families are compared.
 */

const work = await tempDir();
const workspace = path.join(work, 'workspace');
await mkdir(workspace, { recursive: true });
await writeFile(path.join(workspace, 'Dockerfile'), 'FROM scratch\nCOPY base /base\nCOPY app /app\n');
const policy = path.join(workspace, 'policy.yml');
await writeFile(
  policy,
  [
    'version: 1',
    'defaults:',
    '  layers: { max: 2 }',
    '  user: { forbidRoot: true }',
    'gate: { failOn: critical }',
    '',
  ].join('\n'),
);
const runner = await makeActionRunner(work);
const standin = await installTrivyStandin();

const BASELINE_TAG = 'imagegate-test/gh-baseline:main';
const base: StepSpec = {
  createdBy: 'COPY base /base # buildkit',
  entries: [{ path: 'base/os.txt', type: 'file', content: 'o'.repeat(40_000) }],
};

describeWithDocker('the bundled Action comparing with a baseline image', () => {
  // Reset by the tests themselves: each run starts from no comments.
  const github = useFakeGitHub({ resetEach: false });
  let current: string;

  beforeAll(async () => {
    const baselineArchive = path.join(work, 'baseline.tar');
    await writeImageArchive(
      baselineArchive,
      {
        repoTags: [BASELINE_TAG],
        // No user: the baseline runs as root.
        steps: [
          base,
          {
            createdBy: 'COPY app /app # buildkit',
            entries: [{ path: 'app/v1', type: 'file', content: 'a'.repeat(20_000) }],
          },
        ],
      },
      { format: 'docker-legacy' },
    );
    await execa('docker', ['load', '--input', baselineArchive]);
    current = path.join(work, 'current.tar');
    await writeImageArchive(
      current,
      {
        repoTags: ['imagegate-test/gh-baseline:pr-2'],
        config: { User: '1000' },
        steps: [
          base,
          {
            createdBy: 'COPY app /app # buildkit',
            entries: [{ path: 'app/v2', type: 'file', content: 'b'.repeat(50_000) }],
          },
          {
            createdBy: 'COPY assets /assets # buildkit',
            entries: [{ path: 'assets/x', type: 'file', content: 'c'.repeat(30_000) }],
          },
        ],
      },
      { format: 'docker-legacy' },
    );
  }, 120_000);

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', BASELINE_TAG], { reject: false });
  });

  describe.each(runner.runtimes)('on %s', (label, node) => {
    test('the comment shows new and fixed findings, size and layer deltas, and which layers are new', async () => {
      github.reset();
      const run = await runner.run(node, `${label.replace(/\W+/g, '-')}-baseline`, {
        workspace,
        inputs: {
          archive: current,
          'baseline-image': BASELINE_TAG,
          dockerfile: 'Dockerfile',
          policy,
          'skip-scan': 'true',
          upload: 'false',
        },
        event: {
          name: 'pull_request',
          payload: pullRequestPayload('opened'),
          sha: '3'.repeat(40),
          ref: 'refs/pull/2/merge',
        },
        env: github.env(),
      });
      expect(run.code).toBe(0);
      const body = github.comments[0]?.body ?? '';
      expect(body).toContain('Compared with `imagegate-test/gh-baseline:main`: **1 new**, **1 fixed**, 0 unchanged');
      expect(body).toMatch(/\*\*New since baseline\*\*[\s\S]*`layers\/max`/);
      expect(body).toMatch(/\*\*Fixed since baseline\*\*[\s\S]*`user\/root`/);
      expect(body).toMatch(/\| Size \| 60\.0 kB \| 120 kB \| \+60\.0 kB \(\+100\.0%\) \|/);
      expect(body).toContain('| Layers | 2 | 3 | +1 |');
      expect(body).toMatch(/^1 = [█▏▎▍▌▋▊▉]+ +40\.0 kB {2}COPY base \/base$/m);
      expect(body).toMatch(/^2 \+ [█▏▎▍▌▋▊▉]+ +50\.0 kB {2}COPY app \/app$/m);
      expect(body).toMatch(/^3 \+ [█▏▎▍▌▋▊▉]+ +30\.0 kB {2}COPY assets \/assets$/m);
      expect(body).toContain('1 baseline layer (20.0 kB) no longer in this image.');
      expect(body).toContain('Vulnerabilities are compared only when imagegate runs Trivy on both.');
      const result = JSON.parse(
        await import('node:fs/promises').then((fs) => fs.readFile(run.outputs['report-json']!, 'utf8')),
      ) as {
        baseline: { file: string; new: { count: number }; fixed: { count: number } };
      };
      expect(result.baseline).toMatchObject({ file: BASELINE_TAG, new: { count: 1 }, fixed: { count: 1 } });
    });

    test('with Trivy running, the baseline image is scanned too and vulnerabilities are compared', async () => {
      github.reset();
      await standin.clearLog();
      const report = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
      if (!report) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
      const run = await runner.run(node, `${label.replace(/\W+/g, '-')}-baseline-scan`, {
        workspace,
        inputs: {
          archive: current,
          'baseline-image': BASELINE_TAG,
          dockerfile: 'Dockerfile',
          policy,
          'cache-trivy-db': 'false',
          upload: 'false',
        },
        event: {
          name: 'pull_request',
          payload: pullRequestPayload('opened'),
          sha: '3'.repeat(40),
          ref: 'refs/pull/2/merge',
        },
        env: { ...github.env(), ...standin.env({ report }), PATH: standin.path() },
      });
      expect(run.code).toBe(1);
      const scans = (await standin.readLog()).filter(
        (event) => event.event === 'invocation' && event.argv[0] === 'image',
      );
      expect(scans).toHaveLength(2);
      expect(scans[1]?.event === 'invocation' && scans[1].argv.at(-1)).toBe(BASELINE_TAG);
      const body = github.comments[0]?.body ?? '';
      // The same advisories in both images: unchanged, not new.
      expect(body).toContain('Compared with `imagegate-test/gh-baseline:main`: **1 new**, **1 fixed**, 2 unchanged');
      expect(body).toContain(
        '_Compared with the baseline image: size, layers, user, vulnerabilities, secrets, licenses findings.',
      );
      expect(body).not.toContain('Vulnerabilities are compared only when');
    });
  });
});

test('baseline-image and baseline-report together are a configuration error', async () => {
  const report = path.join(workspace, 'old.json');
  await writeFile(report, '{}');
  const [, node] = runner.runtimes[0]!;
  const run = await runner.run(node, 'both-baselines', {
    workspace,
    inputs: { archive: report, 'baseline-image': 'alpine:3.20', 'baseline-report': report },
  });
  expect(run.code).toBe(2);
  expect(run.errors).toEqual([
    "imagegate: input 'baseline-report' and input 'baseline-image' both name a baseline; give one",
  ]);
});
