import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive, type ImageSpec } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { credentialsEnvironment, describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout } from '../support/registry-push.js';
import { overlapped, startRegistryProxy, type RegistryProxy } from '../support/registry-proxy.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';

/**
 * `--platform all` and a list (issue 18 item 4): every platform of a multi-platform index gated in one run, from an
 * OCI layout and from the real docker-registry. The two platforms differ: amd64 runs as 1000, arm64 as root; the
 * Trivy stand-in replays a different real report per `--platform` (arm64: amd64's four medium CVEs, identical, plus
 * two criticals of alpine 3.9), so some findings are one platform's and four are the same on both.
 */

const amd64Report = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
const alpine39 = sharedFile('corpus', 'trivy', 'alpine-39.json.golden');
if (!amd64Report || !alpine39)
  throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');

const work = await tempDir();
const standin = await installTrivyStandin();
const dockerfile = path.join(work, 'Dockerfile');
await writeFile(dockerfile, 'FROM scratch\nCOPY app /app\nUSER 1000\n');
const policy = path.join(work, 'policy.yml');
await writeFile(policy, 'version: 1\ndefaults:\n  user: {forbidRoot: true}\ngate: {failOn: high}\n');

interface Vulnerability {
  Severity: string;
}
interface TrivyJson {
  Results: Array<{ Vulnerabilities?: Vulnerability[] }>;
}
const arm64Report = path.join(work, 'arm64-trivy.json');
{
  const base = JSON.parse(await readFile(amd64Report, 'utf8')) as TrivyJson;
  const older = JSON.parse(await readFile(alpine39, 'utf8')) as TrivyJson;
  const criticals = older.Results.flatMap((r) => r.Vulnerabilities ?? []).filter((v) => v.Severity === 'CRITICAL');
  base.Results[0]!.Vulnerabilities = [...(base.Results[0]!.Vulnerabilities ?? []), ...criticals];
  await writeFile(arm64Report, JSON.stringify(base));
}

function spec(architecture: string, user: string | undefined): ImageSpec {
  return {
    repoTags: ['registry.example.com/team/app:2.1'],
    platform: { os: 'linux', architecture },
    config: user ? { User: user } : {},
    steps: [{ createdBy: 'COPY app /app # buildkit', entries: [{ path: 'app', type: 'file', size: 3000 }] }],
  };
}

const layout = path.join(work, 'multi');
await writeImageArchive(layout, [spec('amd64', '1000'), spec('arm64', undefined)], {
  format: 'oci-dir',
  compression: 'gzip',
  nestPlatforms: true,
});
// Ten platforms (real GOARCH names and arm variants) for the request limit: more platforms than requests allowed.
const manyLayout = path.join(work, 'many');
await writeImageArchive(
  manyLayout,
  [
    ...['amd64', 'arm64', 'ppc64le', 's390x', 'riscv64', '386', 'mips64le', 'loong64'].map((a) => spec(a, '1000')),
    { ...spec('arm', '1000'), platform: { os: 'linux', architecture: 'arm', variant: 'v7' } },
    { ...spec('arm', '1000'), platform: { os: 'linux', architecture: 'arm', variant: 'v6' } },
  ],
  { format: 'oci-dir', compression: 'gzip', nestPlatforms: true },
);
const single = path.join(work, 'single');
await writeImageArchive(single, spec('amd64', '1000'), { format: 'oci-dir', compression: 'gzip' });

interface Doc {
  verdict: string;
  image: { platform: { architecture: string } };
  findings: Array<{ ruleId: string; severity: string; platforms?: string[] }>;
  counts: Record<string, number>;
  platforms?: null | Array<{
    platform: string;
    verdict: string;
    layers: number;
    size: number;
    vulnerabilities: Record<string, number>;
    reportDir: string;
  }>;
}

interface SarifLog {
  runs: Array<{
    tool: { driver: { name: string } };
    automationDetails: { id: string };
    properties: { platform?: string };
    results: Array<{ ruleId: string }>;
  }>;
}

