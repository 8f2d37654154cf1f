import { createRequire as __imagegateCreateRequire } from 'node:module';
const require = __imagegateCreateRequire(import.meta.url);
import {
  packageProperties
} from "./chunk-V7OMYJ22.js";
import "./chunk-GVHAVQQT.js";

// src/report/sbom/spdx.ts
import { randomUUID } from "node:crypto";
var CHECKSUM_ALGORITHMS = {
  "SHA-1": "SHA1",
  "SHA-256": "SHA256",
  MD5: "MD5"
};
var SPDX_IDENTIFIER = /^[A-Za-z0-9][A-Za-z0-9.+-]{0,99}$/;
var SPDX_OPERATORS = /* @__PURE__ */ new Set(["AND", "OR", "WITH"]);
function toSpdx(inventory, tool) {
  const created = new Date(tool.timestamp).toISOString().replace(/\.\d{3}Z$/, "Z");
  const annotator = `Tool: imagegate-${tool.toolVersion}`;
  const { image } = inventory;
  const imagePackage = {
    SPDXID: "SPDXRef-Image",
    name: image.name,
    ...image.digest ? { versionInfo: image.digest } : {},
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    licenseConcluded: "NOASSERTION",
    licenseDeclared: "NOASSERTION",
    primaryPackagePurpose: "CONTAINER",
    ...image.digest ? { checksums: [{ algorithm: "SHA256", checksumValue: image.digest.slice("sha256:".length) }] } : {},
    ...image.purl ? { externalRefs: [purlRef(image.purl)] } : {},
    ...image.reference ? { comment: `reference ${image.reference}; platform ${image.platform}` } : {}
  };
  const packages = [imagePackage];
  const relationships = [
    { spdxElementId: "SPDXRef-DOCUMENT", relationshipType: "DESCRIBES", relatedSpdxElement: "SPDXRef-Image" }
  ];
  inventory.packages.forEach((pkg, index) => {
    const id = `SPDXRef-Package-${index + 1}`;
    packages.push(spdxPackage(pkg, id, annotator, created));
    relationships.push({ spdxElementId: "SPDXRef-Image", relationshipType: "CONTAINS", relatedSpdxElement: id });
  });
  const notes = [`package coverage: ${inventory.coverage}`, ...inventory.notes];
  return {
    spdxVersion: "SPDX-2.3",
    dataLicense: "CC0-1.0",
    SPDXID: "SPDXRef-DOCUMENT",
    name: image.reference ?? image.name,
    documentNamespace: `https://imagegate.invalid/spdx/${encodeURIComponent(image.name)}-${randomUUID()}`,
    comment: `imagegate: ${notes.join("; ")}`,
    creationInfo: { created, creators: [annotator] },
    packages,
    relationships
  };
}
function spdxPackage(pkg, id, annotator, created) {
  const declared = pkg.licenses.length > 0 && pkg.licenses.every((license) => SPDX_IDENTIFIER.test(license) && !SPDX_OPERATORS.has(license.toUpperCase()));
  const annotations = packageProperties(pkg).map(([name, value]) => ({
    annotationDate: created,
    annotationType: "OTHER",
    annotator,
    comment: `${name}=${value}`
  }));
  return {
    SPDXID: id,
    name: pkg.name,
    ...pkg.version ? { versionInfo: pkg.version } : {},
    downloadLocation: "NOASSERTION",
    filesAnalyzed: false,
    licenseConcluded: "NOASSERTION",
    licenseDeclared: declared ? pkg.licenses.join(" AND ") : "NOASSERTION",
    ...!declared && pkg.licenses.length > 0 ? { licenseComments: `as the scanner named them: ${pkg.licenses.join(", ")}` } : {},
    ...pkg.hash ? { checksums: [{ algorithm: CHECKSUM_ALGORITHMS[pkg.hash.algorithm], checksumValue: pkg.hash.value }] } : {},
    ...pkg.purl ? { externalRefs: [purlRef(pkg.purl)] } : {},
    primaryPackagePurpose: "LIBRARY",
    ...annotations.length > 0 ? { annotations } : {}
  };
}
function purlRef(purl) {
  return { referenceCategory: "PACKAGE-MANAGER", referenceType: "purl", referenceLocator: purl };
}
export {
  toSpdx
};
//# sourceMappingURL=spdx-ACI2XZVB.js.map
