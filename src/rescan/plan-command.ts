import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RescanPlanArgs } from './rescan-args.js';
import { RegistryClient } from '../image/source/registry/registry-client.js';
import { parseInsecureRegistry } from '../image/source/registry/registry-endpoint.js';
import { DOCKER_HUB, normalizeRegistry } from '../model/image-reference.js';
import { loadPolicy } from '../policy/load.js';
import type { RescanRules } from '../policy/types.js';
import { readTrivyDbState } from '../scan/runner/trivy-db.js';
import { ConfigurationError, ExitCode } from '../util/errors.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import type { RescanContext } from './context.js';
import { githubMatrix } from './github-matrix.js';
import { DEFAULT_GITLAB_IMAGE, DEFAULT_PLAN_JOB, gitlabChildPipeline } from './gitlab-child-pipeline.js';
import { takeInventory } from './inventory.js';
import { writeJsonAtomic } from './json-input.js';
import { readLedger } from './ledger.js';
import { activeShards, buildPlan } from './plan.js';
import { planSummary } from './plan-summary.js';
import { parseTagRules } from '../policy/tag-rules.js';
import type { RescanLedger, RescanPlan } from './types.js';

/** GitHub limits one job's outputs to 1 MB; workflows pass the matrix from the plan job to the scan jobs that way. */
const GITHUB_OUTPUT_MAX_BYTES = 1024 * 1024;

/**
 * Without --concurrency, the plan's requests in flight start at the client's 8 and grow up to this while the registry
 * answers without 429/503 (halving when it does). A plan is a HEAD per tag: over a network, requests in flight are
 * what hides the round trips. --concurrency N fixes the limit at N.
 */
const ADAPTIVE_CONCURRENCY_CEILING = 32;

/**
 * `imagegate rescan plan`: lists what the registry holds (repositories, tags by the rules, digests by HEAD), drops
 * what the ledger saw with the current Trivy DB, and writes plan.json, github-matrix.json,
 * gitlab-child-pipeline.yml and plan-summary.md. Stdout is one line for workflows: `toScan=<n> shards=<n>`.
 */
export async function runRescanPlan(args: RescanPlanArgs, context: RescanContext): Promise<ExitCode> {
  const { logger } = context;
  const registry = parseRegistry(args.registry);
  const insecure = [
    ...args.insecureRegistries.map((entry) => parseInsecureRegistry(entry, '--insecure-registry')),
    ...(registry.insecure ? [registry.host] : []),
  ];
  const section =
    args.policy !== undefined ? await policyRescan(path.resolve(context.cwd, args.policy), context) : undefined;
  const tagTexts = args.tagRules.length > 0 ? args.tagRules : (section?.tags ?? []);
  const rules = parseTagRules(tagTexts, args.tagRules.length > 0 ? '--tags' : 'rescan.tags');
  const named = args.repositories.length > 0 ? args.repositories : section?.repositories;
  const repositories = named?.map((name) => repositoryPath(name, registry.host));
  const trivyDbUpdatedAt = await currentTrivyDb(args, context);
  const ledger: RescanLedger | undefined =
    args.ledger !== undefined ? await readLedger(path.resolve(context.cwd, args.ledger)) : undefined;

  const client = await RegistryClient.open(registry.host, {
    logger,
    environment: context.env,
    insecureRegistries: insecure,
    ...(args.concurrency !== undefined
      ? { concurrency: args.concurrency }
      : { concurrencyCeiling: ADAPTIVE_CONCURRENCY_CEILING }),
  });
  let inventory;
  try {
    inventory = await takeInventory({
      client,
      ...(repositories ? { repositories } : {}),
      rules,
      logger,
    });
  } finally {
    client.close();
  }
  const plan = buildPlan({
    registry: client.registry,
    repositories: inventory.repositories,
    images: inventory.images,
    ...(ledger ? { ledger } : {}),
    ...(trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt } : {}),
    ...(args.shards !== undefined ? { shards: args.shards } : {}),
    now: new Date(),
  });
  const matrix = githubMatrix(plan);
  const outDir = path.resolve(context.cwd, args.outDir);
  const childPipeline = gitlabChildPipeline(plan, {
    planPath: projectPath(context.cwd, path.join(outDir, 'plan.json')),
    planJob: context.env.CI_JOB_NAME?.trim() || DEFAULT_PLAN_JOB,
    image: args.gitlabImage ?? DEFAULT_GITLAB_IMAGE,
    ...(args.policy !== undefined ? { policy: projectPath(context.cwd, path.resolve(context.cwd, args.policy)) } : {}),
    ...(args.ledger !== undefined ? { ledger: projectPath(context.cwd, path.resolve(context.cwd, args.ledger)) } : {}),
    ...inProject('trivyCacheDir', args.trivyCacheDir, context.cwd),
  });
  await mkdir(outDir, { recursive: true });
  await writeJsonAtomic(path.join(outDir, 'plan.json'), plan, 'the plan', context.redactor);
  const matrixJson = `${JSON.stringify(matrix)}\n`;
  if (Buffer.byteLength(matrixJson) > GITHUB_OUTPUT_MAX_BYTES) {
    logger.warning(
      `github-matrix.json is ${Buffer.byteLength(matrixJson)} bytes; a GitHub job output holds at most 1 MB, so a ` +
        'workflow cannot pass it on as an output: give fewer, larger shards or split the re-scan by repository',
    );
  }
  await writeFile(path.join(outDir, 'github-matrix.json'), matrixJson);
  await writeFile(path.join(outDir, 'gitlab-child-pipeline.yml'), childPipeline);
  await writeFile(path.join(outDir, 'plan-summary.md'), planSummary(plan, inventory.warnings));
  logPlan(plan, context);
  context.stdout(`toScan=${plan.counts.toScan} shards=${activeShards(plan)}\n`);
  return ExitCode.Pass;
}

