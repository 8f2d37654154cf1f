import { execa } from 'execa';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeWithDocker } from '../support/docker.js';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { actionBundle } from '../support/action-bundle.js';
import { startActionsCacheServer } from '../support/actions-cache-server.js';
import { node24Path } from '../support/node24.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';
import { epssGz } from '../scan/feeds/epss-csv.js';

/**
 * The bundled Action entry run as the runner runs it: `node dist/action.js` with INPUT_* variables, GITHUB_OUTPUT
 * and GITHUB_STEP_SUMMARY files, on the machine's Node and on Node 24 (action.yml's `runs.using`). The bundle is
 * built from the current source once per Jest run into a temp dir (test/support/action-bundle.ts), so the test never checks a stale dist/.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const work = await tempDir();
const bundleDir = actionBundle();

const standin = await installTrivyStandin();
const node24 = await node24Path();
const runtimes: Array<[string, string]> = [['node ' + process.versions.node, process.execPath]];
if (node24) runtimes.push(['node 24', node24]);
else if (process.env.CI === 'true')
  throw new Error('Node 24 could not be fetched from npm (npm exec --package=node@24)');

/** GITHUB_OUTPUT's heredoc format: `name<<DELIM\nvalue\nDELIM`. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (const match of text.matchAll(pattern)) outputs[match[1] ?? ''] = match[3] ?? '';
  return outputs;
}

async function runAction(
  node: string,
  name: string,
  inputs: Record<string, string>,
  extraEnv: Record<string, string> = {},
) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  const outputFile = path.join(dir, 'output');
  const summaryFile = path.join(dir, 'summary');
  await writeFile(outputFile, '');
  await writeFile(summaryFile, '');
  const env: Record<string, string> = {
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_ACTIONS: 'true',
    // The runner sets every input declared in action.yml, defaults included.
    'INPUT_OUT-DIR': path.join(dir, 'out'),
    INPUT_ANNOTATIONS: 'true',
    'INPUT_JOB-SUMMARY': 'true',
  };
  for (const [key, value] of Object.entries(inputs)) env[`INPUT_${key.toUpperCase()}`] = value;
  Object.assign(env, extraEnv);
  const run = await execa(node, [path.join(bundleDir, 'action.js')], { cwd: repoRoot, env, reject: false });
  return {
    code: run.exitCode,
    stdout: run.stdout,
    outputs: parseOutputs(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    outDir: path.join(dir, 'out'),
  };
}

describe.each(runtimes)('the bundled Action on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  test('a configuration error fails the step with exit code 2 and names the input', async () => {
    const run = await runAction(node, `${slug}-config`, { archive: 'does-not-exist.tar' });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^::error::imagegate: input 'archive': no such file: .*does-not-exist\.tar$/m);
    expect(run.outputs).toEqual({});
  });

  test('two image inputs are refused', async () => {
    const run = await runAction(node, `${slug}-two`, { context: 'examples', image: 'alpine:3.20' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("input 'context' and input 'image' both name an image");
  });
});

describe.each(runtimes)('the bundled Action scanning with Trivy on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  test('a failing vulnerability gate still saves the Trivy DB to the Actions cache', async () => {
    const report = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
    if (!report) throw new Error('the shared corpus is needed (test/support/shared.ts)');
    const archive = path.join(work, `${slug}-image.tar`);
    await writeImageArchive(
      archive,
      {
        repoTags: ['registry.example.com/team/app:1'],
        config: { User: '1000' },
        steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file', content: 'x' }] }],
      },
      { format: 'docker-legacy' },
    );
    const cache = await startActionsCacheServer();
    const runnerTemp = path.join(work, `${slug}-runner-temp`);
    const toolCache = path.join(work, `${slug}-tool-cache`);
    await mkdir(runnerTemp, { recursive: true });
    await mkdir(toolCache, { recursive: true });
    try {
      const run = await runAction(
        node,
        `${slug}-scan`,
        { archive, policy: 'policies/recommended.yml' },
        {
          ...standin.env({ report }),
          PATH: standin.path(),
          ACTIONS_CACHE_URL: cache.url,
          ACTIONS_RUNTIME_TOKEN: 'test-token',
          RUNNER_TEMP: runnerTemp,
          RUNNER_TOOL_CACHE: toolCache,
        },
      );
      expect(run.code).toBe(1);
      expect(run.outputs).toMatchObject({ verdict: 'fail', 'findings-critical': '1', 'findings-high': '1' });
      expect(run.summary).toContain('CVE-2019-18224');
      const log = await standin.readLog();
      expect(log.some((event) => event.event === 'db-download')).toBe(true);
      // Saved although the gate failed: reserve, upload, commit — the DB, and the scan of this image (issue 17's
      // scan cache), each once.
      const commits = cache.requests.filter((r) => r.method === 'POST' && /caches\/\d+$/.test(r.path));
      expect(commits).toHaveLength(2);
      // Scoped by trust level: no pull-request event, so `branch` (see src/action/trivy-db-cache.ts).
      const keys = cache.entries.map((entry) => entry.key);
      expect(keys.filter((key) => /^imagegate-trivy-db-branch-linux-\d{4}-\d{2}-\d{2}$/.test(key))).toHaveLength(1);
      expect(keys.filter((key) => key.startsWith('imagegate-trivy-scan-branch-linux-'))).toHaveLength(1);
    } finally {
      await cache.close();
      await standin.clearLog();
    }
  });
});

describe('the bundled Action keeps the KEV/EPSS feeds in the Actions cache (issue 18)', () => {
  const feedServer = useReleaseServer();

  test('a second job on a fresh runner restores feeds/ from the cache and asks the feed mirror nothing', async () => {
    const report = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
    const kev = sharedFile('corpus', 'vulndata', 'known_exploited_vulnerabilities.json');
    if (!report || !kev) throw new Error('the shared corpus is needed (test/support/shared.ts)');
    feedServer.routes.set('/kev.json', { body: await readFile(kev) });
    feedServer.routes.set('/epss.csv.gz', { body: epssGz([['CVE-2019-18224', 0.5, 0.9]]) });
    const archive = path.join(work, 'feeds-image.tar');
    await writeImageArchive(
      archive,
      {
        repoTags: ['registry.example.com/team/app:1'],
        config: { User: '1000' },
        steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file', content: 'x' }] }],
      },
      { format: 'docker-legacy' },
    );
    const policy = path.join(work, 'feeds-policy.yml');
    await writeFile(policy, 'version: 1\ndefaults:\n  vulnerabilities:\n    failOn: never\n    failOnKev: true\n');
    const cache = await startActionsCacheServer();
    // The same RUNNER_TEMP path on every job, emptied between them, as on hosted runners.
    const runnerTemp = path.join(work, 'feeds-runner-temp');
    const toolCache = path.join(work, 'feeds-tool-cache');
    await mkdir(toolCache, { recursive: true });
    const job = async (name: string) => {
      await rm(runnerTemp, { recursive: true, force: true });
      await mkdir(runnerTemp, { recursive: true });
      return runAction(
        process.execPath,
        name,
        {
          archive,
          policy,
          'kev-urls': `${feedServer.baseUrl}/kev.json`,
          'epss-urls': `${feedServer.baseUrl}/epss.csv.gz`,
          'cache-trivy-db': 'true',
        },
        {
          ...standin.env({ report }),
          PATH: standin.path(),
          ACTIONS_CACHE_URL: cache.url,
          ACTIONS_RUNTIME_TOKEN: 'test-token',
          RUNNER_TEMP: runnerTemp,
          RUNNER_TOOL_CACHE: toolCache,
        },
      );
    };
    try {
      const first = await job('feeds-first');
      expect(first.code).toBe(0);
      expect(feedServer.requests).toEqual(['/kev.json', '/epss.csv.gz']);
      const keys = cache.entries.map((entry) => entry.key);
      expect(keys.filter((key) => /^imagegate-feeds-branch-linux-\d{4}-\d{2}-\d{2}$/.test(key))).toHaveLength(1);

      feedServer.requests.length = 0;
      const second = await job('feeds-second');
      expect(second.code).toBe(0);
      expect(feedServer.requests).toEqual([]);
      const result = JSON.parse(await readFile(path.join(second.outDir, 'imagegate.json'), 'utf8')) as {
        scan: { feeds: Array<{ feed: string; origin: string }> };
      };
      expect(result.scan.feeds.map((f) => [f.feed, f.origin])).toEqual([
        ['kev', 'cache'],
        ['epss', 'cache'],
      ]);
    } finally {
      await cache.close();
      await standin.clearLog();
    }
  });
});

describeWithDocker('the bundled Action gating the example', () => {
  describe.each(runtimes)('on %s', (label, node) => {
    const slug = label.replace(/\W+/g, '-');

    test('passes with outputs, a job summary and an annotation on the Dockerfile line', async () => {
      const run = await runAction(node, `${slug}-pass`, {
        context: 'examples',
        policy: 'examples/.imagegate.yml',
        tag: 'imagegate-test/action-example:1',
        'skip-scan': 'true',
      });
      expect(run.code).toBe(0);
      expect(run.outputs).toMatchObject({
        verdict: 'pass',
        'findings-critical': '0',
        'findings-high': '0',
        // layers/max in the image, compose/writable-bind-mount in examples/compose.yaml (lowered to medium).
        'findings-medium': '2',
        'sarif-file': path.join(run.outDir, 'imagegate.sarif'),
        'report-json': path.join(run.outDir, 'imagegate.json'),
        'summary-file': path.join(run.outDir, 'summary.md'),
        category: 'imagegate/image/docker.io/imagegate-test/action-example',
      });
      expect(Number(run.outputs['image-size'])).toBeGreaterThan(0);
      expect(Number(run.outputs['layer-count'])).toBeGreaterThanOrEqual(4);
      expect(run.outputs['image-digest']).toMatch(/^sha256:[a-f0-9]{64}$/);
      // The job summary is the PR comment's content, summary.md collapsed inside it (test/github covers the rest).
      // Its headings sit two levels down, under the comment's own `###` title.
      const summaryMd = (await readFile(path.join(run.outDir, 'summary.md'), 'utf8')).trimEnd();
      expect(run.summary).toContain(summaryMd.replace(/^(#{1,4}) /gm, '$1## '));
      expect(run.summary).toMatch(/^<!-- imagegate:imagegate\/image\/docker\.io\/imagegate-test\/action-example -->\n/);
      expect(run.summary).toContain('layers/max');
      expect(run.stdout).toMatch(
        /^::warning title=imagegate layers\/max \(medium\),file=examples\/Dockerfile,line=8,col=1::Image has \d+ layers/m,
      );
      expect(run.stdout).toMatch(/^::group::docker build/m);
      const json = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8')) as { verdict: string };
      expect(json.verdict).toBe('pass');
    });

    test('a failed gate fails the step with exit code 1, after writing outputs and reports', async () => {
      const run = await runAction(node, `${slug}-fail`, {
        context: 'examples',
        policy: 'examples/.imagegate.yml',
        tag: 'imagegate-test/action-example:1',
        'skip-scan': 'true',
        'fail-on': 'medium',
      });
      expect(run.code).toBe(1);
      expect(run.outputs.verdict).toBe('fail');
      expect(run.stdout).toMatch(/^::error::imagegate: the gate failed \(findings at or above medium\)/m);
      await expect(readFile(run.outputs['sarif-file'] ?? '', 'utf8')).resolves.toContain('"version": "2.1.0"');
    });
  });

  afterAll(async () => {
    await execa('docker', ['image', 'rm', '--force', 'imagegate-test/action-example:1'], { reject: false });
  });
});

describe.each(runtimes)('the bundled Action with compose files only (no image input) on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  test('gates the compose files alone: outputs, summary and SARIF say "compose files only", no image outputs', async () => {
    const inputs = { 'compose-files': 'examples/compose.yaml', policy: 'examples/.imagegate.yml' };
    const run = await runAction(node, `${slug}-compose-only`, inputs);
    expect(run.code).toBe(0);
    expect(run.outputs).toMatchObject({
      verdict: 'pass',
      'findings-high': '0',
      // compose/writable-bind-mount for ./logs, lowered to medium by the example's policy.
      'findings-medium': '1',
      category: 'imagegate/compose',
    });
    expect(run.outputs['image-id']).toBeUndefined();
    expect(run.outputs['layer-count']).toBeUndefined();
    expect(run.summary).toContain('`compose files only`');
    expect(run.summary).toContain('_None: compose files only._');
    expect(run.stdout).toMatch(
      /^::warning title=imagegate compose\/writable-bind-mount \(medium\),file=examples\/compose\.yaml,line=12,/m,
    );
    const json = JSON.parse(await readFile(run.outputs['report-json'] ?? '', 'utf8')) as { image: unknown };
    expect(json.image).toBeNull();

    const failing = await runAction(node, `${slug}-compose-only-fail`, { ...inputs, 'fail-on': 'medium' });
    expect(failing.code).toBe(1);
    expect(failing.outputs.verdict).toBe('fail');
  });

  test('with neither an image nor compose files the step fails with exit code 2 and names both inputs', async () => {
    const run = await runAction(node, `${slug}-nothing`, {});
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("or input 'compose-files' alone to check compose files only");
  });
});

describe.each(runtimes)('the bundled Action with the sbom input on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');
  const report = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');

  test('sbom: cyclonedx and spdx (one per line) write both SBOMs beside the reports', async () => {
    if (!report) throw new Error('the shared corpus is needed: see test/support/shared.ts');
    const inputs = {
      'trivy-report': report,
      'allowed-paths': path.dirname(report),
      sbom: 'cyclonedx\nspdx',
      'fail-on': 'never',
      upload: 'false',
      comment: 'false',
    };
    const run = await runAction(node, `${slug}-sbom`, inputs);
    expect(run.code).toBe(0);
    const cdx = JSON.parse(await readFile(path.join(run.outDir, 'imagegate.cdx.json'), 'utf8')) as {
      bomFormat: string;
    };
    const spdx = JSON.parse(await readFile(path.join(run.outDir, 'imagegate.spdx.json'), 'utf8')) as {
      spdxVersion: string;
    };
    expect([cdx.bomFormat, spdx.spdxVersion]).toEqual(['CycloneDX', 'SPDX-2.3']);
    expect(run.summary).toContain('**Not checked:** SBOM: the Trivy report lists no packages');
  });

  test('an unknown sbom format fails the step with exit code 2 and names the input', async () => {
    const run = await runAction(node, `${slug}-sbom-bad`, { context: 'examples', sbom: 'cyclonedx,xml' });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("::error::imagegate: input 'sbom' 'xml': expected cyclonedx or spdx");
  });
});
