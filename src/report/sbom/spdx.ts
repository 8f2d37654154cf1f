import { randomUUID } from 'node:crypto';
import { packageProperties, type SbomToolInfo } from './cyclonedx.js';
import type { SbomInventory, SbomPackage } from './sbom-inventory.js';

/**
 * The inventory as an SPDX 2.3 JSON document. No maintained JavaScript library writes SPDX 2.3 JSON (the SPDX
 * tools are Java and Python), so the document is built from these types, which follow spdx-2.3-schema.json; the
 * tests validate every document against that schema. The image is the described package (purpose CONTAINER),
 * each package is CONTAINED by it, and imagegate's facts (layer, Dockerfile line, base image) are annotations.
 */

interface SpdxChecksum {
  algorithm: 'SHA1' | 'SHA256' | 'MD5';
  checksumValue: string;
}

interface SpdxExternalRef {
  referenceCategory: 'PACKAGE-MANAGER';
  referenceType: 'purl';
  referenceLocator: string;
}

interface SpdxAnnotation {
  annotationDate: string;
  annotationType: 'OTHER';
  annotator: string;
  comment: string;
}

interface SpdxPackage {
  SPDXID: string;
  name: string;
  versionInfo?: string;
  downloadLocation: 'NOASSERTION';
  filesAnalyzed: false;
  licenseConcluded: 'NOASSERTION';
  licenseDeclared: string;
  licenseComments?: string;
  checksums?: SpdxChecksum[];
  externalRefs?: SpdxExternalRef[];
  primaryPackagePurpose?: 'CONTAINER' | 'LIBRARY';
  comment?: string;
  annotations?: SpdxAnnotation[];
}

interface SpdxRelationship {
  spdxElementId: string;
  relationshipType: 'DESCRIBES' | 'CONTAINS';
  relatedSpdxElement: string;
}

export interface SpdxDocument {
  spdxVersion: 'SPDX-2.3';
  dataLicense: 'CC0-1.0';
  SPDXID: 'SPDXRef-DOCUMENT';
  name: string;
  documentNamespace: string;
  comment?: string;
  creationInfo: { created: string; creators: string[] };
  packages: SpdxPackage[];
  relationships: SpdxRelationship[];
}

const CHECKSUM_ALGORITHMS: Record<NonNullable<SbomPackage['hash']>['algorithm'], SpdxChecksum['algorithm']> = {
  'SHA-1': 'SHA1',
  'SHA-256': 'SHA256',
  MD5: 'MD5',
};

/** A license list only becomes an SPDX expression when every entry is a plain identifier; else NOASSERTION. */
const SPDX_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,99}$/;
/** Words that would read as operators inside the joined expression. */
const SPDX_OPERATORS = new Set(['AND', 'OR', 'WITH']);

export function toSpdx(inventory: SbomInventory, tool: SbomToolInfo): SpdxDocument {
  // SPDX wants seconds precision (`2026-12-07T06:00:00Z`).
  const created = new Date(tool.timestamp).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const annotator = `Tool: imagegate-${tool.toolVersion}`;
  const { image } = inventory;
  const imagePackage: SpdxPackage = {
    SPDXID: 'SPDXRef-Image',
    name: image.name,
    ...(image.digest ? { versionInfo: image.digest } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: 'NOASSERTION',
    primaryPackagePurpose: 'CONTAINER',
    ...(image.digest
      ? { checksums: [{ algorithm: 'SHA256', checksumValue: image.digest.slice('sha256:'.length) }] }
      : {}),
    ...(image.purl ? { externalRefs: [purlRef(image.purl)] } : {}),
    ...(image.reference ? { comment: `reference ${image.reference}; platform ${image.platform}` } : {}),
  };
  const packages: SpdxPackage[] = [imagePackage];
  const relationships: SpdxRelationship[] = [
    { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: 'SPDXRef-Image' },
  ];
  inventory.packages.forEach((pkg, index) => {
    const id = `SPDXRef-Package-${index + 1}`;
    packages.push(spdxPackage(pkg, id, annotator, created));
    relationships.push({ spdxElementId: 'SPDXRef-Image', relationshipType: 'CONTAINS', relatedSpdxElement: id });
  });
  const notes = [`package coverage: ${inventory.coverage}`, ...inventory.notes];
  return {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: image.reference ?? image.name,
    documentNamespace: `https://imagegate.invalid/spdx/${encodeURIComponent(image.name)}-${randomUUID()}`,
    comment: `imagegate: ${notes.join('; ')}`,
    creationInfo: { created, creators: [annotator] },
    packages,
    relationships,
  };
}

function spdxPackage(pkg: SbomPackage, id: string, annotator: string, created: string): SpdxPackage {
  const declared =
    pkg.licenses.length > 0 &&
    pkg.licenses.every((license) => SPDX_IDENTIFIER.test(license) && !SPDX_OPERATORS.has(license.toUpperCase()));
  const annotations = packageProperties(pkg).map(([name, value]): SpdxAnnotation => ({
    annotationDate: created,
    annotationType: 'OTHER',
    annotator,
    comment: `${name}=${value}`,
  }));
  return {
    SPDXID: id,
    name: pkg.name,
    ...(pkg.version ? { versionInfo: pkg.version } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: declared ? pkg.licenses.join(' AND ') : 'NOASSERTION',
    ...(!declared && pkg.licenses.length > 0
      ? { licenseComments: `as the scanner named them: ${pkg.licenses.join(', ')}` }
      : {}),
    ...(pkg.hash
      ? { checksums: [{ algorithm: CHECKSUM_ALGORITHMS[pkg.hash.algorithm], checksumValue: pkg.hash.value }] }
      : {}),
    ...(pkg.purl ? { externalRefs: [purlRef(pkg.purl)] } : {}),
    primaryPackagePurpose: 'LIBRARY',
    ...(annotations.length > 0 ? { annotations } : {}),
  };
}

function purlRef(purl: string): SpdxExternalRef {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}
