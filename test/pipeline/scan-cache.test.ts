import { createHash } from 'node:crypto';
import { readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runScanStage, type ScanEnvironment, type ScanStageRequest } from '../../src/pipeline/scan-stage.js';
import { MAX_CACHED_REPORT_BYTES, SCAN_CACHE_DIR } from '../../src/scan/runner/scan-cache.js';
import { recordTrivyDb } from '../../src/scan/runner/trivy-db-record.js';
import { toMarkdownSummary } from '../../src/report/markdown.js';
import { toResultDocument } from '../../src/report/result-json.js';
import { sampleScan, scannedResult } from '../report/scan-fixtures.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';

/**
 * The scan cache (src/scan/runner/scan-cache.ts) through the real scan stage and the Trivy stand-in: a second scan
 * of the same image with the same Trivy and DB does not run Trivy; another Trivy version, another DB, another image
 * or --no-scan-cache does; a tampered, foreign or corrupt entry is ignored with a warning.
 */

const corpusReport = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
const diffIds = (JSON.parse(await readFile(corpusReport, 'utf8')) as { Metadata: { DiffIDs: string[] } }).Metadata
  .DiffIDs;
const standin = await installTrivyStandin();
const IMAGE_ID = 'sha256:5a992077baba51b97f27591a10d54d2f2723dc9c81a3fe419e261023f1f3c0e6';

const root = await tempDir();
let runs = 0;

async function setup(): Promise<{ cacheDir: string; outDir: string; work: string }> {
  runs += 1;
  const work = path.join(root, `case-${runs}`);
  return { work, cacheDir: path.join(work, 'cache'), outDir: path.join(work, 'out') };
}

async function scan(
  dirs: { cacheDir: string; outDir: string; work: string },
  options: {
    version?: string;
    imageId?: string;
    noScanCache?: boolean;
    registry?: ScanStageRequest['registry'];
  } = {},
) {
  await standin.clearLog();
  const logger = new MemoryLogger();
  const environment: ScanEnvironment = {
    trivyInstallCache: { kind: 'directory', dir: path.join(dirs.work, 'tools') },
    processEnv: {
      ...process.env,
      ...standin.env({ report: corpusReport!, ...(options.version ? { version: options.version } : {}) }),
      PATH: standin.path(),
    },
    defaultCacheDir: dirs.cacheDir,
  };
  const request: ScanStageRequest = {
    scan: { kind: 'trivy', scanners: ['vuln'] },
    image: { kind: 'daemon', reference: 'imagegate-test/fluentd:1' },
    outDir: dirs.outDir,
    displayPath: (file) => file,
    cacheIdentity: { imageId: options.imageId ?? IMAGE_ID, diffIds },
    ...(options.noScanCache ? { noScanCache: true } : {}),
    ...(options.registry ? { registry: options.registry } : {}),
  };
  // Trivy's process inherits this process's environment (plus the runner's overrides), as the CLI's does.
  const saved = { ...process.env };
  Object.assign(process.env, environment.processEnv);
  const report = await runScanStage(request, environment, { logger }).finally(() => {
    process.env = saved;
  });
  const invocations = (await standin.readLog()).filter(
    (event) => event.event === 'invocation' && (event as { argv: string[] }).argv[0] === 'image',
  );
  return { report: report!, logger, trivyRuns: invocations.length };
}

const warnings = (logger: MemoryLogger) =>
  logger.lines.filter((line) => line.startsWith('warning: ')).map((line) => line.slice('warning: '.length));

test('a second scan of the same image, Trivy and DB reads the cache: Trivy does not run, the results say so', async () => {
  const dirs = await setup();
  const first = await scan(dirs);
  expect(first.trivyRuns).toBe(1);
  expect(first.report.scan.cached).toBeUndefined();
  const firstTrivyJson = await readFile(path.join(dirs.outDir, 'trivy.json'), 'utf8');

  const second = await scan(dirs);
  expect(second.trivyRuns).toBe(0);
  expect(second.report.scan.cached).toEqual({ savedAt: expect.any(String), ageSeconds: expect.any(Number) });
  expect(second.report.scan.cached!.ageSeconds).toBeLessThan(60);
  expect(second.report.scan.vulnerabilities.map((v) => `${v.id} ${v.pkgName}`)).toEqual(
    first.report.scan.vulnerabilities.map((v) => `${v.id} ${v.pkgName}`),
  );
  expect(second.report.scan.binary?.version).toBe('0.72.0');
  // Trivy's report is in the out dir as a scan would leave it.
  await expect(readFile(path.join(dirs.outDir, 'trivy.json'), 'utf8')).resolves.toBe(firstTrivyJson);
  expect(warnings(second.logger)).toEqual([]);
});

