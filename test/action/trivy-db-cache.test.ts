import { appendFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  restoreTrivyDb,
  saveTrivyDb,
  trivyDbCacheKey,
  trivyDbCacheScope,
  type RestoredTrivyDb,
  type TrivyDbCacheScope,
} from '../../src/action/trivy-db-cache.js';
import { createHash } from 'node:crypto';
import { resolveDbOptions, trivyDbDirs } from '../../src/scan/runner/trivy-db.js';
import { runTrivyScan } from '../../src/scan/runner/trivy-runner.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { startActionsCacheServer, type ActionsCacheServer } from '../support/actions-cache-server.js';

/**
 * The Action's DB cache against a local cache service (v1 protocol), with the real @actions/cache (and its tar), the
 * runner and the Trivy stand-in, one simulated runner per step: a fresh cache dir, as on a new hosted runner.
 */

const report = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
if (!report) throw new Error('the Trivy corpus (../shared/corpus/trivy) is needed: set IMAGEGATE_SHARED');
const standin = await installTrivyStandin();
const root = await tempDir('imagegate-trivy-cache-');
const cacheDir = path.join(root, 'runner-temp', 'imagegate-trivy-cache');

const DAY1 = new Date('2026-03-02T10:00:00Z');
const DAY1_LATER = new Date('2026-03-02T17:30:00Z');
const DAY2 = new Date('2026-03-03T10:00:00Z');

let server: ActionsCacheServer;
const savedEnv: Record<string, string | undefined> = {};
const ENV_NAMES = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'ACTIONS_CACHE_MODE',
  'GITHUB_SERVER_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
];
/** @actions/core's workflow commands (::warning:: …) go to stdout; kept here instead of cluttering the test log. */
let stdoutLines: string[] = [];
let restoreStdout: () => void = () => undefined;

beforeAll(async () => {
  server = await startActionsCacheServer();
  for (const name of ENV_NAMES) savedEnv[name] = process.env[name];
  for (const name of ENV_NAMES) delete process.env[name];
  await mkdir(path.join(root, 'workspace'), { recursive: true });
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  Object.assign(process.env, {
    ACTIONS_CACHE_URL: server.url,
    ACTIONS_RUNTIME_TOKEN: 'test-runtime-token',
    GITHUB_WORKSPACE: path.join(root, 'workspace'),
    RUNNER_TEMP: path.join(root, 'tmp'),
  });
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdoutLines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stdout.write;
  restoreStdout = () => {
    process.stdout.write = write;
  };
});

afterAll(async () => {
  restoreStdout();
  for (const name of ENV_NAMES) {
    if (savedEnv[name] === undefined) delete process.env[name];
    else process.env[name] = savedEnv[name];
  }
  await server.close();
});

beforeEach(async () => {
  stdoutLines = [];
  server.requests.length = 0;
  server.entries.length = 0;
  server.clearFailures();
  await rm(cacheDir, { recursive: true, force: true });
  await standin.clearLog();
});

/** One job: restore, decide, scan with the stand-in, save (in a finally, as the scan stage does). */
async function job(
  now: Date,
  scope?: TrivyDbCacheScope,
): Promise<{ restored: RestoredTrivyDb; logger: MemoryLogger; argv: string[] }> {
  await standin.clearLog();
  const logger = new MemoryLogger();
  const restored = await restoreTrivyDb(cacheDir, { logger, now, ...(scope ? { scope } : {}) });
  try {
    const db = await resolveDbOptions({ cacheDir, now });
    await runTrivyScan(
      {
        binary: standin.binary,
        env: process.env,
        target: { kind: 'image', reference: 'ghcr.io/acme/app:1.0' },
        outputFile: path.join(root, 'out', 'trivy.json'),
        scanners: ['vuln'],
        cacheDir,
        db,
        extraEnv: standin.env({ report, now }),
      },
      { logger },
    );
  } finally {
    await saveTrivyDb(cacheDir, restored, { logger, now, ...(scope ? { scope } : {}) });
  }
  const invocation = (await standin.readLog()).find((event) => event.event === 'invocation');
  return { restored, logger, argv: invocation?.event === 'invocation' ? invocation.argv : [] };
}

async function sha256Of(file: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(file))
    .digest('hex');
}

function calls(method: string, pathPattern: RegExp): number {
  return server.requests.filter((r) => r.method === method && pathPattern.test(r.path)).length;
}

