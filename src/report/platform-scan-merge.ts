import type { LicenseFacts, PackageFacts, ScanFacts, SecretFacts, VulnerabilityFacts } from '../scan/types.js';

/**
 * The scan section of a run over several platforms (`--platform all`): one platform's scanner, DB and feed records
 * (every platform ran the same Trivy with the same DB and feeds in one run), with the vulnerabilities, secrets,
 * licenses and packages of every platform. What the report formats build from the scan (the GitHub dependency
 * snapshot, GitLab's container-scanning advisories, the scan counts) then covers every platform, not the first.
 *
 * A record that is the same on several platforms (same id, package, version, path and Trivy target) is kept once
 * and lists them in `platforms`; the layer it came from is the first platform's (layers differ per platform).
 * `packages` is set only when every platform's scan listed its packages: one without the list makes the joined list
 * incomplete, and consumers (the snapshot) then say so rather than present a partial list as complete.
 */
export function mergePlatformScans(
  perPlatform: ReadonlyArray<{ platform: string; scan: ScanFacts | undefined }>,
): ScanFacts | undefined {
  const scanned = perPlatform.filter(
    (entry): entry is { platform: string; scan: ScanFacts } => entry.scan !== undefined,
  );
  const first = scanned[0];
  if (!first) return undefined;
  const union = <T extends object>(pick: (scan: ScanFacts) => readonly T[] | undefined, key: (item: T) => unknown[]) =>
    labelledUnion(
      scanned.map(({ platform, scan }) => ({ platform, items: pick(scan) ?? [] })),
      key,
    );
  const allListed = scanned.every(({ scan }) => scan.packages !== undefined);
  const { packages: _firstPackages, ...base } = first.scan;
  return {
    ...base,
    vulnerabilities: union<VulnerabilityFacts>((scan) => scan.vulnerabilities, vulnerabilityKey),
    secrets: union<SecretFacts>(
      (scan) => scan.secrets,
      (s) => [s.ruleId, s.target, s.startLine, s.match, s.title],
    ),
    licenses: union<LicenseFacts>(
      (scan) => scan.licenses,
      (l) => [l.name, l.pkgName, l.filePath, l.target],
    ),
    ...(allListed ? { packages: union<PackageFacts>((scan) => scan.packages, packageKey) } : {}),
  };
}

function vulnerabilityKey(v: VulnerabilityFacts): unknown[] {
  return [v.id, v.pkgName, v.pkgId, v.pkgPath, v.purl, v.installedVersion, v.target, v.pkgType];
}

function packageKey(p: PackageFacts): unknown[] {
  return [p.name, p.version, p.pkgId, p.pkgPath, p.purl, p.target, p.pkgType];
}

/** Every platform's items in platform order, identical ones (by `key`) once, each labelled with its platforms. */
function labelledUnion<T extends object>(
  perPlatform: ReadonlyArray<{ platform: string; items: readonly T[] }>,
  key: (item: T) => unknown[],
): Array<T & { platforms: string[] }> {
  const merged = new Map<string, T & { platforms: string[] }>();
  for (const { platform, items } of perPlatform) {
    for (const item of items) {
      const id = JSON.stringify(key(item));
      const known = merged.get(id);
      if (!known) merged.set(id, { ...item, platforms: [platform] });
      else if (!known.platforms.includes(platform)) known.platforms.push(platform);
    }
  }
  return [...merged.values()];
}
