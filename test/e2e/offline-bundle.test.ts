import { createHash } from 'node:crypto';
import { chmod, copyFile, lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { sampleSpec } from '../image/support/archives.js';
import { epssGz } from '../scan/feeds/epss-csv.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';
import { cli } from '../support/cli.js';
import { startDeadProxy, type DeadProxy } from '../support/dead-proxy.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin, TRIVY_STANDIN_SCRIPT } from '../support/trivy-standin/standin.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { planned, planOf, writePlan } from '../rescan/run-fixtures.js';
import type { PlannedScan } from '../../src/rescan/types.js';

/**
 * `imagegate offline bundle --out DIR` then `imagegate check --offline-bundle DIR` (issue 18 item 3), through the
 * real CLI: the bundle is made from a Trivy install (the stand-in, vouched for with --trivy-sha256 as an unpinned
 * version must be) whose `--download-db-only` fills the DB, and feeds from a local mirror. The check then runs on a
 * machine with empty caches, every proxy variable at a dead proxy, and must make no request at all. A bundle whose
 * file differs from its manifest, holds a symlink, or names a path outside itself is refused (exit 2).
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
const kevSnapshot = sharedFile('corpus', 'vulndata', 'known_exploited_vulnerabilities.json');
if (!report || !kevSnapshot) throw new Error('the shared corpus (trivy/alpine-39, vulndata KEV) is needed');

const VERSION = '0.71.1';
const work = await tempDir('imagegate-offline-bundle-');
const outside = await tempDir('imagegate-bundle-elsewhere-');
const standin = await installTrivyStandin();
const server = useReleaseServer();
const SHA = createHash('sha256')
  .update(await readFile(TRIVY_STANDIN_SCRIPT))
  .digest('hex');
let proxy: DeadProxy;
let archive: string;
let bundle: string;
const saved = { ...process.env };

const POLICY = ['version: 1', 'defaults:', '  vulnerabilities: {failOn: never, failOnKev: true}', ''].join('\n');

beforeAll(async () => {
  proxy = await startDeadProxy();
  archive = path.join(work, 'image.tar');
  await writeImageArchive(archive, sampleSpec(), { format: 'docker-legacy' });

  // The machine with network: Trivy installed (the stand-in as an unpinned 0.71.1), feeds on a mirror.
  const xdg = path.join(work, 'online-xdg');
  const installed = path.join(xdg, 'imagegate', 'trivy', VERSION, `${process.platform}-${process.arch}`);
  await mkdir(installed, { recursive: true });
  await copyFile(TRIVY_STANDIN_SCRIPT, path.join(installed, 'trivy'));
  await chmod(path.join(installed, 'trivy'), 0o755);
  server.routes.set('/kev.json', { body: await readFile(kevSnapshot!) });
  server.routes.set('/epss.csv.gz', { body: epssGz([['CVE-2019-1549', 0.02, 0.8]]) });
  Object.assign(process.env, standin.env({ report: report!, version: VERSION }), { XDG_CACHE_HOME: xdg });
  bundle = path.join(work, 'bundle');
  const made = await cli([
    'offline',
    'bundle',
    '--out',
    bundle,
    '--trivy-version',
    VERSION,
    '--trivy-sha256',
    SHA,
    '--kev-url',
    `${server.baseUrl}/kev.json`,
    '--epss-url',
    `${server.baseUrl}/epss.csv.gz`,
  ]);
  process.env = { ...saved };
  if (made.code !== 0) throw new Error(`offline bundle failed: ${made.stderr}`);
});
afterAll(async () => {
  await proxy.close();
});
afterEach(() => {
  process.env = { ...saved };
});

let cases = 0;
/** A copy of the bundle, and the air-gapped machine: empty caches, no trivy on PATH, the network dead. */
async function airGapped() {
  cases += 1;
  const dir = path.join(work, `gapped-${cases}`);
  const copy = path.join(dir, 'bundle');
  await mkdir(dir, { recursive: true });
  await cpTree(bundle, copy);
  await writeFile(path.join(dir, 'policy.yml'), POLICY);
  await standin.clearLog();
  server.requests.length = 0;
  Object.assign(process.env, proxy.env(), standin.env({ report: report!, version: VERSION }), {
    XDG_CACHE_HOME: path.join(dir, 'xdg'),
    PATH: saved.PATH ?? '',
  });
  const check = () =>
    cli(
      [
        'check',
        '--archive',
        archive,
        '--policy',
        path.join(dir, 'policy.yml'),
        '--out-dir',
        path.join(dir, 'out'),
        '--offline-bundle',
        copy,
        '--trivy-sha256',
        SHA,
      ],
      dir,
    );
  return { dir, copy, check };
}

async function cpTree(from: string, to: string): Promise<void> {
  const { cp } = await import('node:fs/promises');
  await cp(from, to, { recursive: true });
}

test('the bundle lists every file with its SHA-256 and size, the Trivy version, the DB date and the feeds', async () => {
  const manifest = JSON.parse(await readFile(path.join(bundle, 'imagegate-bundle.json'), 'utf8')) as {
    trivy: { version: string; dir: string };
    db: { updatedAt: string };
    feeds: Array<{ feed: string }>;
    files: Array<{ path: string; sha256: string; bytes: number }>;
  };
  expect(manifest.trivy).toMatchObject({
    version: VERSION,
    dir: `trivy/${VERSION}/${process.platform}-${process.arch}`,
  });
  expect(manifest.db.updatedAt).toMatch(/^\d{4}-/);
  expect(manifest.feeds.map((f) => f.feed)).toEqual(['kev', 'epss']);
  expect(manifest.files.map((f) => f.path)).toEqual(
    expect.arrayContaining([
      `${manifest.trivy.dir}/trivy`,
      'db/trivy.db',
      'db/metadata.json',
      'feeds/kev',
      'feeds/kev.record.json',
      'feeds/epss',
      'feeds/epss.record.json',
    ]),
  );
  for (const file of manifest.files) {
    const body = await readFile(path.join(bundle, file.path));
    expect({ path: file.path, bytes: body.length, sha256: createHash('sha256').update(body).digest('hex') }).toEqual(
      file,
    );
  }
});

test('check --offline-bundle on an air-gapped machine: the bundle Trivy, DB and feeds, zero requests', async () => {
  const { dir, copy, check } = await airGapped();
  const run = await check();
  expect(run.stderr).not.toMatch(/imagegate: /);
  expect(run.code).toBe(0);
  const doc = JSON.parse(await readFile(path.join(dir, 'out', 'imagegate.json'), 'utf8')) as {
    scan: { binary: { path: string; version: string }; db: { offline: boolean }; feeds: Array<{ origin: string }> };
  };
  // Trivy ran from the run's private verified copy of the bundle (removed after the run), not from the bundle.
  const shared = path.join(dir, 'xdg', 'imagegate', 'trivy-db');
  expect(doc.scan.binary.path.startsWith(path.join(shared, 'offline-bundle-'))).toBe(true);
  expect(doc.scan.binary.path.startsWith(copy)).toBe(false);
  expect((await readdir(shared)).filter((name) => name.startsWith('offline-bundle-'))).toEqual([]);
  expect(doc.scan.binary.version).toBe(VERSION);
  expect(doc.scan.db.offline).toBe(true);
  expect(doc.scan.feeds.map((f) => f.origin)).toEqual(['cache', 'cache']);
  const log = await standin.readLog();
  const image = log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
  expect(image).toHaveLength(1);
  expect((image[0] as { argv: string[] }).argv).toContain('--offline-scan');
  expect(log.some((e) => e.event === 'db-download')).toBe(false);
  expect(server.requests).toEqual([]);
  expect(proxy.connections).toBe(0);
});

test('an online run after a bundle run does not find the bundle DB in the shared cache: it downloads its own', async () => {
  const { dir, check } = await airGapped();
  expect((await check()).code).toBe(0);
  const shared = path.join(dir, 'xdg', 'imagegate', 'trivy-db');
  await expect(lstat(path.join(shared, 'db'))).rejects.toThrow(/ENOENT/);
  await expect(lstat(path.join(shared, 'feeds'))).rejects.toThrow(/ENOENT/);
  // The same machine online (the stand-in installed as that Trivy, the feeds from the local mirror).
  const installed = path.join(dir, 'xdg', 'imagegate', 'trivy', VERSION, `${process.platform}-${process.arch}`);
  await mkdir(installed, { recursive: true });
  await copyFile(TRIVY_STANDIN_SCRIPT, path.join(installed, 'trivy'));
  await chmod(path.join(installed, 'trivy'), 0o755);
  await standin.clearLog();
  process.env = { ...saved };
  Object.assign(process.env, standin.env({ report: report!, version: VERSION }), {
    XDG_CACHE_HOME: path.join(dir, 'xdg'),
  });
  const online = await cli(
    [
      'check',
      '--archive',
      archive,
      '--policy',
      path.join(dir, 'policy.yml'),
      '--out-dir',
      path.join(dir, 'out-online'),
      '--trivy-version',
      VERSION,
      '--trivy-sha256',
      SHA,
      '--kev-url',
      `${server.baseUrl}/kev.json`,
      '--epss-url',
      `${server.baseUrl}/epss.csv.gz`,
    ],
    dir,
  );
  expect(online.stderr).not.toMatch(/imagegate: /);
  expect(online.code).toBe(0);
  const log = await standin.readLog();
  expect(log.some((e) => e.event === 'db-download')).toBe(true);
  const image = log.find((e) => e.event === 'invocation' && e.argv[0] === 'image') as { argv: string[] };
  expect(image.argv).not.toContain('--skip-db-update');
});

/** A bundle made on its own machine with network (a fresh cache: no DB, no Java DB). */
async function bundleOnline(name: string, extra: string[], options: { mode?: 'rate-limit-java' } = {}) {
  const xdg = path.join(work, `${name}-xdg`);
  const installed = path.join(xdg, 'imagegate', 'trivy', VERSION, `${process.platform}-${process.arch}`);
  await mkdir(installed, { recursive: true });
  await copyFile(TRIVY_STANDIN_SCRIPT, path.join(installed, 'trivy'));
  await chmod(path.join(installed, 'trivy'), 0o755);
  await standin.clearLog();
  Object.assign(process.env, standin.env({ report: report!, version: VERSION, ...options }), { XDG_CACHE_HOME: xdg });
  const out = path.join(work, name);
  const made = await cli([
    'offline',
    'bundle',
    '--out',
    out,
    '--trivy-version',
    VERSION,
    '--trivy-sha256',
    SHA,
    '--kev-url',
    `${server.baseUrl}/kev.json`,
    '--epss-url',
    `${server.baseUrl}/epss.csv.gz`,
    ...extra,
  ]);
  const log = await standin.readLog();
  process.env = { ...saved };
  const manifest = JSON.parse(await readFile(path.join(out, 'imagegate-bundle.json'), 'utf8').catch(() => '{}')) as {
    javaDb?: { updatedAt: string } | null;
    files?: Array<{ path: string }>;
  };
  return { made, log, manifest, out };
}

test('offline bundle downloads the Java DB (--download-java-db-only, the repositories given); a JAR image scans gapped', async () => {
  const { made, log, manifest, out } = await bundleOnline('bundle-java', [
    '--trivy-java-db-repository',
    'registry.mirror.example/trivy-java-db:1',
    '--trivy-db-repository',
    'registry.mirror.example/trivy-db:2',
  ]);
  expect(made.stderr).not.toMatch(/imagegate: /);
  expect(made.code).toBe(0);
  const javaRun = log.find((e) => e.event === 'invocation' && e.argv.includes('--download-java-db-only')) as {
    argv: string[];
  };
  expect(javaRun.argv).toEqual(
    expect.arrayContaining(['--java-db-repository', 'registry.mirror.example/trivy-java-db:1']),
  );
  expect(log).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        event: 'db-download',
        database: 'java-db',
        repository: 'registry.mirror.example/trivy-java-db:1',
      }),
      expect.objectContaining({
        event: 'db-download',
        database: 'db',
        repository: 'registry.mirror.example/trivy-db:2',
      }),
    ]),
  );
  expect(manifest.javaDb?.updatedAt).toMatch(/^\d{4}-/);
  expect(manifest.files?.map((f) => f.path)).toEqual(
    expect.arrayContaining(['java-db/trivy-java.db', 'java-db/metadata.json']),
  );
  // Air-gapped, an image with JARs: the bundle's Java DB is used, nothing downloaded.
  const { dir } = await airGapped();
  Object.assign(process.env, standin.env({ report: report!, version: VERSION, java: true }));
  const run = await cli(
    [
      'check',
      '--archive',
      archive,
      '--policy',
      path.join(dir, 'policy.yml'),
      '--out-dir',
      path.join(dir, 'out'),
      '--offline-bundle',
      out,
      '--trivy-sha256',
      SHA,
    ],
    dir,
  );
  expect(run.stderr).not.toMatch(/imagegate: /);
  expect(run.code).toBe(0);
  const gapped = await standin.readLog();
  expect(gapped.some((e) => e.event === 'db-download')).toBe(false);
  expect(gapped).toEqual(expect.arrayContaining([expect.objectContaining({ event: 'db-skip', database: 'java-db' })]));
  expect(proxy.connections).toBe(0);
});

