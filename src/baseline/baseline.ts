import { bySeverity, SEVERITIES, type Finding, type Severity } from '../model/findings.js';
import { readDocument } from '../json/document-schema.js';
import { ConfigurationError } from '../util/errors.js';
import { RESULT_SCHEMA_VERSION, type ResultImageLocation, type ResultSourceLocation } from '../report/result-json.js';
import { byRelevance } from '../report/scan-findings.js';
import type { BaselineImageSummary } from '../report/run-result.js';
import { excerptValue } from '../util/excerpt.js';

/**
 * A previous run's imagegate.json (`--baseline-report`), and what changed since: findings are the same problem
 * when their fingerprints are equal (fingerprints never depend on line numbers). Only what counts is compared:
 * suppressed findings are left out on both sides, so a finding that became allowlisted shows as fixed (it no
 * longer counts) and one whose allowlist entry ran out shows as new.
 */

export interface BaselineFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  fingerprint: string;
  suppressed: boolean;
  location: ResultSourceLocation | ResultImageLocation | null;
  properties: Record<string, string | number | boolean | null>;
}

export interface Baseline {
  /** The file as the user named it (repository-relative when inside the workspace). */
  file: string;
  toolVersion: string | null;
  startedAt: string | null;
  image: string | null;
  findings: BaselineFinding[];
  /** The recorded image's size and layers, when the report has them (for size and layer deltas). */
  imageSummary?: BaselineImageSummary;
}

export interface BaselineComparison {
  /** Active findings of this run that were not active in the baseline, most severe first. */
  new: Finding[];
  /** Active findings of the baseline that are not active now (one per fingerprint), most severe first. */
  fixed: BaselineFinding[];
  /** Active findings of this run that were active in the baseline too. */
  unchanged: number;
}

/** A baseline report larger than this is not an imagegate.json anyone should feed back in. */
const MAX_BASELINE_BYTES = 256 * 1024 * 1024;

const EXPECTED = 'expected imagegate.json from an earlier imagegate run';

/**
 * Reads and checks a previous imagegate.json through the one reader of imagegate's documents (src/json/): read and
 * parse errors at file:line:column, this module's checks (their messages), then schemas/baseline-report.schema.json.
 */
export async function loadBaseline(file: string, displayPath: string): Promise<Baseline> {
  const fail = (message: string): never => {
    throw new ConfigurationError(message, { path: displayPath });
  };
  return readDocument(file, 'baseline-report', EXPECTED, (input) => parseBaseline(input.value, displayPath, fail), {
    what: 'the baseline report',
    display: displayPath,
    maxBytes: MAX_BASELINE_BYTES,
  });
}

/** Checks the shape of a parsed document; `fail` throws. */
function parseBaseline(document: unknown, file: string, fail: (message: string) => never): Baseline {
  if (!isObject(document)) return fail(`the baseline report is not a JSON object; ${EXPECTED}`);
  if ('SchemaVersion' in document && 'ArtifactName' in document) {
    return fail(`this is a Trivy report, not an imagegate result; ${EXPECTED} (--trivy-report takes Trivy's)`);
  }
  if (!isObject(document.tool) || document.tool.name !== 'imagegate' || !('schemaVersion' in document)) {
    return fail(`the baseline report has no schemaVersion and tool.name "imagegate"; ${EXPECTED}`);
  }
  if (document.schemaVersion !== RESULT_SCHEMA_VERSION) {
    return fail(
      `the baseline report has schemaVersion ${excerptValue(document.schemaVersion)}; this imagegate reads ` +
        `schemaVersion ${RESULT_SCHEMA_VERSION}`,
    );
  }
  if (!Array.isArray(document.findings)) return fail('findings: expected an array of findings');
  const findings = document.findings.map((entry: unknown, index) => baselineFinding(entry, `findings[${index}]`, fail));
  const image = isObject(document.image) ? document.image : {};
  const name = typeof image.reference === 'string' ? image.reference : typeof image.id === 'string' ? image.id : null;
  const imageSummary = name !== null ? baselineImageSummary(image, name) : undefined;
  return {
    file,
    toolVersion: typeof document.tool.version === 'string' ? document.tool.version : null,
    startedAt: typeof document.startedAt === 'string' ? document.startedAt : null,
    image: name,
    findings,
    ...(imageSummary ? { imageSummary } : {}),
  };
}

