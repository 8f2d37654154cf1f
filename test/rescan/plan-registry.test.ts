import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../src/cli/run-cli.js';
import { RegistryClient } from '../../src/image/source/registry/registry-client.js';
import { takeInventory } from '../../src/rescan/inventory.js';
import { parseTagRules } from '../../src/policy/tag-rules.js';
import type { RescanLedger, RescanPlan } from '../../src/rescan/types.js';
import { MemoryLogger } from '../../src/util/logger.js';
import {
  credentialsEnvironment,
  describeWithRegistry,
  freePort,
  startRegistry,
  type TestRegistry,
} from '../support/registry.js';
import { startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { tempDir } from '../support/temp.js';
import {
  REPOSITORIES,
  repositoryName,
  setUpRegistry,
  TAGS_PER_REPOSITORY,
  VARIANTS_PER_REPOSITORY,
  type Fixture,
} from './plan-fixture.js';

/**
 * `imagegate rescan plan` against a real docker-registry with htpasswd auth: 12 repositories, 312 tags, digests
 * shared across tags and repositories; directly and through a proxy that injects 429s and pages tag lists.
 */

const dir = await tempDir('imagegate-rescan-plan-');
const DB = '2026-11-26T00:51:12.000Z';
let registry: TestRegistry;
let proxy: RegistryProxy;
let fixture: Fixture;
let runs = 0;

interface PlanRun {
  code: number;
  stdout: string;
  stderr: string;
  outDir: string;
  plan: RescanPlan;
}

async function plan(args: string[], env: Record<string, string | undefined> = {}, host?: string): Promise<PlanRun> {
  runs += 1;
  const outDir = path.join(dir, `out-${runs}`);
  let stdout = '';
  let stderr = '';
  const environment = { ...credentialsEnvironment(registry), XDG_CACHE_HOME: path.join(dir, 'no-cache'), ...env };
  const argv = ['plan', '--registry', host ?? registry.host, '--out-dir', outDir, ...args];
  // The real CLI, in-process, with this environment (registry credentials, caches).
  const code = await runCli(['rescan', ...argv], {
    cwd: dir,
    env: environment,
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  const text = code === 0 ? await readFile(path.join(outDir, 'plan.json'), 'utf8') : '{}';
  return { code, stdout, stderr, outDir, plan: JSON.parse(text) as RescanPlan };
}

/** A ledger that has every scan of `plan` scanned at `lastScan` with the DB `db`. */
function ledgerOf(planned: RescanPlan, db: string | undefined, lastScan: string): RescanLedger {
  const entries: RescanLedger['entries'] = {};
  for (const scan of planned.scans) {
    entries[scan.digest] = {
      repository: scan.repository,
      tags: scan.tags,
      lastScan,
      ...(db !== undefined ? { trivyDbUpdatedAt: db } : {}),
      fingerprints: [],
      verdict: 'pass',
    };
  }
  return { schemaVersion: 1, updatedAt: lastScan, entries };
}

async function writeLedgerFile(name: string, ledger: RescanLedger): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, JSON.stringify(ledger));
  return file;
}

describeWithRegistry('rescan plan (docker-registry, htpasswd)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    fixture = await setUpRegistry(registry, dir);
  }, 120_000);
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });
  beforeEach(() => proxy?.reset());

  test('every tag of every repository in the catalog: each digest listed once, shared ones with alsoIn', async () => {
    const run = await plan(['--trivy-db-updated-at', DB]);
    expect(run.stderr).not.toMatch(/error/i);
    expect(run.code).toBe(0);
    const distinct = 2 + REPOSITORIES * VARIANTS_PER_REPOSITORY;
    expect(run.plan.counts).toEqual({
      repositories: REPOSITORIES,
      tags: REPOSITORIES * TAGS_PER_REPOSITORY,
      digests: distinct,
      toScan: distinct,
      skipped: 0,
    });
    const digests = run.plan.scans.map((scan) => scan.digest);
    expect(new Set(digests).size).toBe(digests.length);
    const a = run.plan.scans.find((scan) => scan.digest === fixture.shared.A);
    expect(a).toMatchObject({
      repository: repositoryName(0),
      tags: ['1', '1.0', '1.0.0', 'v1.0.0'],
      reference: `${registry.host}/${repositoryName(0)}@${fixture.shared.A}`,
    });
    expect(a?.alsoIn?.map((other) => other.repository)).toEqual(
      Array.from({ length: REPOSITORIES - 1 }, (_, i) => repositoryName(i + 1)),
    );
    expect(run.plan.trivyDbUpdatedAt).toBe(DB);
    expect(run.plan.shards).toBe(distinct);
    expect(run.stdout).toBe(`toScan=${distinct} shards=${distinct}\n`);
    const matrix = JSON.parse(await readFile(path.join(run.outDir, 'github-matrix.json'), 'utf8')) as {
      include: Array<{ shard: string; references: string }>;
    };
    expect(matrix.include).toHaveLength(distinct);
    expect(matrix.include.flatMap((entry) => entry.references.split(' ')).sort()).toEqual(
      run.plan.scans.map((scan) => scan.reference).sort(),
    );
    const summary = await readFile(path.join(run.outDir, 'plan-summary.md'), 'utf8');
    expect(summary).toContain(`toScan=${distinct} shards=${distinct}`);
    // The same registry, asked again, gives the same plan (order does not depend on who answered first).
    const again = await plan(['--trivy-db-updated-at', DB]);
    expect({ ...again.plan, createdAt: '' }).toEqual({ ...run.plan, createdAt: '' });
  }, 60_000);

  test('tag rules select per repository; a rule that selects nothing is a warning', async () => {
    const run = await plan([
      '--repository',
      repositoryName(3),
      '--repository',
      repositoryName(4),
      '--tags',
      'latest:1/minor',
      '--tags',
      'no-such-tag',
      '--trivy-db-updated-at',
      DB,
    ]);
    expect(run.code).toBe(0);
    const own = (i: number, k: string) => fixture.variants[i]?.[k];
    expect(run.plan.scans.map((scan) => [scan.repository, scan.tags])).toEqual([
      [repositoryName(3), ['1.0.0', 'v1.0.0']],
      [repositoryName(3), ['1.1.1']],
      [repositoryName(3), ['2.0.1']],
      [repositoryName(3), ['2.1.0']],
      [repositoryName(4), ['1.1.1']],
      [repositoryName(4), ['2.0.1']],
      [repositoryName(4), ['2.1.0']],
    ]);
    expect(run.plan.scans.map((scan) => scan.digest)).toContain(own(4, '4'));
    expect(run.plan.counts).toMatchObject({ repositories: 2, tags: 10, digests: 7 });
    expect(run.stderr).toContain(`tag rule 'no-such-tag' selects none of its ${TAGS_PER_REPOSITORY} tag(s)`);
    expect(await readFile(path.join(run.outDir, 'plan-summary.md'), 'utf8')).toContain('Rules that selected nothing');
  });

  test('a ledger covering everything with the same DB schedules 0 scans; a retagged tag schedules exactly its digest', async () => {
    const repositories = [5, 6, 7].flatMap((i) => ['--repository', repositoryName(i)]);
    const first = await plan([...repositories, '--trivy-db-updated-at', DB]);
    expect(first.plan.counts.toScan).toBe(2 + 3 * VARIANTS_PER_REPOSITORY);
    const ledger = await writeLedgerFile('ledger-all.json', ledgerOf(first.plan, DB, '2026-11-26T02:00:00Z'));

    const second = await plan([...repositories, '--ledger', ledger, '--trivy-db-updated-at', DB]);
    expect(second.plan.counts).toMatchObject({ toScan: 0, skipped: first.plan.counts.digests });
    expect(second.plan.scans).toEqual([]);
    expect(second.plan.skipped[0]).toMatchObject({ reason: 'unchanged' });
    expect(second.plan.skipped[0]?.detail).toContain('with the current Trivy DB');
    expect(second.stdout).toBe('toScan=0 shards=0\n');
    expect(JSON.parse(await readFile(path.join(second.outDir, 'github-matrix.json'), 'utf8'))).toEqual({
      include: [],
    });
    const child = parse(await readFile(path.join(second.outDir, 'gitlab-child-pipeline.yml'), 'utf8')) as object;
    expect(Object.keys(child)).toEqual(['rescan-nothing-to-scan']);

    // A newer DB: everything again.
    const newer = await plan([...repositories, '--ledger', ledger, '--trivy-db-updated-at', '2026-11-27T00:50:00Z']);
    expect(newer.plan.counts.toScan).toBe(first.plan.counts.toScan);

    const digest = await fixture.retag(repositoryName(6), '2.0.1', 'retagged');
    const third = await plan([...repositories, '--ledger', ledger, '--trivy-db-updated-at', DB]);
    expect(third.plan.scans).toEqual([
      {
        repository: repositoryName(6),
        digest,
        tags: ['2.0.1'],
        reference: `${registry.host}/${repositoryName(6)}@${digest}`,
      },
    ]);
    expect(third.stdout).toBe('toScan=1 shards=1\n');
  }, 60_000);

  test('the current DB from the Trivy cache dir, or the 24 h rule when it is unknown', async () => {
    const repositories = ['--repository', repositoryName(8)];
    const first = await plan([...repositories, '--trivy-db-updated-at', DB]);
    const cache = path.join(dir, 'trivy-cache');
    await mkdir(path.join(cache, 'db'), { recursive: true });
    await writeFile(
      path.join(cache, 'db', 'metadata.json'),
      JSON.stringify({ Version: 2, UpdatedAt: '2026-11-26T00:51:12Z', NextUpdate: '2026-11-27T00:51:12Z' }),
    );
    const ledger = await writeLedgerFile('ledger-8.json', ledgerOf(first.plan, DB, new Date().toISOString()));
    const fromCache = await plan([...repositories, '--ledger', ledger, '--trivy-cache-dir', cache]);
    expect(fromCache.plan).toMatchObject({ trivyDbUpdatedAt: DB, counts: { toScan: 0 } });

    // No DB known: a scan of less than 24 h ago is recent enough, one of two days ago is not.
    const unknown = await plan([...repositories, '--ledger', ledger]);
    expect(unknown.plan.trivyDbUpdatedAt).toBeUndefined();
    expect(unknown.plan.counts.toScan).toBe(0);
    expect(unknown.plan.skipped[0]?.detail).toContain('less than 24 h ago');
    expect(unknown.stderr).toContain('the current Trivy DB is unknown');
    const old = new Date(Date.now() - 48 * 3600_000).toISOString();
    const oldLedger = await writeLedgerFile('ledger-8-old.json', ledgerOf(first.plan, DB, old));
    const stale = await plan([...repositories, '--ledger', oldLedger]);
    expect(stale.plan.counts.toScan).toBe(first.plan.counts.toScan);
  }, 60_000);

  test('429 with Retry-After on manifest HEADs and tag lists is waited out and retried', async () => {
    proxy.fail((method, p) => method === 'HEAD' && p.includes('/manifests/'), 3, 429, { 'retry-after': '1' });
    proxy.fail((method, p) => method === 'GET' && p.endsWith('/tags/list'), 1, 429, { 'retry-after': '1' });
    const run = await plan(['--repository', repositoryName(9), '--trivy-db-updated-at', DB], {}, proxy.host);
    expect(run.code).toBe(0);
    expect(run.plan.counts.digests).toBe(2 + VARIANTS_PER_REPOSITORY);
    const limited = proxy.requests.filter((request) => request.status === 429);
    expect(limited).toHaveLength(4);
    for (const request of limited) {
      expect(
        proxy.requests.some(
          (other) => other.path === request.path && other.method === request.method && other.status === 200,
        ),
      ).toBe(true);
    }
    expect(run.plan.scans.every((scan) => scan.reference.startsWith(`${proxy.host}/`))).toBe(true);
  }, 60_000);

  test('a tag deleted between the tag list and its HEAD is a warning, not a failed plan', async () => {
    const gone = `/v2/${repositoryName(1)}/manifests/2.0.1`;
    proxy.fail((method, p) => method === 'HEAD' && p === gone, 1, 404);
    const run = await plan(
      ['--repository', repositoryName(1), '--tags', 'regex:2\\.0\\..*', '--trivy-db-updated-at', DB],
      {},
      proxy.host,
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(
      `warning: ${proxy.host}/${repositoryName(1)}:2.0.1: listed, but gone when its digest was asked for`,
    );
    expect(run.plan.scans.map((scan) => scan.tags)).toEqual([['2.0.0']]);
    expect(run.plan.counts).toMatchObject({ tags: 1, digests: 1 });
    expect(proxy.requests.some((request) => request.path === gone && request.status === 404)).toBe(true);
  });

  test('--concurrency caps the requests in flight', async () => {
    proxy.delayMs = 20;
    const run = await plan(
      ['--repository', repositoryName(10), '--concurrency', '3', '--trivy-db-updated-at', DB],
      {},
      proxy.host,
    );
    expect(run.code).toBe(0);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(3);
    expect(proxy.maxInFlight).toBeGreaterThan(1);
  });

  test('without --concurrency the requests in flight grow past 8 while the registry answers, up to 32', async () => {
    proxy.delayMs = 20;
    const run = await plan(['--trivy-db-updated-at', DB], {}, proxy.host);
    expect(run.code).toBe(0);
    expect(run.plan.counts.tags).toBe(REPOSITORIES * TAGS_PER_REPOSITORY);
    expect(proxy.maxInFlight).toBeGreaterThan(8);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(32);
    expect(run.stderr).not.toContain('requests in flight from now');
  });

  test('a 429 halves the grown limit (said once), and the throttled requests are retried', async () => {
    proxy.delayMs = 20;
    let heads = 0;
    // The 40th to 43rd HEAD, sent once the limit has grown, are throttled.
    proxy.fail((method, p) => method === 'HEAD' && p.includes('/manifests/') && ++heads > 40, 4, 429, {
      'retry-after': '1',
    });
    const run = await plan(['--trivy-db-updated-at', DB], {}, proxy.host);
    expect(run.code).toBe(0);
    expect(run.plan.counts.tags).toBe(REPOSITORIES * TAGS_PER_REPOSITORY);
    expect(proxy.requests.filter((request) => request.status === 429)).toHaveLength(4);
    const shrunk = [...run.stderr.matchAll(/answered 429: at most (\d+) requests in flight from now/g)];
    // The four were sent together: one halving, not four.
    expect(shrunk).toHaveLength(1);
    expect(Number(shrunk[0]?.[1])).toBeGreaterThanOrEqual(4);
    expect(Number(shrunk[0]?.[1])).toBeLessThanOrEqual(16);
    expect(run.stderr).toMatch(/answered 429 to HEAD \/v2\/.+; retrying in 1 s as Retry-After asks/);
  });

  test('tag lists and the catalog are followed through their Link pages', async () => {
    proxy.pageTags = true;
    const logger = new MemoryLogger();
    const client = await RegistryClient.open(proxy.host, { logger, environment: credentialsEnvironment(registry) });
    try {
      const inventory = await takeInventory({ client, rules: parseTagRules(['regex:2\\..*']), logger, pageSize: 5 });
      expect(inventory.repositories).toEqual(Array.from({ length: REPOSITORIES }, (_, i) => repositoryName(i)));
      expect(inventory.tagsListed).toBe(REPOSITORIES * TAGS_PER_REPOSITORY);
      expect(
        inventory.images
          .filter((image) => image.repository === repositoryName(0))
          .map((i) => i.tag)
          .sort(),
      ).toEqual(['2.0', '2.0.0', '2.0.1', '2.1', '2.1.0', '2.1.0-rc.1']);
    } finally {
      client.close();
    }
    const catalogPages = proxy.requests.filter((request) => request.path.startsWith('/v2/_catalog'));
    expect(catalogPages.filter((request) => request.status === 200).length).toBeGreaterThanOrEqual(3);
    expect(catalogPages.some((request) => request.path.includes('last='))).toBe(true);
    const tagPages = proxy.requests.filter(
      (request) => request.path.startsWith(`/v2/${repositoryName(0)}/tags/list`) && request.status === 200,
    );
    expect(tagPages).toHaveLength(Math.ceil(TAGS_PER_REPOSITORY / 5));
  });

  test('credentials from Docker config', async () => {
    const config = path.join(dir, 'docker-config');
    await mkdir(config, { recursive: true });
    const auth = Buffer.from(`${registry.username}:${registry.password}`).toString('base64');
    await writeFile(path.join(config, 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth } } }));
    const env = {
      IMAGEGATE_REGISTRY_USERNAME: undefined,
      IMAGEGATE_REGISTRY_PASSWORD: undefined,
      DOCKER_CONFIG: config,
    };
    const run = await plan(['--repository', repositoryName(11), '--tags', 'latest', '--trivy-db-updated-at', DB], env);
    expect(run.code).toBe(0);
    expect(run.plan.scans.map((scan) => scan.digest)).toEqual([fixture.variants[11]?.['2']]);
    const anonymous = await plan(['--repository', repositoryName(11)], {
      IMAGEGATE_REGISTRY_USERNAME: undefined,
      IMAGEGATE_REGISTRY_PASSWORD: undefined,
    });
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('requires authentication');
  });

  test('a registry that refuses its catalog: name the repositories (exit 2)', async () => {
    for (const status of [401, 403, 404, 405]) {
      proxy.reset();
      proxy.fail((_, p) => p === '/v2/_catalog', 10, status);
      const run = await plan(['--trivy-db-updated-at', DB], {}, proxy.host);
      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`registry ${proxy.host} does not let imagegate list its repositories`);
      expect(run.stderr).toContain('--repository NAME');
      expect(run.stderr).toContain('rescan.repositories');
    }
  });

  test('bad rules and flags exit 2 naming them; an unreachable registry exits 3', async () => {
    const regex = await plan(['--repository', 'a/b', '--tags', 'regex:(']);
    expect(regex.code).toBe(2);
    expect(regex.stderr).toContain("--tags 'regex:(': not a valid regular expression");
    const range = await plan(['--repository', 'a/b', '--tags', 'semver:not a range']);
    expect(range.code).toBe(2);
    expect(range.stderr).toContain("--tags 'semver:not a range': 'not a range' is not a semver range");
    const latest = await plan(['--repository', 'a/b', '--tags', 'latest:0']);
    expect(latest.code).toBe(2);
    const db = await plan(['--repository', 'a/b', '--trivy-db-updated-at', 'yesterday']);
    expect(db.code).toBe(2);
    expect(db.stderr).toContain("--trivy-db-updated-at 'yesterday'");
    const badRegistry = await plan(['--repository', 'a/b'], {}, 'https://example.com/some/path');
    expect(badRegistry.code).toBe(2);
    const missing = await plan(['--repository', 'imagegate-test/does-not-exist']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('tag list not found');
    const port = await freePort();
    const unreachable = await plan(['--repository', 'a/b'], {}, `127.0.0.1:${port}`);
    expect(unreachable.code).toBe(3);
  }, 60_000);

  test('the policy names repositories and tag rules; flags take precedence', async () => {
    const policy = path.join(dir, 'rescan-policy.yml');
    await writeFile(
      policy,
      `version: 1\nrescan:\n  repositories: [${repositoryName(2)}]\n  tags: ['semver:>=2.0.0 <2.1.0']\n`,
    );
    const run = await plan(['--policy', policy, '--trivy-db-updated-at', DB]);
    expect(run.code).toBe(0);
    expect(run.plan.scans.map((scan) => [scan.repository, scan.tags])).toEqual([
      [repositoryName(2), ['2.0.0']],
      [repositoryName(2), ['2.0.1']],
    ]);
    const flags = await plan(['--policy', policy, '--tags', 'stable', '--trivy-db-updated-at', DB]);
    expect(flags.plan.scans.map((scan) => scan.tags)).toEqual([['stable']]);
    const child = await readFile(path.join(run.outDir, 'gitlab-child-pipeline.yml'), 'utf8');
    expect(child).toContain('--policy rescan-policy.yml');
  });

  test('more than 256 scans: --shards spreads them; the GitHub matrix refuses more than 256 shards', async () => {
    const repository = 'imagegate-test/many';
    const digests = await fixture.many(repository, 300);
    const ledger = await writeLedgerFile('ledger-many.json', { schemaVersion: 1, updatedAt: DB, entries: {} });
    const byDefault = await plan(['--repository', repository, '--ledger', ledger, '--trivy-db-updated-at', DB]);
    expect(byDefault.code).toBe(0);
    expect(byDefault.plan.counts.toScan).toBe(300);
    expect(new Set(byDefault.plan.scans.map((scan) => scan.digest))).toEqual(new Set(digests));
    expect(byDefault.stdout).toBe('toScan=300 shards=200\n');

    const run = await plan([
      '--repository',
      repository,
      '--shards',
      '250',
      '--ledger',
      ledger,
      '--trivy-db-updated-at',
      DB,
      '--gitlab-image',
      'registry.example.com/tools/imagegate:1',
    ]);
    expect(run.code).toBe(0);
    expect(run.plan.shards).toBe(250);
    const matrix = JSON.parse(await readFile(path.join(run.outDir, 'github-matrix.json'), 'utf8')) as {
      include: Array<{ shard: string; references: string; repositories: string }>;
    };
    expect(matrix.include).toHaveLength(250);
    expect(matrix.include[0]?.shard).toBe('1/250');
    expect(matrix.include[0]?.references.split(' ')).toHaveLength(2);
    expect(matrix.include[249]?.references.split(' ')).toHaveLength(1);
    expect(matrix.include[0]?.repositories).toBe(repository);
    const child = parse(await readFile(path.join(run.outDir, 'gitlab-child-pipeline.yml'), 'utf8')) as Record<
      string,
      { parallel?: { matrix: Array<{ SHARD: string[] }> }; image?: { name: string } }
    >;
    const shardJobs = Object.entries(child).filter(([, job]) => job.parallel);
    expect(shardJobs.map(([name, job]) => [name, job.parallel?.matrix[0]?.SHARD.length])).toEqual([
      ['rescan-1-200', 200],
      ['rescan-201-250', 50],
    ]);
    expect(shardJobs[0]?.[1].image?.name).toBe('registry.example.com/tools/imagegate:1');

    const tooMany = await plan(['--repository', repository, '--shards', '300', '--trivy-db-updated-at', DB]);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toContain('at most 256 jobs; give --shards 256 or fewer');
  }, 120_000);
});
