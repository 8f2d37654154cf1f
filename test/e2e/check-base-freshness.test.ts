import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { describeWithRegistry, freePort, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout, type Pushed } from '../support/registry-push.js';
import { startRegistryProxy } from '../support/registry-proxy.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * Issue 18 item 5 end to end: bases and images written FROM scratch by the archive writer, pushed to a real
 * docker-registry with htpasswd auth; `base:1.2.3` is pushed (digest A), an image records A (FROM pin or the
 * org.opencontainers.image.base.digest label), then `base:1.2.3` is pushed again (digest B) beside 1.2.4, 1.3.0,
 * 2.0.0 and a 1.3.1 release candidate. `imagegate check` runs through the real CLI; Trivy is the stand-in.
 */

interface ResultDocument {
  verdict: string;
  findings: Array<{ ruleId: string; message: string; location: { path?: string; line?: number; image?: string } }>;
}

const work = await tempDir('imagegate-base-freshness-');
const standin = await installTrivyStandin();
const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
let registry: TestRegistry;
const pushed: Record<string, Pushed> = {};
let baseDiffIds: string[] = [];
const savedEnv: Record<string, string | undefined> = {};

/** A distinct image (a label each, so its own digest), created at `created`, pushed under `tags`. */
async function pushImage(
  repository: string,
  tags: string[],
  name: string,
  options: { labels?: Record<string, string>; created?: string } = {},
): Promise<Pushed> {
  const layout = path.join(work, 'layouts', name);
  await writeImageArchive(
    layout,
    sampleSpec({
      ...(options.created ? { created: options.created } : {}),
      config: { ...sampleSpec().config, Labels: { 'org.example.name': name, ...options.labels } },
    }),
    { format: 'oci-dir', compression: 'gzip' },
  );
  const image = await pushLayout(layout, registry, repository, tags);
  pushed[name] = image;
  if (name === 'base-a') {
    const config = JSON.parse(
      await readFile(path.join(layout, 'blobs', ...(await configDigest(layout)).split(':')), 'utf8'),
    ) as { rootfs: { diff_ids: string[] } };
    baseDiffIds = config.rootfs.diff_ids;
  }
  return image;
}

/**
 * A two-platform base (amd64, arm64) pushed as an OCI index under `tags`; returns the index digest and the amd64
 * manifest's (what an image built for amd64 may record instead of the index).
 */
async function pushMultiPlatform(
  repository: string,
  tags: string[],
  name: string,
): Promise<{ index: string; amd64: string }> {
  const layout = path.join(work, 'layouts', name);
  const spec = (architecture: string) => ({
    repoTags: [`imagegate-test/${name}:1`],
    platform: { os: 'linux', architecture },
    config: { User: '1000', Labels: { 'org.example.name': `${name}-${architecture}` } },
    steps: [{ createdBy: `COPY app /app # buildkit`, entries: [{ path: 'app', type: 'file' as const, size: 100 }] }],
  });
  await writeImageArchive(layout, [spec('amd64'), spec('arm64')], {
    format: 'oci-dir',
    compression: 'gzip',
    nestPlatforms: true,
  });
  const image = await pushLayout(layout, registry, repository, tags);
  pushed[name] = image;
  const nested = JSON.parse(await readFile(path.join(layout, 'blobs', ...image.digest.split(':')), 'utf8')) as {
    manifests: Array<{ digest: string; platform: { architecture: string } }>;
  };
  const amd64 = nested.manifests.find((m) => m.platform.architecture === 'amd64')!.digest;
  pushed[`${name}-amd64`] = { digest: amd64, size: 0, mediaType: '' };
  return { index: image.digest, amd64 };
}

async function configDigest(layout: string): Promise<string> {
  const index = JSON.parse(await readFile(path.join(layout, 'index.json'), 'utf8')) as {
    manifests: Array<{ digest: string }>;
  };
  const manifest = JSON.parse(
    await readFile(path.join(layout, 'blobs', ...index.manifests[0]!.digest.split(':')), 'utf8'),
  ) as { config: { digest: string } };
  return manifest.config.digest;
}

