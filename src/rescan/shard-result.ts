import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
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
  writeJsonAtomic,
  type JsonInput,
  type JsonPath,
} from './json-input.js';
import { RESCAN_SCHEMA_VERSION, type ShardResult, type ShardScanResult } from './types.js';
import { appendAll } from '../util/append-all.js';
import type { Redactor } from '../util/redact.js';

/**
 * `rescan-result.json`: what one `rescan run` did. The run rewrites it whole after every scan (temporary file +
 * rename), so a job killed midway leaves the outcome of every scan it finished; the merge reads it back.
 */

export const SHARD_RESULT_FILE = 'rescan-result.json';

const EXPECTED = 'expected a rescan-result.json written by imagegate rescan run';

export async function writeShardResult(outDir: string, result: ShardResult, redactor?: Redactor): Promise<void> {
  await writeJsonAtomic(path.join(outDir, SHARD_RESULT_FILE), result, 'the shard result', redactor);
}

export async function readShardResult(file: string): Promise<ShardResult> {
  return readDocument(file, 'rescan-shard-result', EXPECTED, parseShardResult, { what: 'the shard result' });
}

export function parseShardResult(input: JsonInput): ShardResult {
  const document = expectRecord(input, input.value, []);
  expectSchemaVersion(input, document, RESCAN_SCHEMA_VERSION);
  const shard = expectString(input, document.shard, ['shard']);
  if (!/^\d+\/\d+$/.test(shard)) input.fail(['shard'], `expected K/N, found "${shard}"`);
  if (!Array.isArray(document.scans)) return input.fail(['scans'], 'expected an array of scan outcomes');
  const finishedAt =
    document.finishedAt === undefined ? undefined : expectTime(input, document.finishedAt, ['finishedAt']);
  return {
    schemaVersion: RESCAN_SCHEMA_VERSION,
    planCreatedAt: expectString(input, document.planCreatedAt, ['planCreatedAt']),
    shard,
    startedAt: expectTime(input, document.startedAt, ['startedAt']),
    ...(finishedAt !== undefined ? { finishedAt } : {}),
    scans: document.scans.map((scan, index) => scanResult(input, scan, ['scans', index])),
    planned: expectCount(input, document.planned, ['planned']),
  };
}

function scanResult(input: JsonInput, value: unknown, at: JsonPath): ShardScanResult {
  const scan = expectRecord(input, value, at);
  const digest = expectString(input, scan.digest, [...at, 'digest']);
  if (!DIGEST_PATTERN.test(digest)) input.fail([...at, 'digest'], `"${digest}" is not a manifest digest`);
  const status = scan.status;
  if (status !== 'scanned' && status !== 'failed') {
    return input.fail([...at, 'status'], `expected "scanned" or "failed", found ${JSON.stringify(status)}`);
  }
  const base: ShardScanResult = {
    repository: expectString(input, scan.repository, [...at, 'repository']),
    digest,
    tags: expectStrings(input, scan.tags, [...at, 'tags']),
    reference: expectString(input, scan.reference, [...at, 'reference']),
    status,
  };
  const optional = {
    error: optionalString(input, scan.error, [...at, 'error']),
    exitCode: scan.exitCode === undefined ? undefined : expectCount(input, scan.exitCode, [...at, 'exitCode']),
    trivyDbUpdatedAt: optionalString(input, scan.trivyDbUpdatedAt, [...at, 'trivyDbUpdatedAt']),
    newFindings:
      scan.newFindings === undefined ? undefined : expectCount(input, scan.newFindings, [...at, 'newFindings']),
    outDir: optionalString(input, scan.outDir, [...at, 'outDir']),
    finishedAt: scan.finishedAt === undefined ? undefined : expectTime(input, scan.finishedAt, [...at, 'finishedAt']),
  };
  let verdict: ShardScanResult['verdict'];
  let fingerprints: string[] | undefined;
  if (status === 'scanned') {
    // What the merge folds into the ledger must be there for every scanned image.
    if (scan.verdict !== 'pass' && scan.verdict !== 'fail') input.fail([...at, 'verdict'], 'expected "pass" or "fail"');
    verdict = scan.verdict;
    fingerprints = expectStrings(input, scan.fingerprints, [...at, 'fingerprints']);
  } else if (optional.error === undefined) {
    input.fail([...at, 'error'], 'a failed scan needs its error message');
  }
  const result = base;
  for (const [key, item] of Object.entries({ ...optional, verdict, fingerprints })) {
    if (item !== undefined) (result as unknown as Record<string, unknown>)[key] = item;
  }
  return result;
}

/**
 * Every rescan-result.json under `dirs` (a shard's out dir, or a dir of downloaded artifacts that nests them), in a
 * stable order. A named dir that does not exist is the user's mistake; one holding no result is reported by the
 * caller, which knows whether results were expected there.
 */
export async function findShardResults(dirs: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const dir of dirs) {
    const info = await stat(dir).catch(() => undefined);
    if (!info) throw new ConfigurationError('--results: no such directory', { path: dir });
    if (info.isFile()) {
      if (path.basename(dir) !== SHARD_RESULT_FILE) {
        throw new ConfigurationError(`--results: expected a directory holding ${SHARD_RESULT_FILE}`, { path: dir });
      }
      found.add(path.resolve(dir));
      continue;
    }
    for (const file of await walk(dir)) found.add(file);
  }
  return [...found].sort();
}

/** Result files below `dir`; symbolic links are not followed (an artifact download has none, a loop would hang). */
async function walk(dir: string): Promise<string[]> {
  const files: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    const full = path.resolve(dir, entry.name);
    if (entry.isDirectory()) appendAll(files, await walk(full));
    else if (entry.isFile() && entry.name === SHARD_RESULT_FILE) files.push(full);
  }
  return files;
}