test('a Java DB the registry will not give is a warning: the bundle is made without it', async () => {
  const { made, manifest } = await bundleOnline('bundle-no-java', [], { mode: 'rate-limit-java' });
  expect(made.code).toBe(0);
  expect(made.stderr).toContain('offline bundle: the Java DB could not be downloaded');
  expect(manifest.javaDb).toBeNull();
  expect(manifest.files?.some((f) => f.path.startsWith('java-db/'))).toBe(false);
});

test("the job's Trivy registry credentials never reach the DB registries: both downloads run without them", async () => {
  // Trivy sends TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN to every registry it talks to (trivy-db-prefetch.ts).
  Object.assign(process.env, {
    TRIVY_USERNAME: 'ci-bot',
    TRIVY_PASSWORD: 'job-trivy-s3cret',
    TRIVY_REGISTRY_TOKEN: 'job-trivy-token',
  });
  const { made, log } = await bundleOnline('bundle-no-credentials', []);
  expect(made.code).toBe(0);
  const runs = log.filter((e) => e.event === 'invocation');
  expect(runs.map((e) => e.argv[1])).toEqual(['--download-db-only', '--download-java-db-only']);
  for (const run of runs) {
    expect(run.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
    expect(run.trivyEnv.filter((name) => /^TRIVY_(USERNAME|PASSWORD|REGISTRY_TOKEN)$/.test(name))).toEqual([]);
  }
});

test('a tampered DB file is refused before use: exit 2 at the manifest entry, Trivy never runs', async () => {
  const { copy, check } = await airGapped();
  await writeFile(path.join(copy, 'db', 'trivy.db'), 'a DB someone changed on the way\n');
  const run = await check();
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(
    /imagegate-bundle\.json:\d+:\d+: files\[\d+\]\.path: db\/trivy\.db is \d+ bytes, the manifest says \d+/,
  );
  expect(await standin.readLog()).toEqual([]);
  expect(proxy.connections).toBe(0);
});

test('same size, other bytes: the SHA-256 says so', async () => {
  const { copy, check } = await airGapped();
  const file = path.join(copy, 'feeds', 'kev');
  const body = await readFile(file);
  body[10] = body[10] === 0x41 ? 0x42 : 0x41;
  await writeFile(file, body);
  const run = await check();
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/files\[\d+\]\.path: feeds\/kev has SHA-256 [0-9a-f]{64}, the manifest says [0-9a-f]{64}/);
});

