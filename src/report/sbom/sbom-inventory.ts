import { PackageURL } from 'packageurl-js';
import { VULNERABLE_ONLY_NOTE } from './sbom-format.js';
import { parseImageReference } from '../../model/image-reference.js';
import type { PackageFacts } from '../../scan/types.js';
import type { RunResult } from '../run-result.js';

/**
 * What both SBOM formats list, gathered once from a run: the image (its purl when its digest is known) and every
 * package the scan found, each with what only imagegate knows: the layer that brought it, the Dockerfile line that
 * made that layer, and whether the layer came from the base image. The scanner's values are untrusted text: they
 * are capped here and only ever serialized as JSON strings; a purl is kept only when it parses as one.
 */

/** Longest scanner string kept (names, versions, purls, paths, licenses). Real values are far shorter. */
export const SBOM_TEXT_MAX = 1024;
/** Most packages listed; past that the SBOM says how many it left out. A real image has a few thousand. */
export const SBOM_PACKAGES_MAX = 100_000;
/** Most licenses kept per package. */
const LICENSES_MAX = 32;

export interface SbomImage {
  name: string;
  /** `pkg:oci/<name>@sha256:…?arch=…&repository_url=…`; undefined when no manifest digest is known. */
  purl?: string;
  digest?: string;
  reference?: string;
  platform: string;
}

export interface SbomPackage {
  name: string;
  version: string;
  purl?: string;
  licenses: string[];
  /** `{algorithm: 'SHA-1' | 'SHA-256' | 'MD5', value}` from Trivy's Digest, when it is one of those. */
  hash?: { algorithm: 'SHA-1' | 'SHA-256' | 'MD5'; value: string };
  pkgPath?: string;
  target: string;
  pkgType: string;
  layerDiffId?: string;
  /** `Dockerfile:12`: the instruction that made the package's layer. */
  dockerfile?: string;
  fromBase?: boolean;
}

export interface SbomInventory {
  image: SbomImage;
  packages: SbomPackage[];
  /** `all`: Trivy's full package list (`--list-all-pkgs`); `vulnerable-only`: only packages a vulnerability named. */
  coverage: 'all' | 'vulnerable-only' | 'none';
  /** Packages past SBOM_PACKAGES_MAX that were left out. */
  omitted: number;
  /** Sentences the SBOM and the run's log say about what it lacks. */
  notes: string[];
}

export function sbomInventory(result: RunResult): SbomInventory {
  const notes: string[] = [];
  const image = sbomImage(result);
  if (!image.purl) notes.push('the image has no known manifest digest (a local build?): the image has no purl');
  const scan = result.scan;
  let coverage: SbomInventory['coverage'] = 'none';
  let source: PackageFacts[] = [];
  if (!scan) notes.push('no vulnerability scan ran: this SBOM lists no packages');
  else if (scan.packages) {
    coverage = 'all';
    source = scan.packages;
  } else {
    coverage = 'vulnerable-only';
    notes.push(VULNERABLE_ONLY_NOTE);
    source = packagesFromVulnerabilities(scan.vulnerabilities);
  }
  const layerIndex = new Map<string, number>();
  result.image.layers.forEach((layer, index) => {
    if (!layerIndex.has(layer.diffId)) layerIndex.set(layer.diffId, index);
  });
  const packages = source.slice(0, SBOM_PACKAGES_MAX).map((facts) => sbomPackage(facts, result, layerIndex));
  const omitted = Math.max(0, source.length - SBOM_PACKAGES_MAX);
  if (omitted > 0) notes.push(`${omitted} packages past the first ${SBOM_PACKAGES_MAX} are left out`);
  return { image, packages, coverage, omitted, notes };
}

/** One package per distinct (target, path, name, version, purl) among the vulnerabilities, in report order. */
function packagesFromVulnerabilities(
  vulnerabilities: NonNullable<RunResult['scan']>['vulnerabilities'],
): PackageFacts[] {
  const seen = new Set<string>();
  const packages: PackageFacts[] = [];
  for (const v of vulnerabilities) {
    const key = JSON.stringify([v.target, v.pkgPath ?? '', v.pkgName, v.installedVersion, v.purl ?? '']);
    if (seen.has(key)) continue;
    seen.add(key);
    packages.push({
      name: v.pkgName,
      version: v.installedVersion,
      licenses: [],
      target: v.target,
      pkgType: v.pkgType,
      ...(v.pkgId !== undefined ? { pkgId: v.pkgId } : {}),
      ...(v.pkgPath !== undefined ? { pkgPath: v.pkgPath } : {}),
      ...(v.purl !== undefined ? { purl: v.purl } : {}),
      ...(v.layerDiffId !== undefined ? { layerDiffId: v.layerDiffId } : {}),
    });
  }
  return packages;
}

