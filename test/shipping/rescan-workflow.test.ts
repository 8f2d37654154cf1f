import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { parseCliArgs, type CliCommand } from '../../src/cli/cli-args.js';
import type { RescanMergeArgs, RescanPlanArgs, RescanRunArgs } from '../../src/rescan/rescan-args.js';
import { githubMatrix } from '../../src/rescan/github-matrix.js';
import { buildPlan, type TagDigest } from '../../src/rescan/plan.js';
import { defaultCliTrivyCacheDir, TRIVY_DATABASES } from '../../src/scan/runner/trivy-db.js';
import { imagegateInvocations } from './support/shell-commands.js';

/**
 * docs/workflows/scheduled-rescan.yml as a whole: plan → one scan job per shard → merge, wired the way GitHub runs
 * it (outputs, the empty-matrix guard, `always()` merge), the ledger and Trivy's DB carried through the Actions cache
 * with keys that work for immutable caches, artifacts handed from job to job, least permissions, and the three
 * `imagegate rescan` commands pointing at each other's files. workflows.test.ts checks the parser, pins and the
 * plain parse of every command for all workflow files; this file checks that this one fits together. Every check
 * returns a list of problems, and each is shown to catch a broken copy.
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FILE = 'docs/workflows/scheduled-rescan.yml';

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}
interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  permissions?: Record<string, string>;
  outputs?: Record<string, string>;
  strategy?: { 'fail-fast'?: boolean; matrix?: unknown };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  concurrency?: unknown;
  jobs: Record<string, Job>;
}

const text = await readFile(path.join(repoRoot, FILE), 'utf8');
const load = (): Workflow => parse(text) as Workflow;

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : [job.needs].flat());
const action = (step: Step): string => (step.uses ?? '').split('@')[0] ?? '';
const stepsUsing = (workflow: Workflow, name: string) =>
  Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps.filter((step) => action(step) === name).map((step) => ({ job, step })),
  );
const withString = (step: Step, key: string): string => String(step.with?.[key] ?? '');
/** Values a step's `$NAME` argument has in the job, when NAME comes from the matrix. */
const MATRIX_SAMPLE: Record<string, string> = { shard: '2/3' };

/** Every imagegate command of the workflow, parsed by the CLI's own parser, with the job it runs in. */
function commands(workflow: Workflow): Array<{ job: string; command: CliCommand }> {
  return Object.entries(workflow.jobs).flatMap(([job, { steps }]) =>
    steps.flatMap((step) =>
      imagegateInvocations(step.run ?? '').map(({ args }) => ({
        job,
        command: parseCliArgs(
          args.map((arg) => {
            const value = step.env?.[/^\$(\w+)$/.exec(arg)?.[1] ?? ''];
            const field = typeof value === 'string' ? /^\$\{\{ matrix\.(\w+) \}\}$/.exec(value)?.[1] : undefined;
            return (field && MATRIX_SAMPLE[field]) ?? arg;
          }),
        ),
      })),
    ),
  );
}

function rescanCommands(workflow: Workflow): { plan: RescanPlanArgs; run: RescanRunArgs; merge: RescanMergeArgs } {
  const found = commands(workflow);
  const one = (name: CliCommand['name'], job: string): CliCommand | undefined => {
    const matches = found.filter((entry) => entry.command.name === name);
    expect(matches.map((entry) => entry.job)).toEqual([job]);
    return matches[0]?.command;
  };
  const [plan, run, merge] = [one('rescan-plan', 'plan'), one('rescan-run', 'scan'), one('rescan-merge', 'merge')];
  if (plan?.name !== 'rescan-plan' || run?.name !== 'rescan-run' || merge?.name !== 'rescan-merge') {
    throw new Error('expected rescan plan, run and merge');
  }
  return { plan: plan.args, run: run.args, merge: merge.args };
}

/**
 * plan → scan (a matrix from the plan's output, skipped when empty) → merge (always, once the plan worked) →
 * code-scanning (a matrix of the merge's per-repository SARIF files, also after a merge that exits 3).
 */
function flowProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const { plan, scan, merge } = workflow.jobs;
  if (Object.keys(workflow.on).sort().join() !== 'schedule,workflow_dispatch') {
    problems.push(`triggers: ${Object.keys(workflow.on).join(', ')}`);
  }
  if (!plan || !scan || !merge) return [...problems, `jobs: ${Object.keys(workflow.jobs).join(', ')}`];
  if (needsOf(plan).length > 0) problems.push('plan needs nothing');
  if (needsOf(scan).join() !== 'plan') problems.push('scan needs plan');
  if (needsOf(merge).sort().join() !== 'plan,scan') problems.push('merge needs plan and scan');
  if (scan.if !== "needs.plan.outputs.to-scan != '0'") problems.push(`scan runs on an empty matrix: if ${scan.if}`);
  if (scan.strategy?.['fail-fast'] !== false) problems.push('one failed shard cancels the others');
  if (scan.strategy?.matrix !== '${{ fromJSON(needs.plan.outputs.matrix) }}') problems.push('scan matrix');
  if (merge.if !== "always() && needs.plan.result == 'success'") problems.push(`merge if: ${merge.if}`);
  const upload = workflow.jobs['code-scanning'];
  if (!upload) return [...problems, 'no code-scanning job'];
  if (needsOf(upload).join() !== 'merge') problems.push('code-scanning needs merge');
  if (upload.if !== "always() && needs.merge.outputs.sarif-files != '' && needs.merge.outputs.sarif-files != '0'") {
    problems.push(`code-scanning runs without SARIF files or not after a failed merge: if ${upload.if}`);
  }
  if (upload.strategy?.['fail-fast'] !== false) problems.push('one failed upload cancels the others');
  if (upload.strategy?.matrix !== '${{ fromJSON(needs.merge.outputs.sarif-matrix) }}') problems.push('upload matrix');
  return problems;
}

/** Every `needs.J.outputs.N` is an output J declares and J is needed; every job output names a step that writes it. */
function outputProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  for (const [name, job] of Object.entries(workflow.jobs)) {
    for (const [, needed, output] of JSON.stringify(job).matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      if (!needsOf(job).includes(needed ?? '')) problems.push(`${name} reads ${needed} without needing it`);
      if (!Object.hasOwn(workflow.jobs[needed ?? '']?.outputs ?? {}, output ?? '')) {
        problems.push(`${name} reads ${needed}.outputs.${output}, which ${needed} does not declare`);
      }
    }
    for (const [output, value] of Object.entries(job.outputs ?? {})) {
      const [, id = '', key = ''] = /^\$\{\{ steps\.([\w-]+)\.outputs\.([\w-]+) \}\}$/.exec(value) ?? [];
      const step = job.steps.find((candidate) => candidate.id === id);
      if (!step?.run || !new RegExp(`echo "${key}=.*>> "\\$GITHUB_OUTPUT"`).test(step.run)) {
        problems.push(`${name}.outputs.${output}: no step '${id}' writes ${key} to GITHUB_OUTPUT`);
      }
    }
  }
  return problems;
}

/** contents: read everywhere; security-events: write only where SARIF is uploaded; nothing else writes. */
function permissionProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  if (JSON.stringify(workflow.permissions) !== '{"contents":"read"}') problems.push('workflow permissions');
  for (const [name, job] of Object.entries(workflow.jobs)) {
    if (!job.permissions) {
      problems.push(`${name}: no permissions of its own`);
      continue;
    }
    const uploads = job.steps.some((step) => action(step) === 'github/codeql-action/upload-sarif');
    for (const [scope, level] of Object.entries(job.permissions)) {
      const allowed = scope === 'contents' || scope === 'packages' ? 'read' : scope === 'security-events' && uploads;
      if (level !== allowed && !(allowed === true && level === 'write')) problems.push(`${name}: ${scope}: ${level}`);
    }
    if (uploads && job.permissions['security-events'] !== 'write') problems.push(`${name}: cannot upload SARIF`);
  }
  return problems;
}