test('a symlink in the bundle is refused, even one pointing at an identical file', async () => {
  const { copy, check } = await airGapped();
  const file = path.join(copy, 'feeds', 'epss');
  await copyFile(file, path.join(work, `epss-elsewhere-${cases}`));
  await rm(file);
  await symlink(path.join(work, `epss-elsewhere-${cases}`), file);
  const run = await check();
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('feeds/epss is a symlink; a bundle holds none');
});

test('a manifest path that leaves the bundle is refused at its line and column', async () => {
  const { copy, check } = await airGapped();
  const manifestFile = path.join(copy, 'imagegate-bundle.json');
  const text = await readFile(manifestFile, 'utf8');
  await writeFile(manifestFile, text.replace('"path": "feeds/kev"', '"path": "../../etc/passwd"'));
  const run = await check();
  expect(run.code).toBe(2);
  const line = text.split('\n').findIndex((l) => l.includes('"path": "feeds/kev"')) + 1;
  expect(run.stderr).toContain(`imagegate-bundle.json:${line}:15: files[`);
  expect(run.stderr).toContain("'../../etc/passwd' leaves the bundle or is not a plain relative path");
});

test('offline bundle without --out, or into a directory that is not empty, is exit 2', async () => {
  const missing = await cli(['offline', 'bundle']);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toContain('offline bundle needs --out DIR');
  const taken = await cli(['offline', 'bundle', '--out', bundle]);
  expect(taken.code).toBe(2);
  expect(taken.stderr).toContain('the directory is not empty; name a new one');
});

