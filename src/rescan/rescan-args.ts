import { ConfigurationError } from '../util/errors.js';
import { strictParse } from '../config/strict-parse.js';

/**
 * `imagegate rescan plan|run|merge`: the command line of scheduled re-scans, parsed into typed options. Values stay
 * as given where their meaning belongs to the rescan code (tag rules, durations); what is plain syntax (a shard
 * `K/N`, a count) is checked here so every message names the flag.
 */

export interface RescanPlanArgs {
  registry: string;
  repositories: string[];
  /** Tag rules as given: `semver:<range>`, `latest:<N>[/major|/minor]`, `regex:<re>` or an exact tag. */
  tagRules: string[];
  ledger?: string;
  shards?: number;
  outDir: string;
  policy?: string;
  insecureRegistries: string[];
  concurrency?: number;
  /** `UpdatedAt` of the Trivy DB the ledger is compared against, when given explicitly. */
  trivyDbUpdatedAt?: string;
  /** Where to read the current Trivy DB's metadata from (default: the scan stage's cache dir). */
  trivyCacheDir?: string;
  /** Job image for the generated GitLab child pipeline. */
  gitlabImage?: string;
  verbose: boolean;
}

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface RescanRunArgs {
  plan?: string;
  shard?: Shard;
  /** Instead of a plan: scan this one (digest-pinned) reference. */
  reference?: string;
  policy?: string;
  outDir: string;
  ledger?: string;
  /** new (default): exit 1 when a gate-failing finding is new since the ledger; any; never. */
  failOn: 'new' | 'any' | 'never';
  insecureRegistries: string[];
  platform?: string;
  scanners?: string;
  trivyVersion?: string;
  trivyTimeout?: string;
  trivyCacheDir?: string;
  trivyDbRepositories?: string[];
  trivyJavaDbRepositories?: string[];
  trivySha256?: string;
  trivyTrustOnFirstUse?: boolean;
  /** `--offline` (issue 18 item 3): no network for Trivy, its DB, the feeds or the installers. */
  offline?: boolean;
  /** `--offline-bundle DIR`: what `imagegate offline bundle` wrote, verified once for the whole shard; implies offline. */
  offlineBundle?: string;
  verbose: boolean;
}

export interface RescanMergeArgs {
  /** The previous ledger; absent file = an empty ledger. */
  ledger: string;
  results: string[];
  out: string;
  /** The plan the shards ran, to tell shards that never reported. */
  plan?: string;
  /** Where to write one SARIF file per repository (from the SARIF store), for code scanning. */
  sarifDir?: string;
  /** The latest SARIF of each digest, kept next to the ledger (default: `<dir of --out>/sarif-store`). */
  sarifStore?: string;
  verbose: boolean;
}

export type RescanCommand =
  | { name: 'rescan-plan'; args: RescanPlanArgs }
  | { name: 'rescan-run'; args: RescanRunArgs }
  | { name: 'rescan-merge'; args: RescanMergeArgs }
  | { name: 'help'; topic: 'rescan' };

export const RESCAN_HELP = `Usage:
  imagegate rescan plan --registry URL [--repository NAME]... [--tags RULE]... [--ledger FILE] [--shards N]
                        [--policy FILE] --out-dir DIR
  imagegate rescan run (--plan FILE --shard K/N | --reference REF) [--ledger FILE] [--policy FILE] --out-dir DIR
  imagegate rescan merge --ledger FILE --results DIR... --out FILE [--plan FILE] [--sarif-dir DIR]

Re-scans images already in a registry: plan lists what to scan (each digest once; digests the ledger has seen with
the current Trivy DB are skipped) and writes DIR/plan.json, DIR/github-matrix.json and DIR/gitlab-child-pipeline.yml;
run scans one shard of the plan straight from the registry (no Docker daemon); merge folds the shards' results into
the next ledger.

plan:
  --registry URL           the registry (https://host[:port], or host[:port])
  --repository NAME        repository to re-scan, repeatable (default: the policy's rescan.repositories, else the
                           registry's catalog where it allows listing)
  --tags RULE              which tags, repeatable (default: the policy's rescan.tags, else every tag):
                           semver:<range>   tags that are semantic versions in range (e.g. semver:>=2.0.0)
                           latest:<N>[/major|/minor]  the newest N versions (per major or minor line)
                           regex:<re>       tags matching the regular expression (anchored)
                           <tag>            that exact tag
  --ledger FILE            the ledger of earlier runs (absent file: nothing scanned yet)
  --shards N               split the scans over N jobs (default: one job per scan, at most 200)
  --policy FILE            policy with a rescan section
  --out-dir DIR            where plan.json, github-matrix.json and gitlab-child-pipeline.yml go
  --concurrency N          registry requests in flight, fixed (default: 8, growing to 32 while the
                           registry answers without 429/503, halving when it does)
  --trivy-db-updated-at T  the current Trivy DB's UpdatedAt (default: read from --trivy-cache-dir)
  --trivy-cache-dir DIR    Trivy's cache dir to read the current DB's metadata from
  --gitlab-image REF       job image of the generated GitLab child pipeline
  --insecure-registry H    reach registry H over plain http (localhost and 127.0.0.0/8 always are)

run:
  --plan FILE --shard K/N  scan the K-th of N shards of the plan (scans[i] with i mod N = K-1;
                           without --shard: the whole plan)
  --reference REF          or scan one digest-pinned reference
  --ledger FILE            report findings new since this ledger
  --fail-on WHAT           new (default): exit 1 when a failing finding is new since the ledger; any; never
  --policy FILE, --out-dir DIR, --platform P, --scanners S, --trivy-version V, --trivy-timeout D,
  --trivy-cache-dir DIR, --trivy-db-repository R, --trivy-java-db-repository R, --insecure-registry H,
  --trivy-sha256 HEX, --trivy-trust-on-first-use, --offline, --offline-bundle DIR
                           as for imagegate check (a bundle is verified and copied once for the shard)

merge:
  --ledger FILE            the previous ledger (absent file: empty)
  --results DIR            a shard's out dir (or a dir holding several), repeatable
  --out FILE               the next ledger
  --plan FILE              the plan, to report shards that never wrote a result
  --sarif-dir DIR          write DIR/<repository>.sarif: one run per category with every current digest's results
  --sarif-store DIR        the latest SARIF of each digest, to carry with the ledger
                           (default: <dir of --out>/sarif-store)

Credentials: IMAGEGATE_REGISTRY_USERNAME / IMAGEGATE_REGISTRY_PASSWORD, else Docker's config; never as flags.`;

