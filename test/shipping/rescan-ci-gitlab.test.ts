import { mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { RescanLedger } from '../../src/rescan/types.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';
import { GitLabRunner, type GitLabJobResult, type PipelineRun } from './support/gitlab-runner.js';
import { imagegateOnPath, pushRescanImages, REPO_ROOT, type RescanImages } from './support/rescan-ci.js';

/**
 * The GitLab re-scan component run for real, schedule after schedule: its plan job's lines in bash with this
 * checkout's CLI as `imagegate` and the Trivy stand-in as `trivy`, against a real docker-registry with htpasswd auth
 * standing for $CI_REGISTRY; then the child pipeline exactly as the plan job generated it (./support/gitlab-runner.ts
 * plays GitLab: stages, parallel:matrix, needs:pipeline, caches, artifacts). The repositories and tag rules come from
 * the policy's rescan section, as the README advises for GitLab.
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!report) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const dir = await tempDir('imagegate-rescan-ci-gitlab-');
const standin = await installTrivyStandin();
let registry: TestRegistry;
let images: RescanImages;
let gitlab: GitLabRunner;
let parentYaml: string;
let environment: Record<string, string>;

/**
 * The component with its default inputs and the one required input, `image` (it has no default), as GitLab
 * interpolates it. The runner below runs the scripts on this machine, so the image name is not pulled.
 */
async function componentWithDefaults(): Promise<string> {
  const text = await readFile(path.join(REPO_ROOT, 'templates/imagegate-rescan/template.yml'), 'utf8');
  const [header] = parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[];
  const inputs = (header?.toJS() as { spec: { inputs: Record<string, { default?: unknown }> } }).spec.inputs;
  const values: Record<string, unknown> = { image: 'registry.gitlab.example.com/tools/imagegate:1.0.0' };
  for (const [name, spec] of Object.entries(inputs)) if (name !== 'image') values[name] = spec.default;
  const body = text.slice(text.search(/^---$/m) + 4);
  return body.replace(/\$\[\[\s*inputs\.([\w-]+)\s*\]\]/g, (_, name: string) => {
    if (values[name] === undefined) throw new Error(`no value for input ${name}`);
    return String(values[name]);
  });
}

const statuses = (jobs: GitLabJobResult[]) => jobs.map((job) => `${job.name}: ${job.status}`);
const logs = (run: PipelineRun) => [...run.parent, ...run.child].map((job) => job.log).join('\n');
async function cachedLedger(): Promise<RescanLedger> {
  const stored = gitlab.cache.get('imagegate-rescan-ledger-protected-true') ?? '';
  return JSON.parse(await readFile(path.join(stored, 'imagegate-ledger/ledger.json'), 'utf8')) as RescanLedger;
}

describeWithRegistry('the GitLab re-scan component, run for real', () => {
  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    images = await pushRescanImages(registry, dir);
    const bin = await imagegateOnPath(dir, standin.binary);
    parentYaml = await componentWithDefaults();
    environment = {
      PATH: [bin, standin.binDir, process.env.PATH ?? ''].join(path.delimiter),
      ...standin.env({ report }),
      DOCKER_HOST: 'unix:///tmp/imagegate-rescan-no-daemon.sock',
      CI_REGISTRY: registry.host,
      CI_REGISTRY_USER: registry.username,
      CI_REGISTRY_PASSWORD: registry.password,
      IMAGEGATE_RESCAN: 'true',
    };
    gitlab = new GitLabRunner(dir, environment);
  }, 120_000);

  afterAll(async () => {
    await registry?.stop();
  });

  test('the child jobs read the registry with their own job token; the next schedule plans nothing', async () => {
    const first = await runOrShow();
    expect(statuses(first.parent)).toEqual(['imagegate-rescan-plan: success']);
    // Exit 1 in both shards: the alpine report's criticals are new since the (empty) ledger.
    expect(statuses(first.child)).toEqual(['rescan: [1/2]: failed', 'rescan: [2/2]: failed', 'rescan-merge: success']);
    expect(logs(first)).not.toMatch(/scan failed/);
    expect(Object.keys((await cachedLedger()).entries).sort()).toEqual([images.digests.A, images.digests.B].sort());
    expect(first.childYaml).toContain('job: imagegate-rescan-plan');

    const second = await runOrShow();
    expect(second.childYaml).toMatch(/nothing to scan/);
    expect(statuses(second.child)).toEqual(['rescan-nothing-to-scan: success']);
  }, 300_000);

  test('CI/CD variables of the same names take precedence over the job token', async () => {
    gitlab.projectVariables = { IMAGEGATE_REGISTRY_USERNAME: 'nobody', IMAGEGATE_REGISTRY_PASSWORD: 'wrong' };
    try {
      const run = await gitlab.runSchedule(parentYaml);
      expect(statuses(run.parent)).toEqual(['imagegate-rescan-plan: failed']);
      expect(logs(run)).toMatch(/IMAGEGATE_REGISTRY_USERNAME|401|unauthorized|authentication/i);
    } finally {
      gitlab.projectVariables = {};
    }
  }, 300_000);

  test('a rebuilt release: only its digest is scanned, and the ledger gains it', async () => {
    const rebuilt = await images.retag('1.1.0');
    const run = await runOrShow();
    expect(statuses(run.child)).toEqual(['rescan: [1/1]: failed', 'rescan-merge: success']);
    expect(Object.keys((await cachedLedger()).entries)).toContain(rebuilt);
  }, 300_000);

  test('the classic template: the same plan job and child pipeline', async () => {
    const classic = await readFile(path.join(REPO_ROOT, 'templates/Imagegate-Rescan.gitlab-ci.yml'), 'utf8');
    const own = new GitLabRunner(await mkdtemp(path.join(dir, 'classic-')), environment);
    own.projectVariables = { ...gitlab.projectVariables, IMAGEGATE_RESCAN_ARGS: '--repository acme/worker' };
    const run = await own.runSchedule(classic);
    expect(statuses(run.parent)).toEqual(['imagegate-rescan-plan: success']);
    // --repository replaces the policy's list: only acme/worker, whose 2.0.0 is image A.
    expect(statuses(run.child)).toEqual(['rescan: [1/1]: failed', 'rescan-merge: success']);
    const stored = own.cache.get('imagegate-rescan-ledger-protected-true') ?? '';
    const ledger = JSON.parse(
      await readFile(path.join(stored, 'imagegate-ledger/ledger.json'), 'utf8'),
    ) as RescanLedger;
    expect(Object.keys(ledger.entries)).toEqual([images.digests.A]);
  }, 300_000);
});

/** One scheduled pipeline; a plan job that failed shows its log. */
async function runOrShow(): Promise<PipelineRun> {
  const run = await gitlab.runSchedule(parentYaml);
  if (run.parent.some((job) => job.status !== 'success')) throw new Error(logs(run));
  return run;
}
