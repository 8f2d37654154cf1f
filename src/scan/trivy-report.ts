import { constants as bufferConstants } from 'node:buffer';
import { readFile, stat } from 'node:fs/promises';
import type { ImageFacts } from '../image/facts.js';
import { imageFactsFromTrivyReport } from '../image/from-trivy-report.js';
import { findJsonSyntaxError } from '../image/json-error.js';
import { ConfigurationError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { formatBytes } from '../util/units.js';
import { EXPECTED_REPORT, recognizeOtherFormat } from './trivy-report-format.js';
import {
  describeJson,
  failAtFor,
  FieldReader,
  isJsonObject,
  locateJsonPath,
  type FailAt,
  type Json,
} from './trivy-report-json.js';
import { mapResults } from './trivy-report-results.js';
import type { ScanFacts } from './types.js';

/**
 * Reads a Trivy JSON report (`trivy … --format json`, SchemaVersion 2: Trivy 0.20 and later) into ScanFacts and,
 * for container-image reports, the image's facts from its Metadata. One JSON.parse, then one mapping pass that keeps
 * references to the parsed strings; everything Trivy wrote that no rule or report needs is dropped with the tree.
 */

export interface ParsedTrivyReport {
  scan: ScanFacts;
  /** The scanned image from `Metadata` (config, history, layers, sizes); undefined for fs/repo/SBOM/VM reports. */
  image?: ImageFacts;
  schemaVersion: number;
  /** What the user should know about the report (e.g. layer sizes it does not give); the caller logs them. */
  warnings: string[];
}

export const SUPPORTED_SCHEMA_VERSION = 2;

const JSON_START = /^\s*(?:[{["\-\d]|true\b|false\b|null\b)/;

/**
 * The largest report read: the longest string this Node makes (about 512 MiB on 64-bit). A larger file could not be
 * parsed at all; a report that size holds some 200,000 vulnerabilities.
 */
export const MAX_REPORT_BYTES: number = bufferConstants.MAX_STRING_LENGTH;

export interface ReadTrivyReportOptions {
  /** Refuse larger files (default MAX_REPORT_BYTES). */
  maxBytes?: number;
}

/** Reads and parses the report at `file`; `displayPath` names it in errors (`report.json:12:7: …`). */
export async function readTrivyReport(
  file: string,
  displayPath: string,
  options: ReadTrivyReportOptions = {},
): Promise<ParsedTrivyReport> {
  const maxBytes = Math.min(options.maxBytes ?? MAX_REPORT_BYTES, MAX_REPORT_BYTES);
  let size: number;
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new ConfigurationError(`is a directory; expected ${EXPECTED_REPORT}`, { path: displayPath });
    size = info.size;
  } catch (error) {
    throw readError(error, displayPath);
  }
  if (size > maxBytes) {
    throw new ConfigurationError(
      `is ${formatBytes(size)}; imagegate reads Trivy reports up to ${formatBytes(maxBytes)}`,
      { path: displayPath },
    );
  }
  let text: string;
  try {
    text = await readText(file);
  } catch (error) {
    throw readError(error, displayPath);
  }
  return parseTrivyReport(text, displayPath);
}

/** The file as text; the bytes are not kept past decoding, so a large report is not held twice while parsing. */
async function readText(file: string): Promise<string> {
  return decode(await readFile(file));
}

/** Parses report text; `displayPath` names it in errors. Throws ConfigurationError for anything but a Trivy report. */
export function parseTrivyReport(text: string, displayPath: string): ParsedTrivyReport {
  const body = withoutBom(text);
  if (/^\s*$/.test(body)) throw new ConfigurationError(`is empty; expected ${EXPECTED_REPORT}`, { path: displayPath });
  const document = parseJson(body, displayPath);
  const fail = failAtFor(body, displayPath);
  const report = trivyReportObject(document, displayPath, fail);
  const fields = new FieldReader(fail);

  const trivy = fields.object(report, 'Trivy', []);
  const version = trivy ? fields.string(trivy, 'Version', ['Trivy']) : undefined;
  const createdAt = fields.string(report, 'CreatedAt', []);
  const artifactType = fields.string(report, 'ArtifactType', []);
  const metadata = fields.object(report, 'Metadata', []);
  const os = metadata ? operatingSystem(metadata, fields) : undefined;
  const results = fields.array(report, 'Results', []) ?? [];
  const mapped = mapResults(results, fields);
  const scan: ScanFacts = {
    scanner: { name: 'trivy', ...(version !== undefined ? { version } : {}) },
    artifactName: fields.string(report, 'ArtifactName', []) ?? '',
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(os !== undefined ? { os } : {}),
    vulnerabilities: mapped.vulnerabilities,
    secrets: mapped.secrets,
    licenses: mapped.licenses,
  };

  const warnings: string[] = [];
  const image = imageFactsFromTrivyReport(report, {
    where: displayPath,
    logger: warningCollector(warnings),
    locate: (path) => locateJsonPath(body, path),
  });
  return { scan, ...(image ? { image } : {}), schemaVersion: SUPPORTED_SCHEMA_VERSION, warnings };
}

function parseJson(text: string, displayPath: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!JSON_START.test(text)) {
      throw new ConfigurationError(
        `is not JSON (it starts with ${JSON.stringify(text.trimStart().slice(0, 200).split('\n')[0]?.slice(0, 40))}); expected ${EXPECTED_REPORT}; ` +
          "Trivy's default table output cannot be read",
        { path: displayPath, line: 1, column: 1 },
        { cause: error },
      );
    }
    const problem = findJsonSyntaxError(text);
    throw new ConfigurationError(
      `is not valid JSON (${problem?.message ?? (error as Error).message}); expected ${EXPECTED_REPORT}`,
      { path: displayPath, ...(problem ? { line: problem.line, column: problem.column } : {}) },
      { cause: error },
    );
  }
}

/** The document as a Trivy report object, or an error saying what it is instead. */
function trivyReportObject(document: unknown, displayPath: string, fail: FailAt): Json {
  const notTrivy = (what: string): never => {
    throw new ConfigurationError(`is ${what}; expected ${EXPECTED_REPORT}`, {
      path: displayPath,
    });
  };
  const other = recognizeOtherFormat(document);
  if (other !== undefined) return notTrivy(other);
  if (!isJsonObject(document)) return notTrivy(`the JSON value ${describeJson(document)}`);
  if (!('SchemaVersion' in document)) {
    return notTrivy(
      Object.keys(document).length === 0 ? 'an empty JSON object' : 'a JSON object without SchemaVersion',
    );
  }
  const schemaVersion = document.SchemaVersion;
  if (typeof schemaVersion !== 'number') {
    return fail(
      ['SchemaVersion'],
      `is ${describeJson(schemaVersion)}; expected the number ${SUPPORTED_SCHEMA_VERSION}`,
    );
  }
  if (schemaVersion !== SUPPORTED_SCHEMA_VERSION) {
    // A different schema may mean the same field names with other meanings: better stop than gate on a misreading.
    return fail(
      ['SchemaVersion'],
      `is ${schemaVersion}; imagegate reads SchemaVersion ${SUPPORTED_SCHEMA_VERSION} (Trivy 0.20 and later)`,
    );
  }
  if (!('ArtifactName' in document) && !('ArtifactType' in document) && !('Results' in document)) {
    return notTrivy('a JSON object with SchemaVersion but no ArtifactName, ArtifactType or Results');
  }
  return document;
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function operatingSystem(metadata: Json, fields: FieldReader): ScanFacts['os'] {
  const os = fields.object(metadata, 'OS', ['Metadata']);
  if (!os) return undefined;
  const at = ['Metadata', 'OS'];
  return {
    family: fields.string(os, 'Family', at) ?? '',
    name: fields.string(os, 'Name', at) ?? '',
    eosl: fields.boolean(os, 'EOSL', at) ?? false,
  };
}

/** UTF-8, with or without a BOM; UTF-16 when a BOM says so (PowerShell 5 writes `>` redirections as UTF-16LE). */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.toString('utf16le', 2);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const even = bytes.subarray(2, bytes.length - (bytes.length % 2));
    return Buffer.from(even).swap16().toString('utf16le');
  }
  return bytes.toString('utf8');
}

function readError(error: unknown, displayPath: string): ConfigurationError {
  if (error instanceof ConfigurationError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? 'no such file'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EISDIR'
          ? 'is a directory'
          : (error as Error).message;
  return new ConfigurationError(`cannot read the Trivy report: ${reason}`, { path: displayPath }, { cause: error });
}

/** The image-facts reader logs through a Logger; here its warnings become part of the result. */
function warningCollector(warnings: string[]): Logger {
  return {
    debug: () => undefined,
    info: () => undefined,
    warning: (message) => warnings.push(message),
    error: (message) => warnings.push(message),
    group: (_title, fn) => fn(),
    mask: () => undefined,
  };
}
