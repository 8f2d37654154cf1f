import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { startDeadProxy, type DeadProxy } from '../support/dead-proxy.js';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { sampleSpec } from '../image/support/archives.js';
import { resultSchemaErrors } from '../support/schemas.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin, type StandinEvent } from '../support/trivy-standin/standin.js';
import { useReleaseServer } from '../scan/install/support/release-server.js';

/**
 * `imagegate check --offline` (issue 18 item 3) through the real CLI, a docker-save archive and the Trivy
 * stand-in, with the network made unreachable: every proxy variable points at a dead proxy that records
 * connections, and the feed mirror the policy names is a local recording server. Offline must touch neither, must
 * run Trivy with the cached DB whatever its age (and say how old), and must stop with exit 3 naming what is missing.
 */

const report = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
const kevSnapshot = sharedFile('corpus', 'vulndata', 'known_exploited_vulnerabilities.json');
if (!report || !kevSnapshot) throw new Error('the shared corpus (trivy/alpine-39, vulndata KEV) is needed');

const DAY = 86_400_000;
const work = await tempDir('imagegate-offline-');
const standin = await installTrivyStandin();
const server = useReleaseServer();
let proxy: DeadProxy;
let archive: string;
const saved = { ...process.env };

beforeAll(async () => {
  proxy = await startDeadProxy();
  // A docker-save archive written here: no daemon and no registry, so the only network there is would be ours.
  archive = path.join(work, 'image.tar');
  await writeImageArchive(archive, sampleSpec(), { format: 'docker-legacy' });
});
afterAll(async () => {
  await proxy.close();
});
afterEach(() => {
  process.env = { ...saved };
});

let cases = 0;
/** A fresh XDG cache (Trivy install dir and DB cache dir) per case, the network dead, the stand-in on PATH or not. */
async function setup(options: { trivyOnPath?: boolean } = {}) {
  cases += 1;
  const dir = path.join(work, `case-${cases}`);
  const cache = path.join(dir, 'xdg');
  await mkdir(dir, { recursive: true });
  await standin.clearLog();
  Object.assign(process.env, proxy.env(), standin.env({ report: report! }), {
    XDG_CACHE_HOME: cache,
    // Without the stand-in, PATH keeps the system's but no trivy (the machine has none).
    PATH: options.trivyOnPath === false ? (saved.PATH ?? '') : standin.path(),
  });
  return { dir, dbCache: path.join(cache, 'imagegate', 'trivy-db') };
}

/** A DB as Trivy leaves it after a download `ageDays` ago. */
async function cachedDb(dbCache: string, ageDays: number): Promise<Date> {
  const updatedAt = new Date(Date.now() - ageDays * DAY);
  await mkdir(path.join(dbCache, 'db'), { recursive: true });
  await writeFile(path.join(dbCache, 'db', 'trivy.db'), 'a DB cached long ago\n');
  const metadata = {
    Version: 2,
    NextUpdate: new Date(updatedAt.getTime() + DAY).toISOString(),
    UpdatedAt: updatedAt.toISOString(),
    DownloadedAt: new Date(updatedAt.getTime() + 3_600_000).toISOString(),
  };
  await writeFile(path.join(dbCache, 'db', 'metadata.json'), JSON.stringify(metadata));
  return updatedAt;
}

/** The KEV catalogue as the feed cache keeps it, downloaded `ageDays` ago from the local mirror. */
async function cachedKev(dbCache: string, ageDays: number): Promise<void> {
  const body = await readFile(kevSnapshot!);
  await mkdir(path.join(dbCache, 'feeds'), { recursive: true });
  await writeFile(path.join(dbCache, 'feeds', 'kev'), body);
  const record = {
    url: `${server.baseUrl}/kev.json`,
    sha256: createHash('sha256').update(body).digest('hex'),
    bytes: body.length,
    downloadedAt: new Date(Date.now() - ageDays * DAY).toISOString(),
  };
  await writeFile(path.join(dbCache, 'feeds', 'kev.record.json'), JSON.stringify(record));
}

async function check(dir: string, policy: string, extra: string[] = []) {
  await writeFile(path.join(dir, 'policy.yml'), policy);
  const outDir = path.join(dir, 'out');
  const run = await cli(
    ['check', '--archive', archive, '--policy', path.join(dir, 'policy.yml'), '--out-dir', outDir, ...extra],
    dir,
  );
  return { run, outDir };
}

