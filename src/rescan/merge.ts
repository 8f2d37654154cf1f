import { ConfigurationError } from '../util/errors.js';
import { shardScans } from './plan-read.js';
import {
  RESCAN_SCHEMA_VERSION,
  type LedgerEntry,
  type PlannedScan,
  type RescanLedger,
  type RescanPlan,
  type ShardResult,
  type ShardScanResult,
} from './types.js';

/**
 * Folding shard results into the next ledger. Scanned images replace their digest's entry; failed and missing
 * ones leave it as it was (or absent), so the next plan schedules them again. Everything that did not fold is
 * reported, never dropped quietly: failed scans, shards that stopped midway and, with the plan, shards that never
 * reported at all.
 */

export interface LoadedResult {
  /** The file as it will be named in messages. */
  file: string;
  result: ShardResult;
  /** The dir the file is in (absolute): its scans' outDirs are relative to it. */
  dir?: string;
}

export interface MergeOutcome {
  ledger: RescanLedger;
  /** Scans folded into the ledger, one per digest. */
  folded: ShardScanResult[];
  /** The result each folded scan came from, by digest. */
  sources: Map<string, LoadedResult>;
  /** Scans that failed and did not succeed in another result. */
  failed: Array<{ file: string; scan: ShardScanResult }>;
  /** Results without finishedAt, or with fewer scans than the shard planned. */
  incomplete: Array<{ file: string; shard: string; done: number; planned: number }>;
  /** With the plan: shards of which no result was found (and whose scans no other result covers). */
  missingShards: Array<{ shard: string; scans: PlannedScan[] }>;
}

/** Refuses results of different plans (or of another plan than `plan`): their scans would not fit together. */
export function checkSamePlan(results: readonly LoadedResult[], plan?: { file: string; createdAt: string }): void {
  if (plan) {
    const other = results.filter(({ result }) => result.planCreatedAt !== plan.createdAt);
    if (other.length > 0) {
      throw new ConfigurationError(
        `these results come from another plan than ${plan.file} (createdAt ${plan.createdAt}): ` +
          other.map(({ file, result }) => `${file} (plan of ${result.planCreatedAt})`).join(', ') +
          '; give the results of one plan, with that plan',
      );
    }
    return;
  }
  const byPlan = new Map<string, string[]>();
  for (const { file, result } of results) {
    byPlan.set(result.planCreatedAt, [...(byPlan.get(result.planCreatedAt) ?? []), file]);
  }
  if (byPlan.size > 1) {
    const groups = [...byPlan].map(([createdAt, files]) => `plan of ${createdAt}: ${files.join(', ')}`);
    throw new ConfigurationError(
      `the results come from ${byPlan.size} different plans (${groups.join('; ')}); merge the results of one plan at a time`,
    );
  }
}

export function mergeResults(
  previous: RescanLedger,
  results: readonly LoadedResult[],
  plan: RescanPlan | undefined,
  now: Date,
): MergeOutcome {
  // A digest may appear more than once (a shard re-run, one image planned in two shards by hand): the latest
  // successful scan wins, and a failure counts only when no result scanned that digest.
  const scanned = new Map<string, { scan: ShardScanResult; at: string; source: LoadedResult }>();
  const failures = new Map<string, { file: string; scan: ShardScanResult }>();
  const incomplete: MergeOutcome['incomplete'] = [];
  const isComplete = (result: ShardResult) => result.finishedAt !== undefined && result.scans.length >= result.planned;
  // A shard re-run to the end supersedes its earlier attempt (both may be downloaded).
  const completed = new Set(results.filter(({ result }) => isComplete(result)).map(({ result }) => result.shard));
  for (const source of results) {
    const { file, result } = source;
    if (!isComplete(result) && !completed.has(result.shard)) {
      incomplete.push({ file, shard: result.shard, done: result.scans.length, planned: result.planned });
    }
    for (const scan of result.scans) {
      if (scan.status === 'failed') {
        failures.set(scan.digest, { file, scan });
        continue;
      }
      const at = scan.finishedAt ?? result.finishedAt ?? result.startedAt;
      const known = scanned.get(scan.digest);
      if (!known || at >= known.at) scanned.set(scan.digest, { scan, at, source });
    }
  }

  const entries: Record<string, LedgerEntry> = { ...previous.entries };
  for (const [digest, { scan, at }] of scanned) {
    entries[digest] = {
      repository: scan.repository,
      tags: [...scan.tags].sort(),
      lastScan: at,
      ...(scan.trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt: scan.trivyDbUpdatedAt } : {}),
      fingerprints: [...new Set(scan.fingerprints ?? [])].sort(),
      verdict: scan.verdict ?? 'fail',
    };
  }
  const failed = [...failures].filter(([digest]) => !scanned.has(digest)).map(([, failure]) => failure);
  return {
    ledger: { schemaVersion: RESCAN_SCHEMA_VERSION, updatedAt: now.toISOString(), entries },
    folded: [...scanned.values()].map(({ scan }) => scan),
    sources: new Map([...scanned].map(([digest, { source }]) => [digest, source])),
    failed,
    incomplete,
    missingShards: plan ? missingShards(plan, results) : [],
  };
}

function missingShards(plan: RescanPlan, results: readonly LoadedResult[]): MergeOutcome['missingShards'] {
  const labels = new Set(results.map(({ result }) => result.shard));
  const reported = new Set(results.flatMap(({ result }) => result.scans.map((scan) => scan.digest)));
  const missing: MergeOutcome['missingShards'] = [];
  for (let index = 1; index <= plan.shards; index += 1) {
    const shard = { index, count: plan.shards };
    const label = `${index}/${plan.shards}`;
    if (labels.has(label)) continue;
    const scans = shardScans(plan, shard, 'plan').filter((scan) => !reported.has(scan.digest));
    if (scans.length > 0) missing.push({ shard: label, scans });
  }
  return missing;
}