test('a bundle made for another platform is refused with exit 2 naming both', async () => {
  const { copy, check } = await airGapped();
  const manifestFile = path.join(copy, 'imagegate-bundle.json');
  const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as { trivy: { dir: string; arch: string } };
  const other = manifest.trivy.dir.replace(/-[a-z0-9]+$/, '-s390x');
  await cpTree(path.join(copy, manifest.trivy.dir), path.join(copy, other));
  const text = (await readFile(manifestFile, 'utf8')).split(manifest.trivy.dir).join(other);
  await writeFile(manifestFile, text.replace(`"arch": "${manifest.trivy.arch}"`, '"arch": "s390x"'));
  const run = await check();
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/its Trivy is for \w+-s390x, this machine is/);
});

test('a bundle directory inside the workspace that is a symlink leading out is refused (exit 2)', async () => {
  const { dir, copy } = await airGapped();
  // Somewhere no root covers (the archive's directory, `work`, is one the check trusts).
  const elsewhere = outside;
  await cpTree(copy, path.join(elsewhere, 'bundle'));
  await mkdir(path.join(dir, 'ws'), { recursive: true });
  await symlink(path.join(elsewhere, 'bundle'), path.join(dir, 'ws', 'bundle-link'));
  await copyFile(path.join(dir, 'policy.yml'), path.join(dir, 'ws', 'policy.yml'));
  const run = await cli(
    ['check', '--archive', archive, '--policy', 'policy.yml', '--out-dir', 'out', '--offline-bundle', 'bundle-link'],
    path.join(dir, 'ws'),
  );
  expect(run.code).toBe(2);
  expect(run.stderr).toMatch(/--offline-bundle: \S+bundle-link is refused: /);
});

