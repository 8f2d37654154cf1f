import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeImageArchive } from '../../tools/archive/archive-writer.js';
import type { ImageSpec } from '../../tools/archive/archive-writer.js';
import { cli } from '../support/cli.js';
import { describeWithRegistry, startRegistry, type TestRegistry } from '../support/registry.js';
import { pushLayout } from '../support/registry-push.js';
import { sharedFile } from '../support/shared.js';
import { tempDir } from '../support/temp.js';
import { installTrivyStandin, type StandinEvent } from '../support/trivy-standin/standin.js';
import { sampleSpec } from '../image/support/archives.js';

/**
 * The newer-base scan of a stale base (issue 18 item 5) through the real CLI, real docker-registries and the Trivy
 * stand-in, for two defects the review of int18 found:
 *  - finding 2: a base in another registry than the image's (a pull request may name any in its FROM) must not get
 *    the job's Trivy credentials (inherited TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN) nor imagegate's; the stand-in
 *    records which TRIVY_* variables each invocation saw;
 *  - finding 7: the newer base is scanned for the image's platform (arm64 here, the index's second image), proven
 *    by the stand-in replaying a different report per manifest: only the arm64 one gives "fixes 2 of the 4".
 */

const work = await tempDir('imagegate-base-freshness-scan-');
const standin = await installTrivyStandin();
const corpusReport = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
/** The image's registry (htpasswd: imagegate's credentials are for it) and another one anyone may run. */
let own: TestRegistry;
let other: TestRegistry;
const savedEnv: Record<string, string | undefined> = {};
/** The job's own Trivy credentials, inherited from the CI environment. */
const JOB_TRIVY = {
  TRIVY_USERNAME: 'ci-bot',
  TRIVY_PASSWORD: 'job-trivy-s3cret',
  TRIVY_REGISTRY_TOKEN: 'job-trivy-token',
};
const CREDENTIAL_NAMES = Object.keys(JOB_TRIVY);

interface Layout {
  dir: string;
  digest: string;
}

async function push(
  registry: TestRegistry,
  repository: string,
  tag: string,
  name: string,
  specs: ImageSpec[],
): Promise<Layout> {
  const dir = path.join(work, 'layouts', name);
  await writeImageArchive(dir, specs, { format: 'oci-dir', compression: 'gzip', nestPlatforms: specs.length > 1 });
  const pushed = await pushLayout(dir, registry, repository, [tag]);
  return { dir, digest: pushed.digest };
}

function labelled(name: string, labels: Record<string, string> = {}, platform?: ImageSpec['platform']): ImageSpec {
  return sampleSpec({
    ...(platform ? { platform } : {}),
    config: { ...sampleSpec().config, Labels: { 'org.example.name': name, ...labels } },
  });
}

async function blob(layout: string, digest: string): Promise<unknown> {
  return JSON.parse(await readFile(path.join(layout, 'blobs', ...digest.split(':')), 'utf8'));
}

/** The manifest digest per architecture of a pushed two-platform index. */
async function platformManifests(layout: Layout): Promise<Record<string, string>> {
  const index = (await blob(layout.dir, layout.digest)) as {
    manifests: Array<{ digest: string; platform: { architecture: string } }>;
  };
  return Object.fromEntries(index.manifests.map((m) => [m.platform.architecture, m.digest]));
}

async function diffIds(layout: string, manifestDigest: string): Promise<string[]> {
  const manifest = (await blob(layout, manifestDigest)) as { config: { digest: string } };
  const config = (await blob(layout, manifest.config.digest)) as { rootfs: { diff_ids: string[] } };
  return config.rootfs.diff_ids;
}

/**
 * The image's report: the corpus alpine-310 report (four vulnerabilities) placed in the base's first layer; and a
 * newer base's, keeping the `keep` packages' records only (the others are fixed).
 */
async function reports(name: string, baseDiffId: string, keep: string[]): Promise<{ image: string; newer: string }> {
  if (!corpusReport) throw new Error('the shared corpus (corpus/trivy) is needed: see test/support/shared.ts');
  const corpus = JSON.parse(await readFile(corpusReport, 'utf8')) as {
    Metadata: Record<string, unknown>;
    Results: Array<{ Vulnerabilities: Array<{ PkgName: string; Layer: { DiffID: string } }> }>;
  };
  const image = structuredClone(corpus);
  image.Metadata = { OS: corpus.Metadata.OS };
  for (const v of image.Results[0]!.Vulnerabilities) v.Layer = { DiffID: baseDiffId };
  const newer = structuredClone(image);
  newer.Results[0]!.Vulnerabilities = newer.Results[0]!.Vulnerabilities.filter((v) => keep.includes(v.PkgName));
  const files = { image: path.join(work, `${name}-image.json`), newer: path.join(work, `${name}-newer.json`) };
  await writeFile(files.image, JSON.stringify(image));
  await writeFile(files.newer, JSON.stringify(newer));
  return files;
}

