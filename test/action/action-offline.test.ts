import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { makeActionRunner } from '../github/support/action-runner.js';
import { sampleSpec } from '../image/support/archives.js';
import { startActionsCacheServer } from '../support/actions-cache-server.js';
import { startDeadProxy } from '../support/dead-proxy.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';

/**
 * Issue 18 item 3 through the bundled Action: input `offline: true` on a runner whose network is dead (every proxy
 * variable at a proxy that records connections) with the Actions cache service reachable but not to be asked. The
 * DB cached in RUNNER_TEMP from an earlier job is used whatever its age; no cache request, no proxy connection.
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!report) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const work = await tempDir('imagegate-action-offline-');
const workspace = path.join(work, 'workspace');
await mkdir(workspace, { recursive: true });
const archive = path.join(workspace, 'image.tar');
await writeImageArchive(archive, sampleSpec(), { format: 'docker-legacy' });
await writeFile(path.join(workspace, 'policy.yml'), 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n');
const runner = await makeActionRunner(work);
const standin = await installTrivyStandin();

describe.each(runner.runtimes)('the bundled Action with offline: true on %s', (label, node) => {
  const slug = label.replace(/\W+/g, '-');

  test('a 20-day-old cached DB: Trivy runs --offline-scan, no Actions cache request, no proxy connection', async () => {
    const proxy = await startDeadProxy();
    const cache = await startActionsCacheServer();
    const name = `${slug}-offline`;
    // The runner's temp dir as an earlier job left it: Trivy's DB in the Action's cache dir.
    const db = path.join(work, name, 'runner-temp', 'imagegate-trivy-cache', 'db');
    await mkdir(db, { recursive: true });
    const updatedAt = new Date(Date.now() - 20 * 86_400_000);
    await writeFile(path.join(db, 'trivy.db'), 'an old DB\n');
    await writeFile(
      path.join(db, 'metadata.json'),
      JSON.stringify({ Version: 2, UpdatedAt: updatedAt.toISOString(), DownloadedAt: updatedAt.toISOString() }),
    );
    await standin.clearLog();
    try {
      const run = await runner.run(node, name, {
        workspace,
        inputs: { archive, policy: 'policy.yml', offline: 'true', upload: 'false', comment: 'false' },
        env: {
          ...proxy.env(),
          ...standin.env({ report: report! }),
          PATH: standin.path(),
          ACTIONS_CACHE_URL: cache.url,
          ACTIONS_RUNTIME_TOKEN: 'test-token',
          RUNNER_TOOL_CACHE: path.join(work, name, 'tool-cache'),
        },
      });
      expect(run.stderr + run.errors.join('\n')).not.toMatch(/offline: no/);
      expect(run.code).toBe(0);
      const image = (await standin.readLog()).filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
      expect(image).toHaveLength(1);
      expect((image[0] as { argv: string[] }).argv).toEqual(
        expect.arrayContaining(['--skip-db-update', '--skip-java-db-update', '--offline-scan']),
      );
      expect(run.summary).toContain('(20 days old). The run was offline');
      expect(cache.requests).toEqual([]);
      expect(proxy.connections).toBe(0);
    } finally {
      await cache.close();
      await proxy.close();
    }
  });
});
