import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { parseCliArgs, type CliCommand } from '../../../src/cli/cli-args.js';
import type { RescanPlanArgs } from '../../../src/rescan/rescan-args.js';
import {
  gitlabChildPipeline,
  LEDGER_CACHE_KEY,
  TRIVY_DB_CACHE_KEY,
} from '../../../src/rescan/gitlab-child-pipeline.js';
import { buildPlan, type TagDigest } from '../../../src/rescan/plan.js';
import { GITLAB_PARALLEL_MAX, type RescanPlan } from '../../../src/rescan/types.js';
import { shellWords } from '../../gitlab/shell-words.js';

/**
 * Checks of the GitLab re-scan templates and of the child pipeline their plan job generates, as lists of problems
 * (empty: fine), for test/shipping/rescan-gitlab.test.ts: the parent's plan and trigger jobs, the child's shard and
 * merge jobs, and how their files, caches and variables meet.
 */

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const COMPONENT = 'templates/imagegate-rescan/template.yml';
export const CLASSIC = 'templates/Imagegate-Rescan.gitlab-ci.yml';
export const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');

/** Predefined variables the jobs may use (docs.gitlab.com/ci/variables/predefined_variables), as a schedule has them. */
export const PREDEFINED: Record<string, string> = {
  CI_PIPELINE_SOURCE: 'schedule',
  CI_PIPELINE_ID: '9001',
  CI_PROJECT_DIR: '/builds/acme/api',
  CI_REGISTRY: 'registry.gitlab.example.com',
  CI_REGISTRY_USER: 'gitlab-ci-token',
  CI_REGISTRY_PASSWORD: 'job-token',
  CI_JOB_NAME: 'set per job',
  CI_COMMIT_REF_PROTECTED: 'true',
};
/** Set on the pipeline schedule to opt in. */
export const OPT_IN = 'IMAGEGATE_RESCAN';

