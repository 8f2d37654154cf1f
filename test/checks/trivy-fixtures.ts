import { readFileSync } from 'node:fs';
import type { ImageFacts, LayerFacts, HistoryEntry } from '../../src/image/facts.js';
import type {
  LicenseFacts,
  ScanFacts,
  ScanSeverity,
  SecretFacts,
  VulnerabilityFacts,
  VulnerabilityStatus,
} from '../../src/scan/types.js';
import { sharedFile } from '../support/shared.js';

/**
 * Fixture facts made by hand from real Trivy reports of ../shared/corpus/trivy: the fields the checks read, mapped
 * one by one (the report parser is tested on its own). Locally without the corpus the tests that need it skip; in
 * CI a missing corpus fails them.
 */

type Json = Record<string, unknown>;

export function corpusReport(name: string): Json | undefined {
  const file = sharedFile('corpus', 'trivy', name);
  if (!file) {
    if (process.env.CI === 'true') throw new Error(`the Trivy corpus file ${name} is missing`);
    return undefined;
  }
  return JSON.parse(readFileSync(file, 'utf8')) as Json;
}

const list = (value: unknown): Json[] => (Array.isArray(value) ? (value as Json[]) : []);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function vulnerabilitiesOf(report: Json): VulnerabilityFacts[] {
  return list(report.Results).flatMap((result) =>
    list(result.Vulnerabilities).map((record): VulnerabilityFacts => {
      const identifier = (record.PkgIdentifier ?? {}) as Json;
      const layer = (record.Layer ?? {}) as Json;
      const cvss = Object.entries((record.CVSS ?? {}) as Record<string, Json>).map(([source, score]) => ({
        source,
        ...(typeof score.V3Score === 'number' ? { v3Score: score.V3Score } : {}),
        ...(typeof score.V40Score === 'number' ? { v40Score: score.V40Score } : {}),
        ...(typeof score.V2Score === 'number' ? { v2Score: score.V2Score } : {}),
      }));
      const optional = {
        pkgPath: text(record.PkgPath),
        purl: text(identifier.PURL),
        fixedVersion: text(record.FixedVersion),
        layerDiffId: text(layer.DiffID),
      };
      const advisory = {
        title: text(record.Title),
        primaryUrl: text(record.PrimaryURL),
      };
      return {
        id: String(record.VulnerabilityID),
        pkgName: String(record.PkgName),
        installedVersion: String(record.InstalledVersion),
        status: (text(record.Status) ?? 'unknown') as VulnerabilityStatus,
        severity: String(record.Severity) as ScanSeverity,
        advisory: {
          references: [],
          cweIds: [],
          cvss,
          ...Object.fromEntries(Object.entries(advisory).filter(([, value]) => value !== undefined)),
        },
        target: String(result.Target),
        resultClass: String(result.Class),
        pkgType: String(result.Type ?? ''),
        ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== undefined)),
      };
    }),
  );
}

export function secretsOf(report: Json): SecretFacts[] {
  return list(report.Results).flatMap((result) =>
    list(result.Secrets).map((record) => ({
      ruleId: String(record.RuleID),
      category: String(record.Category),
      severity: String(record.Severity) as ScanSeverity,
      title: String(record.Title),
      target: String(result.Target),
      ...(typeof record.StartLine === 'number' ? { startLine: record.StartLine } : {}),
      ...(text(record.Match) ? { match: String(record.Match) } : {}),
    })),
  );
}

export function licensesOf(report: Json): LicenseFacts[] {
  return list(report.Results).flatMap((result) =>
    list(result.Licenses).map((record) => ({
      name: String(record.Name),
      ...(text(record.PkgName) ? { pkgName: String(record.PkgName) } : {}),
      ...(text(record.FilePath) ? { filePath: String(record.FilePath) } : {}),
      severity: String(record.Severity) as ScanSeverity,
      category: String(record.Category),
      target: String(result.Target),
    })),
  );
}

export function scanOf(report: Json, parts: Partial<ScanFacts> = {}): ScanFacts {
  return {
    scanner: { name: 'trivy', version: 'dev' },
    artifactName: String(report.ArtifactName),
    vulnerabilities: vulnerabilitiesOf(report),
    secrets: secretsOf(report),
    licenses: licensesOf(report),
    ...parts,
  };
}

/** Image facts from the report's Metadata (layers by DiffID, history with its layer indexes). */
export function imageOf(report: Json): ImageFacts {
  const metadata = report.Metadata as Json;
  const config = metadata.ImageConfig as Json;
  const layers: LayerFacts[] = list(metadata.DiffIDs).map((diffId) => ({ diffId: String(diffId), size: 1000 }));
  let next = 0;
  const history: HistoryEntry[] = list(config.history).map((entry, index) => {
    const emptyLayer = entry.empty_layer === true;
    const historyEntry: HistoryEntry = {
      createdBy: String(entry.created_by ?? ''),
      emptyLayer,
      ...(emptyLayer ? {} : { layerIndex: next }),
    };
    if (!emptyLayer) {
      const layer = layers[next];
      if (layer) layer.historyIndex = index;
      next += 1;
    }
    return historyEntry;
  });
  return {
    source: 'docker-archive',
    reference: String(metadata.Reference ?? list(metadata.RepoTags)[0]),
    id: String(metadata.ImageID),
    repoTags: list(metadata.RepoTags).map(String),
    repoDigests: [],
    platform: { os: 'linux', architecture: 'amd64' },
    size: layers.length * 1000,
    config: { user: '', env: [], entrypoint: null, cmd: null, workingDir: '', labels: {}, exposedPorts: [] },
    layers,
    history,
  };
}