/**
 * Caches are immutable: the ledger is restored by prefix (the newest) and saved under a key of its own per run and
 * attempt. A save and its restore name the same path (the cache version hashes it). The scan jobs restore the exact
 * Trivy DB the plan compared the ledger with.
 */
function cacheProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const restores = stepsUsing(workflow, 'actions/cache/restore');
  const saves = stepsUsing(workflow, 'actions/cache/save');
  for (const { job, step } of saves) {
    if (!restores.some(({ step: restore }) => withString(restore, 'path') === withString(step, 'path'))) {
      problems.push(`${job} saves ${withString(step, 'path')}, which nothing restores`);
    }
  }
  const ledgerRestore = restores.find(({ step }) => withString(step, 'key').includes('ledger'));
  const ledgerSave = saves.find(({ step }) => withString(step, 'key').includes('ledger'));
  if (!ledgerRestore || !ledgerSave) return [...problems, 'the ledger is not restored and saved'];
  const prefix = withString(ledgerRestore.step, 'restore-keys');
  const [restoreKey, saveKey] = [withString(ledgerRestore.step, 'key'), withString(ledgerSave.step, 'key')];
  if (ledgerRestore.job !== 'plan' || ledgerSave.job !== 'merge')
    problems.push('ledger: restored in plan, saved in merge');
  if (!prefix || !restoreKey.startsWith(prefix) || !saveKey.startsWith(prefix)) problems.push('ledger: key prefix');
  for (const part of ['${{ github.run_id }}', '${{ github.run_attempt }}']) {
    if (!saveKey.includes(part)) problems.push(`ledger: the saved key lacks ${part}: a re-run could not save`);
  }
  if (!restoreKey.includes('${{ github.run_id }}'))
    problems.push('ledger: the restore key should match nothing exactly');
  if (!ledgerSave.step.if?.startsWith('always()')) problems.push('ledger: not saved when merge exits 3');

  const dbRestores = restores.filter(({ step }) => withString(step, 'key').includes('trivy-db'));
  const planDb = dbRestores.find(({ job }) => job === 'plan');
  const scanDb = dbRestores.find(({ job }) => job === 'scan');
  if (!planDb || !scanDb) return [...problems, "Trivy's DB is not restored in plan and scan"];
  if (planDb.step.with?.['restore-keys'] !== undefined) problems.push("plan: restores an older day's Trivy DB");
  if (withString(scanDb.step, 'key') !== '${{ needs.plan.outputs.trivy-db-key }}') problems.push('scan: other DB');
  if (withString(scanDb.step, 'path') !== withString(planDb.step, 'path')) problems.push('scan: DB path');
  return problems;
}

/** Each downloaded artifact is uploaded by a job the downloading job needs; the result pattern matches the uploads. */
function artifactProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const uploads = stepsUsing(workflow, 'actions/upload-artifact').map(({ job, step }) => ({
    job,
    name: new RegExp(`^${withString(step, 'name').replace(/\$\{\{[^}]*\}\}/g, '.+')}$`),
  }));
  for (const { job, step } of stepsUsing(workflow, 'actions/download-artifact')) {
    const wanted = withString(step, 'name') || withString(step, 'pattern').replace(/\*/g, 'x');
    const from = uploads.filter((upload) => upload.name.test(wanted));
    if (!from.some((upload) => needsOf(workflow.jobs[job] as Job).includes(upload.job))) {
      problems.push(`${job} downloads ${wanted}, which no job it needs uploads`);
    }
  }
  return problems;
}