export const INPUT_REFERENCE = /\$\[\[\s*inputs\.([A-Za-z0-9_-]+)\s*\]\]/g;
export const VARIABLE_REFERENCE = /(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)(?:[%#][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g;

export interface CacheEntry {
  key: string;
  paths: string[];
  policy?: string;
  when?: string;
}
export interface Job {
  stage?: string;
  image?: { name: string; entrypoint?: string[] };
  needs?: Array<string | { job: string; pipeline?: string; artifacts?: boolean }>;
  rules?: Array<{ if: string }>;
  when?: string;
  variables?: Record<string, string>;
  cache?: CacheEntry | CacheEntry[];
  parallel?: { matrix: Array<Record<string, string[]>> };
  script?: string[];
  artifacts?: { when?: string; paths?: string[] };
  trigger?: { include: Array<{ artifact: string; job: string }>; strategy?: string };
}
export type Pipeline = Record<string, unknown>;

export interface InputSpec {
  default?: unknown;
  description?: string;
}

export function component(): { inputs: Record<string, InputSpec>; body: string } {
  const text = read(COMPONENT);
  const documents = parseAllDocuments(text) as ReturnType<typeof parseAllDocuments> & unknown[];
  expect(documents).toHaveLength(2);
  for (const document of documents) expect(document.errors).toEqual([]);
  const header = documents[0]!.toJS() as { spec: { inputs: Record<string, InputSpec> } };
  expect(Object.keys(header)).toEqual(['spec']);
  return { inputs: header.spec.inputs, body: text.slice(text.search(/^---$/m) + 4) };
}

export function interpolate(body: string, values: Record<string, unknown>): string {
  return body.replace(INPUT_REFERENCE, (_, name: string) => {
    if (!(name in values)) throw new Error(`no value for input ${name}`);
    return String(values[name]);
  });
}

/** The image a user sets: the component's `image` input is required (a placeholder default could be served by anyone). */
export const IMAGE = 'registry.gitlab.example.com/tools/imagegate:1.0.0';

/** The inputs GitLab interpolates when a user sets only the required `image`. */
export const defaults = (inputs: Record<string, InputSpec>) =>
  Object.fromEntries(Object.entries(inputs).map(([name, spec]) => [name, name === 'image' ? IMAGE : spec.default]));

export const caches = (job: Job): CacheEntry[] => (job.cache === undefined ? [] : [job.cache].flat());
export const jobsOf = (pipeline: Pipeline): Record<string, Job> =>
  Object.fromEntries(
    Object.entries(pipeline).filter(
      ([name, value]) => !['stages', 'variables'].includes(name) && typeof value === 'object',
    ),
  ) as Record<string, Job>;

/** A job's variables as its shell sees them: predefined, then `extra` (pipeline-level), then the job's own, expanded. */
export function environment(job: Job, extra: Record<string, string> = {}): Record<string, string> {
  const variables: Record<string, string> = { ...PREDEFINED, ...extra };
  for (const [name, value] of Object.entries(job.variables ?? {})) {
    variables[name] = String(value).replace(VARIABLE_REFERENCE, (_, braced?: string, plain?: string) => {
      const ref = (braced ?? plain)!;
      if (variables[ref] === undefined) throw new Error(`${name} refers to undefined $${ref}`);
      return variables[ref]!;
    });
  }
  return variables;
}

/** `text` with `$VAR`s replaced, as GitLab expands `image:` and the like. */
export function expand(text: string, variables: Record<string, string>): string {
  return text.replace(
    VARIABLE_REFERENCE,
    (reference, braced?: string, plain?: string) => variables[(braced ?? plain)!] ?? reference,
  );
}

/** `$VAR`s used anywhere in the job that nothing defines. */
export function undefinedVariables(job: Job, defined: Iterable<string>): string[] {
  const known = new Set([...Object.keys(PREDEFINED), ...Object.keys(job.variables ?? {}), ...defined, OPT_IN]);
  const used = [...JSON.stringify(job).matchAll(VARIABLE_REFERENCE)].map((match) => (match[1] ?? match[2])!);
  return [...new Set(used)].filter((name) => !known.has(name));
}

/** The job's script as argv lists; `${SHARD%%/*}` (K of K/N) is worked out first, since shellWords refuses it. */
export function argvs(job: Job, variables: Record<string, string>): string[][] {
  return (job.script ?? []).map((line) =>
    shellWords(line.replace(/\$\{SHARD%%\/\*\}/g, (variables.SHARD ?? '').split('/')[0] ?? ''), variables),
  );
}

export function imagegate(argv: string[]): CliCommand {
  expect(argv[0]).toBe('imagegate');
  return parseCliArgs(argv.slice(1));
}

/** A path the plan job names with $CI_PROJECT_DIR, as the child's jobs (which run in the project dir) name it. */
export const inProject = (file: string) => path.posix.relative(PREDEFINED.CI_PROJECT_DIR!, file);

export interface Parent {
  planJob: string;
  plan: RescanPlanArgs;
  image: string;
  triggerVariables: Record<string, string>;
  /** The plan job's cache of Trivy's DB, which the shards restore to scan with the DB the plan compared. */
  dbCache: CacheEntry;
}

/**
 * The parent pipeline: a plan job and a trigger job, both only on opted-in schedules (and manual runs); the plan
 * job reads the ledger from the cache key the child's merge job writes, refreshes Trivy's DB where the plan reads
 * it, keeps the plan and the ledger as artifacts, and the trigger runs the child pipeline it generated.
 */
export function parentProblems(pipeline: Pipeline): { problems: string[]; parent?: Parent } {
  const problems: string[] = [];
  const jobs = jobsOf(pipeline);
  const entries = Object.entries(jobs);
  const [planEntry, triggerEntry] = [entries.find(([, job]) => job.script), entries.find(([, job]) => job.trigger)];
  if (entries.length !== 2 || !planEntry || !triggerEntry) return { problems: [`jobs: ${Object.keys(jobs).join()}`] };
  const [planJob, plan] = planEntry;
  const [, trigger] = triggerEntry;
  for (const job of [plan, trigger]) {
    const conditions = (job.rules ?? []).map((rule) => rule.if);
    if (!conditions.includes(`$CI_PIPELINE_SOURCE == "schedule" && $${OPT_IN} == "true"`)) {
      problems.push(`rules: ${conditions.join(' | ')}`);
    }
    if (conditions.some((condition) => !condition.includes(`$${OPT_IN} == "true"`)))
      problems.push('runs without opt-in');
  }
  if (JSON.stringify(plan.rules) !== JSON.stringify(trigger.rules)) problems.push('plan and trigger rules differ');

  const variables = environment(plan);
  if (variables.IMAGEGATE_REGISTRY_USERNAME !== PREDEFINED.CI_REGISTRY_USER) problems.push('registry username');
  if (variables.IMAGEGATE_REGISTRY_PASSWORD !== PREDEFINED.CI_REGISTRY_PASSWORD) problems.push('registry password');
  const undefinedNames = undefinedVariables(plan, []);
  if (undefinedNames.length > 0) problems.push(`undefined: ${undefinedNames.join()}`);

  const [download, planArgv, ...rest] = argvs(plan, variables);
  if (rest.length > 0 || !download || !planArgv) return { problems: [...problems, 'script: trivy, then imagegate'] };
  const command = imagegate(planArgv);
  if (command.name !== 'rescan-plan') return { problems: [...problems, `plan job runs ${command.name}`] };
  const args = command.args;
  const image = expand(plan.image?.name ?? '', variables);
  if (args.gitlabImage !== image) problems.push(`--gitlab-image ${args.gitlabImage}, job image ${image}`);
  if (plan.image?.entrypoint?.join() !== '') problems.push('the image entrypoint is not reset');

  const cacheDir = download[download.indexOf('--cache-dir') + 1];
  // The job's registry credentials are removed first: Trivy would hand them to the DB registry.
  const credentialFree = 'env -u TRIVY_USERNAME -u TRIVY_PASSWORD -u TRIVY_REGISTRY_TOKEN';
  if (download.slice(0, 9).join(' ') !== `${credentialFree} trivy image` || !download.includes('--download-db-only')) {
    problems.push(`the DB download keeps the job's registry credentials: ${download.join(' ')}`);
  }
  if (!download.includes('--download-db-only') || cacheDir !== args.trivyCacheDir) {
    problems.push(`the DB is not refreshed where the plan reads it: ${download.join(' ')}`);
  }
  const dbCache = caches(plan).find((entry) => entry.key === TRIVY_DB_CACHE_KEY);
  if (!dbCache?.paths.some((dir) => `${inProject(args.trivyCacheDir ?? '')}/`.startsWith(dir))) {
    problems.push('the Trivy DB cache does not hold --trivy-cache-dir');
  }
  const ledgerCache = caches(plan).find((entry) => entry.key === LEDGER_CACHE_KEY);
  if (JSON.stringify(ledgerCache?.paths) !== JSON.stringify([args.ledger])) problems.push('ledger cache path');
  if (ledgerCache?.policy !== 'pull') problems.push('the plan job pushes the ledger cache');
  const kept = plan.artifacts?.paths ?? [];
  for (const dir of [`${args.outDir}/`, `${path.posix.dirname(args.ledger ?? '')}/`]) {
    if (!kept.includes(dir)) problems.push(`artifacts lack ${dir}`);
  }

  if (!(trigger.needs ?? []).includes(planJob)) problems.push('the trigger job does not need the plan job');
  const include = trigger.trigger?.include ?? [];
  if (
    JSON.stringify(include) !== JSON.stringify([{ artifact: `${args.outDir}/gitlab-child-pipeline.yml`, job: planJob }])
  ) {
    problems.push(`trigger include ${JSON.stringify(include)}`);
  }
  if (trigger.trigger?.strategy !== 'depend') problems.push('the trigger does not wait for the child pipeline');
  const triggerVariables = environment(trigger);
  if (triggerVariables.PARENT_PIPELINE_ID !== PREDEFINED.CI_PIPELINE_ID) problems.push('PARENT_PIPELINE_ID');
  const forwarded = Object.fromEntries(
    Object.keys(trigger.variables ?? {}).map((name) => [name, triggerVariables[name]!]),
  );
  if (!dbCache) return { problems };
  return { problems, parent: { planJob, plan: args, image, triggerVariables: forwarded, dbCache } };
}

/** The child pipeline `imagegate rescan plan` writes in the plan job named `parent.planJob`, for `plan`. */
export function childFor(parent: Parent, plan: RescanPlan): Pipeline {
  // The options plan-command derives from its own arguments and CI_JOB_NAME (paths relative to the project dir).
  const text = gitlabChildPipeline(plan, {
    planPath: path.posix.join(parent.plan.outDir, 'plan.json'),
    planJob: parent.planJob,
    image: parent.plan.gitlabImage ?? '',
    ...(parent.plan.policy !== undefined ? { policy: parent.plan.policy } : {}),
    ...(parent.plan.ledger !== undefined ? { ledger: parent.plan.ledger } : {}),
    ...(parent.plan.trivyCacheDir !== undefined ? { trivyCacheDir: inProject(parent.plan.trivyCacheDir) } : {}),
  });
  return parseYaml(text) as Pipeline;
}

/**
 * The child pipeline: shard jobs (`parallel:matrix` over SHARD, ≤ 200 each, every shard once) that fetch plan.json
 * from the parent's plan job and run `rescan run` against it; then a merge job, whatever the shards did, that reads
 * every shard's results and writes the next ledger to the cache key and path the plan job reads.
 */
export function childProblems(child: Pipeline, parent: Parent, plan: RescanPlan): string[] {
  const problems: string[] = [];
  const jobs = jobsOf(child);
  const stages = (child.stages as string[] | undefined) ?? ['test'];
  const childVariables = { ...(child.variables as Record<string, string>), ...parent.triggerVariables };
  const planJson = path.posix.join(parent.plan.outDir, 'plan.json');
  const fromPlanJob = JSON.stringify({ pipeline: '$PARENT_PIPELINE_ID', job: parent.planJob });
  for (const [name, job] of Object.entries(jobs)) {
    if (!stages.includes(job.stage ?? 'test')) problems.push(`${name}: stage ${job.stage} is not in stages`);
    if (job.image?.name !== parent.image || job.image.entrypoint?.join() !== '') problems.push(`${name}: image`);
  }
  const shardJobs = Object.entries(jobs).filter(([, job]) => job.parallel);
  const shards = shardJobs.flatMap(([name, job]) => {
    const values = job.parallel?.matrix.flatMap((entry) => entry.SHARD ?? []) ?? [];
    if (values.length > GITLAB_PARALLEL_MAX) problems.push(`${name}: ${values.length} parallel jobs`);
    if (!(job.needs ?? []).some((need) => JSON.stringify(need) === fromPlanJob)) problems.push(`${name}: no plan.json`);
    if (job.artifacts?.when !== 'always') problems.push(`${name}: a failed shard loses its results`);
    return values.map((shard) => ({ name, job, shard }));
  });
  const expected =
    plan.scans.length === 0 ? [] : Array.from({ length: plan.shards }, (_, i) => `${i + 1}/${plan.shards}`);
  if (JSON.stringify(shards.map(({ shard }) => shard)) !== JSON.stringify(expected)) problems.push('shards');

  const outDirs: string[] = [];
  for (const { name, job, shard } of shards) {
    const missing = undefinedVariables(job, [...Object.keys(childVariables), 'SHARD']);
    if (missing.length > 0) problems.push(`${name}: undefined ${missing.join()}`);
    const variables = environment(job, { ...childVariables, SHARD: shard });
    for (const argv of argvs(job, variables)) {
      const command = imagegate(argv);
      if (command.name !== 'rescan-run') {
        problems.push(`${name}: runs ${command.name}`);
        continue;
      }
      const { args } = command;
      if (args.plan !== planJson) problems.push(`${name}: --plan ${args.plan}`);
      if (`${args.shard?.index}/${args.shard?.count}` !== shard) problems.push(`${name}: --shard for ${shard}`);
      if (args.ledger !== parent.plan.ledger) problems.push(`${name}: --ledger ${args.ledger}`);
      if (args.policy !== parent.plan.policy) problems.push(`${name}: --policy ${args.policy}`);
      if (args.trivyCacheDir !== inProject(parent.plan.trivyCacheDir ?? '')) {
        problems.push(`${name}: --trivy-cache-dir ${args.trivyCacheDir}: not the DB the plan compared`);
      }
      const dbCache = caches(job).find((entry) => entry.key === parent.dbCache.key);
      if (JSON.stringify(dbCache?.paths) !== JSON.stringify(parent.dbCache.paths)) problems.push(`${name}: DB cache`);
      if (!(job.artifacts?.paths ?? []).some((dir) => `${args.outDir}/`.startsWith(dir))) {
        problems.push(`${name}: ${args.outDir} is not kept`);
      }
      outDirs.push(args.outDir);
    }
  }
  if (new Set(outDirs).size !== outDirs.length) problems.push('shards share an out dir');

  const merges = Object.entries(jobs).filter(([, job]) =>
    (job.script ?? []).some((line) => line.includes('rescan merge')),
  );
  if (plan.scans.length === 0) {
    if (Object.keys(jobs).length !== 1 || !Object.values(jobs)[0]?.script?.length) problems.push('an empty plan');
    return problems;
  }
  const [mergeEntry] = merges;
  if (merges.length !== 1 || !mergeEntry) return [...problems, 'no merge job'];
  const [mergeName, merge] = mergeEntry;
  if (stages.indexOf(merge.stage ?? '') <= Math.max(...shardJobs.map(([, job]) => stages.indexOf(job.stage ?? '')))) {
    problems.push('merge does not come after the shards');
  }
  if (merge.when !== 'always') problems.push('merge is skipped when a shard fails');
  for (const [name] of shardJobs) {
    if (
      !(merge.needs ?? []).some((need) => typeof need === 'object' && need.job === name && need.artifacts !== false)
    ) {
      problems.push(`${mergeName} does not fetch ${name}'s results`);
    }
  }
  const [argv, ...more] = argvs(merge, environment(merge, childVariables));
  const command = argv ? imagegate(argv) : undefined;
  if (more.length > 0 || command?.name !== 'rescan-merge') return [...problems, `${mergeName}: script`];
  const { args } = command;
  if (args.ledger !== parent.plan.ledger || args.out !== parent.plan.ledger) problems.push('merge: ledger in and out');
  if (args.plan !== planJson) problems.push(`merge: --plan ${args.plan}`);
  for (const dir of outDirs) {
    if (!args.results.some((results) => dir === results || dir.startsWith(`${results}/`)))
      problems.push(`merge misses ${dir}`);
  }
  const cache = caches(merge).find((entry) => entry.key === LEDGER_CACHE_KEY);
  if (JSON.stringify(cache?.paths) !== JSON.stringify([parent.plan.ledger])) problems.push('merge: ledger cache path');
  if (!cache?.policy?.includes('push') || cache.when !== 'always') problems.push('merge: the ledger is not saved');
  return problems;
}

export function samplePlan(scans: number, shards?: number): RescanPlan {
  const images: TagDigest[] = Array.from({ length: scans }, (_, index) => ({
    repository: `acme/svc-${index % 3}`,
    tag: `1.${index}.0`,
    digest: `sha256:${index.toString(16).padStart(64, '0')}`,
  }));
  return buildPlan({
    registry: PREDEFINED.CI_REGISTRY!,
    repositories: ['acme/svc-0', 'acme/svc-1', 'acme/svc-2'],
    images,
    ...(shards !== undefined ? { shards } : {}),
    now: new Date('2026-11-27T02:00:00Z'),
  });
}

export function parentOf(pipeline: Pipeline): Parent {
  const { problems, parent } = parentProblems(pipeline);
  expect(problems).toEqual([]);
  return parent as Parent;
}

/**
 * The shard jobs read the images from the registry: in GitLab's own registry with the job token, so each child job
 * needs IMAGEGATE_REGISTRY_USERNAME/PASSWORD mapped from its own CI_REGISTRY_USER/CI_REGISTRY_PASSWORD (a parent's
 * job token cannot be handed down: it expires with its job). Project CI/CD variables of those names still win.
 */
export function credentialProblems(child: Pipeline): string[] {
  const variables = (child.variables ?? {}) as Record<string, string>;
  return Object.entries(jobsOf(child))
    .filter(([, job]) => job.parallel)
    .flatMap(([name, job]) => {
      const all = { ...variables, ...job.variables };
      return all.IMAGEGATE_REGISTRY_USERNAME === '$CI_REGISTRY_USER' &&
        all.IMAGEGATE_REGISTRY_PASSWORD === '$CI_REGISTRY_PASSWORD'
        ? []
        : [`${name}: no registry credentials from the job token`];
    });
}