async function check(name: string, args: string[], env: Record<string, string> = {}) {
  const outDir = path.join(work, name);
  const saved = { ...process.env };
  Object.assign(
    process.env,
    standin.env({ report: amd64Report!, reports: { 'linux/amd64': amd64Report!, 'linux/arm64': arm64Report } }),
    {
      PATH: standin.path(),
      ...env,
    },
  );
  try {
    await standin.clearLog();
    const run = await cli(
      [
        'check',
        ...args,
        '--dockerfile',
        dockerfile,
        '--policy',
        policy,
        '--out-dir',
        outDir,
        '--trivy-cache-dir',
        path.join(work, 'trivy-cache'),
        '--no-scan-cache',
      ],
      work,
    );
    const read = async <T>(file: string) => JSON.parse(await readFile(path.join(outDir, file), 'utf8')) as T;
    const scans = (await standin.readLog()).flatMap((event) =>
      event.event === 'invocation' && event.argv[0] === 'image'
        ? [event.argv[event.argv.indexOf('--platform') + 1]]
        : [],
    );
    if (run.code > 1) return { run, outDir, scans };
    return {
      run,
      outDir,
      scans,
      doc: await read<Doc>('imagegate.json'),
      sarif: await read<SarifLog>('imagegate.sarif'),
      summary: await readFile(path.join(outDir, 'summary.md'), 'utf8'),
    };
  } finally {
    process.env = saved;
  }
}

const platformsOf = (doc: Doc | undefined, ruleId: string) =>
  doc?.findings.filter((f) => f.ruleId === ruleId).map((f) => f.platforms);

function expectBothPlatformsGated(outcome: Awaited<ReturnType<typeof check>>) {
  const { run, doc, sarif, summary, scans } = outcome;
  // One verdict, the worst: arm64 fails (root, two criticals), amd64 passes.
  expect(run.code).toBe(1);
  expect(doc?.verdict).toBe('fail');
  expect(scans).toEqual(['linux/amd64', 'linux/arm64']);
  expect(doc?.platforms?.map((p) => [p.platform, p.verdict, p.layers, p.reportDir])).toEqual([
    ['linux/amd64', 'pass', 1, 'platforms/linux-amd64'],
    ['linux/arm64', 'fail', 1, 'platforms/linux-arm64'],
  ]);
  expect(doc?.platforms?.map((p) => p.vulnerabilities)).toEqual([
    { critical: 0, high: 0, medium: 4, low: 0, info: 0 },
    { critical: 2, high: 0, medium: 4, low: 0, info: 0 },
  ]);
  // Labelled and deduplicated: the four identical medium CVEs once each, with both platforms.
  expect(platformsOf(doc, 'user/root')).toEqual([['linux/arm64']]);
  const vulns = doc?.findings.filter((f) => f.ruleId.startsWith('vuln/')) ?? [];
  expect(vulns.filter((f) => f.severity === 'medium').map((f) => f.platforms)).toEqual(
    Array.from({ length: 4 }, () => ['linux/amd64', 'linux/arm64']),
  );
  expect(vulns.filter((f) => f.severity === 'critical').map((f) => f.platforms)).toEqual([
    ['linux/arm64'],
    ['linux/arm64'],
  ]);
  expect(doc?.counts.medium).toBe(4);
  // The terminal: a line per platform, and each listed finding's platforms.
  expect(run.stdout).toContain('  platform  linux/amd64  PASS  ');
  expect(run.stdout).toMatch(/ {2}platform {2}linux\/arm64 {2}FAIL .*vulnerabilities: 2 critical, 4 medium/);
  expect(run.stdout).toMatch(/user\/root .*\[linux\/arm64\]/);
  // SARIF: each platform's runs under its own category.
  const categories = sarif?.runs.map((r) => [r.tool.driver.name, r.automationDetails.id, r.properties.platform]);
  expect(categories).toHaveLength(4);
  for (const [, id, platform] of categories ?? []) {
    expect(id).toMatch(new RegExp(`/platform-${(platform ?? '').replace('/', '-')}/$`));
  }
  expect(new Set(categories?.map(([, id]) => id)).size).toBe(4);
  // The summary: a column per platform.
  expect(summary).toContain('|  | `linux/amd64` | `linux/arm64` |');
  expect(summary).toMatch(/\| Verdict \| ✅ pass \| ❌ fail \|/);
  expect(summary).toMatch(/\| Vulnerabilities \| 4 medium \| 2 critical, 4 medium \|/);
}

