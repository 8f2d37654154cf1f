import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import picomatch from 'picomatch';
import { parse } from 'yaml';
import { checkout, copyInto, filesBelow } from './rescan-ci.js';

/**
 * Just enough of a GitHub Actions runner to run docs/workflows/scheduled-rescan.yml for real on this machine: `run:`
 * steps go to `bash -e` with GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP and the step's env; the actions it uses
 * are played by their documented behaviour (actions/cache: immutable entries, restore by exact key then by
 * restore-keys prefix, newest first, only for the same path; upload/download-artifact v4: one path stored relative
 * to itself, pattern downloads into `<path>/<name>/`; upload-sarif: one run per tool and category per upload, as
 * code scanning now enforces). `${{ }}` expressions and `if:` conditions are evaluated for the forms the workflow
 * uses; any other form throws, so the workflow cannot drift into something this runner would fake.
 */

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, string | number | boolean>;
}
interface Job {
  if?: string;
  outputs?: Record<string, string>;
  steps: Step[];
}

export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  /** `name or uses or run`: outcome, for every step (skipped ones too). */
  steps: Array<{ step: string; outcome: 'success' | 'failure' | 'skipped' }>;
  summary: string;
  log: string;
}

export interface SarifUpload {
  job: string;
  /** `tool/category` of each run. */
  runs: string[];
  /** Per `tool/category`: the image digests its results and invocations name (rescan merge's per-repository SARIF). */
  digests: Record<string, string[]>;
}

export interface RunnerContext {
  /** Environment every step gets (PATH with imagegate, the Trivy stand-in's settings). */
  env: Record<string, string>;
  /** `github.actor` / `secrets.GITHUB_TOKEN`. */
  actor: string;
  token: string;
}

interface CacheEntry {
  key: string;
  version: string;
  /** The copy of the first path (the ledger file). */
  dir: string;
  /** The copy of each path, in the order of `path:` (undefined where it did not exist). */
  dirs: Array<string | undefined>;
}

export class GitHubRunner {
  readonly cache: CacheEntry[] = [];
  readonly cacheWarnings: string[] = [];
  readonly uploads: SarifUpload[] = [];
  private artifacts = new Map<string, string>();
  private runId = 0;
  private extraEnv: Record<string, string> = {};

  private constructor(
    private readonly workflow: { jobs: Record<string, Job> },
    private readonly root: string,
    private readonly context: RunnerContext,
  ) {}

  /** Runs after this one see `extra` in every step's environment as well (e.g. the stand-in's crash mode). */
  setExtraEnv(extra: Record<string, string>): void {
    this.extraEnv = extra;
  }

  static async load(file: string, root: string, context: RunnerContext): Promise<GitHubRunner> {
    return new GitHubRunner(parse(await readFile(file, 'utf8')) as { jobs: Record<string, Job> }, root, context);
  }

  /** One run of the plan → scan (matrix) → merge → code-scanning (matrix) workflow; the cache outlives the run. */
  async runWorkflow(): Promise<{ plan: JobResult; scans: JobResult[]; merge: JobResult; codeScanning: JobResult[] }> {
    this.runId += 1;
    this.artifacts = new Map();
    const plan = await this.runJob('plan', {});
    const scans: JobResult[] = [];
    const scanJob = this.workflow.jobs.scan as Job;
    if (plan.result === 'success' && this.condition(scanJob.if ?? '', { needs: { plan } })) {
      const matrix = JSON.parse(plan.outputs.matrix ?? '') as { include: Array<Record<string, string>> };
      for (const [index, entry] of matrix.include.entries()) {
        scans.push(await this.runJob('scan', { needs: { plan }, matrix: entry, jobIndex: index }));
      }
    }
    const scan = {
      result: scans.length === 0 ? 'skipped' : scans.every((s) => s.result === 'success') ? 'success' : 'failure',
      outputs: {},
    };
    const mergeJob = this.workflow.jobs.merge as Job;
    const merge = this.condition(mergeJob.if ?? '', { needs: { plan, scan } })
      ? await this.runJob('merge', { needs: { plan, scan } })
      : skippedJob();
    const codeScanning: JobResult[] = [];
    const uploadJob = this.workflow.jobs['code-scanning'] as Job | undefined;
    if (uploadJob && this.condition(uploadJob.if ?? '', { needs: { merge } })) {
      const matrix = JSON.parse(merge.outputs['sarif-matrix'] ?? '') as { include: Array<Record<string, string>> };
      for (const [index, entry] of matrix.include.entries()) {
        codeScanning.push(await this.runJob('code-scanning', { needs: { merge }, matrix: entry, jobIndex: index }));
      }
    }
    return { plan, scans, merge, codeScanning };
  }