const imageRuns = (log: StandinEvent[]) =>
  log.filter((e) => e.event === 'invocation' && e.argv[0] === 'image').map((e) => (e as { argv: string[] }).argv);

const POLICY = [
  'version: 1',
  'defaults:',
  '  vulnerabilities:',
  '    failOn: critical',
  '    failOnKev: true',
  '',
].join('\n');

describe('imagegate check --offline with the network unreachable', () => {
  it('uses a 40-day-old DB and KEV copy: Trivy gets --skip-db-update --offline-scan, the age is reported, no request', async () => {
    const { dir, dbCache } = await setup();
    const updatedAt = await cachedDb(dbCache, 40);
    await cachedKev(dbCache, 40);
    const { run, outDir } = await check(dir, POLICY, ['--offline', '--kev-url', `${server.baseUrl}/kev.json`]);
    expect(run.stderr).not.toMatch(/imagegate: /);
    expect(run.code).toBe(1); // the alpine-39 report has criticals
    const [argv, ...more] = imageRuns(await standin.readLog());
    expect(more).toEqual([]);
    expect(argv).toEqual(expect.arrayContaining(['--skip-db-update', '--skip-java-db-update', '--offline-scan']));
    expect(argv).not.toContain('--db-repository');
    expect(argv).not.toContain('--java-db-repository');
    // The stand-in did not "download" anything: the DB is the one we left.
    expect((await standin.readLog()).some((e) => e.event === 'db-download')).toBe(false);
    expect(run.stdout).toContain(`  db        Trivy DB of ${updatedAt.toISOString()}, 40 days old (offline)`);
    expect(run.stderr).toMatch(/feeds: offline, using the kev copy downloaded/);

    const doc = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as {
      scan: { db: unknown; feeds: Array<{ feed: string; origin: string }> };
    };
    expect(resultSchemaErrors(doc)).toEqual([]);
    expect(doc.scan.db).toEqual({
      updatedAt: updatedAt.toISOString(),
      downloadedAt: expect.any(String),
      ageSeconds: expect.any(Number),
      offline: true,
    });
    expect(doc.scan.feeds.map((f) => `${f.feed} ${f.origin}`)).toEqual(['kev cache']);
    const summary = await readFile(path.join(outDir, 'summary.md'), 'utf8');
    expect(summary).toContain('(40 days old). The run was offline: the cached DB was used whatever its age.');

    expect(server.requests).toEqual([]);
    expect(proxy.connections).toBe(0);
  });

  it('scan.maxDbAge: a 40-day-old DB over 7d is scan/db-too-old at the policy line (exit 1); 3 days passes', async () => {
    const policy = [
      'version: 1',
      'defaults:',
      '  vulnerabilities: {failOn: never}',
      'scan:',
      '  maxDbAge: 7d', // line 5
      '',
    ].join('\n');
    const old = await setup();
    await cachedDb(old.dbCache, 40);
    const { run, outDir } = await check(old.dir, policy, ['--offline']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(await readFile(path.join(outDir, 'imagegate.json'), 'utf8')) as {
      findings: Array<{ ruleId: string; severity: string; message: string; location: Record<string, unknown> }>;
    };
    const tooOld = doc.findings.filter((f) => f.ruleId === 'scan/db-too-old');
    expect(tooOld).toHaveLength(1);
    expect(tooOld[0]).toMatchObject({ severity: 'high', location: { line: 5, column: 13 } });
    expect(tooOld[0]?.location.path).toMatch(/policy\.yml$/);
    expect(tooOld[0]?.message).toMatch(/^The Trivy vulnerability DB is 40 days old \(updated .*\) \(offline run/);
    expect(tooOld[0]?.message).toContain('more than the 7d scan.maxDbAge allows');

    const fresh = await setup();
    await cachedDb(fresh.dbCache, 3);
    const second = await check(fresh.dir, policy, ['--offline']);
    expect(second.run.code).toBe(0);
    expect(proxy.connections).toBe(0);
  });

  it('IMAGEGATE_OFFLINE=true is the same as --offline', async () => {
    const { dir, dbCache } = await setup();
    await cachedDb(dbCache, 3);
    process.env.IMAGEGATE_OFFLINE = 'true';
    const { run } = await check(dir, 'version: 1\ndefaults:\n  vulnerabilities: {failOn: never}\n');
    expect(run.code).toBe(0);
    expect(imageRuns(await standin.readLog())[0]).toContain('--offline-scan');
    expect(proxy.connections).toBe(0);
  });

  it('no cached DB: exit 3 naming the missing DB file and how to bring one; Trivy never scans', async () => {
    const { dir, dbCache } = await setup();
    const { run } = await check(dir, POLICY, ['--offline']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(
      `offline: no Trivy vulnerability DB to scan with (${path.join(dbCache, 'db', 'trivy.db')} is missing)`,
    );
    expect(run.stderr).toContain('imagegate offline bundle --out DIR');
    expect(imageRuns(await standin.readLog())).toEqual([]);
    expect(server.requests).toEqual([]);
    expect(proxy.connections).toBe(0);
  });

  it('an image with JARs and no cached Java DB: exit 3 saying the Java DB is missing and how to bring it', async () => {
    const { dir, dbCache } = await setup();
    await cachedDb(dbCache, 2);
    Object.assign(process.env, standin.env({ report: report!, java: true }));
    const { run } = await check(dir, POLICY, ['--offline']);
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('offline: the image holds Java archives and there is no Trivy Java DB');
    expect(proxy.connections).toBe(0);
  });

  it('no Trivy installed and none on PATH: exit 3 naming the install dir, no download attempted', async () => {
    const { dir, dbCache } = await setup({ trivyOnPath: false });
    await cachedDb(dbCache, 1);
    process.env.IMAGEGATE_TRIVY_DOWNLOAD_URL = server.baseUrl;
    const { run } = await check(dir, POLICY, ['--offline']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/offline: no verified Trivy \d+\.\d+\.\d+ is installed in \S+imagegate\/trivy/);
    expect(server.requests).toEqual([]);
    expect(proxy.connections).toBe(0);
  });

  it('base.requireCurrent offline: no registry asked, no newer base scanned, a Not checked line, same exit code', async () => {
    // Review of int18, finding 5. The FROM names a registry that is not loopback (and pins the digest built on, so
    // freshness has something to compare): asking it would reach the proxy.
    const policy = [
      'version: 1',
      'defaults:',
      '  vulnerabilities: {failOn: never}',
      '  base: {requireCurrent: true}',
      '',
    ];
    const dockerfile = [`FROM registry.base.example/team/base:1.2.3@sha256:${'ab'.repeat(32)}`, 'USER 1000', ''].join(
      '\n',
    );
    const gate = async (offline: boolean) => {
      const { dir, dbCache } = await setup();
      await cachedDb(dbCache, 0);
      await writeFile(path.join(dir, 'Dockerfile'), dockerfile);
      const before = proxy.connections;
      const extra = ['--dockerfile', path.join(dir, 'Dockerfile'), ...(offline ? ['--offline'] : [])];
      const { run, outDir } = await check(dir, policy.join('\n'), extra);
      return {
        run,
        connections: proxy.connections - before,
        summary: await readFile(path.join(outDir, 'summary.md'), 'utf8'),
        scans: imageRuns(await standin.readLog()).length,
      };
    };
    const offline = await gate(true);
    expect(offline.run.stderr).not.toMatch(/imagegate: /);
    expect(offline.run.code).toBe(0);
    expect(offline.connections).toBe(0);
    expect(offline.scans).toBe(1); // the image's scan only
    expect(offline.run.stderr).toContain('base freshness: offline run: the bases’ registries are not asked');
    expect(offline.summary).toContain(
      '**Not checked:** base freshness: offline run: the bases’ registries are not asked',
    );
    // The control: online, the same run asks the base's registry (through the dead proxy), and still passes.
    const online = await gate(false);
    expect(online.run.code).toBe(0);
    expect(online.connections).toBeGreaterThan(0);
    expect(online.summary).toContain('**Not checked:** base freshness of registry.base.example/team/base:1.2.3');
  }, 60_000);

  it('without --offline the same dead network is noticed: the control case the proxy can see', async () => {
    const { dir, dbCache } = await setup();
    await cachedDb(dbCache, 0);
    // A policy that reads the feeds from their default (non-loopback) hosts: the requests go to the dead proxy.
    const { run } = await check(dir, POLICY);
    expect(run.code).toBe(1);
    expect(proxy.connections).toBeGreaterThan(0);
  }, 60_000);
});
