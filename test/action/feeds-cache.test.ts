import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { actionsFeedsCache, feedsCacheKey } from '../../src/action/feeds-cache.js';
import { runFeedsStage } from '../../src/pipeline/feeds-stage.js';
import { MemoryLogger } from '../../src/util/logger.js';
import { startActionsCacheServer, type ActionsCacheServer } from '../support/actions-cache-server.js';
import { tempDir } from '../support/temp.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';
import { epssGz } from '../scan/feeds/epss-csv.js';

/**
 * The feeds in the Actions cache (local cache service, the real @actions/cache and its tar): each job is a new hosted
 * runner with an empty cache dir. The first downloads the feeds from the local mirror and saves `feeds/`; a second
 * job the same day restores it and asks the mirror nothing.
 */

const KEV_FILE = path.resolve('../shared/corpus/vulndata/known_exploited_vulnerabilities.json');
const describeCorpus = existsSync(KEV_FILE) ? describe : describe.skip;

const feedServer = useReleaseServer();
const root = await tempDir('imagegate-feeds-cache-');
const DAY1 = new Date('2026-12-07T08:00:00Z');
const DAY1_LATER = new Date('2026-12-07T15:00:00Z');
const EPSS = epssGz([['CVE-2025-48384', 0.61234, 0.98101]]);

let cacheServer: ActionsCacheServer;
const ENV_NAMES = [
  'ACTIONS_CACHE_URL',
  'ACTIONS_RUNTIME_TOKEN',
  'ACTIONS_CACHE_SERVICE_V2',
  'ACTIONS_RESULTS_URL',
  'GITHUB_WORKSPACE',
  'RUNNER_TEMP',
];
const savedEnv: Record<string, string | undefined> = {};
let restoreStdout: () => void = () => undefined;

beforeAll(async () => {
  cacheServer = await startActionsCacheServer();
  for (const name of ENV_NAMES) savedEnv[name] = process.env[name];
  for (const name of ENV_NAMES) delete process.env[name];
  await mkdir(path.join(root, 'workspace'), { recursive: true });
  await mkdir(path.join(root, 'tmp'), { recursive: true });
  Object.assign(process.env, {
    ACTIONS_CACHE_URL: cacheServer.url,
    ACTIONS_RUNTIME_TOKEN: 'test-runtime-token',
    GITHUB_WORKSPACE: path.join(root, 'workspace'),
    RUNNER_TEMP: path.join(root, 'tmp'),
  });
  // @actions/core's workflow commands go to stdout; kept out of the test log.
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
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
  await cacheServer.close();
});

/**
 * One job on a fresh runner: the feeds stage with the Action's feeds cache, as the pipeline runs it. The cache dir
 * is emptied, at the same path (RUNNER_TEMP is the same on every hosted runner, and @actions/cache's entry version
 * hashes the paths).
 */
async function job(now: Date, scope: 'pr' | 'branch' = 'branch') {
  const cacheDir = path.join(root, 'runner-temp', 'imagegate-trivy-cache');
  await rm(cacheDir, { recursive: true, force: true });
  await mkdir(cacheDir, { recursive: true });
  const logger = new MemoryLogger();
  const facts = await runFeedsStage({
    feeds: { kevUrls: [`${feedServer.baseUrl}/kev.json`], epssUrls: [`${feedServer.baseUrl}/epss.csv.gz`] },
    rules: { failOnKev: true },
    scanned: true,
    cacheDir,
    now,
    logger,
    cache: actionsFeedsCache({ logger, scope }),
  });
  return { facts, logger, cacheDir };
}

describeCorpus('KEV/EPSS feeds in the Actions cache', () => {
  it('the first job downloads and saves feeds/; a second runner the same day restores it and makes no feed request', async () => {
    feedServer.routes.set('/kev.json', { body: await readFile(KEV_FILE) });
    feedServer.routes.set('/epss.csv.gz', { body: EPSS });

    const first = await job(DAY1);
    expect(feedServer.requests).toEqual(['/kev.json', '/epss.csv.gz']);
    expect(first.facts?.records.map((r) => [r.feed, r.origin])).toEqual([
      ['kev', 'download'],
      ['epss', 'download'],
    ]);
    const key = feedsCacheKey(DAY1, 'branch');
    expect(key).toBe(`imagegate-feeds-branch-${process.platform}-2026-12-07`);
    expect(cacheServer.entries.map((e) => [e.key, e.committedAt !== undefined])).toEqual([[key, true]]);
    expect(first.logger.lines).toContain(`feeds cache: saved as ${key}`);

    feedServer.requests.length = 0;
    const second = await job(DAY1_LATER);
    expect(feedServer.requests).toEqual([]);
    expect(second.facts?.records.map((r) => [r.feed, r.origin])).toEqual([
      ['kev', 'cache'],
      ['epss', 'cache'],
    ]);
    expect(second.facts?.kev?.entries.get('CVE-2025-48384')).toBeDefined();
    expect(existsSync(path.join(second.cacheDir, 'feeds', 'kev.record.json'))).toBe(true);
    expect(second.logger.lines).toContain(`feeds cache: restored ${key}`);
    // An exact hit is not saved again.
    expect(cacheServer.entries).toHaveLength(1);

    // A pull request's job never reads the branch's entry (scope in the key and the prefix): it downloads.
    feedServer.requests.length = 0;
    await job(DAY1_LATER, 'pr');
    expect(feedServer.requests).toEqual(['/kev.json', '/epss.csv.gz']);
  });
});