test('another Trivy version, another DB, another image or --no-scan-cache runs Trivy again', async () => {
  const dirs = await setup();
  expect((await scan(dirs)).trivyRuns).toBe(1);
  expect((await scan(dirs, { version: '0.71.1' })).trivyRuns).toBe(1);
  expect((await scan(dirs, { imageId: 'sha256:' + 'e'.repeat(64) })).trivyRuns).toBe(1);
  expect((await scan(dirs, { noScanCache: true })).trivyRuns).toBe(1);
  expect((await scan(dirs)).trivyRuns).toBe(0);

  // A newer DB (as a download would leave it, recorded): the results of the old one are not used.
  const metadataFile = path.join(dirs.cacheDir, 'db', 'metadata.json');
  const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as { UpdatedAt: string };
  metadata.UpdatedAt = new Date(Date.parse(metadata.UpdatedAt) + 60_000).toISOString();
  await writeFile(metadataFile, JSON.stringify(metadata));
  await recordTrivyDb(dirs.cacheDir, 'db');
  expect((await scan(dirs)).trivyRuns).toBe(1);
  expect((await scan(dirs)).trivyRuns).toBe(0);
});

test('a scan with registry credentials on a stale DB: keyed by the DB its separate download brought, then a hit', async () => {
  const dirs = await setup();
  expect((await scan(dirs)).trivyRuns).toBe(1);
  // Yesterday's DB: this run downloads a new one (without the credentials, in a Trivy run of its own).
  const metadataFile = path.join(dirs.cacheDir, 'db', 'metadata.json');
  const yesterday = new Date(Date.now() - 26 * 3600 * 1000).toISOString();
  await writeFile(
    metadataFile,
    JSON.stringify({ Version: 2, UpdatedAt: yesterday, NextUpdate: yesterday, DownloadedAt: yesterday }),
  );
  await recordTrivyDb(dirs.cacheDir, 'db');
  const registry = { credentials: { username: 'robot', password: 'cache-key-s3cret' } };
  const credentialed = await scan(dirs, { registry });
  // The DB-only run and the scan (both `trivy image`).
  expect(credentialed.trivyRuns).toBe(2);
  const downloaded = JSON.parse(await readFile(metadataFile, 'utf8')) as { UpdatedAt: string };
  expect(downloaded.UpdatedAt).not.toBe(yesterday);
  const indexes = (await readdir(path.join(dirs.cacheDir, SCAN_CACHE_DIR))).filter((f) =>
    /^[0-9a-f]{32}\.json$/.test(f),
  );
  const keys = await Promise.all(
    indexes.map(
      async (f) =>
        (
          JSON.parse(await readFile(path.join(dirs.cacheDir, SCAN_CACHE_DIR, f), 'utf8')) as {
            key: { dbUpdatedAt: string };
          }
        ).key.dbUpdatedAt,
    ),
  );
  expect(keys).toContain(downloaded.UpdatedAt);
  expect(credentialed.report.scan.db?.updatedAt).toBe(new Date(downloaded.UpdatedAt).toISOString());
  // Today's DB now: the same credentialed scan reads the entry saved under it.
  expect((await scan(dirs, { registry })).trivyRuns).toBe(0);
});

async function entryFiles(cacheDir: string): Promise<{ index: string; report: string }> {
  const dir = path.join(cacheDir, SCAN_CACHE_DIR);
  const files = await readdir(dir);
  const index = files.find((file) => /^[0-9a-f]{32}\.json$/.test(file))!;
  return { index: path.join(dir, index), report: path.join(dir, index.replace('.json', '.trivy.json')) };
}