test('--platform all with a bundle verifies the bundle once for the run, then scans every platform', async () => {
  const { dir, copy } = await airGapped();
  const layout = path.join(dir, 'multi');
  const platformSpec = (architecture: string) => ({ ...sampleSpec(), platform: { os: 'linux', architecture } });
  await writeImageArchive(layout, [platformSpec('amd64'), platformSpec('arm64')], {
    format: 'oci-dir',
    compression: 'gzip',
    nestPlatforms: true,
  });
  const run = await cli(
    [
      'check',
      '--oci-layout',
      layout,
      '--platform',
      'all',
      '--policy',
      path.join(dir, 'policy.yml'),
      '--out-dir',
      path.join(dir, 'out'),
      '--offline-bundle',
      copy,
      '--trivy-sha256',
      SHA,
    ],
    dir,
  );
  expect(run.stderr).not.toMatch(/imagegate: /);
  expect(run.code).toBe(0);
  // Review finding 9: one verification (hashing every bundle file, copying the DB), not one per platform.
  const output = run.stdout + run.stderr;
  expect(output.split(`offline bundle ${copy}: copied and verified`).length - 1).toBe(1);
  const image = (await standin.readLog()).filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
  expect(image).toHaveLength(2);
  expect(proxy.connections).toBe(0);
});

