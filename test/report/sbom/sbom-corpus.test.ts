import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { cli } from '../../support/cli.js';
import { describeWhen } from '../../support/gate.js';
import { cyclonedxSchemaErrors, haveSbomSchemas, spdxSchemaErrors } from '../../support/sbom-schemas.js';
import { sharedDir } from '../../support/shared.js';
import { tempDir } from '../../support/temp.js';

/**
 * Issue 14 items 1, 2 and 4 through the real CLI on real Trivy reports (the shared corpus): `--sbom
 * cyclonedx,spdx` writes both SBOMs beside the reports, each valid against its official schema. The corpus
 * reports were made without --list-all-pkgs, so each SBOM lists the vulnerable packages and says so.
 */

const work = await tempDir('imagegate-sbom-corpus-');
const shared = sharedDir();
const trivyDir = shared ? path.join(shared, 'corpus', 'trivy') : undefined;
const goldens = trivyDir && existsSync(trivyDir) ? readdirSync(trivyDir).filter((f) => f.endsWith('.json.golden')) : [];
const describeWithCorpus = describeWhen(
  goldens.length > 0 && haveSbomSchemas,
  'the shared corpus or schemas are missing',
);

interface Cdx {
  metadata: {
    component: { type: string; name: string; purl?: string; version?: string };
    properties?: Array<{ name: string; value: string }>;
  };
  components?: Array<{
    name: string;
    version?: string;
    purl?: string;
    properties?: Array<{ name: string; value: string }>;
    licenses?: unknown[];
  }>;
  dependencies?: Array<{ ref: string; dependsOn?: string[] }>;
}

interface Spdx {
  comment?: string;
  packages: Array<{ SPDXID: string; name: string; externalRefs?: Array<{ referenceLocator: string }> }>;
  relationships: Array<{ spdxElementId: string; relationshipType: string; relatedSpdxElement: string }>;
}

const readJson = async <T>(file: string) => JSON.parse(await readFile(file, 'utf8')) as T;

describeWithCorpus('--sbom on the Trivy corpus (reports without --list-all-pkgs)', () => {
  test.each(goldens)('%s: both SBOMs validate and list the vulnerable packages, saying so', async (golden) => {
    const out = path.join(work, golden);
    const report = path.join(trivyDir!, golden);
    const run = await cli(['check', '--trivy-report', report, '--out-dir', out, '--sbom', 'cyclonedx,spdx'], work);
    expect(run.code).toBeLessThanOrEqual(1);
    expect(run.stderr).toContain('SBOM: the Trivy report lists no packages (it was made without --list-all-pkgs)');
    expect(await readFile(path.join(out, 'summary.md'), 'utf8')).toContain(
      '**Not checked:** SBOM: the Trivy report lists no packages',
    );
    const cdx = await readJson<Cdx>(path.join(out, 'imagegate.cdx.json'));
    const spdx = await readJson<Spdx>(path.join(out, 'imagegate.spdx.json'));
    expect(cyclonedxSchemaErrors(cdx)).toEqual([]);
    expect(spdxSchemaErrors(spdx)).toEqual([]);

    const trivy = await readJson<{
      Results?: Array<{ Vulnerabilities?: Array<{ PkgName: string; InstalledVersion?: string }> }>;
    }>(report);
    const vulnerable = new Set(
      (trivy.Results ?? []).flatMap((r) =>
        (r.Vulnerabilities ?? []).map((v) => `${v.PkgName}@${v.InstalledVersion ?? ''}`),
      ),
    );
    const listed = new Set((cdx.components ?? []).map((c) => `${c.name}@${c.version ?? ''}`));
    expect(listed).toEqual(vulnerable);
    expect(cdx.metadata.properties).toEqual(
      expect.arrayContaining([{ name: 'imagegate:package-coverage', value: 'vulnerable-only' }]),
    );
    expect(spdx.comment).toContain('package coverage: vulnerable-only');
    // The image CONTAINS every package, and the document DESCRIBES the image.
    expect(spdx.relationships.filter((r) => r.relationshipType === 'CONTAINS')).toHaveLength(spdx.packages.length - 1);
    expect(spdx.relationships[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Image',
    });
  });

  test('alpine-310: the package carries its purl and layer; no digest, so the image has no purl and says so', async () => {
    const out = path.join(work, 'alpine-310-detail');
    const report = path.join(trivyDir!, 'alpine-310.json.golden');
    const run = await cli(
      ['check', '--trivy-report', report, '--out-dir', out, '--sbom', 'cyclonedx', '--sbom', 'spdx'],
      work,
    );
    expect(run.code).toBeLessThanOrEqual(1);
    const cdx = await readJson<Cdx>(path.join(out, 'imagegate.cdx.json'));
    const libcrypto = cdx.components?.find((c) => c.name === 'libcrypto1.1');
    expect(libcrypto?.purl).toBe('pkg:apk/alpine/libcrypto1.1@1.1.1c-r0?arch=x86_64&distro=3.10.2');
    expect(libcrypto?.properties).toEqual(
      expect.arrayContaining([
        { name: 'imagegate:layer', value: 'sha256:03901b4a2ea88eeaad62dbe59b072b28b6efa00491962b8741081c5df50c65e0' },
      ]),
    );
    expect(cdx.metadata.component.type).toBe('container');
    // The golden has `RepoDigests: null`: the image is listed without a made-up purl, and the SBOM says why.
    expect(cdx.metadata.component.purl).toBeUndefined();
    expect(cdx.metadata.properties).toEqual(
      expect.arrayContaining([
        { name: 'imagegate:note', value: expect.stringContaining('no known manifest digest') as string },
      ]),
    );
  });

  test('the schemas can fail: a wrong bomFormat, a nameless component and an SPDX package without SPDXID are rejected', async () => {
    const out = path.join(work, 'alpine-310-detail');
    const cdx = await readJson<Record<string, unknown>>(path.join(out, 'imagegate.cdx.json'));
    expect(cyclonedxSchemaErrors(cdx)).toEqual([]);
    expect(cyclonedxSchemaErrors({ ...cdx, bomFormat: 'SPDX' })).not.toEqual([]);
    expect(cyclonedxSchemaErrors({ ...cdx, components: [{ type: 'library' }] })).not.toEqual([]);
    const spdx = await readJson<Spdx>(path.join(out, 'imagegate.spdx.json'));
    const [image, ...rest] = spdx.packages;
    const { SPDXID: _dropped, ...withoutId } = image!;
    expect(spdxSchemaErrors(spdx)).toEqual([]);
    expect(spdxSchemaErrors({ ...spdx, packages: [withoutId, ...rest] })).not.toEqual([]);
  });
});