function logPlan(plan: RescanPlan, { logger }: RescanContext): void {
  const { counts } = plan;
  logger.info(
    `rescan plan: ${counts.repositories} repositories, ${counts.tags} selected tags, ${counts.digests} distinct ` +
      `digests: ${counts.toScan} to scan in ${activeShards(plan)} shard(s), ${counts.skipped} unchanged`,
  );
  if (plan.trivyDbUpdatedAt === undefined && counts.skipped > 0) {
    logger.info(
      `rescan plan: the current Trivy DB is unknown, so digests the ledger scanned less than 24 h ago were skipped ` +
        '(give --trivy-db-updated-at or --trivy-cache-dir to compare DB versions instead)',
    );
  }
  for (const skipped of plan.skipped) {
    logger.debug(`skipped ${plan.registry}/${skipped.repository}@${skipped.digest}: ${skipped.detail ?? ''}`);
  }
}

/** `https://host[:port]`, `http://host[:port]` (plain HTTP) or `host[:port]`; nothing after the host. */
function parseRegistry(text: string): { host: string; insecure: boolean } {
  const match = /^(?:(https?):\/\/)?([^/\s]+)\/?$/i.exec(text.trim());
  if (!match?.[2]) {
    throw new ConfigurationError(
      `--registry '${text}': expected a registry such as https://registry.example.com, ghcr.io or 127.0.0.1:5000 ` +
        '(no path: name repositories with --repository)',
    );
  }
  return { host: normalizeRegistry(match[2]), insecure: match[1]?.toLowerCase() === 'http' };
}

/** Docker Hub's official images live under `library/`, as `docker pull alpine` assumes. */
function repositoryPath(name: string, registry: string): string {
  const trimmed = name.trim().replace(/^\/+|\/+$/g, '');
  if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/.test(trimmed)) {
    throw new ConfigurationError(
      `repository '${name}': expected a repository path such as team/api (lowercase letters, digits, . _ - and /)`,
    );
  }
  return registry === DOCKER_HUB && !trimmed.includes('/') ? `library/${trimmed}` : trimmed;
}

/** The policy named by --policy is the caller's; what it `extends` stays beside it or in the working directory. */
async function policyRescan(file: string, context: RescanContext): Promise<RescanRules | undefined> {
  return (await loadPolicy(file, { paths: WorkspacePaths.within([context.cwd, path.dirname(file)]) })).rescan;
}

/** `--trivy-db-updated-at`, else `UpdatedAt` of the DB in the Trivy cache dir; undefined when neither says. */
async function currentTrivyDb(args: RescanPlanArgs, context: RescanContext): Promise<string | undefined> {
  if (args.trivyDbUpdatedAt !== undefined) {
    const time = Date.parse(args.trivyDbUpdatedAt);
    if (Number.isNaN(time)) {
      throw new ConfigurationError(
        `--trivy-db-updated-at '${args.trivyDbUpdatedAt}': expected an ISO 8601 time such as 2026-11-26T00:51:12Z ` +
          "(the UpdatedAt of Trivy's db/metadata.json)",
      );
    }
    return new Date(time).toISOString();
  }
  const cacheDir =
    args.trivyCacheDir !== undefined ? path.resolve(context.cwd, args.trivyCacheDir) : context.scan.defaultCacheDir;
  const state = await readTrivyDbState(cacheDir, 'db');
  const updatedAt = state.metadata?.updatedAt?.toISOString();
  context.logger.debug(
    updatedAt
      ? `current Trivy DB: UpdatedAt ${updatedAt} (${path.join(cacheDir, 'db', 'metadata.json')})`
      : `current Trivy DB: unknown (no readable ${path.join(cacheDir, 'db', 'metadata.json')})`,
  );
  return updatedAt;
}

/** `{[key]: path}` when `file` lies inside the project dir (only such a path can come from a GitLab cache). */
function inProject<K extends string>(key: K, file: string | undefined, cwd: string): Partial<Record<K, string>> {
  if (file === undefined) return {};
  const shown = projectPath(cwd, path.resolve(cwd, file));
  return path.isAbsolute(shown) ? {} : ({ [key]: shown } as Partial<Record<K, string>>);
}

/** A path as CI jobs of the same project name it: relative to the project dir, with forward slashes. */
function projectPath(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  const shown = relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? absolute : relative;
  return shown.split(path.sep).join('/');
}
