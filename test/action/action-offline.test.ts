import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { makeActionRunner } from '../github/support/action-runner.js';
import { sampleSpec } from '../image/support/archives.js';
import { startActionsCacheServer } from '../support/actions-cache-server.js';
import { startDeadProxy } from '../support/dead-proxy.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { DEFAULT_KEV_URLS } from '../../src/scan/feeds/load-feeds.js';

/**
 * Issue 18 item 3 through the bundled Action: input `offline: true` on a runner whose network is dead (every proxy
 * variable at a proxy that records connections) with the Actions cache service reachable but not to be asked. The
 * DB and KEV copy cached in RUNNER_TEMP from an earlier job are used whatever their age; no cache request, no proxy
 * connection. The control: the same job with offline: false asks the cache service (DB and feeds entries).
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
const kevSnapshot = sharedFile('corpus', 'vulndata', 'known_exploited_vulnerabilities.json');
if (!report || !kevSnapshot)
  throw new Error('the shared corpus (trivy, vulndata) is needed: see test/support/shared.ts');

const work = await tempDir('imagegate-action-offline-');
const workspace = path.join(work, 'workspace');
await mkdir(workspace, { recursive: true });
const archive = path.join(workspace, 'image.tar');
await writeImageArchive(archive, sampleSpec(), { format: 'docker-legacy' });
// failOnKev: the feeds stage runs, so its cache path (the Actions feeds entry, or the cached copy offline) is used.
await writeFile(
  path.join(workspace, 'policy.yml'),
  'version: 1\ndefaults:\n  vulnerabilities: {failOn: never, failOnKev: true}\n',
);
const runner = await makeActionRunner(work);
const standin = await installTrivyStandin();

describe.each(runner.runtimes)("the bundled Action's offline input on %s", (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  /** The runner's temp dir as an earlier job left it: Trivy's DB and the KEV copy in the Action's cache dir. */
  async function earlierJob(name: string, ageDays: number): Promise<void> {
    const cacheDir = path.join(work, name, 'runner-temp', 'imagegate-trivy-cache');
    const db = path.join(cacheDir, 'db');
    await mkdir(db, { recursive: true });
    const updatedAt = new Date(Date.now() - ageDays * 86_400_000);
    await writeFile(path.join(db, 'trivy.db'), 'an old DB\n');
    await writeFile(
      path.join(db, 'metadata.json'),
      JSON.stringify({ Version: 2, UpdatedAt: updatedAt.toISOString(), DownloadedAt: updatedAt.toISOString() }),
    );
    const body = await readFile(kevSnapshot!);
    await mkdir(path.join(cacheDir, 'feeds'), { recursive: true });
    await writeFile(path.join(cacheDir, 'feeds', 'kev'), body);
    const record = {
      url: DEFAULT_KEV_URLS[0],
      sha256: createHash('sha256').update(body).digest('hex'),
      bytes: body.length,
      downloadedAt: updatedAt.toISOString(),
    };
    await writeFile(path.join(cacheDir, 'feeds', 'kev.record.json'), JSON.stringify(record));
  }

  async function job(name: string, offline: 'true' | 'false') {
    const proxy = await startDeadProxy();
    const cache = await startActionsCacheServer();
    await standin.clearLog();
    try {
      const run = await runner.run(node, name, {
        workspace,
        inputs: { archive, policy: 'policy.yml', offline, upload: 'false', comment: 'false' },
        env: {
          ...proxy.env(),
          ...standin.env({ report: report! }),
          PATH: standin.path(),
          ACTIONS_CACHE_URL: cache.url,
          ACTIONS_RUNTIME_TOKEN: 'test-token',
          RUNNER_TOOL_CACHE: path.join(work, name, 'tool-cache'),
        },
      });
      return { run, requests: [...cache.requests], connections: proxy.connections, log: await standin.readLog() };
    } finally {
      await cache.close();
      await proxy.close();
    }
  }

  const keysAsked = (requests: Array<{ query: Record<string, string> }>) =>
    requests.map((r) => r.query.keys ?? '').join(',');

  test('a 20-day-old cached DB and KEV copy: Trivy runs --offline-scan, no Actions cache request, no proxy connection', async () => {
    const name = `${slug}-offline`;
    await earlierJob(name, 20);
    const { run, requests, connections, log } = await job(name, 'true');
    expect(run.stderr + run.errors.join('\n')).not.toMatch(/offline: no/);
    expect(run.code).toBe(0);
    const image = log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
    expect(image).toHaveLength(1);
    expect((image[0] as { argv: string[] }).argv).toEqual(
      expect.arrayContaining(['--skip-db-update', '--skip-java-db-update', '--offline-scan']),
    );
    expect(run.summary).toContain('(20 days old). The run was offline');
    // The feeds stage ran on the cached copy, not the cache service.
    expect(run.warnings.join('\n')).toMatch(/feeds: offline, using the kev copy downloaded/);
    expect(requests).toEqual([]);
    expect(connections).toBe(0);
  });

  test('the control: the same job with offline: false asks the Actions cache for the DB and the feeds', async () => {
    const name = `${slug}-online`;
    await earlierJob(name, 20);
    const { run, requests, connections } = await job(name, 'false');
    expect(run.code).toBe(0);
    expect(requests.length).toBeGreaterThan(0);
    expect(keysAsked(requests)).toContain('imagegate-feeds-');
    expect(keysAsked(requests)).toContain('imagegate-trivy-db');
    // The KEV copy is 20 days old: online, a download is tried (the network is the dead proxy).
    expect(connections).toBeGreaterThan(0);
  });
});
