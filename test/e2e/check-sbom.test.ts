import { execa } from 'execa';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../support/cli.js';
import { describeWithDocker, dockerBuild, makeContext } from '../support/docker.js';
import { cyclonedxSchemaErrors, haveSbomSchemas, spdxSchemaErrors } from '../support/sbom-schemas.js';
import { sharedFile } from '../support/shared.js';
import { installTrivyStandin } from '../support/trivy-standin/standin.js';
import { tempDir } from '../support/temp.js';

/**
 * Issue 14 item 1, the one-run path: `--sbom` has the one Trivy run list every package (`--list-all-pkgs`), and
 * each package in the SBOM carries what only imagegate knows: its layer, the Dockerfile line that made that layer
 * and whether it came from the base image. A real image (a local base image and an app built on it) is scanned by
 * the Trivy stand-in, which replays a report derived from the corpus's alpine-310 golden with a `Packages` list
 * whose layers are this image's (Trivy puts each package's Layer.DiffID there).
 */

const golden = sharedFile('corpus', 'trivy', 'alpine-310.json.golden');
if (!golden || !haveSbomSchemas)
  throw new Error('the shared corpus and schemas are needed: see test/support/shared.ts');

const BASE = 'imagegate-test/sbom-base:1';
const APP = 'imagegate-test/sbom-app:1';
const work = await tempDir('imagegate-check-sbom-');
const standin = await installTrivyStandin();

interface Property {
  name: string;
  value: string;
}
interface Cdx {
  metadata: { component: { name: string; type: string }; properties?: Property[] };
  components: Array<{ name: string; version?: string; purl?: string; properties?: Property[]; licenses?: unknown[] }>;
}
interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  annotations?: Array<{ comment: string }>;
  externalRefs?: Array<{ referenceLocator: string }>;
}
interface Spdx {
  packages: SpdxPackage[];
  relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }>;
}

const HOSTILE_NAME = `evil\u0000\u001b[31mname${'x'.repeat(5000)}`;

