import { execa } from 'execa';
import path from 'node:path';
import { readFile, writeFile } from 'node:fs/promises';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';
import type { RescanLedger } from '../../src/rescan/types.js';
import { GitHubRunner, type JobResult } from './support/github-runner.js';
import { imagegateOnPath, pushRescanImages, REPO_ROOT, type RescanImages } from './support/rescan-ci.js';
import { describeWhen } from '../support/gate.js';

/**
 * docs/workflows/scheduled-rescan.yml run night after night on this machine: its `run:` steps in bash as written,
 * with this checkout's CLI as `imagegate`, the Trivy stand-in as Trivy (a real alpine 3.9 report: criticals), a real
 * docker-registry with htpasswd auth in place of ghcr.io, and the actions it uses played by a runner stand-in
 * (./support/github-runner.ts). What the workflow promises: the first night scans each selected digest once in its
 * own job and fails on the new criticals; the ledger comes back through the cache; a night with nothing new plans
 * nothing and starts no scan job; a rebuilt tag is scanned alone; a shard that fails still leaves a saved ledger.
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!report) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const dir = await tempDir('imagegate-rescan-ci-github-');
const standin = await installTrivyStandin();
let registry: TestRegistry;
let images: RescanImages;
let runner: GitHubRunner;

/** The job's result, with its log when it is not the one expected (so a failure shows why). */
const resultOf = (job: JobResult, expected: JobResult['result']) =>
  job.result === expected ? job.result : `${job.result}: ${JSON.stringify(job.steps)}\n${job.log}`;
const outcome = (job: JobResult, step: string) => job.steps.find((entry) => entry.step === step)?.outcome;
/** Each category code scanning got in `uploads`, `tool/` left out, with the digests its upload named. */
const categories = (uploads: typeof runner.uploads) =>
  uploads.flatMap((upload) =>
    upload.runs.map((run) => [run.split('/').slice(1).join('/'), upload.digests[run] ?? []] as const),
  );
const sorted = (values: readonly string[]) => [...values].sort();
const newestLedger = async (): Promise<RescanLedger> => {
  const entry = runner.cache.filter((cached) => cached.key.startsWith('imagegate-rescan-ledger-')).at(-1);
  return JSON.parse(await readFile(entry?.dir ?? '', 'utf8')) as RescanLedger;
};

// The workflow's plan step reads the plan with jq, as GitHub's runners have it; .ci/run must install it.
const hasJq = (await execa('jq', ['--version'], { reject: false })).exitCode === 0;
const describeWithJq = hasJq ? describeWithRegistry : describeWhen(false, 'jq is not on PATH');

