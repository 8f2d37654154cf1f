import path from 'node:path';
import type { RescanMergeArgs } from './rescan-args.js';
import { workspaceRelative } from '../pipeline/pipeline.js';
import { ExitCode } from '../util/errors.js';
import type { RescanContext } from './context.js';
import { readLedger, writeLedger } from './ledger.js';
import { checkSamePlan, mergeResults, type LoadedResult, type MergeOutcome } from './merge.js';
import { mergeSarif, SARIF_STORE_DIR, type MergeSarifReport } from './merge-sarif.js';
import { readPlan } from './plan-read.js';
import { findShardResults, readShardResult, SHARD_RESULT_FILE } from './shard-result.js';
import type { RescanPlan } from './types.js';

/**
 * `imagegate rescan merge`: every rescan-result.json under the --results dirs folded into the ledger, which is
 * written (atomically; --out may be --ledger) whatever went wrong in the shards, so what did get scanned is not
 * scanned again. Exit 0 when everything planned was folded, 3 when a scan failed or a shard is missing or stopped
 * midway (the ledger is written first either way).
 */
export async function runRescanMerge(args: RescanMergeArgs, context: RescanContext): Promise<ExitCode> {
  const display = (file: string) => workspaceRelative(context.cwd, file);
  const ledgerFile = path.resolve(context.cwd, args.ledger);
  const outFile = path.resolve(context.cwd, args.out);
  const previous = await readLedger(ledgerFile);
  let plan: RescanPlan | undefined;
  if (args.plan !== undefined) plan = await readPlan(path.resolve(context.cwd, args.plan));

  const files = await findShardResults(args.results.map((dir) => path.resolve(context.cwd, dir)));
  const results: LoadedResult[] = [];
  for (const file of files) {
    results.push({ file: display(file), result: await readShardResult(file), dir: path.dirname(file) });
  }
  checkSamePlan(results, plan && args.plan !== undefined ? { file: args.plan, createdAt: plan.createdAt } : undefined);

  const outcome = mergeResults(previous, results, plan, new Date());
  await writeLedger(outFile, outcome.ledger, context.redactor);
  let sarif: MergeSarifReport | undefined;
  if (args.sarifDir !== undefined || args.sarifStore !== undefined) {
    sarif = await mergeSarif({
      store: path.resolve(context.cwd, args.sarifStore ?? path.join(path.dirname(outFile), SARIF_STORE_DIR)),
      ...(args.sarifDir !== undefined ? { sarifDir: path.resolve(context.cwd, args.sarifDir) } : {}),
      outcome,
      ...(plan ? { plan } : {}),
      logger: context.logger,
      ...(context.redactor ? { redactor: context.redactor } : {}),
    });
  }

  const nothingFound = results.length === 0 && (plan === undefined || plan.scans.length > 0);
  if (nothingFound) {
    context.logger.warning(`no ${SHARD_RESULT_FILE} under ${args.results.join(', ')}`);
  }
  context.stdout(mergeReport(outcome, { out: display(outFile), results: results.length, plan }));
  if (sarif) context.stdout(sarifReport(sarif, display));
  const complete =
    !nothingFound &&
    outcome.failed.length === 0 &&
    outcome.incomplete.length === 0 &&
    outcome.missingShards.length === 0;
  return complete ? ExitCode.Pass : ExitCode.Tool;
}

function mergeReport(
  outcome: MergeOutcome,
  context: { out: string; results: number; plan: RescanPlan | undefined },
): string {
  const entries = Object.keys(outcome.ledger.entries).length;
  const lines = [
    `rescan merge: ${outcome.folded.length} scans from ${context.results} shard results folded into ` +
      `${context.out} (${entries} entries)`,
  ];
  if (outcome.failed.length > 0) {
    lines.push(`failed scans (${outcome.failed.length}; their entries are kept as they were, to be planned again):`);
    for (const { file, scan } of outcome.failed) {
      lines.push(`  ${scan.reference}: ${(scan.error ?? '').split('\n')[0]} (${file})`);
    }
  }
  if (outcome.incomplete.length > 0) {
    lines.push(`shards that stopped midway (${outcome.incomplete.length}):`);
    for (const { file, shard, done, planned } of outcome.incomplete) {
      lines.push(`  ${shard}: ${done} of ${planned} scans have an outcome (${file})`);
    }
  }
  if (outcome.missingShards.length > 0) {
    lines.push(`shards that never reported (${outcome.missingShards.length}):`);
    for (const { shard, scans } of outcome.missingShards) {
      lines.push(`  ${shard}: ${scans.length} scans, e.g. ${scans[0]?.reference ?? ''}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function sarifReport(report: MergeSarifReport, display: (file: string) => string): string {
  const lines = [
    `SARIF store: ${report.stored.length} stored, ${report.pruned.length} pruned; ` +
      `${report.files.length} repository files written`,
  ];
  for (const { repository, file, digests, resultsDropped } of report.files) {
    const cut = resultsDropped > 0 ? `, ${resultsDropped} least severe results left out (GitHub's limits)` : '';
    lines.push(`  ${repository}: ${display(file)} (${digests} digests${cut})`);
  }
  if (report.missing.length > 0) {
    lines.push(`digests without a stored SARIF (${report.missing.length}; not in their repository's file):`);
    for (const { repository, digest } of report.missing) lines.push(`  ${repository} ${digest}`);
  }
  return `${lines.join('\n')}\n`;
}
