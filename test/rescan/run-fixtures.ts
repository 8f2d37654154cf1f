import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PlannedScan, RescanPlan, ShardResult, ShardScanResult } from '../../src/rescan/types.js';

/** Hand-built rescan files for tests (independent of `rescan plan`, which is tested on its own). */

export function digestOf(n: number): string {
  return `sha256:${n.toString(16).padStart(64, '0')}`;
}

export function planned(registry: string, repository: string, digest: string, tags: string[] = []): PlannedScan {
  return { repository, digest, tags, reference: `${registry}/${repository}@${digest}` };
}

export function planOf(scans: PlannedScan[], options: { shards?: number; createdAt?: string; registry?: string } = {}) {
  const plan: RescanPlan = {
    schemaVersion: 1,
    createdAt: options.createdAt ?? '2026-11-27T02:00:00.000Z',
    registry: options.registry ?? '127.0.0.1:5000',
    shards: options.shards ?? 1,
    scans,
    skipped: [],
    counts: {
      repositories: new Set(scans.map((scan) => scan.repository)).size,
      tags: scans.reduce((sum, scan) => sum + scan.tags.length, 0),
      digests: scans.length,
      toScan: scans.length,
      skipped: 0,
    },
  };
  return plan;
}

export async function writePlan(file: string, plan: RescanPlan): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(plan, null, 2)}\n`);
  return file;
}

export function scannedResult(
  scan: PlannedScan,
  fingerprints: string[],
  verdict: 'pass' | 'fail' = 'pass',
): ShardScanResult {
  return {
    ...scan,
    status: 'scanned',
    verdict,
    trivyDbUpdatedAt: '2026-11-27T00:51:12.000Z',
    fingerprints,
    newFindings: fingerprints.length,
    outDir: 'x',
    finishedAt: '2026-11-27T02:10:00.000Z',
  };
}

export function failedResult(scan: PlannedScan, error: string): ShardScanResult {
  return { ...scan, status: 'failed', error, exitCode: 3, finishedAt: '2026-11-27T02:10:00.000Z' };
}

export function shardResultOf(
  plan: RescanPlan,
  shard: string,
  scans: ShardScanResult[],
  options: { planned?: number; finished?: boolean } = {},
): ShardResult {
  return {
    schemaVersion: 1,
    planCreatedAt: plan.createdAt,
    shard,
    startedAt: '2026-11-27T02:05:00.000Z',
    ...(options.finished === false ? {} : { finishedAt: '2026-11-27T02:11:00.000Z' }),
    scans,
    planned: options.planned ?? scans.length,
  };
}
