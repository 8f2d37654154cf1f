import type { FieldReader, Json, JsonPath } from './trivy-report-json.js';
import type {
  CvssScore,
  LicenseFacts,
  ScanSeverity,
  SecretFacts,
  VulnerabilityFacts,
  VulnerabilityStatus,
} from './types.js';

/**
 * `Results[]` of a Trivy JSON report → vulnerabilities, secrets and licenses, in one pass. Only VulnerabilityID and
 * PkgName are required of a vulnerability (Trivy omits every empty field, and fixture-DB or older reports lack
 * Title, PkgID, FixedVersion, Layer, CVSS, …); a present field of the wrong type is an error naming its path.
 * Strings and string arrays are taken from the parsed document as they are, never copied: a 100,000-vulnerability
 * report repeats descriptions and reference lists that dwarf everything else.
 */

export interface MappedResults {
  vulnerabilities: VulnerabilityFacts[];
  secrets: SecretFacts[];
  licenses: LicenseFacts[];
}

const SEVERITIES = new Map<string, ScanSeverity>(
  (['CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN'] as const).map((severity) => [severity, severity]),
);

const STATUSES = new Map<string, VulnerabilityStatus>(
  (
    [
      'fixed',
      'affected',
      'under_investigation',
      'will_not_fix',
      'fix_deferred',
      'end_of_life',
      'not_affected',
      'unknown',
    ] as const
  ).map((status) => [status, status]),
);

/** Trivy's severity string, case-insensitively; anything else (a newer or vendor-specific level) is UNKNOWN. */
export function scanSeverityOf(text: string | undefined): ScanSeverity {
  if (text === undefined) return 'UNKNOWN';
  return SEVERITIES.get(text) ?? SEVERITIES.get(text.toUpperCase()) ?? 'UNKNOWN';
}

/** Trivy's Status; without one, a FixedVersion means `fixed` (older Trivy wrote no Status at all). */
export function vulnerabilityStatusOf(text: string | undefined, fixedVersion: string | undefined): VulnerabilityStatus {
  if (text === undefined) return fixedVersion !== undefined ? 'fixed' : 'affected';
  return STATUSES.get(text) ?? STATUSES.get(text.toLowerCase()) ?? 'unknown';
}

export function mapResults(results: unknown[], fields: FieldReader): MappedResults {
  const mapped: MappedResults = { vulnerabilities: [], secrets: [], licenses: [] };
  for (let r = 0; r < results.length; r += 1) {
    const result = fields.element(results, r, ['Results']);
    const at: JsonPath = ['Results', r];
    const target = fields.string(result, 'Target', at) ?? '';
    const resultClass = fields.string(result, 'Class', at) ?? '';
    const pkgType = fields.string(result, 'Type', at) ?? '';
    const vulnerabilities = fields.array(result, 'Vulnerabilities', at);
    if (vulnerabilities) {
      const listAt: JsonPath = [...at, 'Vulnerabilities'];
      for (let v = 0; v < vulnerabilities.length; v += 1) {
        const record = fields.element(vulnerabilities, v, listAt);
        mapped.vulnerabilities.push(vulnerability(record, [...listAt, v], fields, { target, resultClass, pkgType }));
      }
    }
    const secrets = fields.array(result, 'Secrets', at);
    if (secrets) {
      const listAt: JsonPath = [...at, 'Secrets'];
      for (let s = 0; s < secrets.length; s += 1) {
        mapped.secrets.push(secret(fields.element(secrets, s, listAt), [...listAt, s], fields, target));
      }
    }
    const licenses = fields.array(result, 'Licenses', at);
    if (licenses) {
      const listAt: JsonPath = [...at, 'Licenses'];
      for (let l = 0; l < licenses.length; l += 1) {
        mapped.licenses.push(license(fields.element(licenses, l, listAt), [...listAt, l], fields, target));
      }
    }
  }
  return mapped;
}

interface ResultContext {
  target: string;
  resultClass: string;
  pkgType: string;
}

