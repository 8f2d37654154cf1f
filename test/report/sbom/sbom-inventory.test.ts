import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { writeReports } from '../../../src/report/write-reports.js';
import { Redactor } from '../../../src/util/redact.js';
import { toCycloneDx } from '../../../src/report/sbom/cyclonedx.js';
import { SBOM_PACKAGES_MAX, sbomImage, sbomInventory } from '../../../src/report/sbom/sbom-inventory.js';
import { toSpdx } from '../../../src/report/sbom/spdx.js';
import type { PackageFacts, ScanFacts } from '../../../src/scan/types.js';
import { describeWhen } from '../../support/gate.js';
import { cyclonedxSchemaErrors, haveSbomSchemas, spdxSchemaErrors } from '../../support/sbom-schemas.js';
import { DIGEST, diffId, DOCKERFILE, sampleImage, sampleResult } from '../fixtures.js';

/** The SBOM inventory from run facts: the image's oci purl (purl spec, `oci` type) and each package's origin. */

const TOOL = { toolVersion: '0.1.0', timestamp: '2026-11-27T12:00:07.500Z' };

function scan(packages: PackageFacts[] | undefined): ScanFacts {
  return {
    scanner: { name: 'trivy' },
    artifactName: 'acme/api',
    vulnerabilities: [],
    secrets: [],
    licenses: [],
    ...(packages ? { packages } : {}),
  };
}

const pkg = (name: string, layer?: string): PackageFacts => ({
  name,
  version: '1.0',
  licenses: [],
  target: 'acme/api (debian 12)',
  pkgType: 'debian',
  ...(layer ? { layerDiffId: layer } : {}),
});

test('the image purl: pkg:oci/<last path part>@<digest> with arch, repository_url and tag (purl spec oci type)', () => {
  // packageurl-js's canonical form: the version's ':' needs no encoding (purl spec), a qualifier's '/' is encoded.
  expect(sbomImage(sampleResult()).purl).toBe(
    `pkg:oci/api@${DIGEST}?arch=arm64&repository_url=docker.io%2Facme%2Fapi&tag=1.2.3`,
  );
  expect(sbomImage(sampleResult()).platform).toBe('linux/arm64/v8');
});

test('no digest (a local build): no purl, and the inventory says why', () => {
  const image = { ...sampleImage(), repoDigests: [] };
  delete image.digest;
  const inventory = sbomInventory(sampleResult({ image, scan: scan([]) }));
  expect(inventory.image.purl).toBeUndefined();
  expect(inventory.notes).toContain('the image has no known manifest digest (a local build?): the image has no purl');
});

test('each package gets its layer, the Dockerfile line of that layer and whether the base image brought it', () => {
  const result = sampleResult({
    scan: scan([pkg('libc', diffId(1)), pkg('api', diffId(2)), pkg('stray', 'sha256:' + '9'.repeat(64)), pkg('x')]),
    layerFromBase: [true, false, false, false],
  });
  const [libc, api, stray, x] = sbomInventory(result).packages;
  expect(libc).toMatchObject({ layerDiffId: diffId(1), dockerfile: `${DOCKERFILE}:1`, fromBase: true });
  expect(api).toMatchObject({ layerDiffId: diffId(2), dockerfile: `${DOCKERFILE}:5`, fromBase: false });
  expect(stray).not.toHaveProperty('dockerfile');
  expect(x).not.toHaveProperty('layerDiffId');
});

test('past SBOM_PACKAGES_MAX packages the rest are left out and counted', () => {
  const many = Array.from({ length: SBOM_PACKAGES_MAX + 3 }, (_, i) => pkg(`p${i}`));
  const inventory = sbomInventory(sampleResult({ scan: scan(many) }));
  expect(inventory.packages).toHaveLength(SBOM_PACKAGES_MAX);
  expect(inventory.omitted).toBe(3);
  expect(inventory.notes).toContain(`3 packages past the first ${SBOM_PACKAGES_MAX} are left out`);
});

test('no scan (--skip-scan): an SBOM of the image alone, saying so', () => {
  const inventory = sbomInventory(sampleResult());
  expect(inventory).toMatchObject({ coverage: 'none', packages: [] });
  expect(inventory.notes).toContain('no vulnerability scan ran: this SBOM lists no packages');
});

describeWhen(haveSbomSchemas, 'the shared schemas are missing')('against the official schemas', () => {
  test('an image with a digest: both documents validate and carry the image purl', () => {
    const inventory = sbomInventory(sampleResult({ scan: scan([pkg('libc', diffId(1))]), layerFromBase: [true] }));
    const cdx = JSON.parse(toCycloneDx(inventory, TOOL)) as { metadata: { component: { purl: string } } };
    expect(cyclonedxSchemaErrors(cdx)).toEqual([]);
    expect(cdx.metadata.component.purl).toBe(inventory.image.purl);
    const spdx = toSpdx(inventory, TOOL);
    expect(spdxSchemaErrors(JSON.parse(JSON.stringify(spdx)))).toEqual([]);
    expect(spdx.packages[0]).toMatchObject({
      SPDXID: 'SPDXRef-Image',
      primaryPackagePurpose: 'CONTAINER',
      checksums: [{ algorithm: 'SHA256', checksumValue: 'ab'.repeat(32) }],
      externalRefs: [
        { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: inventory.image.purl },
      ],
    });
    expect(spdx.creationInfo.created).toBe('2026-11-27T12:00:07Z');
  });
});

test('the SBOM files go through the run redactor like every report: a secret in a package name is ***', async () => {
  const secret = 'hunter2-very-secret-token';
  const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-sbom-redact-'));
  try {
    const result = sampleResult({ scan: scan([pkg(`leak-${secret}`, diffId(1))]) });
    const paths = await writeReports(result, dir, {
      toolVersion: '0.1.0',
      category: 'imagegate/image/docker.io/acme/api',
      redactor: new Redactor([secret]),
      sbom: ['cyclonedx', 'spdx'],
    });
    for (const file of [paths.cyclonedx, paths.spdx]) {
      const text = await readFile(file!, 'utf8');
      expect(text).toContain('leak-***');
      expect(text).not.toContain(secret);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
