import { constants as bufferConstants } from 'node:buffer';
import { readSync } from 'node:fs';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import type { ImageFacts } from '../../image/facts.js';
import { imageFactsFromTrivyReport } from '../../image/from-trivy-report.js';
import { findJsonSyntaxError } from '../../json/json-error.js';
import { ConfigurationError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { formatBytes } from '../../util/units.js';
import { EXPECTED_REPORT, recognizeOtherFormat } from './trivy-report-format.js';
import { ByteReader, NotReadableAsBytes, TreeReader, type ByteSource } from './json-reader.js';
import {
  describeJson,
  failAtFor,
  FieldReader,
  formatJsonPath,
  isJsonObject,
  locateJsonPath,
  type FailAt,
  type Json,
  type JsonPath,
} from './trivy-report-json.js';
import { mapResults, type MappedResults } from './trivy-report-results.js';
import type { ScanFacts } from '../types.js';

/**
 * Reads a Trivy JSON report (`trivy … --format json`, SchemaVersion 2: Trivy 0.20 and later) into ScanFacts and,
 * for container-image reports, the image's facts from its Metadata.
 *
 * A report can be hundreds of megabytes, almost all of it vulnerability records. It is read a chunk at a time and
 * walked as bytes (json-reader.ts): the header is parsed, and each record of `Results` is parsed from its own slice
 * and mapped before the next, so neither the whole file, nor its text as a string, nor its parsed tree is ever in
 * memory at once. When that walk meets anything wrong (a syntax error, a field of the wrong type, a document that
 * is not a Trivy report), the report is read again the simple way — the text whole, one JSON.parse, one mapping
 * pass — which finds the same problem and says where it is; that memory is spent only on the way to an error.
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
 * The largest report read: the longest string this Node makes (about 512 MiB on 64-bit), because a report with a
 * problem is read again as one string to locate it. A report that size holds some 200,000 vulnerabilities.
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
  let regular: boolean;
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new ConfigurationError(`is a directory; expected ${EXPECTED_REPORT}`, { path: displayPath });
    size = info.size;
    regular = info.isFile();
  } catch (error) {
    throw readError(error, displayPath);
  }
  if (size > maxBytes) {
    throw new ConfigurationError(
      `is ${formatBytes(size)}; imagegate reads Trivy reports up to ${formatBytes(maxBytes)}`,
      { path: displayPath },
    );
  }
  // A pipe (`/dev/stdin`, `<(trivy …)`) can be read only once, in order: whole, then parsed from memory.
  if (!regular) return parseTrivyReport(await readWhole(file, displayPath), displayPath);
  let handle: FileHandle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    throw readError(error, displayPath);
  }
  try {
    return await readOpenReport(handle, file, displayPath);
  } finally {
    await handle.close();
  }
}

/** The report read a chunk at a time (the file is never in memory whole), or whole when it needs the text path. */
async function readOpenReport(handle: FileHandle, file: string, displayPath: string): Promise<ParsedTrivyReport> {
  // Reads at explicit positions, synchronously: the reader is a synchronous walk, as JSON.parse is.
  let position = 0;
  const source: ByteSource = (into, offset, length) => {
    try {
      const read = readSync(handle.fd, into, offset, length, position);
      position += read;
      return read;
    } catch (error) {
      throw readError(error, displayPath);
    }
  };
  const head = Buffer.alloc(3);
  const headLength = source(head, 0, 3);
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    return parseTrivyReport(await readWhole(file, displayPath), displayPath);
  }
  position = headLength === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  try {
    return readReportFromBytes(source, displayPath);
  } catch (error) {
    if (!(error instanceof NotReadableAsBytes || error instanceof ConfigurationError)) throw error;
  }
  return readReportFromText(utf8Body(await readWhole(file, displayPath)).toString('utf8'), displayPath);
}

/**
 * Parses a report, given as its bytes (UTF-8, or UTF-16 with a byte-order mark) or as text; `displayPath` names it
 * in errors. Throws ConfigurationError for anything but a Trivy report.
 */
export function parseTrivyReport(input: string | Buffer, displayPath: string): ParsedTrivyReport {
  const body = utf8Body(typeof input === 'string' ? Buffer.from(input, 'utf8') : input);
  try {
    return readReportFromBytes(body, displayPath);
  } catch (error) {
    if (!(error instanceof NotReadableAsBytes || error instanceof ConfigurationError)) throw error;
  }
  return readReportFromText(body.toString('utf8'), displayPath);
}

/**
 * The fast way alone: the document (UTF-8, no BOM; whole or from a source) walked as bytes, records parsed one at a
 * time. Throws NotReadableAsBytes, or a ConfigurationError without a position, where the text path takes over.
 */
