import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { cliOptionName } from '../cli/cli-args.js';
import type { RescanRunArgs } from './rescan-args.js';
import type { RawRunOptions } from '../config/resolve.js';
import { resolveRunConfig } from '../config/resolve.js';
import { WorkspacePaths } from '../util/workspace-paths.js';
import type { RunConfig } from '../config/run-config.js';
import { workspaceRelative } from '../pipeline/pipeline.js';
import { loadPolicy } from '../policy/load.js';
import { ExitCode } from '../util/errors.js';
import type { RescanContext } from './context.js';
import { writeFileAtomic } from './json-input.js';
import { readLedger } from './ledger.js';
import { readPlan, shardScans } from './plan-read.js';
import { resolveReferenceScan } from './reference-scan.js';
import { RUN_SUMMARY_FILE, runSummaryMarkdown, runSummaryText, type SummaryInput } from './run-summary.js';
import { scanPlanned, type ScanOutcome, type ScanSetup } from './scan-image.js';
import { SHARD_RESULT_FILE, writeShardResult } from './shard-result.js';
import {
  RESCAN_SCHEMA_VERSION,
  type PlannedScan,
  type RescanLedger,
  type RescanPlan,
  type ShardResult,
} from './types.js';
import { redactorFor } from '../util/redact.js';
import { useOfflineBundle, type BundledTrivy } from '../offline/use-bundle.js';

/**
 * `imagegate rescan run`: the scans of one shard of a plan (or one reference), one after the other, each straight
 * from the registry. rescan-result.json and summary.md are rewritten after every scan, so a job that dies midway
 * keeps what it finished and the merge can tell it stopped. Exit: 3 when any scan failed (after the others ran);
 * otherwise per --fail-on: new → 1 when a finding new since the ledger fails the gate, any → 1 when an image fails
 * the gate, never → 0.
 */
export async function runRescanRun(args: RescanRunArgs, context: RescanContext): Promise<ExitCode> {
  const { logger } = context;
  const now = () => new Date();
  const startedAt = now().toISOString();
  const base = baseRunConfig(args, context);
  // A broken policy would fail every scan the same way: say so once, before any registry is asked.
  if (base.policyFile)
    await loadPolicy(base.policyFile, {
      displayPath: (file) => workspaceRelative(context.cwd, file),
      paths: WorkspacePaths.within(base.allowedRoots ?? [base.workspace]),
    });
  const ledgerFile = args.ledger !== undefined ? path.resolve(context.cwd, args.ledger) : undefined;
  const ledger = ledgerFile ? await readLedger(ledgerFile) : undefined;
  const plan = args.plan !== undefined ? await readPlan(path.resolve(context.cwd, args.plan)) : undefined;
  // An offline bundle is checked and copied once for the shard, after the cheap local inputs and before any
  // registry is asked, not once per image; every scan runs Trivy, its DB and the feeds from that private copy,
  // removed however the shard ends.
  const trivyBundle = base.offlineBundle
    ? await useOfflineBundle(
        base.offlineBundle,
        (base.scan.kind === 'trivy' ? base.scan.cacheDir : undefined) ?? context.scan.defaultCacheDir,
        logger,
      )
    : undefined;
  try {
    return await runShard({ args, context, base, ledger, plan, startedAt, now, trivyBundle });
  } finally {
    await trivyBundle?.cleanup();
  }
}

interface ShardInput {
  args: RescanRunArgs;
  context: RescanContext;
  base: RunConfig;
  ledger: RescanLedger | undefined;
  plan: RescanPlan | undefined;
  startedAt: string;
  now: () => Date;
  trivyBundle: BundledTrivy | undefined;
}