function vulnerability(record: Json, at: JsonPath, fields: FieldReader, context: ResultContext): VulnerabilityFacts {
  const fixedVersion = fields.string(record, 'FixedVersion', at);
  const facts: VulnerabilityFacts = {
    id: fields.requiredString(record, 'VulnerabilityID', at, 'the vulnerability id (CVE-…, GHSA-…)'),
    pkgName: fields.requiredString(record, 'PkgName', at, 'the name of the affected package'),
    installedVersion: fields.string(record, 'InstalledVersion', at) ?? '',
    status: vulnerabilityStatusOf(fields.string(record, 'Status', at), fixedVersion),
    severity: scanSeverityOf(fields.string(record, 'Severity', at)),
    references: fields.strings(record, 'References', at),
    cweIds: fields.strings(record, 'CweIDs', at),
    cvss: cvssScores(record, at, fields),
    target: context.target,
    resultClass: context.resultClass,
    pkgType: context.pkgType,
  };
  // Assigned one by one rather than spread: this runs once per vulnerability, 100,000 times in a large report.
  if (fixedVersion !== undefined) facts.fixedVersion = fixedVersion;
  const pkgId = fields.string(record, 'PkgID', at);
  if (pkgId !== undefined) facts.pkgId = pkgId;
  const pkgPath = fields.string(record, 'PkgPath', at);
  if (pkgPath !== undefined) facts.pkgPath = pkgPath;
  const identifier = fields.object(record, 'PkgIdentifier', at);
  const purl = identifier ? fields.string(identifier, 'PURL', [...at, 'PkgIdentifier']) : undefined;
  if (purl !== undefined) facts.purl = purl;
  const layerDiffId = layerDiffIdOf(record, at, fields);
  if (layerDiffId !== undefined) facts.layerDiffId = layerDiffId;
  const title = fields.string(record, 'Title', at);
  if (title !== undefined) facts.title = title;
  const description = fields.string(record, 'Description', at);
  if (description !== undefined) facts.description = description;
  const primaryUrl = fields.string(record, 'PrimaryURL', at);
  if (primaryUrl !== undefined) facts.primaryUrl = primaryUrl;
  const publishedDate = fields.string(record, 'PublishedDate', at);
  if (publishedDate !== undefined) facts.publishedDate = publishedDate;
  return facts;
}

/** `CVSS: {nvd: {V3Score, V3Vector, V2Score, …}, redhat: {…}}`, in the report's order. */
function cvssScores(record: Json, at: JsonPath, fields: FieldReader): CvssScore[] {
  const cvss = fields.object(record, 'CVSS', at);
  if (!cvss) return [];
  const scores: CvssScore[] = [];
  for (const source of Object.keys(cvss)) {
    const sourceAt: JsonPath = [...at, 'CVSS'];
    const entry = fields.object(cvss, source, sourceAt);
    if (!entry) continue;
    const entryAt: JsonPath = [...sourceAt, source];
    const v3Score = fields.number(entry, 'V3Score', entryAt);
    const v3Vector = fields.string(entry, 'V3Vector', entryAt);
    const v40Score = fields.number(entry, 'V40Score', entryAt);
    const v40Vector = fields.string(entry, 'V40Vector', entryAt);
    const v2Score = fields.number(entry, 'V2Score', entryAt);
    scores.push({
      source,
      ...(v3Score !== undefined ? { v3Score } : {}),
      ...(v3Vector !== undefined ? { v3Vector } : {}),
      ...(v40Score !== undefined ? { v40Score } : {}),
      ...(v40Vector !== undefined ? { v40Vector } : {}),
      ...(v2Score !== undefined ? { v2Score } : {}),
    });
  }
  return scores;
}

function secret(record: Json, at: JsonPath, fields: FieldReader, target: string): SecretFacts {
  const ruleId = fields.requiredString(record, 'RuleID', at, 'the id of the secret rule that matched');
  const startLine = fields.number(record, 'StartLine', at);
  const layerDiffId = layerDiffIdOf(record, at, fields);
  // Trivy masks the secret in Match; Code.Lines also holds unmasked neighbouring lines, so nothing else is kept.
  const match = fields.string(record, 'Match', at);
  return {
    ruleId,
    category: fields.string(record, 'Category', at) ?? '',
    severity: scanSeverityOf(fields.string(record, 'Severity', at)),
    title: fields.string(record, 'Title', at) ?? ruleId,
    target,
    ...(startLine !== undefined ? { startLine } : {}),
    ...(layerDiffId !== undefined ? { layerDiffId } : {}),
    ...(match !== undefined ? { match } : {}),
  };
}

function license(record: Json, at: JsonPath, fields: FieldReader, target: string): LicenseFacts {
  const pkgName = fields.string(record, 'PkgName', at);
  const filePath = fields.string(record, 'FilePath', at);
  const layerDiffId = layerDiffIdOf(record, at, fields);
  return {
    name: fields.requiredString(record, 'Name', at, 'the license name'),
    ...(pkgName !== undefined ? { pkgName } : {}),
    ...(filePath !== undefined ? { filePath } : {}),
    severity: scanSeverityOf(fields.string(record, 'Severity', at)),
    category: fields.string(record, 'Category', at) ?? '',
    ...(layerDiffId !== undefined ? { layerDiffId } : {}),
    target,
  };
}

/** `Layer: {Digest, DiffID}`; Trivy writes `Layer: {}` for files it found outside any layer. */
function layerDiffIdOf(record: Json, at: JsonPath, fields: FieldReader): string | undefined {
  const layer = fields.object(record, 'Layer', at);
  return layer ? fields.string(layer, 'DiffID', [...at, 'Layer']) : undefined;
}