  private async runJob(name: string, scope: Scope): Promise<JobResult> {
    const job = this.workflow.jobs[name] as Job;
    const dirs = await mkdtemp(path.join(this.root, `run${this.runId}-${name}-`));
    const [workspace, home, temp] = ['work', 'home', 'temp'].map((part) => path.join(dirs, part)) as [
      string,
      string,
      string,
    ];
    await Promise.all([mkdir(workspace), mkdir(home), mkdir(temp)]);
    const stepOutputs: Record<string, Record<string, string>> = {};
    const result: JobResult = { result: 'success', outputs: {}, steps: [], summary: '', log: '' };
    const local = (file: string) =>
      file.startsWith('~/') ? path.join(home, file.slice(2)) : path.resolve(workspace, file);
    for (const step of job.steps) {
      const label = step.name ?? step.uses ?? step.run ?? '';
      const files = step.if?.includes('hashFiles') ? await filesBelow(workspace) : [];
      const own = { ...scope, steps: stepOutputs, workspace, files, failed: result.result === 'failure' };
      const wanted = step.if === undefined ? result.result === 'success' : this.condition(step.if, own);
      if (!wanted) {
        result.steps.push({ step: label, outcome: 'skipped' });
        continue;
      }
      const inputs = Object.fromEntries(
        Object.entries(step.with ?? {}).map(([key, value]) => [key, this.expand(String(value), own)]),
      );
      let ok = true;
      const outputs: Record<string, string> = {};
      const action = step.uses?.split('@')[0];
      if (step.run !== undefined) {
        if (/^npm install --global/.test(step.run)) {
          result.steps.push({ step: label, outcome: 'success' });
          continue;
        }
        const outputFile = path.join(temp, `output-${result.steps.length}`);
        const summaryFile = path.join(temp, `summary-${result.steps.length}`);
        await writeFile(outputFile, '');
        await writeFile(summaryFile, '');
        const env = Object.fromEntries(
          Object.entries(step.env ?? {}).map(([key, value]) => [key, this.expand(value, own)]),
        );
        const shell = await execa('bash', ['-e', '-c', step.run], {
          cwd: workspace,
          reject: false,
          all: true,
          env: {
            ...this.context.env,
            ...this.extraEnv,
            ...env,
            HOME: home,
            RUNNER_TEMP: temp,
            GITHUB_WORKSPACE: workspace,
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: summaryFile,
          },
          extendEnv: false,
        });
        result.log += `## ${label} (exit ${shell.exitCode})\n${shell.all}\n`;
        ok = shell.exitCode === 0;
        for (const line of (await readFile(outputFile, 'utf8')).split('\n')) {
          const at = line.indexOf('=');
          if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
        }
        result.summary += await readFile(summaryFile, 'utf8');
      } else if (action === 'actions/checkout') {
        await checkout(workspace);
      } else if (action === 'actions/setup-node') {
        // The runner's node and the imagegate on PATH stand for it.
      } else if (action === 'actions/cache/restore') {
        // `path:` may list several paths, one a line; each comes back where it was.
        const paths = lines(inputs.path ?? '');
        const hit = this.restore(inputs.path ?? '', inputs.key ?? '', inputs['restore-keys']);
        for (const [index, saved] of (hit?.dirs ?? []).entries()) {
          if (saved) await copyInto(saved, local(paths[index] ?? ''));
        }
        outputs['cache-hit'] = hit ? String(hit.key === inputs.key) : '';
      } else if (action === 'actions/cache/save') {
        const froms = lines(inputs.path ?? '').map(local);
        if (this.cache.some((entry) => entry.key === inputs.key)) {
          this.cacheWarnings.push(`Unable to reserve cache with key ${inputs.key}`);
        } else if (froms.some((from) => existsSync(from))) {
          const dir = await mkdtemp(path.join(this.root, 'cache-'));
          const dirs: Array<string | undefined> = [];
          for (const [index, from] of froms.entries()) {
            const to = path.join(dir, `content-${index}`);
            if (existsSync(from)) await copyInto(from, to);
            dirs.push(existsSync(from) ? to : undefined);
          }
          this.cache.push({ key: inputs.key ?? '', version: inputs.path ?? '', dir: dirs[0] ?? '', dirs });
        } else ok = false;
      } else if (action === 'actions/upload-artifact') {
        const from = local(inputs.path ?? '');
        if (existsSync(from)) {
          // One path is stored relative to itself: a dir's contents, or the file alone.
          const dir = await mkdtemp(path.join(this.root, 'artifact-'));
          const isDir = (await filesBelow(from)).length > 0;
          await copyInto(from, isDir ? dir : path.join(dir, path.basename(from)));
          this.artifacts.set(inputs.name ?? '', dir);
        } else if (inputs['if-no-files-found'] === 'error') ok = false;
      } else if (action === 'actions/download-artifact') {
        const target = local(inputs.path ?? '.');
        if (inputs.name) {
          const from = this.artifacts.get(inputs.name);
          if (from) await copyInto(from, target);
          else ok = false;
        } else {
          const pattern = new RegExp(
            `^${(inputs.pattern ?? '').replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`,
          );
          for (const [artifact, from] of this.artifacts) {
            if (pattern.test(artifact)) await copyInto(from, path.join(target, artifact));
          }
        }
      } else if (action === 'github/codeql-action/upload-sarif') {
        ok = await this.uploadSarif(name, local(inputs.sarif_file ?? ''));
      } else {
        throw new Error(`no stand-in for ${step.uses}`);
      }
      if (step.id) stepOutputs[step.id] = outputs;
      result.steps.push({ step: label, outcome: ok ? 'success' : 'failure' });
      if (!ok) result.result = 'failure';
    }
    for (const [output, value] of Object.entries(job.outputs ?? {})) {
      result.outputs[output] = this.expand(value, { ...scope, steps: stepOutputs });
    }
    await rm(dirs, { recursive: true, force: true });
    return result;
  }