/** Size and layers of the recorded image; leniently read, since they only feed deltas in reports. */
function baselineImageSummary(image: Record<string, unknown>, name: string): BaselineImageSummary | undefined {
  if (typeof image.size !== 'number' || !Array.isArray(image.layers)) return undefined;
  const layers = image.layers.filter(isObject).map((layer) => ({
    diffId: typeof layer.diffId === 'string' ? layer.diffId : '',
    size: typeof layer.size === 'number' ? layer.size : 0,
    ...(typeof layer.createdBy === 'string' ? { createdBy: layer.createdBy } : {}),
  }));
  return {
    name,
    size: image.size,
    ...(typeof image.compressedSize === 'number' ? { compressedSize: image.compressedSize } : {}),
    layers,
  };
}

function baselineFinding(entry: unknown, where: string, fail: (message: string) => never): BaselineFinding {
  if (!isObject(entry)) return fail(`${where}: expected a finding object`);
  const text = (key: string): string => {
    const value = entry[key];
    return typeof value === 'string' && value !== '' ? value : fail(`${where}.${key}: expected a non-empty string`);
  };
  const severity = entry.severity;
  if (typeof severity !== 'string' || !(SEVERITIES as readonly string[]).includes(severity)) {
    return fail(`${where}.severity: expected one of ${SEVERITIES.join(', ')}`);
  }
  const fingerprint = text('fingerprint');
  if (!/^[0-9a-f]{32}$/.test(fingerprint)) return fail(`${where}.fingerprint: expected 32 lowercase hex digits`);
  if (typeof entry.suppressed !== 'boolean') return fail(`${where}.suppressed: expected true or false`);
  return {
    ruleId: text('ruleId'),
    severity: severity as Severity,
    message: typeof entry.message === 'string' ? entry.message : '',
    fingerprint,
    suppressed: entry.suppressed,
    location: baselineLocation(entry.location),
    properties: scalarProperties(entry.properties),
  };
}

function baselineLocation(value: unknown): BaselineFinding['location'] {
  if (!isObject(value)) return null;
  if (typeof value.path === 'string' && Number.isInteger(value.line)) {
    return {
      path: value.path,
      line: value.line as number,
      column: Number.isInteger(value.column) ? (value.column as number) : null,
    };
  }
  if (typeof value.image === 'string') {
    return { image: value.image, layer: typeof value.layer === 'string' ? value.layer : null };
  }
  return null;
}

function scalarProperties(value: unknown): BaselineFinding['properties'] {
  const out: BaselineFinding['properties'] = {};
  if (!isObject(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    if (item === null || ['string', 'number', 'boolean'].includes(typeof item))
      out[key] = item as string | number | boolean | null;
  }
  return out;
}

/** New, fixed and unchanged findings of this run against the baseline, by fingerprint, suppressed ones left out. */
export function compareWithBaseline(findings: readonly Finding[], baseline: Baseline): BaselineComparison {
  const before = new Map<string, BaselineFinding>();
  for (const finding of baseline.findings) {
    if (!finding.suppressed && !before.has(finding.fingerprint)) before.set(finding.fingerprint, finding);
  }
  const active = findings.filter((finding) => !finding.suppressedBy);
  const now = new Set(active.map((finding) => finding.fingerprint));
  const added = active.filter((finding) => !before.has(finding.fingerprint)).sort(byRelevance);
  const fixed = [...before.values()].filter((finding) => !now.has(finding.fingerprint)).sort(bySeverity);
  return { new: added, fixed, unchanged: active.length - added.length };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