const COMMON = {
  verbose: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseRescanArgs(args: readonly string[]): RescanCommand {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '-h' || sub === '--help') return { name: 'help', topic: 'rescan' };
  if (sub === 'plan') return parsePlan(rest);
  if (sub === 'run') return parseRun(rest);
  if (sub === 'merge') return parseMerge(rest);
  throw new ConfigurationError(`unknown rescan command '${sub}'; expected rescan plan, rescan run or rescan merge`);
}

function parsePlan(args: string[]): RescanCommand {
  const options = {
    ...COMMON,
    registry: { type: 'string' },
    repository: { type: 'string', multiple: true },
    tags: { type: 'string', multiple: true },
    ledger: { type: 'string' },
    shards: { type: 'string' },
    'out-dir': { type: 'string' },
    policy: { type: 'string' },
    'insecure-registry': { type: 'string', multiple: true },
    concurrency: { type: 'string' },
    'trivy-db-updated-at': { type: 'string' },
    'trivy-cache-dir': { type: 'string' },
    'gitlab-image': { type: 'string' },
  } as const;
  const { values, positionals } = strictParse(args, options, 'rescan plan');
  refusePositionals(positionals, 'rescan plan');
  if (values.help) return { name: 'help', topic: 'rescan' };
  const registry = required(values.registry, '--registry', 'rescan plan');
  const shards = optionalCount(values.shards, '--shards');
  const concurrency = optionalCount(values.concurrency, '--concurrency');
  return {
    name: 'rescan-plan',
    args: {
      registry,
      repositories: values.repository ?? [],
      tagRules: values.tags ?? [],
      outDir: required(values['out-dir'], '--out-dir', 'rescan plan'),
      insecureRegistries: values['insecure-registry'] ?? [],
      verbose: values.verbose ?? false,
      ...(values.ledger !== undefined ? { ledger: values.ledger } : {}),
      ...(shards !== undefined ? { shards } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      ...(values.policy !== undefined ? { policy: values.policy } : {}),
      ...(values['trivy-db-updated-at'] !== undefined ? { trivyDbUpdatedAt: values['trivy-db-updated-at'] } : {}),
      ...(values['trivy-cache-dir'] !== undefined ? { trivyCacheDir: values['trivy-cache-dir'] } : {}),
      ...(values['gitlab-image'] !== undefined ? { gitlabImage: values['gitlab-image'] } : {}),
    },
  };
}

function parseRun(args: string[]): RescanCommand {
  const options = {
    ...COMMON,
    plan: { type: 'string' },
    shard: { type: 'string' },
    reference: { type: 'string' },
    policy: { type: 'string' },
    'out-dir': { type: 'string' },
    ledger: { type: 'string' },
    'fail-on': { type: 'string' },
    'insecure-registry': { type: 'string', multiple: true },
    platform: { type: 'string' },
    scanners: { type: 'string' },
    'trivy-version': { type: 'string' },
    'trivy-timeout': { type: 'string' },
    'trivy-cache-dir': { type: 'string' },
    'trivy-db-repository': { type: 'string', multiple: true },
    'trivy-java-db-repository': { type: 'string', multiple: true },
    'trivy-sha256': { type: 'string' },
    'trivy-trust-on-first-use': { type: 'boolean' },
    offline: { type: 'boolean' },
    'offline-bundle': { type: 'string' },
  } as const;
  const { values, positionals } = strictParse(args, options, 'rescan run');
  refusePositionals(positionals, 'rescan run');
  if (values.help) return { name: 'help', topic: 'rescan' };
  if (values.reference !== undefined && (values.plan !== undefined || values.shard !== undefined)) {
    throw new ConfigurationError('rescan run takes either --plan FILE --shard K/N or --reference REF, not both');
  }
  if (values.reference === undefined && values.plan === undefined) {
    throw new ConfigurationError('rescan run needs --plan FILE (with --shard K/N) or --reference REF');
  }
  const failOn = values['fail-on'] ?? 'new';
  if (failOn !== 'new' && failOn !== 'any' && failOn !== 'never') {
    throw new ConfigurationError(`--fail-on: expected new, any or never, got '${failOn}'`);
  }
  const shard = values.plan !== undefined ? parseShard(values.shard ?? '1/1') : undefined;
  return {
    name: 'rescan-run',
    args: {
      outDir: required(values['out-dir'], '--out-dir', 'rescan run'),
      failOn,
      insecureRegistries: values['insecure-registry'] ?? [],
      verbose: values.verbose ?? false,
      ...(values.plan !== undefined ? { plan: values.plan } : {}),
      ...(shard ? { shard } : {}),
      ...(values.reference !== undefined ? { reference: values.reference } : {}),
      ...(values.policy !== undefined ? { policy: values.policy } : {}),
      ...(values.ledger !== undefined ? { ledger: values.ledger } : {}),
      ...(values.platform !== undefined ? { platform: values.platform } : {}),
      ...(values.scanners !== undefined ? { scanners: values.scanners } : {}),
      ...(values['trivy-version'] !== undefined ? { trivyVersion: values['trivy-version'] } : {}),
      ...(values['trivy-timeout'] !== undefined ? { trivyTimeout: values['trivy-timeout'] } : {}),
      ...(values['trivy-cache-dir'] !== undefined ? { trivyCacheDir: values['trivy-cache-dir'] } : {}),
      ...(values['trivy-db-repository'] ? { trivyDbRepositories: values['trivy-db-repository'] } : {}),
      ...(values['trivy-java-db-repository'] ? { trivyJavaDbRepositories: values['trivy-java-db-repository'] } : {}),
      ...(values['trivy-sha256'] !== undefined ? { trivySha256: values['trivy-sha256'] } : {}),
      ...(values['trivy-trust-on-first-use'] ? { trivyTrustOnFirstUse: true } : {}),
      ...(values.offline ? { offline: true } : {}),
      ...(values['offline-bundle'] !== undefined ? { offlineBundle: values['offline-bundle'] } : {}),
    },
  };
}

function parseMerge(args: string[]): RescanCommand {
  const options = {
    ...COMMON,
    ledger: { type: 'string' },
    results: { type: 'string', multiple: true },
    out: { type: 'string' },
    plan: { type: 'string' },
    'sarif-dir': { type: 'string' },
    'sarif-store': { type: 'string' },
  } as const;
  const { values, positionals } = strictParse(args, options, 'rescan merge');
  refusePositionals(positionals, 'rescan merge');
  if (values.help) return { name: 'help', topic: 'rescan' };
  const results = values.results ?? [];
  if (results.length === 0) throw new ConfigurationError('rescan merge needs at least one --results DIR');
  return {
    name: 'rescan-merge',
    args: {
      ledger: required(values.ledger, '--ledger', 'rescan merge'),
      results,
      out: required(values.out, '--out', 'rescan merge'),
      verbose: values.verbose ?? false,
      ...(values.plan !== undefined ? { plan: values.plan } : {}),
      ...(values['sarif-dir'] !== undefined ? { sarifDir: values['sarif-dir'] } : {}),
      ...(values['sarif-store'] !== undefined ? { sarifStore: values['sarif-store'] } : {}),
    },
  };
}

/** `K/N` with 1 ≤ K ≤ N. */
export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!match || count < 1 || index < 1 || index > count) {
    throw new ConfigurationError(`--shard: expected K/N with 1 ≤ K ≤ N (e.g. 2/8), got '${text}'`);
  }
  return { index, count };
}

function optionalCount(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value < 1) {
    throw new ConfigurationError(`${flag}: expected a whole number ≥ 1, got '${text}'`);
  }
  return value;
}

function required(value: string | undefined, flag: string, command: string): string {
  if (value === undefined || value === '') throw new ConfigurationError(`${command} needs ${flag}`);
  return value;
}

function refusePositionals(positionals: string[], command: string): void {
  if (positionals.length > 0) {
    throw new ConfigurationError(
      `${command} takes no positional arguments (got '${positionals[0]}'); see imagegate help rescan`,
    );
  }
}