  private restore(version: string, key: string, restoreKeys: string | undefined): CacheEntry | undefined {
    const candidates = this.cache.filter((entry) => entry.version === version).reverse();
    const exact = candidates.find((entry) => entry.key === key);
    if (exact) return exact;
    const prefixes = (restoreKeys ?? '')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    for (const prefix of prefixes) {
      const found = candidates.find((entry) => entry.key.startsWith(prefix));
      if (found) return found;
    }
    return undefined;
  }

  /** `sarif_file`: a file, or a directory whose .sarif files go up as one upload (as upload-sarif combines them). */
  private async uploadSarif(job: string, target: string): Promise<boolean> {
    const runs: string[] = [];
    const digests: Record<string, string[]> = {};
    const files = target.endsWith('.sarif')
      ? existsSync(target)
        ? [target]
        : []
      : (await filesBelow(target)).filter((name) => name.endsWith('.sarif')).map((name) => path.join(target, name));
    for (const file of files) {
      const sarif = JSON.parse(await readFile(file, 'utf8')) as { runs: SarifRun[] };
      for (const run of sarif.runs) {
        const label = `${run.tool.driver.name}/${run.automationDetails?.id ?? ''}`;
        runs.push(label);
        const named = [
          ...(run.invocations ?? []).map((invocation) => invocation.properties?.imageDigest),
          ...(run.results ?? []).flatMap((result) => (result.properties?.images ?? []).map((image) => image.digest)),
        ];
        digests[label] = [...new Set(named.filter((digest): digest is string => digest !== undefined))].sort();
      }
    }
    this.uploads.push({ job, runs, digests });
    // upload-sarif fails on no file, on two runs of one tool and category, and GitHub on more than 20 runs.
    return files.length > 0 && new Set(runs).size === runs.length && runs.length <= 20;
  }

