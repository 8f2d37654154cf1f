import { randomUUID } from 'node:crypto';
// Subpath imports: the package's index also loads its validators, which read schema files beside the package at
// load time, and that breaks in the single-file bundle (dist/); these parts need nothing from disk.
import * as Enums from '@cyclonedx/cyclonedx-library/Enums';
import * as Models from '@cyclonedx/cyclonedx-library/Models';
import * as Serialize from '@cyclonedx/cyclonedx-library/Serialize';
import * as SPDX from '@cyclonedx/cyclonedx-library/SPDX';
import * as Spec from '@cyclonedx/cyclonedx-library/Spec';
import type { SbomInventory, SbomPackage } from './sbom-inventory.js';

export interface SbomToolInfo {
  toolVersion: string;
  /** ISO timestamp of the run. */
  timestamp: string;
}

const HASH_ALGORITHMS: Record<NonNullable<SbomPackage['hash']>['algorithm'], Enums.HashAlgorithm> = {
  'SHA-1': Enums.HashAlgorithm['SHA-1'],
  'SHA-256': Enums.HashAlgorithm['SHA-256'],
  MD5: Enums.HashAlgorithm.MD5,
};

/**
 * The inventory as a CycloneDX 1.6 JSON BOM, built with @cyclonedx/cyclonedx-library: the image is
 * `metadata.component` (type container), each package a library component that the image depends on. What only
 * imagegate knows is in properties (`imagegate:layer`, `imagegate:dockerfile`, `imagegate:from-base`), as the
 * library's evidence model has no occurrences; what the SBOM lacks is in `imagegate:note` properties.
 */
export function toCycloneDx(inventory: SbomInventory, tool: SbomToolInfo): string {
  const bom = new Models.Bom();
  bom.serialNumber = `urn:uuid:${randomUUID()}`;
  bom.metadata.timestamp = new Date(tool.timestamp);
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'imagegate', { version: tool.toolVersion }),
  );
  const { image } = inventory;
  const root = new Models.Component(Enums.ComponentType.Container, image.name, {
    bomRef: 'image',
    ...(image.digest ? { version: image.digest } : {}),
    ...(image.purl ? { purl: image.purl } : {}),
  });
  if (image.reference) root.properties.add(new Models.Property('imagegate:reference', image.reference));
  if (image.platform) root.properties.add(new Models.Property('imagegate:platform', image.platform));
  bom.metadata.component = root;
  bom.metadata.properties.add(new Models.Property('imagegate:package-coverage', inventory.coverage));
  for (const note of inventory.notes) bom.metadata.properties.add(new Models.Property('imagegate:note', note));

  inventory.packages.forEach((pkg, index) => {
    const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
      bomRef: `package-${index + 1}`,
      ...(pkg.version ? { version: pkg.version } : {}),
      ...(pkg.purl ? { purl: pkg.purl } : {}),
    });
    for (const license of pkg.licenses) {
      component.licenses.add(
        SPDX.isSupportedSpdxId(license) ? new Models.SpdxLicense(license) : new Models.NamedLicense(license),
      );
    }
    if (pkg.hash) component.hashes.set(HASH_ALGORITHMS[pkg.hash.algorithm], pkg.hash.value);
    for (const [name, value] of packageProperties(pkg)) component.properties.add(new Models.Property(name, value));
    bom.components.add(component);
    root.dependencies.add(component.bomRef);
  });
  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot6));
  return serializer.serialize(bom, { sortLists: false, space: 2 });
}

/** imagegate's facts about one package, as `name → value` pairs (shared with the SPDX annotations). */
export function packageProperties(pkg: SbomPackage): Array<[string, string]> {
  const properties: Array<[string, string]> = [];
  if (pkg.layerDiffId) properties.push(['imagegate:layer', pkg.layerDiffId]);
  if (pkg.dockerfile) properties.push(['imagegate:dockerfile', pkg.dockerfile]);
  if (pkg.fromBase !== undefined) properties.push(['imagegate:from-base', String(pkg.fromBase)]);
  if (pkg.pkgPath) properties.push(['imagegate:path', pkg.pkgPath]);
  if (pkg.target) properties.push(['imagegate:target', pkg.target]);
  if (pkg.pkgType) properties.push(['imagegate:type', pkg.pkgType]);
  return properties;
}