/** The files the three commands and the steps around them exchange. */
function fileProblems(workflow: Workflow): string[] {
  const problems: string[] = [];
  const expectSame = (what: string, actual: unknown, expected: unknown) => {
    if (JSON.stringify(actual) !== JSON.stringify(expected)) {
      problems.push(`${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
    }
  };
  const { plan, run, merge } = rescanCommands(workflow);
  const planJson = `${plan.outDir}/plan.json`;
  expectSame('rescan run --plan', run.plan, planJson);
  expectSame('rescan merge --plan', merge.plan, planJson);
  expectSame('rescan run --ledger', run.ledger, plan.ledger);
  expectSame('rescan merge --ledger', merge.ledger, plan.ledger);
  expectSame('rescan run --policy', run.policy, plan.policy);
  expectSame('rescan run --shard', run.shard, { index: 2, count: 3 });
  expectSame('rescan run --fail-on', run.failOn, 'new');

  const planStep = workflow.jobs.plan?.steps.find((step) => step.id === 'plan')?.run ?? '';
  for (const file of [`${plan.outDir}/github-matrix.json`, planJson, `${plan.outDir}/plan-summary.md`]) {
    if (!planStep.includes(file)) problems.push(`the plan step does not read ${file}`);
  }
  const ledgerCaches = [...stepsUsing(workflow, 'actions/cache/restore'), ...stepsUsing(workflow, 'actions/cache/save')]
    .filter(({ step }) => withString(step, 'key').includes('ledger'))
    .map(({ step }) => withString(step, 'path'));
  // The SARIF store travels with the ledger: skipped digests have their SARIF only there.
  expectSame(
    'ledger cache paths',
    [...new Set(ledgerCaches)].map((paths) => paths.trim().split('\n')),
    [[plan.ledger, merge.sarifStore]],
  );
  const mergeStep = workflow.jobs.merge?.steps.find((step) => imagegateInvocations(step.run ?? '').length > 0);
  if (
    !mergeStep?.run?.includes(`mv "$RUNNER_TEMP/ledger.json" ${plan.ledger}`) ||
    merge.out !== '$RUNNER_TEMP/ledger.json'
  ) {
    problems.push('the merged ledger does not end up where the cache saves it');
  }

  const uploads = stepsUsing(workflow, 'actions/upload-artifact');
  // One directory per artifact: upload-artifact stores a single path relative to itself, so the download path of
  // every job that fetches it puts the files back where the plan job had them.
  const planUpload = uploads.find(({ job }) => job === 'plan')?.step;
  const shared = withString(planUpload ?? {}, 'path');
  const held = [plan.outDir, plan.ledger, merge.sarifStore];
  if (!/^[\w.-]+\/$/.test(shared) || !held.every((file) => file?.startsWith(shared))) {
    problems.push(`plan artifact ${shared}: not the one dir holding ${held.join(', ')}`);
  }
  for (const { job, step } of stepsUsing(workflow, 'actions/download-artifact')) {
    if (step.with?.name === planUpload?.with?.name)
      expectSame(`${job}: plan download`, `${withString(step, 'path')}/`, shared);
  }
  const resultUpload = uploads.find(({ job }) => job === 'scan')?.step;
  expectSame('result artifact', withString(resultUpload ?? {}, 'path'), `${run.outDir}/`);
  // One upload per repository file: a directory goes up as one upload, and GitHub takes at most 20 runs in one.
  const sarifUploads = stepsUsing(workflow, 'github/codeql-action/upload-sarif');
  expectSame(
    'SARIF uploads',
    sarifUploads.map(({ job }) => job),
    ['code-scanning'],
  );
  const sarif = sarifUploads[0]?.step;
  expectSame('SARIF upload', withString(sarif ?? {}, 'sarif_file'), `${merge.sarifDir}/\${{ matrix.file }}`);
  if (sarif?.with?.category !== undefined) problems.push('a category on the SARIF upload would replace the files’ own');
  const sarifArtifact = uploads.find(
    ({ job, step }) => job === 'merge' && withString(step, 'path') === `${merge.sarifDir}/`,
  );
  if (!sarifArtifact) problems.push(`merge does not keep ${merge.sarifDir}/ for the upload jobs`);
  for (const { job, step } of stepsUsing(workflow, 'actions/download-artifact')) {
    if (step.with?.name === sarifArtifact?.step.with?.name)
      expectSame(`${job}: SARIF download`, withString(step, 'path'), merge.sarifDir);
  }
  const listing = workflow.jobs.merge?.steps.find((step) => step.id === 'sarif')?.run ?? '';
  if (!listing.includes(`find ${merge.sarifDir} `)) problems.push('the SARIF matrix lists another dir');
  const resultDownload = stepsUsing(workflow, 'actions/download-artifact').find(({ step }) => step.with?.pattern);
  expectSame('rescan merge --results', merge.results, [withString(resultDownload?.step ?? {}, 'path')]);

  // Trivy's DB: where the CLI looks by default (no --trivy-cache-dir given), the part the plan reads and scans reuse.
  const dbDir = path.posix.join(defaultCliTrivyCacheDir({}, '~'), TRIVY_DATABASES.db.dir);
  expectSame('plan --trivy-cache-dir', plan.trivyCacheDir, undefined);
  expectSame('run --trivy-cache-dir', run.trivyCacheDir, undefined);
  for (const { job, step } of stepsUsing(workflow, 'actions/cache/restore')) {
    if (withString(step, 'key').includes('trivy-db'))
      expectSame(`${job}: Trivy DB cache path`, withString(step, 'path'), dbDir);
  }
  const download = workflow.jobs.plan?.steps.find((step) => step.run?.includes('--download-db-only'))?.run ?? '';
  if (!download.includes(`--cache-dir ${path.posix.dirname(dbDir)}`)) problems.push('the DB is downloaded elsewhere');
  // Trivy hands TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN to every registry, the DB's too: the download runs without them.
  if (
    !/env -u TRIVY_USERNAME -u TRIVY_PASSWORD -u TRIVY_REGISTRY_TOKEN \\\n\s*"\$\(cat "\$RUNNER_TEMP\/trivy-path"\)" image --download-db-only/.test(
      download,
    )
  ) {
    problems.push("the DB download keeps the job's registry credentials");
  }
  return problems;
}

describe(FILE, () => {
  test('plan → a scan job per shard, skipped when there is nothing to scan → merge, also after failed shards', () => {
    expect(flowProblems(load())).toEqual([]);
  });

  test('job outputs are written by the steps they name and read only by jobs that need them', () => {
    expect(outputProblems(load())).toEqual([]);
  });

  test('least permissions: security-events: write only for the SARIF upload', () => {
    expect(permissionProblems(load())).toEqual([]);
  });

  test('the ledger and Trivy DB caches: immutable-cache keys, the same paths restored and saved', () => {
    expect(cacheProblems(load())).toEqual([]);
  });

  test('every artifact a job downloads is uploaded by a job it needs', () => {
    expect(artifactProblems(load())).toEqual([]);
  });

  test('the three rescan commands parse and point at each other’s files', () => {
    expect(fileProblems(load())).toEqual([]);
  });

  test('the matrix the plan writes gives the scan job what it reads: matrix fields and a shard rescan run takes', () => {
    const images: TagDigest[] = Array.from({ length: 7 }, (_, index) => ({
      repository: index % 2 ? 'acme/api' : 'acme/worker',
      tag: `1.${index}.0`,
      digest: `sha256:${String(index).repeat(64)}`,
    }));
    const plan = buildPlan({ registry: 'ghcr.io', repositories: ['acme/api', 'acme/worker'], images, now: new Date() });
    const matrix = githubMatrix({ ...plan, shards: 3 });
    expect(matrix.include).toHaveLength(3);
    const scan = load().jobs.scan as Job;
    const used = [...JSON.stringify(scan).matchAll(/matrix\.([\w-]+)/g)].map((match) => match[1] ?? '');
    expect(used.length).toBeGreaterThan(1);
    for (const entry of matrix.include) {
      for (const field of used)
        expect([field, typeof (entry as unknown as Record<string, unknown>)[field]]).toEqual([field, 'string']);
      const run = scan.steps.find((step) => step.run?.includes('rescan run'));
      const shard = run?.env?.SHARD === '${{ matrix.shard }}' ? entry.shard : '';
      const [invocation] = imagegateInvocations(run?.run ?? '');
      const command = parseCliArgs((invocation?.args ?? []).map((arg) => (arg === '$SHARD' ? shard : arg)));
      expect(command.name === 'rescan-run' && `${command.args.shard?.index}/${command.args.shard?.count}`).toBe(
        entry.shard,
      );
    }
  });

  test('the checks above catch a broken copy', () => {
    const broken = (edit: (workflow: Workflow) => void): Workflow => {
      const workflow = load();
      edit(workflow);
      return workflow;
    };
    const jobs = (workflow: Workflow) => workflow.jobs as Record<'plan' | 'scan' | 'merge', Job>;
    expect(flowProblems(broken((w) => delete jobs(w).scan.if))).toEqual(['scan runs on an empty matrix: if undefined']);
    expect(flowProblems(broken((w) => (jobs(w).merge.if = "needs.plan.result == 'success'")))).toHaveLength(1);
    expect(outputProblems(broken((w) => delete jobs(w).plan.outputs?.['to-scan']))).toEqual([
      'scan reads plan.outputs.to-scan, which plan does not declare',
    ]);
    expect(permissionProblems(broken((w) => (jobs(w).plan.permissions = { 'security-events': 'write' })))).toEqual([
      'plan: security-events: write',
    ]);
    const saveStep = (w: Workflow) => jobs(w).merge.steps.find((step) => action(step) === 'actions/cache/save') as Step;
    expect(cacheProblems(broken((w) => (saveStep(w).with = { ...saveStep(w).with, path: 'ledger' })))).toEqual([
      'merge saves ledger, which nothing restores',
    ]);
    expect(
      cacheProblems(broken((w) => (saveStep(w).with = { ...saveStep(w).with, key: 'imagegate-rescan-ledger-x' }))),
    ).toHaveLength(2);
    const download = (w: Workflow) => jobs(w).merge.steps.find((step) => step.with?.pattern) as Step;
    expect(artifactProblems(broken((w) => (download(w).with = { pattern: 'other-*', path: 'x' })))).toHaveLength(1);
    const runStep = (w: Workflow) => jobs(w).scan.steps.find((step) => step.run?.includes('rescan run')) as Step;
    expect(
      fileProblems(
        broken((w) => (runStep(w).run = runStep(w).run?.replace('imagegate-rescan/plan/plan.json', 'plan.json'))),
      ),
    ).toEqual(['rescan run --plan: "plan.json", expected "imagegate-rescan/plan/plan.json"']);
    expect(() =>
      fileProblems(broken((w) => (runStep(w).run = runStep(w).run?.replace('--shard', '--shards')))),
    ).toThrow(/shards/);
    const mergeStep = (w: Workflow) => jobs(w).merge.steps.find((step) => step.run?.includes('rescan merge')) as Step;
    expect(
      fileProblems(
        broken(
          (w) => (mergeStep(w).run = mergeStep(w).run?.replace('--sarif-store imagegate-rescan/', '--sarif-store ')),
        ),
      ),
    ).toEqual([
      'ledger cache paths: [["imagegate-rescan/ledger.json","imagegate-rescan/sarif-store"]], expected [["imagegate-rescan/ledger.json","sarif-store"]]',
      'plan artifact imagegate-rescan/: not the one dir holding imagegate-rescan/plan, imagegate-rescan/ledger.json, sarif-store',
    ]);
    const upload = (w: Workflow) =>
      (w.jobs['code-scanning'] as Job).steps.find((step) => step.with?.sarif_file) as Step;
    expect(fileProblems(broken((w) => (upload(w).with = { sarif_file: 'imagegate-sarif' })))).toEqual([
      'SARIF upload: "imagegate-sarif", expected "imagegate-sarif/${{ matrix.file }}"',
    ]);
    expect(flowProblems(broken((w) => delete (w.jobs['code-scanning'] as Job).if))).toHaveLength(1);
  });
});

test('the Scheduled re-scans page (docs/rescan.md, linked from the README) links the workflow and names its jobs', async () => {
  expect(await readFile(path.join(repoRoot, 'README.md'), 'utf8')).toContain('](docs/rescan.md)');
  const section = await readFile(path.join(repoRoot, 'docs/rescan.md'), 'utf8');
  expect(section.startsWith('# Scheduled re-scans\n')).toBe(true);
  expect(section).toContain(`](${path.posix.relative('docs', FILE)})`);
  for (const job of Object.keys(load().jobs)) expect(section).toContain(`a \`${job}\` job`);
});