describeWithDocker('imagegate check --sbom: one Trivy run with --list-all-pkgs', () => {
  let context: string;
  let saved: NodeJS.ProcessEnv;
  let diffIds: string[];

  beforeAll(async () => {
    const base = await makeContext({ Dockerfile: 'FROM scratch\nCOPY base.txt /etc/base.txt\n', 'base.txt': 'b\n' });
    await dockerBuild(base, BASE);
    context = await makeContext({
      Dockerfile: `FROM ${BASE}\nCOPY app.txt /srv/app.txt\nCOPY lib.txt /usr/lib/lib.txt\nUSER 1000\n`,
      'app.txt': 'a\n',
      'lib.txt': 'l\n',
    });
    await dockerBuild(context, APP);
    const inspect = await execa('docker', ['image', 'inspect', '--format', '{{json .RootFS.Layers}}', APP]);
    diffIds = JSON.parse(inspect.stdout) as string[];
    expect(diffIds).toHaveLength(3);

    const report = JSON.parse(await readFile(golden!, 'utf8')) as { Results: Array<Record<string, unknown>> };
    const layer = (index: number) => ({ DiffID: diffIds[index] });
    report.Results[0]!.Packages = [
      {
        ID: 'musl@1.1.22-r3',
        Name: 'musl',
        Identifier: { PURL: 'pkg:apk/alpine/musl@1.1.22-r3?arch=x86_64&distro=3.10.2' },
        Version: '1.1.22-r3',
        Licenses: ['MIT'],
        Layer: layer(0),
      },
      {
        ID: 'app@1.0.0',
        Name: 'app',
        Identifier: { PURL: 'pkg:npm/app@1.0.0' },
        Version: '1.0.0',
        Licenses: ['Apache-2.0', 'Some Custom License'],
        Digest: 'sha1:0123456789abcdef0123456789abcdef01234567',
        FilePath: 'srv/app/package.json',
        Layer: layer(1),
      },
      {
        ID: 'lib@2',
        Name: 'lib',
        Version: '2',
        Layer: layer(2),
      },
      // The scanner's text is untrusted: control characters, a huge name, a purl that does not parse, odd digest.
      {
        Name: HOSTILE_NAME,
        Version: 'v'.repeat(100_000),
        Identifier: { PURL: 'pkg:npm/%zz@1' },
        Licenses: ['GPL-2.0 OR <script>'],
        Digest: 'sha1:not-hex',
        Layer: { DiffID: 'sha256:' + 'f'.repeat(64) },
      },
    ];
    const derived = path.join(work, 'alpine-310-with-packages.json');
    await writeFile(derived, JSON.stringify(report));
    saved = { ...process.env };
    Object.assign(process.env, standin.env({ report: derived }), { PATH: standin.path() });
  }, 180_000);

  afterAll(async () => {
    process.env = saved;
    await execa('docker', ['image', 'rm', '--force', APP, BASE], { reject: false });
  });

  beforeEach(() => standin.clearLog());

  async function check(name: string, extra: string[]) {
    const outDir = path.join(work, name);
    const args = ['check', '--image', APP, '--out-dir', outDir, '--trivy-cache-dir', path.join(work, 'cache')];
    args.push('--fail-on', 'never', '--dockerfile', path.join(context, 'Dockerfile'));
    const run = await cli([...args, ...extra], context);
    const invocations = (await standin.readLog()).flatMap((event) =>
      event.event === 'invocation' ? [event.argv] : [],
    );
    return { run, invocations, outDir };
  }

  test('--sbom cyclonedx,spdx: one Trivy run with --list-all-pkgs; both SBOMs valid, each package placed', async () => {
    const { run, invocations, outDir } = await check('both', ['--sbom', 'cyclonedx,spdx']);
    expect([run.code, run.stderr]).toEqual([0, expect.any(String)]);
    expect(invocations).toHaveLength(1);
    expect(invocations[0]).toContain('--list-all-pkgs');
    expect(run.stderr).not.toContain('made without --list-all-pkgs');
    expect(run.stdout).toContain(`${path.join(outDir, 'imagegate.cdx.json')}`.slice(-40));
    expect(run.stdout).toContain('imagegate.spdx.json');

    const cdx = JSON.parse(await readFile(path.join(outDir, 'imagegate.cdx.json'), 'utf8')) as Cdx;
    const spdx = JSON.parse(await readFile(path.join(outDir, 'imagegate.spdx.json'), 'utf8')) as Spdx;
    expect(cyclonedxSchemaErrors(cdx)).toEqual([]);
    expect(spdxSchemaErrors(spdx)).toEqual([]);
    expect(cdx.metadata.properties).toEqual(
      expect.arrayContaining([{ name: 'imagegate:package-coverage', value: 'all' }]),
    );
    expect(cdx.components.map((c) => c.name).slice(0, 3)).toEqual(['musl', 'app', 'lib']);
    const props = (name: string) => cdx.components.find((c) => c.name === name)?.properties ?? [];
    expect(props('musl')).toEqual(
      expect.arrayContaining([
        { name: 'imagegate:layer', value: diffIds[0] },
        { name: 'imagegate:dockerfile', value: 'Dockerfile:1' },
        { name: 'imagegate:from-base', value: 'true' },
      ]),
    );
    expect(props('app')).toEqual(
      expect.arrayContaining([
        { name: 'imagegate:layer', value: diffIds[1] },
        { name: 'imagegate:dockerfile', value: 'Dockerfile:2' },
        { name: 'imagegate:from-base', value: 'false' },
        { name: 'imagegate:path', value: 'srv/app/package.json' },
      ]),
    );
    expect(props('lib')).toEqual(expect.arrayContaining([{ name: 'imagegate:dockerfile', value: 'Dockerfile:3' }]));
    const app = cdx.components.find((c) => c.name === 'app');
    expect(app).toMatchObject({
      purl: 'pkg:npm/app@1.0.0',
      hashes: [{ alg: 'SHA-1', content: '0123456789abcdef0123456789abcdef01234567' }],
      licenses: [{ license: { id: 'Apache-2.0' } }, { license: { name: 'Some Custom License' } }],
    });

    // SPDX: the image CONTAINS each package; imagegate's facts are annotations.
    const spdxApp = spdx.packages.find((p) => p.name === 'app')!;
    expect(spdx.relationships).toContainEqual({
      spdxElementId: 'SPDXRef-Image',
      relationshipType: 'CONTAINS',
      relatedSpdxElement: spdxApp.SPDXID,
    });
    expect(spdxApp.annotations?.map((a) => a.comment)).toEqual(
      expect.arrayContaining(['imagegate:dockerfile=Dockerfile:2', 'imagegate:from-base=false']),
    );
  });

  test('hostile package text: capped, control characters gone, a bad purl and a bad digest dropped', async () => {
    const { run, outDir } = await check('hostile', ['--sbom', 'cyclonedx', '--sbom', 'spdx']);
    expect(run.code).toBe(0);
    const cdxText = await readFile(path.join(outDir, 'imagegate.cdx.json'), 'utf8');
    const cdx = JSON.parse(cdxText) as Cdx;
    const evil = cdx.components.find((c) => c.name.startsWith('evil'))!;
    expect(evil.name).toHaveLength(1024);
    // eslint-disable-next-line no-control-regex
    expect(evil.name).not.toMatch(/[\u0000-\u001f]/);
    expect(evil.version).toHaveLength(1024);
    expect(evil.purl).toBeUndefined();
    expect(evil).not.toHaveProperty('hashes.0');
    expect(cdxText.length).toBeLessThan(100_000);
    const spdx = JSON.parse(await readFile(path.join(outDir, 'imagegate.spdx.json'), 'utf8')) as Spdx;
    expect(spdxSchemaErrors(spdx)).toEqual([]);
    // A layer the image does not have: the package is listed with its layer, and no Dockerfile line is made up.
    expect(evil.properties).not.toContainEqual(expect.objectContaining({ name: 'imagegate:dockerfile' }));
  });

  test('without --sbom Trivy is not asked for the package list and no SBOM is written', async () => {
    const { run, invocations, outDir } = await check('none', []);
    expect(run.code).toBe(0);
    expect(invocations[0]).not.toContain('--list-all-pkgs');
    await expect(readFile(path.join(outDir, 'imagegate.cdx.json'))).rejects.toThrow('ENOENT');
  });

  test('--sbom with an unknown format is exit 2 naming the option', async () => {
    const { run, invocations } = await check('bad', ['--sbom', 'cyclonedx,swid']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--sbom 'swid': expected cyclonedx or spdx");
    expect(invocations).toEqual([]);
  });
});