test('--platform all on an OCI layout gates both platforms: labels, dedup, worst verdict, columns, SARIF categories', async () => {
  const outcome = await check('layout-all', ['--oci-layout', layout, '--platform', 'all']);
  expectBothPlatformsGated(outcome);
  // Each platform's own reports are kept beside the joined ones.
  const arm = JSON.parse(
    await readFile(path.join(outcome.outDir, 'platforms', 'linux-arm64', 'imagegate.json'), 'utf8'),
  ) as Doc;
  expect(arm.image.platform.architecture).toBe('arm64');
  expect(arm.verdict).toBe('fail');
});

test('the GitLab container-scanning report has every platform’s CVEs with their advisory details', async () => {
  const outcome = await check('layout-gitlab', ['--oci-layout', layout, '--platform', 'all', '--gitlab']);
  expect(outcome.run.code).toBe(1);
  interface GitLabReport {
    vulnerabilities: Array<{
      identifiers: Array<{ type: string; name: string }>;
      cvss_vectors?: unknown[];
      location: { dependency: { package: { name: string } } };
    }>;
  }
  const report = JSON.parse(
    await readFile(path.join(outcome.outDir, 'gl-container-scanning-report.json'), 'utf8'),
  ) as GitLabReport;
  // Review finding 6: arm64's two criticals (CVE-2019-14697 in musl and musl-utils) are there, with the CVSS and
  // CWE that come from the scan's advisories: the joined scan holds arm64's records, not only amd64's.
  const armOnly = report.vulnerabilities.filter((v) => v.identifiers[0]?.name === 'CVE-2019-14697');
  expect(armOnly.map((v) => v.location.dependency.package.name).sort()).toEqual(['musl', 'musl-utils']);
  for (const vulnerability of armOnly) {
    expect(vulnerability.identifiers.map((i) => i.name)).toContain('CWE-787');
    expect(vulnerability.cvss_vectors?.length).toBeGreaterThan(0);
  }
  expect(outcome.doc?.findings.filter((f) => f.ruleId === 'vuln/CVE-2019-14697').map((f) => f.platforms)).toEqual([
    ['linux/arm64'],
    ['linux/arm64'],
  ]);
});

test('an OCI image tar given as --archive is gated per platform too', async () => {
  const tar = path.join(work, 'multi.tar');
  await writeImageArchive(tar, [spec('amd64', '1000'), spec('arm64', undefined)], {
    format: 'oci-tar',
    compression: 'gzip',
    nestPlatforms: true,
  });
  expectBothPlatformsGated(await check('archive-all', ['--archive', tar, '--platform', 'all']));
});

test('a list gates the listed platforms; one listed platform is the ordinary single-platform run', async () => {
  const list = await check('layout-list', ['--oci-layout', layout, '--platform', 'linux/arm64,linux/amd64']);
  expect(list.doc?.platforms?.map((p) => p.platform)).toEqual(['linux/arm64', 'linux/amd64']);
  const one = await check('layout-one', ['--oci-layout', layout, '--platform', 'linux/arm64,']);
  expect(one.run.code).toBe(2);
  expect(one.run.stderr).toMatch(/empty entry/);
});

