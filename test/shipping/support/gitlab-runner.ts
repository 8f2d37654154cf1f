import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { checkout, copyInto } from './rescan-ci.js';

/**
 * Just enough of GitLab to run the re-scan templates for real on this machine: a scheduled parent pipeline (the plan
 * job, then the trigger job's child pipeline read from the plan job's artifact) and the child pipeline by stages,
 * `parallel:matrix` expanded into one job per value. Script lines run in one `bash -e` per job with the job's
 * variables (expanded as GitLab expands variables that name others), caches are keyed stores pulled before and
 * pushed after a job per its `policy` and `when`, artifacts are kept per job and handed over by `needs`
 * (`needs:pipeline` to the parent's plan job). `image:` is ignored: the job runs with this machine's tools.
 */

interface CacheEntry {
  key: string;
  paths: string[];
  policy?: 'pull' | 'push' | 'pull-push';
  when?: 'on_success' | 'on_failure' | 'always';
}
interface Need {
  job: string;
  pipeline?: string;
  artifacts?: boolean;
}
interface Job {
  stage?: string;
  needs?: Array<string | Need>;
  when?: string;
  variables?: Record<string, string>;
  cache?: CacheEntry | CacheEntry[];
  parallel?: { matrix: Array<Record<string, string[]>> };
  script?: string[];
  artifacts?: { paths?: string[]; when?: string };
  trigger?: { include: Array<{ artifact: string; job: string }>; strategy?: string };
}

export interface GitLabJobResult {
  name: string;
  status: 'success' | 'failed';
  log: string;
  /** Where its artifacts are kept (paths relative to the project dir, as declared). */
  artifacts: string;
}

export interface PipelineRun {
  parent: GitLabJobResult[];
  child: GitLabJobResult[];
  /** The child pipeline's YAML, as the plan job generated it. */
  childYaml: string;
}

export class GitLabRunner {
  /** Cache key → a dir holding the cached paths (relative to the project dir). */
  readonly cache = new Map<string, string>();
  private pipelineId = 100;

  /** The project's CI/CD variables (Settings → CI/CD → Variables; values may name other variables). */
  projectVariables: Record<string, string> = {};

  constructor(
    private readonly root: string,
    /** Predefined variables and the runner's environment (PATH) every job sees. */
    private readonly variables: Record<string, string>,
  ) {}

  /** A scheduled pipeline of `parentYaml` (already interpolated), and the child pipeline its trigger job runs. */
  async runSchedule(parentYaml: string): Promise<PipelineRun> {
    this.pipelineId += 1;
    const pipelineVariables = { CI_PIPELINE_ID: String(this.pipelineId), CI_PIPELINE_SOURCE: 'schedule' };
    const parent = parse(parentYaml) as Record<string, Job>;
    const results: GitLabJobResult[] = [];
    const [planName, planJob] = Object.entries(parent).find(([, job]) => job.script) as [string, Job];
    const plan = await this.runJob(planName, planJob, pipelineVariables, []);
    results.push(plan);
    const [, trigger] = Object.entries(parent).find(([, job]) => job.trigger) as [string, Job];
    const include = trigger.trigger?.include[0];
    if (plan.status !== 'success' || include?.job !== planName) return { parent: results, child: [], childYaml: '' };
    const childYaml = await readFile(path.join(plan.artifacts, include.artifact), 'utf8');
    const child = parse(childYaml) as Record<string, unknown>;
    // Trigger variables go down to the child pipeline (expanded in the parent), over the child's own YAML ones.
    const forwarded = pick(
      expandAll({ ...this.variables, ...pipelineVariables }, trigger.variables ?? {}),
      trigger.variables,
    );
    const childVariables = { ...pipelineVariables, ...(child.variables as Record<string, string>), ...forwarded };
    const jobs = Object.entries(child).filter(([name]) => !['stages', 'variables'].includes(name)) as Array<
      [string, Job]
    >;
    const stages = (child.stages as string[] | undefined) ?? ['test'];
    const done: GitLabJobResult[] = [];
    for (const stage of stages) {
      const failedBefore = done.some((result) => result.status === 'failed');
      for (const [name, job] of jobs.filter(([, entry]) => (entry.stage ?? 'test') === stage)) {
        if (failedBefore && job.when !== 'always') continue;
        const fetched = (job.needs ?? []).flatMap((need) => {
          if (typeof need === 'object' && need.pipeline !== undefined) {
            return need.pipeline === '$PARENT_PIPELINE_ID' && need.job === planName ? [plan] : [];
          }
          const wanted = typeof need === 'string' ? need : need.job;
          return done.filter((result) => result.name === wanted || result.name.startsWith(`${wanted}: [`));
        });
        const values = job.parallel?.matrix.flatMap((entry) => entry.SHARD ?? []) ?? [undefined];
        for (const shard of values) {
          const extra = shard === undefined ? childVariables : { ...childVariables, SHARD: shard };
          const label = shard === undefined ? name : `${name}: [${shard}]`;
          done.push(await this.runJob(label, job, extra, fetched));
        }
      }
    }
    return { parent: results, child: done, childYaml };
  }

