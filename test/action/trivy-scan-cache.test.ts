import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { actionsScanCache, trivyScanCacheKey } from '../../src/action/trivy-scan-cache.js';
import { restoreTrivyDb, saveTrivyDb, type TrivyDbCacheScope } from '../../src/action/trivy-db-cache.js';
import { runScanStage, type ScanEnvironment } from '../../src/pipeline/scan-stage.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { startActionsCacheServer, type ActionsCacheServer } from '../support/actions-cache-server.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';

/**
 * The scan cache in the Actions cache (src/action/trivy-scan-cache.ts) against a local cache service with the real
 * @actions/cache, the real scan stage and the Trivy stand-in; each job is a new hosted runner (an empty cache dir).
 */

const report = sharedFile('corpus', 'trivy', 'fluentd-gems.json.golden');
if (!report) throw new Error('the Trivy corpus (../shared/corpus/trivy) is needed: set IMAGEGATE_SHARED');
const diffIds = (JSON.parse(await readFile(report, 'utf8')) as { Metadata: { DiffIDs: string[] } }).Metadata.DiffIDs;
const standin = await installTrivyStandin();
const root = await tempDir('imagegate-scan-cache-');

let server: ActionsCacheServer;
const ENV_NAMES = ['ACTIONS_CACHE_URL', 'ACTIONS_RUNTIME_TOKEN', 'ACTIONS_CACHE_SERVICE_V2', 'ACTIONS_RESULTS_URL'];
const savedEnv = { ...process.env };
let restoreStdout: () => void = () => undefined;

beforeAll(async () => {
  server = await startActionsCacheServer();
  for (const name of ENV_NAMES) delete process.env[name];
  await mkdir(path.join(root, 'workspace'), { recursive: true });
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  Object.assign(process.env, {
    ACTIONS_CACHE_URL: server.url,
    ACTIONS_RUNTIME_TOKEN: 'test-runtime-token',
    GITHUB_WORKSPACE: path.join(root, 'workspace'),
    RUNNER_TEMP: path.join(root, 'tmp'),
    ...standin.env({ report }),
    PATH: standin.path(),
  });
  // @actions/core's workflow commands go to stdout: kept out of the test log.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  restoreStdout = () => {
    process.stdout.write = write;
  };
});

afterAll(async () => {
  restoreStdout();
  process.env = savedEnv;
  await server.close();
});

let jobs = 0;

/** One job on a fresh runner: the Action's DB cache and scan cache around the scan stage. */
async function job(scope: TrivyDbCacheScope): Promise<{ trivyRuns: number; cached: boolean; logger: MemoryLogger }> {
  jobs += 1;
  // The same path on every runner ($RUNNER_TEMP), as @actions/cache versions an entry by its paths; emptied first.
  const cacheDir = path.join(root, 'tmp', 'imagegate-trivy-cache');
  await rm(cacheDir, { recursive: true, force: true });
  await standin.clearLog();
  const logger = new MemoryLogger();
  const environment: ScanEnvironment = {
    trivyInstallCache: { kind: 'directory', dir: path.join(root, `runner-${jobs}`, 'tools') },
    processEnv: process.env,
    defaultCacheDir: cacheDir,
    dbCache: {
      restore: async (dir) => {
        const restored = await restoreTrivyDb(dir, { logger, scope });
        return { save: () => saveTrivyDb(dir, restored, { logger, scope }) };
      },
    },
    scanCache: actionsScanCache({ logger, scope }),
  };
  const scanned = await runScanStage(
    {
      scan: { kind: 'trivy', scanners: ['vuln'] },
      image: { kind: 'daemon', reference: 'ghcr.io/acme/fluentd:1' },
      outDir: path.join(root, `runner-${jobs}`, 'out'),
      displayPath: (file) => file,
      cacheIdentity: { imageId: `sha256:${'c'.repeat(64)}`, diffIds },
    },
    environment,
    { logger },
  );
  const trivyRuns = (await standin.readLog()).filter(
    (event) => event.event === 'invocation' && event.argv[0] === 'image',
  ).length;
  return { trivyRuns, cached: scanned?.scan.cached !== undefined, logger };
}

test('the next job on a new runner restores the scan from the Actions cache and does not run Trivy', async () => {
  const first = await job('branch');
  expect(first).toMatchObject({ trivyRuns: 1, cached: false });
  const saved = server.entries.map((entry) => entry.key).filter((key) => key.startsWith('imagegate-trivy-scan-'));
  expect(saved).toEqual([expect.stringMatching(/^imagegate-trivy-scan-branch-[a-z0-9]+-[0-9a-f]{32}$/)]);
  expect(saved[0]).toBe(trivyScanCacheKey(saved[0]!.split('-').at(-1)!, 'branch'));

  const second = await job('branch');
  expect(second).toMatchObject({ trivyRuns: 0, cached: true });
  expect(second.logger.lines.filter((line) => line.startsWith('warning: '))).toEqual([]);
});

test("a pull request's saved scan is never restored by a branch run (the scope is in the key)", async () => {
  server.entries.length = 0;
  expect(await job('pr')).toMatchObject({ trivyRuns: 1, cached: false });
  expect(await job('branch')).toMatchObject({ trivyRuns: 1, cached: false });
  expect(await job('pr')).toMatchObject({ trivyRuns: 0, cached: true });
});