  /** `${{ … }}` in `text`, for the contexts the workflow uses. */
  private expand(text: string, scope: Scope): string {
    return text.replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => this.value(expression, scope));
  }

  private value(expression: string, scope: Scope): string {
    const fixed: Record<string, string> = {
      'github.run_id': String(1000 + this.runId),
      'github.run_attempt': '1',
      'github.actor': this.context.actor,
      'secrets.GITHUB_TOKEN': this.context.token,
      'strategy.job-index': String(scope.jobIndex ?? ''),
    };
    if (expression in fixed) return fixed[expression] as string;
    const parts = expression.split('.');
    if (parts[0] === 'matrix' && parts.length === 2) return required(scope.matrix?.[parts[1] ?? ''], expression);
    if (parts[0] === 'needs' && parts.length === 3 && parts[2] === 'result') {
      return required(scope.needs?.[parts[1] ?? '']?.result, expression);
    }
    if (parts[0] === 'needs' && parts[2] === 'outputs' && parts.length === 4) {
      return scope.needs?.[parts[1] ?? '']?.outputs[parts[3] ?? ''] ?? '';
    }
    if (parts[0] === 'steps' && parts[2] === 'outputs' && parts.length === 4) {
      return scope.steps?.[parts[1] ?? '']?.[parts[3] ?? ''] ?? '';
    }
    throw new Error(`the runner stand-in does not know ${expression}`);
  }

  /** `a && b && …` of `always()`, `hashFiles('glob') != ''` and `<context> ==|!= '<value>'`. */
  private condition(text: string, scope: Scope): boolean {
    let always = false;
    const terms = text.split('&&').map((term) => term.trim());
    const value = terms.every((term) => {
      if (term === 'always()') return (always = true);
      const files = /^hashFiles\('([^']+)'\) != ''$/.exec(term);
      if (files) {
        const matches = picomatch(files[1] ?? '', { dot: true });
        return scope.files?.some((file) => matches(file)) ?? false;
      }
      const compare = /^([\w.-]+) (==|!=) '([^']*)'$/.exec(term);
      if (!compare) throw new Error(`the runner stand-in does not evaluate ${term}`);
      return (this.value(compare[1] ?? '', scope) === compare[3]) === (compare[2] === '==');
    });
    return value && (always || !scope.failed);
  }
}

interface Scope {
  needs?: Record<string, { result: string; outputs: Record<string, string> }>;
  matrix?: Record<string, string>;
  jobIndex?: number;
  steps?: Record<string, Record<string, string>>;
  workspace?: string;
  /** The workspace's files (relative), for hashFiles. */
  files?: string[];
  failed?: boolean;
}

interface SarifRun {
  tool: { driver: { name: string } };
  automationDetails?: { id?: string };
  invocations?: Array<{ properties?: { imageDigest?: string } }>;
  results?: Array<{ properties?: { images?: Array<{ digest: string }> } }>;
}

/** The lines of a multi-line input (`path: |`), trimmed, without empty ones. */
function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

function skippedJob(): JobResult {
  return { result: 'skipped', outputs: {}, steps: [], summary: '', log: '' };
}

function required(value: string | undefined, expression: string): string {
  if (value === undefined) throw new Error(`${expression} is not set`);
  return value;
}
