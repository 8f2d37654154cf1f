import { SEVERITIES, type Finding, type SeverityCounts, type SourceLocation } from '../model/findings.js';
import type { RunResult } from './run-result.js';
import { byRelevance, isVulnerabilityFinding, vulnerabilityProperties } from './scan-findings.js';
import { fixVersionFor, highestVersion } from './version-compare.js';

/**
 * Vulnerability findings grouped by the package a person would upgrade (name, installed version and where it is:
 * package path, else Trivy target), with the version that fixes every advisory that has a fix, and where the
 * package came from: the base image (its FROM line) or a later instruction of the Dockerfile, through the layer
 * Trivy names (`layerDiffId` → the image's layer → its instruction).
 */

export type PackageOrigin =
  { kind: 'base'; location?: SourceLocation } | { kind: 'instruction'; location: SourceLocation } | { kind: 'unknown' };

export interface PackageGroup {
  pkgName: string;
  installedVersion: string;
  /** Package path (language packages), else Trivy's target: what tells two copies of a package apart. */
  place?: string;
  /** The package path alone (language packages), for display. */
  pkgPath?: string;
  /** Every vulnerability finding of the package, most relevant first. */
  findings: Finding[];
  /** Per finding with a fix above the installed version: that version. */
  fixOf: Map<Finding, string>;
  /** The highest of the per-advisory fixes: upgrading to it fixes every advisory that has a fix. */
  fixVersion?: string;
  /** Findings without a fix above the installed version. */
  unfixed: Finding[];
  origin: PackageOrigin;
}

/** Groups the vulnerability findings given (others are ignored), in the order of their most relevant finding. */
export function groupByPackage(
  findings: readonly Finding[],
  result: Pick<RunResult, 'image' | 'layerInstructions' | 'layerFromBase'>,
): PackageGroup[] {
  const originOf = originFinder(result);
  // name → installed version → place → group: nested maps keyed by the properties' own strings, whose hashes the
  // engine keeps, rather than a key string built (and hashed anew) per finding. `groups` keeps first-seen order.
  const byName = new Map<string, Map<string, Map<string | undefined, PackageGroup>>>();
  const groups: PackageGroup[] = [];
  for (const finding of [...findings].filter(isVulnerabilityFinding).sort(byRelevance)) {
    const p = vulnerabilityProperties(finding);
    const pkgName = p.pkgName ?? '';
    const installedVersion = p.installedVersion ?? '';
    const place = p.pkgPath ?? p.target;
    let byVersion = byName.get(pkgName);
    if (!byVersion) byName.set(pkgName, (byVersion = new Map()));
    let byPlace = byVersion.get(installedVersion);
    if (!byPlace) byVersion.set(installedVersion, (byPlace = new Map()));
    let group = byPlace.get(place);
    if (!group) {
      group = {
        pkgName,
        installedVersion,
        ...(place !== undefined ? { place } : {}),
        ...(p.pkgPath !== undefined ? { pkgPath: p.pkgPath } : {}),
        findings: [],
        fixOf: new Map(),
        unfixed: [],
        origin: originOf(p.layerDiffId),
      };
      byPlace.set(place, group);
      groups.push(group);
    }
    group.findings.push(finding);
    const fix = fixVersionFor(installedVersion, p.fixedVersion);
    if (fix === undefined) group.unfixed.push(finding);
    else group.fixOf.set(finding, fix);
  }
  for (const group of groups) {
    const fix = highestVersion(group.fixOf.values());
    if (fix !== undefined) group.fixVersion = fix;
  }
  return groups;
}

/** Active findings per severity among `findings` for which `test` holds. */
export function countWhere(findings: readonly Finding[], test: (finding: Finding) => boolean): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const finding of findings) if (!finding.suppressedBy && test(finding)) counts[finding.severity] += 1;
  return counts;
}

/** Orders severity counts by effect: more of the most severe first, then more in total. */
export function compareEffect(a: SeverityCounts, b: SeverityCounts): number {
  // SEVERITIES is most severe first. A sort compares this O(n log n) times: nothing is allocated here.
  for (const severity of SEVERITIES) if (a[severity] !== b[severity]) return b[severity] - a[severity];
  return 0;
}

function originFinder(
  result: Pick<RunResult, 'image' | 'layerInstructions' | 'layerFromBase'>,
): (layerDiffId: string | undefined) => PackageOrigin {
  const indexByDiffId = new Map<string, number>();
  result.image.layers.forEach((layer, index) => {
    if (!indexByDiffId.has(layer.diffId)) indexByDiffId.set(layer.diffId, index);
  });
  return (layerDiffId) => {
    const index = layerDiffId === undefined ? undefined : indexByDiffId.get(layerDiffId);
    if (index === undefined) return { kind: 'unknown' };
    const location = result.layerInstructions[index];
    const fromBase = result.layerFromBase?.[index];
    if (fromBase === true) return location ? { kind: 'base', location } : { kind: 'base' };
    if (location && fromBase === false) return { kind: 'instruction', location };
    return { kind: 'unknown' };
  };
}