test('an unknown platform in the list is exit 2 naming the platforms the index has', async () => {
  const { run, scans } = await check('layout-unknown', [
    '--oci-layout',
    layout,
    '--platform',
    'linux/amd64,linux/s390x',
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('no manifest for platform linux/s390x; the index has linux/amd64, linux/arm64');
  expect(scans).toEqual([]);
});

test('an index listing one platform twice (two manifests) is exit 2 naming it, before anything is scanned', async () => {
  const twice = path.join(work, 'twice');
  await writeImageArchive(twice, [spec('amd64', '1000'), spec('amd64', undefined), spec('arm64', undefined)], {
    format: 'oci-dir',
    compression: 'gzip',
    nestPlatforms: true,
  });
  // Both would have been gated into platforms/linux-amd64 under one SARIF category (review finding 3).
  const { run, scans } = await check('twice-all', ['--oci-layout', twice, '--platform', 'all']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('the index lists platform linux/amd64 2 times (different manifests)');
  expect(scans).toEqual([]);
});

test('a single-platform image with --platform all is gated as its one platform, reports unchanged', async () => {
  const all = await check('single-all', ['--oci-layout', single, '--platform', 'all']);
  const plain = await check('single-plain', ['--oci-layout', single]);
  expect(all.run.code).toBe(0);
  expect(all.doc?.platforms).toBeNull();
  expect(all.doc?.findings.every((f) => f.platforms === undefined)).toBe(true);
  expect(all.summary).toBe(plain.summary);
  expect(all.sarif?.runs.map((r) => r.automationDetails.id)).toEqual(
    plain.sarif?.runs.map((r) => r.automationDetails.id),
  );
});

test('--vex-out writes one document for one image: with several platforms it is exit 2', async () => {
  const { run, scans } = await check('layout-vex-out', [
    '--oci-layout',
    layout,
    '--platform',
    'all',
    '--vex-out',
    path.join(work, 'out.vex.json'),
  ]);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--platform all: --vex-out writes one document for one image; give one --platform');
  expect(scans).toEqual([]);
});

test('--platform all with --context is a clear configuration error: no multi-platform builder here', async () => {
  const { run } = await check('build-all', ['--context', work, '--platform', 'all']);
  expect(run.code).toBe(2);
  expect(run.stderr).toContain('--platform all with --context: the builder here builds one platform per run');
});

describeWithRegistry('--platform all from the registry', () => {
  let registry: TestRegistry;
  let proxy: RegistryProxy;
  beforeAll(async () => {
    registry = await startRegistry();
    proxy = await startRegistryProxy(registry.url);
    await pushLayout(layout, registry, 'imagegate-test/platforms', ['1']);
    await pushLayout(manyLayout, registry, 'imagegate-test/many', ['1']);
  }, 60_000);
  afterAll(async () => {
    await proxy?.close();
    await registry?.stop();
  });

  test('the pushed index (with auth) is gated per platform like the layout', async () => {
    const reference = `${registry.host}/imagegate-test/platforms:1`;
    const outcome = await check(
      'registry-all',
      ['--image', reference, '--pull', 'never', '--platform', 'all'],
      credentialsEnvironment(registry),
    );
    expectBothPlatformsGated(outcome);
    expect(outcome.summary).not.toContain(registry.password);
    const unknown = await check(
      'registry-unknown',
      ['--image', reference, '--pull', 'never', '--platform', 'linux/riscv64'],
      credentialsEnvironment(registry),
    );
    expect(unknown.run.code).toBe(2);
    expect(unknown.run.stderr).toContain('the index has linux/amd64, linux/arm64');
  });
  test('the platforms are read concurrently, through one client within its request limit', async () => {
    proxy.reset();
    const [amd64, arm64] = await layoutPlatforms(layout);
    const digests = [amd64!.manifest, arm64!.manifest, amd64!.config, arm64!.config];
    // Both platform manifests are held until both were asked for (at most 2 s), then both configs likewise: read
    // together they are then in flight together; read one after another they cannot be.
    const platformManifest = (_: string, p: string) =>
      p.includes('/manifests/') && digests.slice(0, 2).some((d) => p.endsWith(d));
    const platformConfig = (_: string, p: string) =>
      p.includes('/blobs/') && digests.slice(2).some((d) => p.endsWith(d));
    proxy.gather(platformManifest, 2, 2000);
    proxy.gather(platformConfig, 2, 2000);
    const outcome = await check(
      'registry-concurrent',
      ['--image', `${proxy.host}/imagegate-test/platforms:1`, '--pull', 'never', '--platform', 'all'],
      credentialsEnvironment(registry),
    );
    expect(outcome.run.code).toBe(1);
    expect(outcome.doc?.platforms?.map((p) => p.platform)).toEqual(['linux/amd64', 'linux/arm64']);
    const gets = (digest: string) =>
      proxy.requests.filter((r) => r.method === 'GET' && r.status === 200 && r.path.endsWith(`/${digest}`));
    const together = (a: string, b: string) => gets(a).some((x) => gets(b).some((y) => overlapped(x, y)));
    // Review finding 11: amd64's and arm64's own manifests, and their configs, were in flight at the same time (a
    // sequential read never overlaps them), and never more requests at once than the one client's limit of 8.
    expect(gets(amd64!.manifest)).toHaveLength(1);
    expect(together(amd64!.manifest, arm64!.manifest)).toBe(true);
    expect(together(amd64!.config, arm64!.config)).toBe(true);
    expect(proxy.maxInFlight).toBeLessThanOrEqual(8);
  });

  test('ten platforms are resolved concurrently up to the client’s limit of 8 requests in flight, never past it', async () => {
    proxy.reset();
    const platforms = await layoutPlatforms(manyLayout);
    expect(platforms).toHaveLength(10);
    const manifests = platforms.map((p) => p.manifest);
    // Platform manifests are held until 8 are waiting (at most 3 s): one client limited to 8 gets exactly there
    // and no further; a read per platform without the shared limit would have all 10 in flight, and a sequential
    // one only 1.
    proxy.gather((method, p) => method === 'GET' && manifests.some((d) => p.endsWith(`/manifests/${d}`)), 8, 3000);
    const outcome = await check(
      'registry-many',
      ['--image', `${proxy.host}/imagegate-test/many:1`, '--pull', 'never', '--platform', 'all'],
      credentialsEnvironment(registry),
    );
    expect(outcome.run.code).toBe(1);
    expect(outcome.doc?.platforms).toHaveLength(10);
    expect(proxy.maxInFlight).toBe(8);
  }, 60_000);

  test('layer contents are read one platform at a time, after every platform was resolved', async () => {
    proxy.reset();
    proxy.delayMs = 20;
    const outcome = await check(
      'registry-one-at-a-time',
      ['--image', `${proxy.host}/imagegate-test/platforms:1`, '--pull', 'never', '--platform', 'all'],
      credentialsEnvironment(registry),
    );
    proxy.delayMs = 0;
    expect(outcome.run.code).toBe(1);
    const [amd64, arm64] = await layoutPlatforms(layout);
    const blobGets = (digests: string[]) =>
      proxy.requests.filter(
        (r) => r.method === 'GET' && r.status === 200 && digests.some((d) => r.path.endsWith(`/blobs/${d}`)),
      );
    const configs = blobGets([amd64!.config, arm64!.config]);
    const layers = blobGets([...amd64!.layers, ...arm64!.layers]);
    // Each platform reads its layers once (here the same one layer), in platform order.
    expect(layers).toHaveLength(amd64!.layers.length + arm64!.layers.length);
    expect(configs).toHaveLength(2);
    // Review finding 9: both configs were read before any layer (a missing platform fails before downloads) ...
    const firstLayer = Math.min(...layers.map((r) => r.started ?? 0));
    expect(Math.max(...configs.map((r) => r.ended ?? Infinity))).toBeLessThan(firstLayer);
    // ... and arm64's layers were requested only after amd64's were all read (and amd64 scanned and gated), so a
    // run holds one platform's layer contents at a time; reading them together overlaps them.
    const [first, second] = [layers.slice(0, amd64!.layers.length), layers.slice(amd64!.layers.length)];
    expect(Math.max(...first.map((r) => r.ended ?? Infinity))).toBeLessThan(
      Math.min(...second.map((r) => r.started ?? 0)),
    );
  });
});

/** The platform manifests of a layout written with nestPlatforms: index → nested index → manifest → config, layers. */
async function layoutPlatforms(dir: string) {
  const blob = async <T>(digest: string) =>
    JSON.parse(await readFile(path.join(dir, 'blobs', 'sha256', digest.slice('sha256:'.length)), 'utf8')) as T;
  interface Index {
    manifests: Array<{ digest: string; platform?: { architecture: string } }>;
  }
  interface Manifest {
    config: { digest: string };
    layers: Array<{ digest: string }>;
  }
  const top = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as Index;
  const nested = await blob<Index>(top.manifests[0]!.digest);
  return Promise.all(
    nested.manifests.map(async (entry) => {
      const manifest = await blob<Manifest>(entry.digest);
      return {
        architecture: entry.platform?.architecture,
        manifest: entry.digest,
        config: manifest.config.digest,
        layers: manifest.layers.map((layer) => layer.digest),
      };
    }),
  );
}
