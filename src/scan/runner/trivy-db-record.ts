import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../../util/logger.js';
import { TRIVY_DATABASES, type TrivyDatabase } from './trivy-db.js';

/**
 * What imagegate saw of each Trivy DB when it was downloaded: the SHA-256 of the DB file and the fields of Trivy's
 * metadata.json that say which DB it is. Kept beside the DB (`<db dir>/imagegate-record.json`, so every cache that
 * holds the DB holds its record) and checked before a DB restored from a cache is used: a DB someone swapped or
 * damaged in a cache (a cache written by another branch's job, a shared runner's disk) is deleted and downloaded
 * fresh, never used silently.
 */

export const TRIVY_DB_RECORD_FILE = 'imagegate-record.json';
const METADATA_FIELDS = ['Version', 'NextUpdate', 'UpdatedAt', 'DownloadedAt'] as const;

export interface TrivyDbRecord {
  recordVersion: 1;
  sha256: string;
  /** The metadata.json fields as Trivy wrote them (absent ones left out). */
  metadata: Partial<Record<(typeof METADATA_FIELDS)[number], unknown>>;
}

export type DbCheck =
  { status: 'absent' } | { status: 'verified' } | { status: 'unrecorded' } | { status: 'mismatch'; problems: string[] };

/** Compares the DB in `cacheDir` with its record. */
export async function checkTrivyDb(cacheDir: string, database: TrivyDatabase): Promise<DbCheck> {
  const current = await describeDb(cacheDir, database);
  if (!current) return { status: 'absent' };
  const record = await readRecord(cacheDir, database);
  if (record === 'unreadable')
    return { status: 'mismatch', problems: ['its record is not valid JSON of the expected shape'] };
  if (!record) return { status: 'unrecorded' };
  const problems: string[] = [];
  if (record.sha256 !== current.sha256) {
    problems.push(`SHA-256 of ${TRIVY_DATABASES[database].file} is ${current.sha256}, recorded ${record.sha256}`);
  }
  for (const field of METADATA_FIELDS) {
    const was = JSON.stringify(record.metadata[field] ?? null);
    const now = JSON.stringify(current.metadata[field] ?? null);
    if (was !== now) problems.push(`metadata.json ${field} is ${now}, recorded ${was}`);
  }
  return problems.length > 0 ? { status: 'mismatch', problems } : { status: 'verified' };
}

/** Writes the record of the DB now in `cacheDir` (after Trivy downloaded it); nothing when there is no DB. */
export async function recordTrivyDb(cacheDir: string, database: TrivyDatabase): Promise<boolean> {
  const current = await describeDb(cacheDir, database);
  if (!current) return false;
  const record: TrivyDbRecord = { recordVersion: 1, ...current };
  await writeFile(recordPath(cacheDir, database), `${JSON.stringify(record, null, 2)}\n`);
  return true;
}

/** Deletes a DB, its metadata and its record, so that Trivy downloads it again. */
export async function discardTrivyDb(cacheDir: string, database: TrivyDatabase): Promise<void> {
  await rm(path.join(cacheDir, TRIVY_DATABASES[database].dir), { recursive: true, force: true });
}

/**
 * Before a scan: every DB in the cache dir is checked against its record. A mismatch deletes the DB (Trivy
 * downloads a fresh one) with a warning naming what differs. `strict` (a DB just restored from the Actions cache,
 * which imagegate always saves with its record): a DB without a record is deleted too; otherwise it is recorded as
 * found, with a warning (a DB Trivy downloaded on its own, e.g. `trivy image --download-db-only` in a re-scan plan).
 */
export async function verifyTrivyDbs(
  cacheDir: string,
  options: { logger: Logger; strict?: boolean; origin?: string },
): Promise<void> {
  const origin = options.origin ?? cacheDir;
  for (const database of Object.keys(TRIVY_DATABASES) as TrivyDatabase[]) {
    const check = await checkTrivyDb(cacheDir, database);
    const name = TRIVY_DATABASES[database].dir;
    if (check.status === 'mismatch') {
      options.logger.warning(
        `Trivy ${name} from ${origin} does not match what imagegate recorded when it was downloaded ` +
          `(${check.problems.join('; ')}): deleted, Trivy downloads a fresh one`,
      );
      await discardTrivyDb(cacheDir, database);
    } else if (check.status === 'unrecorded') {
      if (options.strict) {
        options.logger.warning(
          `Trivy ${name} from ${origin} has no imagegate record of its download: deleted, Trivy downloads a fresh one`,
        );
        await discardTrivyDb(cacheDir, database);
      } else {
        options.logger.warning(
          `Trivy ${name} in ${origin} has no imagegate record (downloaded outside imagegate?): recorded as found`,
        );
        await recordTrivyDb(cacheDir, database);
      }
    }
  }
}

/** After a scan: records every DB whose file or metadata Trivy changed (a download), so the next restore can check it. */
export async function recordChangedTrivyDbs(cacheDir: string): Promise<void> {
  for (const database of Object.keys(TRIVY_DATABASES) as TrivyDatabase[]) {
    const check = await checkTrivyDb(cacheDir, database);
    if (check.status === 'mismatch' || check.status === 'unrecorded') await recordTrivyDb(cacheDir, database);
  }
}

async function describeDb(
  cacheDir: string,
  database: TrivyDatabase,
): Promise<Omit<TrivyDbRecord, 'recordVersion'> | undefined> {
  const layout = TRIVY_DATABASES[database];
  const file = path.join(cacheDir, layout.dir, layout.file);
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) return undefined;
  return { sha256: await sha256File(file), metadata: await readMetadataFields(cacheDir, database) };
}

async function readMetadataFields(cacheDir: string, database: TrivyDatabase): Promise<TrivyDbRecord['metadata']> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path.join(cacheDir, TRIVY_DATABASES[database].dir, 'metadata.json'), 'utf8'));
  } catch {
    return {};
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return {};
  const fields: TrivyDbRecord['metadata'] = {};
  for (const field of METADATA_FIELDS) {
    const value = (raw as Record<string, unknown>)[field];
    if (typeof value === 'string' || typeof value === 'number') fields[field] = value;
  }
  return fields;
}

async function readRecord(
  cacheDir: string,
  database: TrivyDatabase,
): Promise<TrivyDbRecord | 'unreadable' | undefined> {
  let text: string;
  try {
    text = await readFile(recordPath(cacheDir, database), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const raw = JSON.parse(text) as Partial<TrivyDbRecord>;
    if (
      raw.recordVersion === 1 &&
      typeof raw.sha256 === 'string' &&
      /^[0-9a-f]{64}$/.test(raw.sha256) &&
      typeof raw.metadata === 'object' &&
      raw.metadata !== null
    ) {
      return raw as TrivyDbRecord;
    }
  } catch {
    // Reported as unreadable below.
  }
  return 'unreadable';
}

function recordPath(cacheDir: string, database: TrivyDatabase): string {
  return path.join(cacheDir, TRIVY_DATABASES[database].dir, TRIVY_DB_RECORD_FILE);
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
