import type { JsonReader } from './json-reader.js';
import { packageOf } from './trivy-report-packages.js';
import { describeJson, isJsonObject, type FieldReader, type Json, type JsonPath } from './trivy-report-json.js';
import type {
  AdvisoryFacts,
  CvssScore,
  LicenseFacts,
  PackageFacts,
  ScanSeverity,
  SecretFacts,
  VulnerabilityFacts,
  VulnerabilityStatus,
} from '../types.js';

/**
 * `Results[]` of a Trivy JSON report → vulnerabilities, secrets and licenses, in one pass. Only VulnerabilityID and
 * PkgName are required of a vulnerability (Trivy omits every empty field, and fixture-DB or older reports lack
 * Title, PkgID, FixedVersion, Layer, CVSS, …); a present field of the wrong type is an error naming its path.
 * Strings and string arrays are taken from each parsed record as they are, and what belongs to a vulnerability id
 * rather than to a package (title, description, references, CVSS) is kept once per id: a 100,000-vulnerability
 * report repeats descriptions and reference lists that dwarf everything else.
 */

export interface MappedResults {
  vulnerabilities: VulnerabilityFacts[];
  secrets: SecretFacts[];
  licenses: LicenseFacts[];
  /** Undefined unless some result had a `Packages` list (`--list-all-pkgs`). */
  packages?: PackageFacts[];
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

/**
 * Reads `Results` at the reader's cursor (an array) and maps every record; the reader hands out one record at a
 * time, so only the facts are kept. `at` is the path of the array, for errors.
 */
export function mapResults(reader: JsonReader, fields: FieldReader, at: JsonPath = ['Results']): MappedResults {
  const mapped: MappedResults = { vulnerabilities: [], secrets: [], licenses: [] };
  const shared: SharedFacts = { advisories: new Map(), layers: new Map() };
  reader.array((r) => {
    const resultAt: JsonPath = [...at, r];
    if (reader.kind() !== 'object') fields.fail(resultAt, `is ${describeJson(reader.value())}; expected an object`);
    mapResult(reader, resultAt, fields, mapped, shared);
  });
  return mapped;
}

/** What records of one report share: one advisory per vulnerability id, one string per layer diff id. */
interface SharedFacts {
  advisories: Map<string, AdvisoryFacts>;
  layers: Map<string, string>;
}

interface ResultContext {
  target: string;
  resultClass: string;
  pkgType: string;
}

const RESULT_FIELDS = new Set(['Target', 'Class', 'Type']);
const RECORD_LISTS = new Set(['Vulnerabilities', 'Secrets', 'Licenses', 'Packages']);

/**
 * One element of `Results`. Its records are mapped as the reader reaches them; Target, Class and Type may come
 * after them in the document (Trivy writes them first), so they are set on the result's records once it is read.
 */
function mapResult(
  reader: JsonReader,
  at: JsonPath,
  fields: FieldReader,
  mapped: MappedResults,
  shared: SharedFacts,
): void {
  const header: Json = {};
  const context: ResultContext = { target: '', resultClass: '', pkgType: '' };
  const first = {
    vulnerabilities: mapped.vulnerabilities.length,
    secrets: mapped.secrets.length,
    licenses: mapped.licenses.length,
    packages: mapped.packages?.length ?? 0,
  };
  reader.object((key) => {
    if (RECORD_LISTS.has(key) && reader.kind() === 'array') {
      const listAt: JsonPath = [...at, key];
      reader.array((index) => {
        const recordAt: JsonPath = [...listAt, index];
        const value = reader.value();
        if (!isJsonObject(value)) return fields.fail(recordAt, `is ${describeJson(value)}; expected an object`);
        if (key === 'Packages') {
          mapped.packages ??= [];
          mapped.packages.push(packageOf(value, recordAt, fields, (r, rAt) => layerDiffIdOf(r, rAt, fields, shared)));
        } else if (key === 'Vulnerabilities')
          mapped.vulnerabilities.push(vulnerability(value, recordAt, fields, context, shared));
        else if (key === 'Secrets') mapped.secrets.push(secret(value, recordAt, fields, context.target, shared));
        else mapped.licenses.push(license(value, recordAt, fields, context.target, shared));
      });
    } else if (RESULT_FIELDS.has(key) || RECORD_LISTS.has(key)) {
      // A list that is not an array (or null) is kept for the field reader to judge.
      header[key] = reader.value();
    } else {
      // Misconfigurations, custom resources: checked, not kept.
      reader.skip();
    }
  });
  for (const key of RECORD_LISTS) fields.array(header, key, at);
  context.target = fields.string(header, 'Target', at) ?? '';
  context.resultClass = fields.string(header, 'Class', at) ?? '';
  context.pkgType = fields.string(header, 'Type', at) ?? '';
  for (let v = first.vulnerabilities; v < mapped.vulnerabilities.length; v += 1) {
    Object.assign(mapped.vulnerabilities[v] as VulnerabilityFacts, context);
  }
  for (let s = first.secrets; s < mapped.secrets.length; s += 1)
    (mapped.secrets[s] as SecretFacts).target = context.target;
  for (let l = first.licenses; l < mapped.licenses.length; l += 1)
    (mapped.licenses[l] as LicenseFacts).target = context.target;
  for (let p = first.packages; p < (mapped.packages?.length ?? 0); p += 1) {
    const facts = mapped.packages?.[p] as PackageFacts;
    facts.target = context.target;
    facts.pkgType = context.pkgType;
  }
}

function vulnerability(
  record: Json,
  at: JsonPath,
  fields: FieldReader,
  context: ResultContext,
  shared: SharedFacts,
): VulnerabilityFacts {
  const id = fields.requiredString(record, 'VulnerabilityID', at, 'the vulnerability id (CVE-…, GHSA-…)');
  const fixedVersion = fields.string(record, 'FixedVersion', at);
  const facts: VulnerabilityFacts = {
    id,
    pkgName: fields.requiredString(record, 'PkgName', at, 'the name of the affected package'),
    installedVersion: fields.string(record, 'InstalledVersion', at) ?? '',
    status: vulnerabilityStatusOf(fields.string(record, 'Status', at), fixedVersion),
    severity: scanSeverityOf(fields.string(record, 'Severity', at)),
    advisory: advisoryOf(id, record, at, fields, shared.advisories),
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
  const layerDiffId = layerDiffIdOf(record, at, fields, shared);
  if (layerDiffId !== undefined) facts.layerDiffId = layerDiffId;
  return facts;
}

/**
 * The advisory of `id`, made from the first record of that id and shared by the rest: title, description and
 * references belong to the vulnerability, not to the package, and a report repeats them for every package it
 * affects. A field the first record lacks is taken from the first later record that has it (records of one id
 * normally agree; when they do not, the earliest value wins). Every record's fields are still type-checked.
 */
function advisoryOf(
  id: string,
  record: Json,
  at: JsonPath,
  fields: FieldReader,
  advisories: Map<string, AdvisoryFacts>,
): AdvisoryFacts {
  const title = fields.string(record, 'Title', at);
  const description = fields.string(record, 'Description', at);
  const primaryUrl = fields.string(record, 'PrimaryURL', at);
  const publishedDate = fields.string(record, 'PublishedDate', at);
  const references = fields.strings(record, 'References', at);
  const cweIds = fields.strings(record, 'CweIDs', at);
  const cvss = cvssScores(record, at, fields);
  const known = advisories.get(id);
  if (known) {
    if (known.title === undefined && title !== undefined) known.title = title;
    if (known.description === undefined && description !== undefined) known.description = description;
    if (known.primaryUrl === undefined && primaryUrl !== undefined) known.primaryUrl = primaryUrl;
    if (known.publishedDate === undefined && publishedDate !== undefined) known.publishedDate = publishedDate;
    if (known.references.length === 0) known.references = references;
    if (known.cweIds.length === 0) known.cweIds = cweIds;
    if (known.cvss.length === 0) known.cvss = cvss;
    return known;
  }
  const advisory: AdvisoryFacts = { references, cweIds, cvss };
  if (title !== undefined) advisory.title = title;
  if (description !== undefined) advisory.description = description;
  if (primaryUrl !== undefined) advisory.primaryUrl = primaryUrl;
  if (publishedDate !== undefined) advisory.publishedDate = publishedDate;
  advisories.set(id, advisory);
  return advisory;
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

function secret(record: Json, at: JsonPath, fields: FieldReader, target: string, shared: SharedFacts): SecretFacts {
  const ruleId = fields.requiredString(record, 'RuleID', at, 'the id of the secret rule that matched');
  const startLine = fields.number(record, 'StartLine', at);
  const layerDiffId = layerDiffIdOf(record, at, fields, shared);
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

function license(record: Json, at: JsonPath, fields: FieldReader, target: string, shared: SharedFacts): LicenseFacts {
  const pkgName = fields.string(record, 'PkgName', at);
  const filePath = fields.string(record, 'FilePath', at);
  const layerDiffId = layerDiffIdOf(record, at, fields, shared);
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

/**
 * `Layer: {Digest, DiffID}`; Trivy writes `Layer: {}` for files it found outside any layer. An image has a few
 * layers and a report names them thousands of times: one string per layer is kept.
 */
function layerDiffIdOf(record: Json, at: JsonPath, fields: FieldReader, shared: SharedFacts): string | undefined {
  const layer = fields.object(record, 'Layer', at);
  const diffId = layer ? fields.string(layer, 'DiffID', [...at, 'Layer']) : undefined;
  if (diffId === undefined) return undefined;
  const known = shared.layers.get(diffId);
  if (known !== undefined) return known;
  shared.layers.set(diffId, diffId);
  return diffId;
}