  private async runJob(
    name: string,
    job: Job,
    pipelineVariables: Record<string, string>,
    fetched: GitLabJobResult[],
  ): Promise<GitLabJobResult> {
    const dir = await mkdtemp(path.join(this.root, `p${this.pipelineId}-`));
    const projectDir = path.join(dir, 'project');
    const artifacts = path.join(dir, 'artifacts');
    await checkout(projectDir);
    await mkdir(artifacts);
    const predefined = {
      // A schedule runs on a protected branch unless a test says otherwise.
      CI_COMMIT_REF_PROTECTED: 'true',
      ...this.variables,
      CI_PROJECT_DIR: projectDir,
      CI_JOB_NAME: name.replace(/: \[.*$/, ''),
    };
    // Pipeline (YAML default) variables, job variables, then project CI/CD variables over them (GitLab's
    // precedence), each expanded against what comes before: `X: $CI_REGISTRY_USER` gets the job's own value.
    const variables = expandAll(
      expandAll(expandAll(predefined, pipelineVariables), job.variables ?? {}),
      this.projectVariables,
    );
    // GitLab expands variables in cache:key (`…-$CI_COMMIT_REF_PROTECTED`).
    const caches = (job.cache === undefined ? [] : [job.cache].flat()).map((cache) => ({
      ...cache,
      key: expandAll(variables, { key: cache.key }).key ?? cache.key,
    }));
    for (const cache of caches) {
      const stored = this.cache.get(cache.key);
      if (stored && cache.policy !== 'push') await copyInto(stored, projectDir);
    }
    for (const result of fetched) await copyInto(result.artifacts, projectDir);
    const shell = await execa('bash', ['-e', '-c', (job.script ?? []).join('\n')], {
      cwd: projectDir,
      reject: false,
      all: true,
      env: { ...variables, HOME: path.join(dir, 'home') },
      extendEnv: false,
    });
    const status = shell.exitCode === 0 ? 'success' : 'failed';
    for (const cache of caches) {
      const when = cache.when ?? 'on_success';
      if (cache.policy === 'pull' || (when === 'on_success' && status !== 'success')) continue;
      const store = await mkdtemp(path.join(this.root, `cache-${cache.key}-`));
      for (const entry of cache.paths) {
        if (existsSync(path.join(projectDir, entry)))
          await copyInto(path.join(projectDir, entry), path.join(store, entry));
      }
      this.cache.set(cache.key, store);
    }
    if (status === 'success' || job.artifacts?.when === 'always') {
      for (const entry of job.artifacts?.paths ?? []) {
        if (existsSync(path.join(projectDir, entry)))
          await copyInto(path.join(projectDir, entry), path.join(artifacts, entry));
      }
    }
    return { name, status, log: `$ ${name} (exit ${shell.exitCode})\n${shell.all}\n`, artifacts };
  }
}

function pick(all: Record<string, string>, names: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.keys(names ?? {}).map((name) => [name, all[name] ?? '']));
}

/** `defined` plus `values` with `$NAME` / `${NAME}` replaced from what is defined so far (unknown names stay empty). */
function expandAll(defined: Record<string, string>, values: Record<string, string>): Record<string, string> {
  const result = { ...defined };
  for (const [name, value] of Object.entries(values)) {
    result[name] = String(value).replace(
      /(?<!\$)\$(?:\{([A-Za-z_]\w*)\}|([A-Za-z_]\w*))/g,
      (_, braced?: string, plain?: string) => result[(braced ?? plain) as string] ?? '',
    );
  }
  return result;
}