test.each([
  [
    'a report changed after it was saved',
    async (entry: { index: string; report: string }) => {
      const text = await readFile(entry.report, 'utf8');
      await writeFile(entry.report, text.replace('CVE-', 'CVX-'));
    },
    'its report does not match the SHA-256 its index records',
  ],
  [
    'an index that is not ours',
    async (entry: { index: string; report: string }) => writeFile(entry.index, '{"format":"x"}'),
    'its index is not valid JSON of the expected shape',
  ],
  [
    'an index of another image written under this name',
    async (entry: { index: string; report: string }) => {
      const index = JSON.parse(await readFile(entry.index, 'utf8')) as { key: { imageId: string } };
      index.key.imageId = 'sha256:' + '0'.repeat(64);
      await writeFile(entry.index, JSON.stringify(index));
    },
    'it was saved for another image or DB',
  ],
  [
    'a report that is not a Trivy report, with an index that matches it',
    async (entry: { index: string; report: string }) => {
      const body = '{"not":"trivy"}';
      await writeFile(entry.report, body);
      const index = JSON.parse(await readFile(entry.index, 'utf8')) as Record<string, unknown>;
      index.reportSha256 = createHash('sha256').update(body).digest('hex');
      index.reportBytes = Buffer.byteLength(body);
      await writeFile(entry.index, JSON.stringify(index));
    },
    'it is not a Trivy report imagegate reads',
  ],
  [
    "a report of another image's layers, with an index that matches it",
    async (entry: { index: string; report: string }) => {
      const report = JSON.parse(await readFile(entry.report, 'utf8')) as {
        Metadata: { DiffIDs: string[]; ImageConfig: { rootfs: { diff_ids: string[] } } };
      };
      report.Metadata.DiffIDs = report.Metadata.DiffIDs.map((id) => id.replace(/.$/, '0'));
      report.Metadata.ImageConfig.rootfs.diff_ids = report.Metadata.DiffIDs;
      const body = JSON.stringify(report);
      await writeFile(entry.report, body);
      const index = JSON.parse(await readFile(entry.index, 'utf8')) as Record<string, unknown>;
      index.reportSha256 = createHash('sha256').update(body).digest('hex');
      index.reportBytes = Buffer.byteLength(body);
      await writeFile(entry.index, JSON.stringify(index));
    },
    'its report describes another image',
  ],
  [
    'a report over the size cap, with an index that names its size',
    async (entry: { index: string; report: string }) => {
      // Sparse: the size is what is checked, before anything is read.
      await truncate(entry.report, MAX_CACHED_REPORT_BYTES + 1);
      const index = JSON.parse(await readFile(entry.index, 'utf8')) as Record<string, unknown>;
      index.reportBytes = MAX_CACHED_REPORT_BYTES + 1;
      await writeFile(entry.index, JSON.stringify(index));
    },
    `its report is over ${MAX_CACHED_REPORT_BYTES} bytes`,
  ],
])('%s is ignored with a warning and Trivy runs', async (_name, tamper, reason) => {
  const dirs = await setup();
  await scan(dirs);
  await tamper(await entryFiles(dirs.cacheDir));
  const again = await scan(dirs);
  expect(again.trivyRuns).toBe(1);
  expect(again.report.scan.cached).toBeUndefined();
  expect(warnings(again.logger)).toEqual([expect.stringContaining(reason)]);
  expect(warnings(again.logger)[0]).toMatch(/^scan cache: ignoring the cached scan [0-9a-f]{32} \(/);
  // The fresh scan replaced the bad entry.
  expect((await scan(dirs)).trivyRuns).toBe(0);
});

test('imagegate.json (valid against its schema) and the summary say when a cached scan was used and how old it is', async () => {
  const cached = { savedAt: '2026-12-07T10:00:00.000Z', ageSeconds: 7260 };
  const result = scannedResult({ scan: { ...sampleScan(), cached } });
  const document = toResultDocument(result, { toolVersion: '0.1.0' });
  expect(document.scan?.cached).toEqual(cached);
  expect(resultSchemaErrors(document)).toEqual([]);
  expect(toMarkdownSummary(result)).toContain(
    '**Cached scan:** Trivy did not run; its results for this image, Trivy version and DB were saved ' +
      '2026-12-07T10:00:00.000Z (2 hours ago; `--no-scan-cache` scans again).',
  );
  expect(toResultDocument(scannedResult(), { toolVersion: '0.1.0' }).scan).toHaveProperty('cached', null);
});