function sbomPackage(facts: PackageFacts, result: RunResult, layerIndex: Map<string, number>): SbomPackage {
  const entry: SbomPackage = {
    name: capped(facts.name) || '(unnamed)',
    version: capped(facts.version),
    licenses: facts.licenses
      .slice(0, LICENSES_MAX)
      .map(capped)
      .filter((license) => license !== ''),
    target: capped(facts.target),
    pkgType: capped(facts.pkgType),
  };
  const purl = facts.purl === undefined ? undefined : validPurl(facts.purl);
  if (purl !== undefined) entry.purl = purl;
  const hash = facts.digest === undefined ? undefined : hashOf(facts.digest);
  if (hash) entry.hash = hash;
  if (facts.pkgPath !== undefined) entry.pkgPath = capped(facts.pkgPath);
  if (facts.layerDiffId !== undefined) {
    entry.layerDiffId = capped(facts.layerDiffId);
    const index = layerIndex.get(facts.layerDiffId);
    if (index !== undefined) {
      const instruction = result.layerInstructions[index];
      if (instruction) entry.dockerfile = `${instruction.path}:${instruction.line}`;
      const fromBase = result.layerFromBase?.[index];
      if (fromBase !== undefined) entry.fromBase = fromBase;
    }
  }
  return entry;
}

/** The image as a component: its name from the reference, its purl from the manifest digest. */
export function sbomImage(result: RunResult): SbomImage {
  const image = result.image;
  const { os, architecture, variant } = image.platform;
  const platform = [os, architecture, variant].filter((part) => part).join('/');
  const reference = image.reference ? referenceOf(image.reference) : undefined;
  const digest = image.digest ?? reference?.digest ?? digestOf(image.repoDigests[0]);
  const name = reference ? (reference.repository.split('/').pop() ?? reference.repository) : image.id || 'image';
  const sbom: SbomImage = { name: capped(name), platform };
  if (image.reference) sbom.reference = capped(image.reference);
  if (digest !== undefined && /^sha256:[0-9a-f]{64}$/.test(digest)) {
    sbom.digest = digest;
    const qualifiers: Record<string, string> = {};
    if (architecture) qualifiers.arch = architecture;
    if (reference) qualifiers.repository_url = reference.name;
    if (reference?.tag) qualifiers.tag = reference.tag;
    sbom.purl = new PackageURL('oci', undefined, name.toLowerCase(), digest, qualifiers).toString();
  }
  return sbom;
}

function referenceOf(text: string): ReturnType<typeof parseImageReference> | undefined {
  try {
    return parseImageReference(text);
  } catch {
    // An image ID or an archive's odd name: the image is still listed, without a repository.
    return undefined;
  }
}

function digestOf(repoDigest: string | undefined): string | undefined {
  const at = repoDigest?.lastIndexOf('@') ?? -1;
  return at === -1 ? undefined : repoDigest?.slice(at + 1);
}

/** A purl the scanner gave, re-serialized by packageurl-js; anything that does not parse is dropped. */
function validPurl(text: string): string | undefined {
  if (text.length > SBOM_TEXT_MAX) return undefined;
  try {
    return PackageURL.fromString(text).toString();
  } catch {
    return undefined;
  }
}

const HASHES = new Map<string, { algorithm: 'SHA-1' | 'SHA-256' | 'MD5'; length: number }>([
  ['sha1', { algorithm: 'SHA-1', length: 40 }],
  ['sha256', { algorithm: 'SHA-256', length: 64 }],
  ['md5', { algorithm: 'MD5', length: 32 }],
]);

function hashOf(digest: string): SbomPackage['hash'] {
  const colon = digest.indexOf(':');
  const kind = HASHES.get(digest.slice(0, colon));
  const value = digest.slice(colon + 1).toLowerCase();
  if (colon === -1 || !kind || value.length !== kind.length || !/^[0-9a-f]+$/.test(value)) return undefined;
  return { algorithm: kind.algorithm, value };
}

/** Scanner text capped at SBOM_TEXT_MAX characters, with no control characters. */
export function capped(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f]/g, ' ');
  return clean.length > SBOM_TEXT_MAX ? `${clean.slice(0, SBOM_TEXT_MAX - 1)}…` : clean;
}