describeWithJq('the scheduled re-scan workflow, run for real', () => {
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    images = await pushRescanImages(registry, dir);
    const bin = await imagegateOnPath(dir, standin.binary);
    const workflow = path.join(REPO_ROOT, 'docs/workflows/scheduled-rescan.yml');
    // The workflow names ghcr.io; here the registry is a local one.
    const text = (await readFile(workflow, 'utf8')).replace('--registry ghcr.io', `--registry ${registry.host}`);
    const copy = path.join(dir, 'scheduled-rescan.yml');
    await writeFile(copy, text);
    runner = await GitHubRunner.load(copy, dir, {
      env: {
        PATH: [bin, standin.binDir, process.env.PATH ?? ''].join(path.delimiter),
        ...standin.env({ report }),
        // Nothing listens here: a scan that asked a daemon would fail.
        DOCKER_HOST: 'unix:///tmp/imagegate-rescan-no-daemon.sock',
      },
      actor: registry.username,
      token: registry.password,
    });
  }, 120_000);

  afterAll(async () => {
    await registry?.stop();
  });

  test('night 1: each selected digest once, a job each, results kept, the new criticals fail it, one SARIF upload per repository', async () => {
    const { plan, scans, merge, codeScanning } = await runner.runWorkflow();
    expect(resultOf(plan, 'success')).toBe('success');
    // latest:2/minor picks api 1.0.0 and 1.1.0, semver:>=2.0.0 worker 2.0.0 (api 1.0.0's digest): two digests.
    expect(plan.outputs['to-scan']).toBe('2');
    expect(outcome(plan, "Download today's Trivy DB")).toBe('success');
    expect(plan.summary).toContain('toScan=2 shards=2');
    expect(scans.map((scan) => scan.result)).toEqual(['failure', 'failure']);
    for (const scan of scans) {
      // Exit 1: the gate fails on findings new since the (empty) ledger; not a scan that broke (3).
      expect(scan.log).toContain('## Re-scan the shard (exit 1)');
      expect(outcome(scan, 'Keep the results for the merge')).toBe('success');
      expect(scan.summary).toMatch(/new since the ledger|new findings/i);
    }
    // Code scanning keeps one analysis per category and an upload replaces it: one upload per repository, each
    // category once, holding every digest the repository selects (api 1.0.0 is worker 2.0.0's digest too).
    expect(runner.uploads.map((upload) => upload.job)).toEqual(['code-scanning', 'code-scanning']);
    expect(codeScanning.map((job) => resultOf(job, 'success'))).toEqual(['success', 'success']);
    expect(categories(runner.uploads)).toEqual([
      ['rescan/acme/api/', sorted([images.digests.A, images.digests.B])],
      ['rescan/acme/api/vulnerabilities/', sorted([images.digests.A, images.digests.B])],
      ['rescan/acme/worker/', [images.digests.A]],
      ['rescan/acme/worker/vulnerabilities/', [images.digests.A]],
    ]);
    expect(resultOf(merge, 'success')).toBe('success');
    expect(outcome(merge, 'Save the ledger')).toBe('success');
    const ledger = await newestLedger();
    expect(Object.keys(ledger.entries).sort()).toEqual([images.digests.A, images.digests.B].sort());
  }, 300_000);

  test('night 2: the ledger comes back, nothing is new, no scan job starts, the merge still writes a ledger', async () => {
    const before = runner.uploads.length;
    const { plan, scans, merge } = await runner.runWorkflow();
    expect(resultOf(plan, 'success')).toBe('success');
    expect(outcome(plan, "Download today's Trivy DB")).toBe('skipped');
    expect(plan.outputs['to-scan']).toBe('0');
    expect(JSON.parse(plan.outputs.matrix ?? '')).toEqual({ include: [] });
    expect(scans).toEqual([]);
    expect(resultOf(merge, 'success')).toBe('success');
    expect(runner.cache.filter((entry) => entry.key.startsWith('imagegate-rescan-ledger-'))).toHaveLength(2);
    expect(runner.cacheWarnings).toEqual([]);
    // Skipped digests keep their alerts: the uploads still carry them, from the SARIF store the cache brought back.
    expect(categories(runner.uploads.slice(before))).toEqual([
      ['rescan/acme/api/', sorted([images.digests.A, images.digests.B])],
      ['rescan/acme/api/vulnerabilities/', sorted([images.digests.A, images.digests.B])],
      ['rescan/acme/worker/', [images.digests.A]],
      ['rescan/acme/worker/vulnerabilities/', [images.digests.A]],
    ]);
  }, 300_000);

  test('night 3: a rebuilt release is scanned alone; a scan that fails still leaves the ledger saved', async () => {
    const rebuilt = await images.retag('1.1.0');
    runner.setExtraEnv(standin.env({ report, mode: 'crash' }));
    try {
      const { plan, scans, merge } = await runner.runWorkflow();
      expect(plan.outputs['to-scan']).toBe('1');
      expect(scans.map((scan) => scan.result)).toEqual(['failure']);
      expect(scans[0]?.log).toContain('## Re-scan the shard (exit 3)');
      expect(outcome(scans[0] as JobResult, 'Keep the results for the merge')).toBe('success');
      // merge exits 3 (a scan failed) after writing the ledger, and the ledger is saved all the same.
      expect(merge.result).toBe('failure');
      expect(merge.log).toMatch(/failed scans \(1/);
      expect(outcome(merge, 'Save the ledger')).toBe('success');
      const ledger = await newestLedger();
      expect(Object.keys(ledger.entries)).not.toContain(rebuilt);
      expect(Object.keys(ledger.entries).sort()).toEqual([images.digests.A, images.digests.B].sort());
    } finally {
      runner.setExtraEnv({});
    }
    // The next night plans the failed scan again; 1.0.0's digest, skipped, is still in api's upload beside it.
    const before = runner.uploads.length;
    const next = await runner.runWorkflow();
    expect(next.plan.outputs['to-scan']).toBe('1');
    expect(next.scans.map((scan) => scan.log.includes('## Re-scan the shard (exit 1)'))).toEqual([true]);
    expect(next.merge.result).toBe('success');
    expect(Object.keys((await newestLedger()).entries)).toContain(rebuilt);
    expect(categories(runner.uploads.slice(before))).toEqual([
      ['rescan/acme/api/', sorted([images.digests.A, rebuilt])],
      ['rescan/acme/api/vulnerabilities/', sorted([images.digests.A, rebuilt])],
      ['rescan/acme/worker/', [images.digests.A]],
      ['rescan/acme/worker/vulnerabilities/', [images.digests.A]],
    ]);
  }, 300_000);
});