async function runShard(input: ShardInput): Promise<ExitCode> {
  const { args, context, base, ledger, plan, startedAt, now, trivyBundle } = input;
  const { logger } = context;
  const redactor = context.redactor ?? redactorFor(context.env);
  const outDir = path.resolve(context.cwd, args.outDir);

  let scans: PlannedScan[];
  let planCreatedAt: string;
  let shardLabel: string;
  if (plan !== undefined) {
    const shard = args.shard ?? { index: 1, count: 1 };
    scans = shardScans(plan, shard, args.plan ?? '');
    planCreatedAt = plan.createdAt;
    shardLabel = `${shard.index}/${shard.count}`;
  } else {
    scans = [await resolveReferenceScan(args.reference ?? '', base, logger)];
    // A run of one reference is a plan of its own: merged alone, or refused beside shards of a real plan.
    planCreatedAt = startedAt;
    shardLabel = '1/1';
  }

  await mkdir(outDir, { recursive: true });
  const shard: ShardResult = {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    planCreatedAt,
    shard: shardLabel,
    startedAt,
    scans: [],
    planned: scans.length,
  };
  const summaryInput: SummaryInput = {
    shard,
    outcomes: [],
    single: args.plan === undefined,
    ...(args.ledger !== undefined ? { ledgerFile: args.ledger } : {}),
  };
  const outcomes = summaryInput.outcomes as ScanOutcome[];
  const save = async () => {
    await writeShardResult(outDir, shard, redactor);
    await writeFileAtomic(
      path.join(outDir, RUN_SUMMARY_FILE),
      runSummaryMarkdown(summaryInput),
      'the summary',
      redactor,
    );
  };
  await save();

  const setup: ScanSetup = {
    base,
    outDir,
    trivyCacheDir:
      trivyBundle?.cacheDir ??
      (base.scan.kind === 'trivy' && base.scan.cacheDir ? base.scan.cacheDir : context.scan.defaultCacheDir),
    ledger: ledger ?? { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: startedAt, entries: {} },
    pipeline: { logger, redactor, scan: context.scan, now, ...(trivyBundle ? { trivyBundle } : {}) },
  };
  for (const [index, scan] of scans.entries()) {
    logger.info(`[${index + 1}/${scans.length}] ${scan.reference}`);
    await trivyBundle?.touch();
    const outcome = await scanPlanned(scan, setup);
    outcomes.push(outcome);
    shard.scans.push(outcome.result);
    if (index === scans.length - 1) shard.finishedAt = now().toISOString();
    await save();
  }
  if (scans.length === 0) {
    shard.finishedAt = now().toISOString();
    await save();
  }

  context.stdout(
    runSummaryText(summaryInput, {
      result: workspaceRelative(context.cwd, path.join(outDir, SHARD_RESULT_FILE)),
      summary: workspaceRelative(context.cwd, path.join(outDir, RUN_SUMMARY_FILE)),
    }),
  );
  return exitCode(outcomes, args.failOn);
}

function exitCode(outcomes: readonly ScanOutcome[], failOn: RescanRunArgs['failOn']): ExitCode {
  if (outcomes.some((outcome) => outcome.result.status === 'failed')) return ExitCode.Tool;
  if (failOn === 'new' && outcomes.some((outcome) => outcome.freshFailing > 0)) return ExitCode.GateFailed;
  if (failOn === 'any' && outcomes.some((outcome) => outcome.result.verdict === 'fail')) return ExitCode.GateFailed;
  return ExitCode.Pass;
}

/**
 * The options every scan shares, checked once the way `check` checks them (scanners, Trivy version and timeout,
 * policy file, insecure registries). The image is set per scan; the placeholder only lets the shared resolver run.
 */
function baseRunConfig(args: RescanRunArgs, context: RescanContext): RunConfig {
  const raw: RawRunOptions = {
    image: args.reference ?? 'rescan.invalid/placeholder:latest',
    outDir: args.outDir,
    buildArgs: [],
    skipCompose: true,
    insecureRegistries: args.insecureRegistries,
    ...(args.policy !== undefined ? { policy: args.policy } : {}),
    ...(args.platform !== undefined ? { platform: args.platform } : {}),
    ...(args.scanners !== undefined ? { scanners: args.scanners } : {}),
    ...(args.trivyVersion !== undefined ? { trivyVersion: args.trivyVersion } : {}),
    ...(args.trivyTimeout !== undefined ? { trivyTimeout: args.trivyTimeout } : {}),
    ...(args.trivyCacheDir !== undefined ? { trivyCacheDir: args.trivyCacheDir } : {}),
    ...(args.trivyDbRepositories ? { trivyDbRepositories: args.trivyDbRepositories } : {}),
    ...(args.trivyJavaDbRepositories ? { trivyJavaDbRepositories: args.trivyJavaDbRepositories } : {}),
    ...(args.trivySha256 !== undefined ? { trivySha256: args.trivySha256 } : {}),
    ...(args.trivyTrustOnFirstUse ? { trivyTrustOnFirstUse: true } : {}),
    ...(args.offline ? { offline: true } : {}),
    ...(args.offlineBundle !== undefined ? { offlineBundle: args.offlineBundle } : {}),
  };
  return resolveRunConfig(raw, {
    cwd: context.cwd,
    environment: context.env,
    optionName: (option) => (option === 'image' ? '--reference' : cliOptionName(option)),
  });
}