describe('Trivy DB in the Actions cache', () => {
  test('a miss downloads and saves; the same day hits exactly and saves nothing; the next day updates and saves', async () => {
    const day1Key = trivyDbCacheKey(DAY1);
    expect(day1Key).toBe(`imagegate-trivy-db-${process.platform}-2026-03-02`);

    const first = await job(DAY1);
    expect(first.restored).toEqual({ primaryKey: day1Key });
    expect(first.argv).toContain('--db-repository');
    expect(server.requests[0]).toMatchObject({
      method: 'GET',
      path: '/_apis/artifactcache/cache',
      query: { keys: `${day1Key},imagegate-trivy-db-${process.platform}-` },
    });
    expect(server.requests[0]?.headers.authorization).toBe('Bearer test-runtime-token');
    expect(calls('POST', /\/caches$/)).toBe(1);
    expect(calls('PATCH', /\/caches\/\d+$/)).toBeGreaterThanOrEqual(1);
    expect(calls('POST', /\/caches\/\d+$/)).toBe(1);
    expect(server.entries.map((e) => [e.key, e.committedAt !== undefined])).toEqual([[day1Key, true]]);
    expect(first.logger.lines).toContain(`Trivy DB cache: saving the DB as ${day1Key}`);
    expect(stdoutLines).toContain('Cache saved successfully');

    // Another job the same day, on a fresh runner: exact hit, no DB download, nothing saved.
    await rm(cacheDir, { recursive: true, force: true });
    server.requests.length = 0;
    const second = await job(DAY1_LATER);
    expect(second.restored.hitKey).toBe(day1Key);
    expect(second.argv).toContain('--skip-db-update');
    expect(second.argv).not.toContain('--db-repository');
    expect(calls('POST', /\/caches/)).toBe(0);
    expect(calls('PATCH', /\/caches/)).toBe(0);

    // The next day: yesterday's entry through the restore-key prefix; Trivy updates it; saved under today's key.
    await rm(cacheDir, { recursive: true, force: true });
    const third = await job(DAY2);
    const day2Key = trivyDbCacheKey(DAY2);
    expect(third.restored).toMatchObject({ primaryKey: day2Key, hitKey: day1Key });
    expect(third.logger.lines).toContain(`Trivy DB cache: restored ${day1Key}; Trivy updates it if a newer DB is out`);
    expect(third.argv).toContain('--db-repository');
    const metadata = JSON.parse(await readFile(path.join(cacheDir, 'db', 'metadata.json'), 'utf8')) as {
      DownloadedAt: string;
    };
    expect(metadata.DownloadedAt).toBe(DAY2.toISOString());
    expect(server.entries.map((e) => e.key)).toEqual([day1Key, day2Key]);
  });

  test("yesterday's DB restored and still current (Trivy did not update it): nothing saved", async () => {
    await job(DAY1);
    await rm(cacheDir, { recursive: true, force: true });
    server.requests.length = 0;
    // Before DAY1's DB reaches its NextUpdate (UpdatedAt + 24 h): stale by imagegate's day, current for Trivy.
    const early = new Date('2026-03-03T01:00:00Z');
    const { restored, logger, argv } = await job(early);
    expect(restored.hitKey).toBe(trivyDbCacheKey(DAY1));
    expect(argv).toContain('--db-repository');
    expect(await standin.readLog()).toContainEqual(expect.objectContaining({ event: 'db-current', database: 'db' }));
    expect(calls('POST', /\/caches/)).toBe(0);
    expect(logger.lines).toContain(
      `Trivy DB cache: the DB from ${trivyDbCacheKey(DAY1)} is still current, nothing to save`,
    );
  });

  test('the cache service failing (500) is a warning, and the scan goes on without it', async () => {
    server.failWith(500, { method: 'GET', pathPrefix: '/_apis/artifactcache/cache' });
    server.failWith(500, { method: 'PATCH' });
    const day = new Date('2026-05-01T08:00:00Z');
    const { restored, argv } = await job(day);
    expect(restored).toEqual({ primaryKey: trivyDbCacheKey(day) });
    expect(argv).toContain('--db-repository');
    expect(stdoutLines).toContainEqual(expect.stringMatching(/^::warning::Failed to restore: .*500/));
    expect(stdoutLines).toContainEqual(expect.stringMatching(/^::warning::Failed to save: .*500/));
    expect(stdoutLines.filter((line) => line.startsWith('::error::'))).toEqual([]);
    expect(server.entries.every((e) => e.committedAt === undefined)).toBe(true);
  });

  test('no cache service configured: restore and save only say so', async () => {
    const url = process.env.ACTIONS_CACHE_URL;
    delete process.env.ACTIONS_CACHE_URL;
    try {
      const logger = new MemoryLogger();
      const restored = await restoreTrivyDb(cacheDir, { logger, now: DAY1 });
      await saveTrivyDb(cacheDir, restored, { logger, now: DAY1 });
      expect(logger.lines).toContain(
        'Trivy DB cache: the Actions cache service is not available here; Trivy fetches the DB itself',
      );
      expect(server.requests).toEqual([]);
    } finally {
      process.env.ACTIONS_CACHE_URL = url;
    }
  });

  test('no DB after the scan (it failed before the download): nothing to save', async () => {
    const logger = new MemoryLogger();
    const restored = await restoreTrivyDb(cacheDir, { logger, now: DAY1 });
    await saveTrivyDb(cacheDir, restored, { logger, now: DAY1 });
    expect(logger.lines).toContain('Trivy DB cache: no Trivy DB to save (the scan did not get one)');
    expect(calls('POST', /\/caches/)).toBe(0);
  });

  test('pull-request and branch runs use separate keys, and no restore falls back across them', async () => {
    expect(trivyDbCacheScope({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' })).toBe('pr');
    expect(trivyDbCacheScope({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_REF: 'refs/heads/main' })).toBe('pr');
    expect(trivyDbCacheScope({ GITHUB_EVENT_NAME: 'merge_group', GITHUB_REF: 'refs/heads/gh-readonly-queue/x' })).toBe(
      'pr',
    );
    expect(trivyDbCacheScope({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/release/1.2' })).toBe('branch');
    expect(trivyDbCacheScope({ GITHUB_EVENT_NAME: 'schedule', GITHUB_REF: 'refs/heads/main' })).toBe('branch');

    const prKey = trivyDbCacheKey(DAY1, process.platform, 'pr');
    expect(prKey).toBe(`imagegate-trivy-db-pr-${process.platform}-2026-03-02`);
    await job(DAY1, 'pr');
    expect(server.entries.map((e) => e.key)).toEqual([prKey]);

    // A release-branch gate the same day, on a fresh runner: the pull request's entry is not a candidate.
    await rm(cacheDir, { recursive: true, force: true });
    server.requests.length = 0;
    const release = await job(DAY1_LATER, 'branch');
    const branchKey = trivyDbCacheKey(DAY1, process.platform, 'branch');
    expect(server.requests[0]).toMatchObject({
      path: '/_apis/artifactcache/cache',
      query: { keys: `${branchKey},imagegate-trivy-db-branch-${process.platform}-` },
    });
    expect(release.restored.hitKey).toBeUndefined();
    expect(release.argv).toContain('--db-repository');
    expect(server.entries.map((e) => e.key)).toEqual([prKey, branchKey]);
  });

  test('a restored DB that does not match its download record is deleted and downloaded fresh, with a warning', async () => {
    await job(DAY1, 'branch');
    expect(server.entries.map((e) => e.key)).toEqual([trivyDbCacheKey(DAY1, process.platform, 'branch')]);
    const record = JSON.parse(await readFile(path.join(cacheDir, 'db', 'imagegate-record.json'), 'utf8')) as {
      sha256: string;
      metadata: { DownloadedAt: string };
    };
    expect(record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(record.metadata.DownloadedAt).toBe(DAY1.toISOString());

    // Another job with write access to the cache saves a changed DB under the next key, record left as it was.
    await appendFile(path.join(cacheDir, 'db', 'trivy.db'), 'planted');
    const day2Key = trivyDbCacheKey(DAY2, process.platform, 'branch');
    const actionsCache = await import('@actions/cache');
    await actionsCache.saveCache(trivyDbDirs(path.resolve(cacheDir)), day2Key);
    const planted = await sha256Of(path.join(cacheDir, 'db', 'trivy.db'));

    // The next gate, on a fresh runner, restores it: deleted before use, downloaded fresh, a warning says why.
    await rm(cacheDir, { recursive: true, force: true });
    const next = await job(DAY2, 'branch');
    expect(next.restored.hitKey).toBe(day2Key);
    expect(next.logger.lines).toContain(
      `warning: Trivy db from the Actions cache entry ${day2Key} does not match what imagegate recorded when it was ` +
        `downloaded (SHA-256 of trivy.db is ${planted}, recorded ${record.sha256}): deleted, Trivy downloads a fresh one`,
    );
    expect(next.argv).toContain('--db-repository');
    expect(next.argv).not.toContain('--skip-db-update');
    expect(await sha256Of(path.join(cacheDir, 'db', 'trivy.db'))).not.toBe(planted);
    const { verifyTrivyDbs } = await import('../../src/scan/runner/trivy-db-record.js');

    // Metadata edited (a DB passed off as newer) is caught the same way; so is a DB with no record at all.
    const metadataFile = path.join(cacheDir, 'db', 'metadata.json');
    const metadata = JSON.parse(await readFile(metadataFile, 'utf8')) as Record<string, unknown>;
    await writeFile(metadataFile, JSON.stringify({ ...metadata, NextUpdate: '2099-01-01T00:00:00Z' }));
    const edited = new MemoryLogger();
    await verifyTrivyDbs(cacheDir, { logger: edited, strict: true });
    expect(edited.lines.join('\n')).toContain('metadata.json NextUpdate is "2099-01-01T00:00:00Z", recorded');
    await job(DAY1_LATER, 'branch');
    await rm(path.join(cacheDir, 'db', 'imagegate-record.json'));
    const unrecorded = new MemoryLogger();
    await verifyTrivyDbs(cacheDir, { logger: unrecorded, strict: true, origin: 'X' });
    expect(unrecorded.lines).toContain(
      'warning: Trivy db from X has no imagegate record of its download: deleted, Trivy downloads a fresh one',
    );
  });
});