async function check(name: string, dockerfile: string[], image: string, standinEnv: Record<string, string>) {
  const dir = path.join(work, name);
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'Dockerfile'), `${dockerfile.join('\n')}\n`);
  const policy = ['version: 1', 'defaults:', '  base: {requireCurrent: true}', '  vulnerabilities: {failOn: never}'];
  await writeFile(path.join(dir, 'policy.yml'), `${policy.join('\n')}\n`);
  const out = path.join(dir, 'out');
  Object.assign(process.env, standinEnv);
  await standin.clearLog();
  try {
    const run = await cli(
      [
        'check',
        '--pull',
        'never',
        '--dockerfile',
        'Dockerfile',
        '--policy',
        'policy.yml',
        '--out-dir',
        out,
        '--trivy-cache-dir',
        path.join(work, 'trivy-cache'),
        '--image',
        image,
      ],
      dir,
    );
    const document = JSON.parse(await readFile(path.join(out, 'imagegate.json'), 'utf8')) as {
      findings: Array<{ ruleId: string; message: string }>;
    };
    const stale = document.findings.filter((f) => f.ruleId === 'base/stale').map((f) => f.message);
    const invocations = (await standin.readLog()).filter(
      (event): event is Extract<StandinEvent, { event: 'invocation' }> => event.event === 'invocation',
    );
    const summary = await readFile(path.join(out, 'summary.md'), 'utf8');
    return { run, stale, invocations, summary };
  } finally {
    for (const key of Object.keys(standinEnv)) delete process.env[key];
  }
}

/** The invocation whose image argument contains `text`: which credentials Trivy saw, by name only. */
function scanOf(invocations: Array<Extract<StandinEvent, { event: 'invocation' }>>, text: string) {
  const found = invocations.filter((event) => event.argv.some((arg) => arg.includes(text)));
  expect(found).toHaveLength(1);
  const event = found[0]!;
  return {
    argv: event.argv,
    env: event.env,
    credentials: event.trivyEnv.filter((name) => CREDENTIAL_NAMES.includes(name)),
  };
}