export function readReportFromBytes(body: Buffer | ByteSource, displayPath: string): ParsedTrivyReport {
  const reader = new ByteReader(body);
  // Arrays, scalars and other non-reports are small or rejected: the text path names them.
  if (reader.kind() !== 'object') throw new NotReadableAsBytes('not an object', 0);
  const fields = new FieldReader((path, message) => {
    throw new ConfigurationError(`${formatJsonPath(path)} ${message}`, { path: displayPath });
  });
  const report: Json = {};
  let results: MappedResults | undefined;
  reader.object((key) => {
    if (key === 'Results' && reader.kind() === 'array') {
      results = mapResults(reader, fields);
      // recognizeOtherFormat and trivyReportObject ask only whether Results is there.
      report.Results = [];
    } else {
      // defineProperty, as JSON.parse does: a `__proto__` key stays a plain key.
      Object.defineProperty(report, key, {
        value: reader.value(),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  });
  reader.end();
  return assemble(report, results, fields, displayPath);
}

/** The simple way, for a report the fast way found a problem in: one JSON.parse of the text, with positions. */
export function readReportFromText(text: string, displayPath: string): ParsedTrivyReport {
  if (/^\s*$/.test(text)) throw new ConfigurationError(`is empty; expected ${EXPECTED_REPORT}`, { path: displayPath });
  const document = parseJson(text, displayPath);
  return assemble(document, undefined, new FieldReader(failAtFor(text, displayPath)), displayPath, (path) =>
    locateJsonPath(text, path),
  );
}

/**
 * The report from its parsed top level; `results` when the fast way mapped them already. In the order the checks
 * have always run, so that the text path reports the first problem of a report with several.
 */
function assemble(
  document: unknown,
  results: MappedResults | undefined,
  fields: FieldReader,
  displayPath: string,
  locate?: (path: JsonPath) => { line: number; column: number } | undefined,
): ParsedTrivyReport {
  const report = trivyReportObject(document, displayPath, fields.fail);
  const trivy = fields.object(report, 'Trivy', []);
  const version = trivy ? fields.string(trivy, 'Version', ['Trivy']) : undefined;
  const createdAt = fields.string(report, 'CreatedAt', []);
  const artifactType = fields.string(report, 'ArtifactType', []);
  const metadata = fields.object(report, 'Metadata', []);
  const os = metadata ? operatingSystem(metadata, fields) : undefined;
  const parsedResults = results ? undefined : fields.array(report, 'Results', []);
  const mapped =
    results ??
    (parsedResults
      ? mapResults(new TreeReader(parsedResults), fields)
      : { vulnerabilities: [], secrets: [], licenses: [] });
  const scan: ScanFacts = {
    scanner: { name: 'trivy', ...(version !== undefined ? { version } : {}) },
    artifactName: fields.string(report, 'ArtifactName', []) ?? '',
    ...(artifactType !== undefined ? { artifactType } : {}),
    ...(createdAt !== undefined ? { createdAt } : {}),
    ...(os !== undefined ? { os } : {}),
    vulnerabilities: mapped.vulnerabilities,
    secrets: mapped.secrets,
    licenses: mapped.licenses,
    ...(mapped.packages ? { packages: mapped.packages } : {}),
  };

  const warnings: string[] = [];
  const image = imageFactsFromTrivyReport(report, {
    where: displayPath,
    logger: warningCollector(warnings),
    ...(locate ? { locate } : {}),
  });
  return { scan, ...(image ? { image } : {}), schemaVersion: SUPPORTED_SCHEMA_VERSION, warnings };
}

function parseJson(text: string, displayPath: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    if (!JSON_START.test(text)) {
      throw new ConfigurationError(
        // Nothing of a file that is not JSON is quoted: it may be any file a symlink or a wrong flag names.
        `is not JSON; expected ${EXPECTED_REPORT}; ` + "Trivy's default table output cannot be read",
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

/**
 * The report as UTF-8 without a byte-order mark: as it is, or transcoded when a BOM says UTF-16 (PowerShell 5
 * writes `>` redirections as UTF-16LE).
 */
function utf8Body(bytes: Buffer): Buffer {
  let utf8 = bytes;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) utf8 = Buffer.from(bytes.toString('utf16le', 2), 'utf8');
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    const even = bytes.subarray(2, bytes.length - (bytes.length % 2));
    utf8 = Buffer.from(Buffer.from(even).swap16().toString('utf16le'), 'utf8');
  }
  return utf8[0] === 0xef && utf8[1] === 0xbb && utf8[2] === 0xbf ? utf8.subarray(3) : utf8;
}

async function readWhole(file: string, displayPath: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw readError(error, displayPath);
  }
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
