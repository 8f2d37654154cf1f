import type { Shard } from './rescan-args.js';
import { readDocument } from '../json/document-schema.js';
import { ConfigurationError } from '../util/errors.js';
import {
  DIGEST_PATTERN,
  expectCount,
  expectRecord,
  expectSchemaVersion,
  expectString,
  expectStrings,
  expectTime,
  optionalString,
  type JsonInput,
  type JsonPath,
} from './json-input.js';
import { RESCAN_SCHEMA_VERSION, type PlannedScan, type RescanPlan, type SkippedScan } from './types.js';

/**
 * plan.json as `rescan run` and `rescan merge` read it: checked field by field (it travels between CI jobs as an
 * artifact, and a hand-edited or truncated one must fail with a position, not halfway through a shard), and split
 * into shards the way the plan promises: scans[i] belongs to shard (i mod N) + 1.
 */

const EXPECTED = 'expected a plan.json written by imagegate rescan plan';

export async function readPlan(file: string): Promise<RescanPlan> {
  return readDocument(file, 'rescan-plan', EXPECTED, parsePlan, { what: 'the plan' });
}

export function parsePlan(input: JsonInput): RescanPlan {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const scansValue = document.scans;
  if (!Array.isArray(scansValue)) return input.fail(['scans'], 'expected an array of planned scans');
  const skippedValue = document.skipped ?? [];
  if (!Array.isArray(skippedValue)) return input.fail(['skipped'], 'expected an array of skipped images');
  const scans = scansValue.map((scan, index) => plannedScan(input, scan, ['scans', index]));
  const shards = expectCount(input, document.shards, ['shards'], 1);
  const counts = expectRecord(input, document.counts, ['counts']);
  const trivyDbUpdatedAt = optionalString(input, document.trivyDbUpdatedAt, ['trivyDbUpdatedAt']);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    createdAt: expectTime(input, document.createdAt, ['createdAt']),
    registry: expectString(input, document.registry, ['registry']),
    ...(trivyDbUpdatedAt !== undefined ? { trivyDbUpdatedAt } : {}),
    shards,
    scans,
    skipped: skippedValue.map((skip, index) => skippedScan(input, skip, ['skipped', index])),
    counts: {
      repositories: expectCount(input, counts.repositories, ['counts', 'repositories']),
      tags: expectCount(input, counts.tags, ['counts', 'tags']),
      digests: expectCount(input, counts.digests, ['counts', 'digests']),
      toScan: expectCount(input, counts.toScan, ['counts', 'toScan']),
      skipped: expectCount(input, counts.skipped, ['counts', 'skipped']),
    },
  };
}

function plannedScan(input: JsonInput, value: unknown, at: JsonPath): PlannedScan {
  const scan = expectRecord(input, value, at);
  const image = imageOf(input, scan, at);
  const reference = expectString(input, scan.reference, [...at, 'reference']);
  if (!reference.endsWith(`@${image.digest}`)) {
    input.fail([...at, 'reference'], `expected a reference pinned to the scan's digest (…@${image.digest})`);
  }
  const alsoIn = alsoInOf(input, scan, at);
  return { ...image, reference, ...(alsoIn ? { alsoIn } : {}) };
}

function alsoInOf(input: JsonInput, record: Record<string, unknown>, at: JsonPath): PlannedScan['alsoIn'] {
  if (record.alsoIn === undefined) return undefined;
  if (!Array.isArray(record.alsoIn)) input.fail([...at, 'alsoIn'], 'expected an array');
  return (record.alsoIn as unknown[]).map((entry, index) => {
    const where = [...at, 'alsoIn', index];
    const other = expectRecord(input, entry, where);
    return {
      repository: expectString(input, other.repository, [...where, 'repository']),
      tags: expectStrings(input, other.tags, [...where, 'tags']),
    };
  });
}

function skippedScan(input: JsonInput, value: unknown, at: JsonPath): SkippedScan {
  const skip = expectRecord(input, value, at);
  if (skip.reason !== 'unchanged') input.fail([...at, 'reason'], 'expected "unchanged"');
  const detail = optionalString(input, skip.detail, [...at, 'detail']);
  const alsoIn = alsoInOf(input, skip, at);
  return {
    ...imageOf(input, skip, at),
    reason: 'unchanged',
    ...(alsoIn ? { alsoIn } : {}),
    ...(detail !== undefined ? { detail } : {}),
  };
}

function imageOf(
  input: JsonInput,
  record: Record<string, unknown>,
  at: JsonPath,
): { repository: string; digest: string; tags: string[] } {
  const digest = expectString(input, record.digest, [...at, 'digest']);
  if (!DIGEST_PATTERN.test(digest)) input.fail([...at, 'digest'], `"${digest}" is not a manifest digest`);
  return {
    repository: expectString(input, record.repository, [...at, 'repository']),
    digest,
    tags: expectStrings(input, record.tags, [...at, 'tags']),
  };
}

/**
 * The scans of shard K/N: scans[i] with i mod N = K-1, in plan order. N is the plan's shard count, or 1 (the whole
 * plan in one job); any other N would come from a job matrix built for another plan and skip or repeat scans.
 */
export function shardScans(plan: RescanPlan, shard: Shard, planFile: string): PlannedScan[] {
  if (shard.count !== plan.shards && shard.count !== 1) {
    throw new ConfigurationError(
      `--shard ${shard.index}/${shard.count}: the plan splits its scans into ${plan.shards} shards; ` +
        `expected --shard K/${plan.shards} (or 1/1 for the whole plan)`,
      { path: planFile },
    );
  }
  return plan.scans.filter((_, index) => index % shard.count === shard.index - 1);
}