describeWithRegistry('the newer-base scan of a stale base (credentials, platform)', () => {
  beforeAll(async () => {
    [own, other] = await Promise.all([startRegistry(), startRegistry({ auth: 'none' })]);
    for (const name of [
      'IMAGEGATE_REGISTRY_USERNAME',
      'IMAGEGATE_REGISTRY_PASSWORD',
      'DOCKER_CONFIG',
      'PATH',
      ...CREDENTIAL_NAMES,
    ])
      savedEnv[name] = process.env[name];
    process.env.IMAGEGATE_REGISTRY_USERNAME = own.username;
    process.env.IMAGEGATE_REGISTRY_PASSWORD = own.password;
    process.env.DOCKER_CONFIG = path.join(work, 'no-docker-config');
    process.env.PATH = standin.path();
    Object.assign(process.env, JOB_TRIVY);
  }, 60_000);

  afterAll(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([own?.stop(), other?.stop()]);
  });

  /** base:1.2.3 at A in `registry`, an image in the own registry recording A, then base:1.2.3 moved to B. */
  async function staleBase(registry: TestRegistry, name: string) {
    const a = await push(registry, `${name}-base`, '1.2.3', `${name}-a`, [labelled(`${name}-a`)]);
    const app = `${own.host}/app:${name}`;
    await push(own, 'app', name, `${name}-app`, [
      labelled(`${name}-app`, {
        'org.opencontainers.image.base.name': `${registry.host}/${name}-base:1.2.3`,
        'org.opencontainers.image.base.digest': a.digest,
      }),
    ]);
    const b = await push(registry, `${name}-base`, '1.2.3', `${name}-b`, [labelled(`${name}-b`)]);
    const files = await reports(name, (await diffIds(a.dir, a.digest))[0]!, ['libssl1.1']);
    return { base: `${registry.host}/${name}-base`, app, b, files };
  }

  test("a base in another registry gets none of the job's Trivy credentials, nor imagegate's", async () => {
    const { base, app, b, files } = await staleBase(other, 'foreign');
    const { run, stale, invocations } = await check('foreign', [`FROM ${base}:1.2.3`], app, {
      ...standin.env({ report: files.image, reportsByTarget: { [b.digest]: files.newer } }),
    });
    // The scan ran: its report gave the count.
    expect(stale).toEqual([
      expect.stringContaining("The newer base fixes 2 of the 4 vulnerabilities in the image's base layers."),
    ]);
    const newer = scanOf(invocations, `${base}@${b.digest}`);
    expect(newer.env).toEqual({ TRIVY_USERNAME: false, TRIVY_PASSWORD: false });
    expect(newer.credentials).toEqual([]);
    // The image's own scan (by digest), in its own registry: imagegate's credentials, the job's token as it was.
    const image = scanOf(invocations, `${own.host}/app@`);
    expect(image.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    expect(image.credentials).toEqual(['TRIVY_PASSWORD', 'TRIVY_REGISTRY_TOKEN', 'TRIVY_USERNAME']);
    for (const secret of [...Object.values(JOB_TRIVY), own.password]) {
      expect(run.stdout + run.stderr).not.toContain(secret);
    }
  });

  test("control: a base in the image's own registry is scanned with the image's access", async () => {
    const { base, app, b, files } = await staleBase(own, 'ownreg');
    const { stale, invocations } = await check('ownreg', [`FROM ${base}:1.2.3`], app, {
      ...standin.env({ report: files.image, reportsByTarget: { [b.digest]: files.newer } }),
    });
    expect(stale).toEqual([expect.stringContaining('The newer base fixes 2 of the 4 vulnerabilities')]);
    const newer = scanOf(invocations, `${base}@${b.digest}`);
    expect(newer.env).toEqual({ TRIVY_USERNAME: true, TRIVY_PASSWORD: true });
    expect(newer.credentials).toEqual(['TRIVY_PASSWORD', 'TRIVY_REGISTRY_TOKEN', 'TRIVY_USERNAME']);
  });

  test("a multi-platform base is scanned for the image's platform (arm64), by its manifest digest", async () => {
    const platform = (architecture: string) => ({ os: 'linux', architecture });
    const specs = (name: string) => [
      labelled(`${name}-amd64`, {}, platform('amd64')),
      labelled(`${name}-arm64`, {}, platform('arm64')),
    ];
    const v1 = await push(own, 'multi', '1.0.0', 'multi-1', specs('multi-1'));
    const v1Arm64 = (await platformManifests(v1)).arm64!;
    const app = `${own.host}/app:arm64`;
    await push(own, 'app', 'arm64', 'app-arm64', [
      labelled(
        'app-arm64',
        {
          'org.opencontainers.image.base.name': `${own.host}/multi:1.0.0`,
          'org.opencontainers.image.base.digest': v1Arm64,
        },
        platform('arm64'),
      ),
    ]);
    const v2 = await push(own, 'multi', '1.0.0', 'multi-2', specs('multi-2'));
    const v2Manifests = await platformManifests(v2);
    const arm64 = await reports('arm64', (await diffIds(v1.dir, v1Arm64))[0]!, ['libssl1.1']);
    // The amd64 image of the newer base fixes nothing; Trivy given the index with no --platform scans that one.
    const amd64 = await reports('amd64', (await diffIds(v1.dir, v1Arm64))[0]!, ['libssl1.1', 'libcrypto1.1']);
    const { stale, invocations } = await check('platform', [`FROM ${own.host}/multi:1.0.0`], app, {
      ...standin.env({
        report: arm64.image,
        reportsByTarget: {
          [v2Manifests.arm64!]: arm64.newer,
          [v2Manifests.amd64!]: amd64.newer,
          [v2.digest]: amd64.newer,
        },
      }),
    });
    expect(stale).toEqual([
      expect.stringContaining("The newer base fixes 2 of the 4 vulnerabilities in the image's base layers."),
    ]);
    const newer = scanOf(invocations, `${own.host}/multi@`);
    expect(newer.argv).toContain(`${own.host}/multi@${v2Manifests.arm64}`);
    expect(newer.argv).not.toContain('--platform');
  });

  test("a newer base with no image for the image's platform is not scanned: a Not checked line says so", async () => {
    const platform = (architecture: string) => ({ os: 'linux', architecture });
    const v1 = await push(own, 'dropped', '1.0.0', 'dropped-1', [
      labelled('dropped-1-amd64', {}, platform('amd64')),
      labelled('dropped-1-arm64', {}, platform('arm64')),
    ]);
    const v1Arm64 = (await platformManifests(v1)).arm64!;
    const app = `${own.host}/app:dropped`;
    await push(own, 'app', 'dropped', 'app-dropped', [
      labelled(
        'app-dropped',
        {
          'org.opencontainers.image.base.name': `${own.host}/dropped:1.0.0`,
          'org.opencontainers.image.base.digest': v1Arm64,
        },
        platform('arm64'),
      ),
    ]);
    // The tag moves to an index without arm64.
    const v2 = await push(own, 'dropped', '1.0.0', 'dropped-2', [
      labelled('dropped-2-amd64', {}, platform('amd64')),
      labelled('dropped-2-s390x', {}, platform('s390x')),
    ]);
    const files = await reports('dropped', (await diffIds(v1.dir, v1Arm64))[0]!, ['libssl1.1']);
    const { stale, invocations, summary } = await check('dropped', [`FROM ${own.host}/dropped:1.0.0`], app, {
      ...standin.env({ report: files.image, reportsByTarget: { [v2.digest]: files.newer } }),
    });
    expect(stale).toHaveLength(1);
    expect(stale[0]).not.toContain('fixes');
    expect(invocations.filter((event) => event.argv.some((arg) => arg.includes('/dropped@')))).toEqual([]);
    expect(summary).toContain(
      `base freshness of ${own.host}/dropped:1.0.0: the tag could not be resolved for linux/arm64, so the newer base was not scanned`,
    );
  });
});