const host = () => registry.host;

async function check(name: string, dockerfile: string[] | undefined, policy: string[], extra: string[]) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  if (dockerfile) await writeFile(path.join(dir, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  await writeFile(path.join(dir, 'policy.yml'), `${['version: 1', ...policy].join('\n')}\n`);
  const out = path.join(dir, 'out');
  const run = await cli(
    [
      'check',
      '--pull',
      'never',
      ...(dockerfile ? ['--dockerfile', 'Dockerfile'] : []),
      '--policy',
      'policy.yml',
      '--out-dir',
      out,
      '--trivy-cache-dir',
      path.join(work, 'trivy-cache'),
      ...extra,
    ],
    dir,
  );
  const document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as ResultDocument;
  const base = document.findings
    .filter((finding) => finding.ruleId.startsWith('base/'))
    .map((finding) => `${finding.ruleId}@${finding.location.line ?? finding.location.image}: ${finding.message}`);
  const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
  return { run, document, base, summary };
}

/** Ports and the pushed digests replaced by names. */
function normalize(line: string): string {
  let out = line.split(registry.host).join('<host>');
  for (const [name, image] of Object.entries(pushed)) out = out.split(image.digest).join(`<${name}>`);
  return out;
}

const CURRENT = ['defaults:', '  base: {requireCurrent: true}'];
/** Without a Dockerfile the base comes from the image's label: its registry is asked only when base.allow lists it. */
const LABELLED = () => ['defaults:', `  base: {requireCurrent: true, allow: ["${host()}/**"]}`];

describeWithRegistry('base freshness against a real registry (base.requireCurrent, base.maxAge)', () => {
  beforeAll(async () => {
    registry = await startRegistry();
    for (const name of ['IMAGEGATE_REGISTRY_USERNAME', 'IMAGEGATE_REGISTRY_PASSWORD', 'DOCKER_CONFIG', 'PATH'])
      savedEnv[name] = process.env[name];
    process.env.IMAGEGATE_REGISTRY_USERNAME = registry.username;
    process.env.IMAGEGATE_REGISTRY_PASSWORD = registry.password;
    process.env.DOCKER_CONFIG = path.join(work, 'no-docker-config');
    process.env.PATH = standin.path();

    // Digest A: what the images are built on; created long ago (base.maxAge).
    await pushImage('base', ['1.2.3'], 'base-a', { created: '2020-01-01T00:00:00Z' });
    await pushImage('steady', ['1.0.0'], 'steady', { created: '2020-01-01T00:00:00Z' });
    const a = pushed['base-a']!.digest;
    await pushImage('app', ['labelled'], 'app-labelled', {
      labels: {
        'org.opencontainers.image.base.name': `${host()}/base:1.2.3`,
        'org.opencontainers.image.base.digest': a,
      },
    });
    await pushImage('app', ['plain'], 'app-plain');
    await pushImage('app', ['steady'], 'app-steady', {
      labels: {
        'org.opencontainers.image.base.name': `${host()}/steady:1.0.0`,
        'org.opencontainers.image.base.digest': pushed['steady']!.digest,
      },
    });
    // Multi-platform bases: images record the amd64 manifest's digest or the index's.
    const multi = await pushMultiPlatform('multi', ['1.0.0'], 'multi-1');
    await pushImage('app', ['multi-manifest'], 'app-multi-manifest', {
      labels: {
        'org.opencontainers.image.base.name': `${host()}/multi:1.0.0`,
        'org.opencontainers.image.base.digest': multi.amd64,
      },
    });
    await pushImage('app', ['multi-index'], 'app-multi-index', {
      labels: {
        'org.opencontainers.image.base.name': `${host()}/multi:1.0.0`,
        'org.opencontainers.image.base.digest': multi.index,
      },
    });
    const moving = await pushMultiPlatform('multi-moving', ['1.0.0'], 'moving-1');
    await pushImage('app', ['multi-moving'], 'app-multi-moving', {
      labels: {
        'org.opencontainers.image.base.name': `${host()}/multi-moving:1.0.0`,
        'org.opencontainers.image.base.digest': moving.amd64,
      },
    });
    await pushMultiPlatform('multi-moving', ['1.0.0'], 'moving-2');
    // The base is rebuilt: 1.2.3 moves to digest B; newer releases appear.
    await pushImage('base', ['1.2.3'], 'base-b', { created: new Date().toISOString() });
    await pushImage('base', ['1.2.4'], 'base-124');
    await pushImage('base', ['1.3.0'], 'base-130');
    await pushImage('base', ['2.0.0'], 'base-200');
    await pushImage('base', ['1.3.1-rc.1'], 'base-131rc');
  }, 120_000);

  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await registry?.stop();
  });

  const STALE =
    'base/stale@2: Base `<host>/base:1.2.3` has moved on: the image was built on <base-a> (SOURCE), and the tag ' +
    '`1.2.3` now points at <base-b>.FIXES Newer tags of the same base: 1.2.4, 1.3.0.';

  test('a FROM whose tag moved is base/stale at the FROM line, naming the newer digest and newer tags (label)', async () => {
    const { run, base, document } = await check(
      'label',
      ['ARG UNUSED=1', `FROM ${host()}/base:1.2.3`, 'USER 1000'],
      CURRENT,
      ['--image', `${host()}/app:labelled`, '--skip-scan'],
    );
    expect(base.map(normalize)).toEqual([
      STALE.replace('SOURCE', "the image's org.opencontainers.image.base.digest label").replace('FIXES', ''),
    ]);
    // base/stale is medium; the default gate fails on high.
    expect(run.code).toBe(0);
    expect(document.verdict).toBe('pass');
  });

  test("the FROM's pinned digest is what the image was built on", async () => {
    const { base } = await check(
      'pinned',
      ['ARG UNUSED=1', `FROM ${host()}/base:1.2.3@${pushed['base-a']!.digest}`],
      CURRENT,
      ['--image', `${host()}/app:plain`, '--skip-scan'],
    );
    expect(base.map(normalize)).toEqual([
      STALE.replace('<host>/base:1.2.3`', `<host>/base:1.2.3@<base-a>\``)
        .replace('SOURCE', "the FROM's pinned digest")
        .replace('FIXES', ''),
    ]);
  });

  test('a tag that still points at the digest built on is no finding', async () => {
    const { run, base, summary } = await check('steady', [`FROM ${host()}/steady:1.0.0`], CURRENT, [
      '--image',
      `${host()}/app:steady`,
      '--skip-scan',
    ]);
    expect(base).toEqual([]);
    expect(run.code).toBe(0);
    expect(summary).not.toContain('Not checked');
  });

  test.each(['manifest', 'index'])(
    "multi-platform base: the image recorded the platform's %s digest, and the tag still points at that index",
    async (recorded) => {
      const { base, summary } = await check(`multi-${recorded}`, undefined, LABELLED(), [
        '--image',
        `${host()}/app:multi-${recorded}`,
        '--skip-scan',
      ]);
      expect(base).toEqual([]);
      expect(summary).not.toContain('Not checked');
    },
  );

  test('multi-platform base rebuilt: the amd64 manifest recorded is in neither the new index nor its amd64 manifest', async () => {
    const { base } = await check('multi-moving', undefined, LABELLED(), [
      '--image',
      `${host()}/app:multi-moving`,
      '--skip-scan',
    ]);
    expect(base.map(normalize)).toEqual([
      "base/stale@<host>/app:multi-moving: Base `<host>/multi-moving:1.0.0` has moved on: the image was built on <moving-1-amd64> (the image's org.opencontainers.image.base.digest label), and the tag `1.0.0` now points at <moving-2>.",
    ]);
  });

  test("a base named only by the image's label is not asked unless base.allow lists it", async () => {
    const { run, base, summary } = await check('label-not-allowed', undefined, CURRENT, [
      '--image',
      `${host()}/app:multi-moving`,
      '--skip-scan',
    ]);
    expect(base).toEqual([]);
    expect(run.code).toBe(0);
    expect(summary).toContain(
      `**Not checked:** base freshness of ${host()}/multi-moving:1.0.0: the base is named only by the image's ` +
        'org.opencontainers.image.base.name label, and its registry is asked only when base.allow lists it (or give ' +
        'the Dockerfile with --dockerfile)',
    );
  });

  test('base.maxAge: a base created longer ago than allowed is base/too-old', async () => {
    const { base } = await check(
      'max-age',
      [`FROM ${host()}/steady:1.0.0`],
      ['defaults:', '  base: {maxAge: 30d}'],
      ['--image', `${host()}/app:steady`, '--skip-scan'],
    );
    expect(base).toHaveLength(1);
    expect(normalize(base[0]!)).toMatch(
      /^base\/too-old@1: Base `<host>\/steady:1\.0\.0` \(<steady>\) was created on 2020-01-01, \d+ days ago; base\.maxAge allows 30d\.$/,
    );
  });

  test('no digest recorded anywhere: "base digest unknown" is a Not checked line, not a guess', async () => {
    const { run, base, summary } = await check('unknown', [`FROM ${host()}/base:1.2.3`], CURRENT, [
      '--image',
      `${host()}/app:plain`,
      '--skip-scan',
    ]);
    expect(base).toEqual([]);
    expect(run.code).toBe(0);
    const warning = `base freshness of ${host()}/base:1.2.3: base digest unknown (no @sha256: pin in the FROM, no provenance material and no org.opencontainers.image.base.digest label names it), so whether the tag moved and how old the base is cannot be told`;
    expect(run.stderr + run.stdout).toContain(warning);
    expect(summary).toContain(`**Not checked:** base freshness of ${host()}/base:1.2.3: base digest unknown`);
  });

  test('a registry that cannot be reached is a warning and a Not checked line; the exit code is unchanged', async () => {
    const dead = `127.0.0.1:${await freePort()}`;
    const dockerfile = [`FROM ${dead}/base:1.2.3@${pushed['base-a']!.digest}`];
    const image = ['--image', `${host()}/app:plain`, '--skip-scan'];
    const without = await check('dead-off', dockerfile, ['defaults:', '  base: {forbidTags: [latest]}'], image);
    const { run, base, document, summary } = await check(
      'dead',
      dockerfile,
      ['defaults:', '  base: {forbidTags: [latest], requireCurrent: true, maxAge: 30d}'],
      image,
    );
    expect(base).toEqual([]);
    expect(run.code).toBe(without.run.code);
    expect(document.verdict).toBe(without.document.verdict);
    expect(summary.match(/Not checked/g)).toHaveLength(1);
    expect(summary).toContain(
      // The summary breaks `@sha256` with a zero-width space so that no Markdown renderer links it as a mention.
      `**Not checked:** base freshness of ${dead}/base:1.2.3@&#8203;${pushed['base-a']!.digest}: its registry ` +
        `could not be asked: could not reach registry ${dead}: connect ECONNREFUSED ${dead} (after 2 attempts)`,
    );
    expect(run.stdout + run.stderr).not.toContain(registry.password);
  });

  test('a registry answering 503, or refusing the credentials it gets, is a Not checked line; the exit code is unchanged', async () => {
    // The proxy is another registry by name: IMAGEGATE_REGISTRY_* (the image's registry's) are not sent there, so the
    // upstream's htpasswd auth refuses the anonymous request.
    const proxy = await startRegistryProxy(registry.url);
    try {
      const dockerfile = [`FROM ${proxy.host}/base:1.2.3@${pushed['base-a']!.digest}`];
      const image = ['--image', `${host()}/app:plain`, '--skip-scan'];
      const without = await check('proxy-off', dockerfile, ['defaults:', '  base: {forbidTags: [latest]}'], image);
      // Without requireCurrent or maxAge the base's registry is not asked at all.
      expect(proxy.requests).toEqual([]);
      const policy = ['defaults:', '  base: {forbidTags: [latest], requireCurrent: true}'];
      const refused = await check('refused', dockerfile, policy, image);
      expect(refused.base).toEqual([]);
      expect(refused.run.code).toBe(without.run.code);
      expect(refused.summary).toMatch(
        new RegExp(
          `\\*\\*Not checked:\\*\\* base freshness of ${proxy.host}/base:1\\.2\\.3@&#8203;sha256:[0-9a-f]{64}: its registry could not be asked: .*requires authentication for the manifest`,
        ),
      );
      expect(proxy.requests.some((r) => r.path.startsWith('/v2/base/manifests/'))).toBe(true);
      proxy.reset();
      proxy.fail(() => true, 100, 503);
      const down = await check('unavailable', dockerfile, policy, image);
      expect(down.base).toEqual([]);
      expect(down.run.code).toBe(without.run.code);
      expect(down.summary).toMatch(
        new RegExp(
          `\\*\\*Not checked:\\*\\* base freshness of ${proxy.host}/base:1\\.2\\.3@&#8203;sha256:[0-9a-f]{64}: its registry could not be asked: .*503`,
        ),
      );
      for (const run of [refused.run, down.run]) expect(run.stdout + run.stderr).not.toContain(registry.password);
    } finally {
      await proxy.close();
    }
  });

  test('with a scan, the newer base is scanned by digest and the finding says how many vulnerabilities it fixes', async () => {
    if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
    // The image's report: the corpus alpine-310 report with its four vulnerabilities in the base's first layer.
    const corpus = JSON.parse(await readFile(corpusReport, 'utf8')) as {
      Metadata: Record<string, unknown>;
      Results: Array<{ Vulnerabilities: Array<{ PkgName: string; Layer: { DiffID: string } }> }>;
    };
    const imageReport = structuredClone(corpus);
    imageReport.Metadata = { OS: corpus.Metadata.OS };
    for (const v of imageReport.Results[0]!.Vulnerabilities) v.Layer = { DiffID: baseDiffIds[0]! };
    // The newer base's: only the libssl1.1 records are left (the two libcrypto1.1 ones are fixed).
    const newerReport = structuredClone(imageReport);
    newerReport.Results[0]!.Vulnerabilities = newerReport.Results[0]!.Vulnerabilities.filter(
      (v) => v.PkgName === 'libssl1.1',
    );
    await writeFile(path.join(work, 'image-report.json'), JSON.stringify(imageReport));
    await writeFile(path.join(work, 'newer-report.json'), JSON.stringify(newerReport));
    const env = standin.env({
      report: path.join(work, 'image-report.json'),
      reportsByTarget: { [pushed['base-b']!.digest]: path.join(work, 'newer-report.json') },
    });
    Object.assign(process.env, env);
    await standin.clearLog();
    try {
      const { base } = await check(
        'scan',
        ['ARG UNUSED=1', `FROM ${host()}/base:1.2.3`],
        [...CURRENT, '  vulnerabilities: {failOn: never}'],
        ['--image', `${host()}/app:labelled`],
      );
      expect(base.map(normalize)).toEqual([
        STALE.replace('SOURCE', "the image's org.opencontainers.image.base.digest label").replace(
          'FIXES',
          " The newer base fixes 2 of the 4 vulnerabilities in the image's base layers.",
        ),
      ]);
      const scanned = (await standin.readLog()).flatMap((event) =>
        event.event === 'invocation' ? [event.argv.find((arg) => arg.includes('/base@')) ?? ''] : [],
      );
      expect(scanned.filter(Boolean).map(normalize)).toEqual(['<host>/base@<base-b>']);
    } finally {
      for (const name of Object.keys(env)) delete process.env[name];
    }
  });
});
