import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  checkTrivyDb,
  recordChangedTrivyDbs,
  recordTrivyDb,
  TRIVY_DB_RECORD_FILE,
  verifyTrivyDbs,
} from '../../../src/scan/runner/trivy-db-record.js';
import { MemoryLogger } from '../../../src/util/logger.js';
import { tempDir } from '../../support/temp.js';

/** The record of a Trivy DB's download and the check before use (the CLI's and GitLab's cache dir, not strict). */

const root = await tempDir('imagegate-db-record-');
let dir: string;
let counter = 0;

const METADATA = {
  Version: 2,
  NextUpdate: '2026-03-03T06:00:00Z',
  UpdatedAt: '2026-03-02T06:00:00Z',
  DownloadedAt: '2026-03-02T10:00:00Z',
};

async function writeDb(content = 'bolt-db-bytes', metadata: object = METADATA): Promise<void> {
  await mkdir(path.join(dir, 'db'), { recursive: true });
  await writeFile(path.join(dir, 'db', 'trivy.db'), content);
  await writeFile(path.join(dir, 'db', 'metadata.json'), JSON.stringify(metadata));
}

beforeEach(async () => {
  dir = path.join(root, `cache-${counter++}`);
  await mkdir(dir, { recursive: true });
});

test('no DB: nothing to check or record', async () => {
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'absent' });
  expect(await recordTrivyDb(dir, 'db')).toBe(false);
});

test('a recorded DB verifies; the record holds the digest and the four metadata fields', async () => {
  await writeDb();
  expect(await recordTrivyDb(dir, 'db')).toBe(true);
  const record = JSON.parse(await readFile(path.join(dir, 'db', TRIVY_DB_RECORD_FILE), 'utf8')) as unknown;
  expect(record).toEqual({
    recordVersion: 1,
    // sha256('bolt-db-bytes')
    sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    metadata: METADATA,
  });
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'verified' });
  const logger = new MemoryLogger();
  await verifyTrivyDbs(dir, { logger });
  expect(logger.lines).toEqual([]);
});

test('a changed DB file or metadata is a mismatch: deleted with a warning naming what differs', async () => {
  await writeDb();
  await recordTrivyDb(dir, 'db');
  await writeDb('bolt-db-bytes, swapped', { ...METADATA, UpdatedAt: '2030-01-01T00:00:00Z' });
  const check = await checkTrivyDb(dir, 'db');
  expect(check.status).toBe('mismatch');
  const logger = new MemoryLogger();
  await verifyTrivyDbs(dir, { logger, origin: 'the GitLab cache' });
  expect(logger.lines).toHaveLength(1);
  expect(logger.lines[0]).toMatch(
    /^warning: Trivy db from the GitLab cache does not match what imagegate recorded when it was downloaded \(SHA-256 of trivy\.db is [0-9a-f]{64}, recorded [0-9a-f]{64}; metadata\.json UpdatedAt is "2030-01-01T00:00:00Z", recorded "2026-03-02T06:00:00Z"\): deleted, Trivy downloads a fresh one$/,
  );
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'absent' });
});

test('a damaged record is a mismatch too', async () => {
  await writeDb();
  await writeFile(path.join(dir, 'db', TRIVY_DB_RECORD_FILE), '{"recordVersion": 1, "sha256": "nope"}');
  expect(await checkTrivyDb(dir, 'db')).toEqual({
    status: 'mismatch',
    problems: ['its record is not valid JSON of the expected shape'],
  });
});

test('no record: strict deletes it; otherwise it is recorded as found, with a warning', async () => {
  await writeDb();
  const strict = new MemoryLogger();
  await verifyTrivyDbs(dir, { logger: strict, strict: true, origin: 'cache entry K' });
  expect(strict.lines).toEqual([
    'warning: Trivy db from cache entry K has no imagegate record of its download: deleted, Trivy downloads a fresh one',
  ]);
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'absent' });

  await writeDb();
  const lenient = new MemoryLogger();
  await verifyTrivyDbs(dir, { logger: lenient });
  expect(lenient.lines).toEqual([
    `warning: Trivy db in ${dir} has no imagegate record (downloaded outside imagegate?): recorded as found`,
  ]);
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'verified' });
});

test('after a scan, only DBs Trivy changed get a new record', async () => {
  await writeDb();
  await recordTrivyDb(dir, 'db');
  const before = await readFile(path.join(dir, 'db', TRIVY_DB_RECORD_FILE), 'utf8');
  await recordChangedTrivyDbs(dir);
  expect(await readFile(path.join(dir, 'db', TRIVY_DB_RECORD_FILE), 'utf8')).toBe(before);
  // Trivy updated the DB during the scan.
  await writeDb('a newer db', { ...METADATA, DownloadedAt: '2026-03-03T10:00:00Z' });
  await recordChangedTrivyDbs(dir);
  expect(await checkTrivyDb(dir, 'db')).toEqual({ status: 'verified' });
  expect(await readFile(path.join(dir, 'db', TRIVY_DB_RECORD_FILE), 'utf8')).not.toBe(before);
  await rm(path.join(dir, 'db'), { recursive: true });
});