describeWithRegistry('rescan run --offline-bundle', () => {
  let registry: TestRegistry;
  const images: Pushed[] = [];

  beforeAll(async () => {
    registry = await startRegistry({ auth: 'htpasswd' });
    for (const [index, repository] of ['team/api', 'team/web'].entries()) {
      const layout = path.join(work, `rescan-layout-${index}`);
      const spec = sampleSpec();
      await writeImageArchive(
        layout,
        { ...spec, config: { ...spec.config, Labels: { 'org.example.image': repository } } },
        { format: 'oci-dir', compression: 'gzip' },
      );
      images.push(await pushLayout(layout, registry, repository, ['1.0.0']));
    }
    // An index of two platforms: `--platform all` gates both within the one scan of this digest.
    const multi = path.join(work, 'rescan-layout-multi');
    const platformSpec = (architecture: string) => ({ ...sampleSpec(), platform: { os: 'linux', architecture } });
    await writeImageArchive(multi, [platformSpec('amd64'), platformSpec('arm64')], {
      format: 'oci-dir',
      compression: 'gzip',
      nestPlatforms: true,
    });
    images.push(await pushLayout(multi, registry, 'team/multi', ['1.0.0']));
  }, 60_000);
  afterAll(async () => {
    await registry?.stop();
  });

  /** An air-gapped runner with the registry's login, running one shard of `scans` with the bundle copy. */
  async function shard(scans: PlannedScan[], extra: string[] = []) {
    const { dir, copy } = await airGapped();
    Object.assign(process.env, {
      IMAGEGATE_REGISTRY_USERNAME: registry.username,
      IMAGEGATE_REGISTRY_PASSWORD: registry.password,
    });
    const plan = await writePlan(path.join(dir, 'plan.json'), planOf(scans, { registry: registry.host }));
    const out = path.join(dir, 'rescan');
    const args = ['--policy', path.join(dir, 'policy.yml'), '--out-dir', out, '--offline-bundle', copy];
    const run = await cli(
      ['rescan', 'run', '--plan', plan, ...args, '--trivy-sha256', SHA, '--fail-on', 'never', ...extra],
      dir,
    );
    return { dir, copy, out, run };
  }

  test('a shard of two images on an air-gapped runner: the bundle is verified and copied once, then removed', async () => {
    const { dir, copy, out, run } = await shard(
      images
        .slice(0, 2)
        .map((image, index) => planned(registry.host, index === 0 ? 'team/api' : 'team/web', image.digest, ['1.0.0'])),
    );
    expect(run.stderr).not.toMatch(/imagegate: |scan failed/);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('rescan shard 1/1: 2 scanned, 0 failed');
    const result = JSON.parse(await readFile(path.join(out, 'rescan-result.json'), 'utf8')) as {
      scans: Array<{ outDir: string; trivyDbUpdatedAt?: string }>;
    };
    const manifest = JSON.parse(await readFile(path.join(copy, 'imagegate-bundle.json'), 'utf8')) as {
      db: { updatedAt: string };
    };
    const binaries: string[] = [];
    for (const scan of result.scans) {
      const doc = JSON.parse(await readFile(path.join(out, scan.outDir, 'imagegate.json'), 'utf8')) as {
        scan: { binary: { path: string }; db: { offline: boolean } };
      };
      expect(doc.scan.db.offline).toBe(true);
      binaries.push(doc.scan.binary.path);
      // The ledger learns the bundle's DB, so the next plan compares against what was really used.
      expect(scan.trivyDbUpdatedAt).toBe(new Date(manifest.db.updatedAt).toISOString());
    }
    // One private copy served both scans, and it is gone after the shard.
    const shared = path.join(dir, 'xdg', 'imagegate', 'trivy-db');
    const copyDir = path.dirname(path.dirname(path.dirname(path.dirname(binaries[0] as string))));
    expect(path.basename(copyDir)).toMatch(/^offline-bundle-/);
    expect(binaries.every((binary) => binary.startsWith(`${copyDir}/`))).toBe(true);
    expect((await readdir(shared)).filter((name) => name.startsWith('offline-bundle-'))).toEqual([]);
    const log = await standin.readLog();
    const scans = log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image') as Array<{ argv: string[] }>;
    expect(scans).toHaveLength(2);
    for (const scan of scans) expect(scan.argv).toEqual(expect.arrayContaining(['--offline-scan', '--skip-db-update']));
    expect(log.some((e) => e.event === 'db-download')).toBe(false);
    expect(server.requests).toEqual([]);
    expect(proxy.connections).toBe(0);
  }, 60_000);

  test('--platform all: every platform of every image uses the shard’s one copy (none of its own)', async () => {
    const { dir, out, run } = await shard(
      [planned(registry.host, 'team/multi', (images[2] as Pushed).digest, ['1.0.0'])],
      ['--platform', 'all'],
    );
    expect(run.stderr).not.toMatch(/imagegate: |scan failed/);
    expect(run.code).toBe(0);
    // The shard's copy is announced once; a platform run making its own would announce another.
    expect(run.stderr.match(/offline bundle \S+: copied and verified/g)).toHaveLength(1);
    const result = JSON.parse(await readFile(path.join(out, 'rescan-result.json'), 'utf8')) as {
      scans: Array<{ outDir: string }>;
    };
    const doc = JSON.parse(
      await readFile(path.join(out, (result.scans[0] as { outDir: string }).outDir, 'imagegate.json'), 'utf8'),
    ) as { platforms: Array<{ platform: string }> | null };
    expect(doc.platforms?.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    const scans = (await standin.readLog()).filter((e) => e.event === 'invocation' && e.argv[0] === 'image');
    expect(scans).toHaveLength(2);
    const shared = path.join(dir, 'xdg', 'imagegate', 'trivy-db');
    expect((await readdir(shared)).filter((name) => name.startsWith('offline-bundle-'))).toEqual([]);
  }, 60_000);

  test('a tampered bundle stops the shard before any registry is asked: exit 2 at the manifest entry', async () => {
    const { dir, copy } = await airGapped();
    await writeFile(path.join(copy, 'db', 'trivy.db'), 'a DB someone changed on the way\n');
    // Nothing listens on port 9: had the registry been asked first, this would be a network failure (exit 3).
    const run = await cli(
      [
        'rescan',
        'run',
        '--reference',
        `127.0.0.1:9/team/api@${images[0]?.digest ?? ''}`,
        '--policy',
        path.join(dir, 'policy.yml'),
        '--out-dir',
        path.join(dir, 'rescan'),
        '--offline-bundle',
        copy,
        '--trivy-sha256',
        SHA,
      ],
      dir,
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/imagegate-bundle\.json:\d+:\d+: files\[\d+\]\.path: db\/trivy\.db is \d+ bytes/);
    expect(await standin.readLog()).toEqual([]);
    await expect(lstat(path.join(dir, 'rescan'))).rejects.toThrow(/ENOENT/);
  }, 60_000);
});
