import { type JsonInput, type JsonPath } from '../json/read-json.js';

/**
 * The rescan files' shape checks. Reading and parsing (one reader for all of imagegate's own JSON documents) is
 * src/json/read-json.ts, the writer src/util/atomic-write.ts; both are re-exported here for the rescan modules.
 */
export { formatPath, JsonInput, readJsonInput, type JsonPath } from '../json/read-json.js';

/** The one atomic writer (src/util/atomic-write.ts), where the rescan commands have always found it. */
export { writeFileAtomic, writeJsonAtomic } from '../util/atomic-write.js';

/** Small shape checks shared by the rescan readers; each fails through `input` at the node it checks. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function expectRecord(input: JsonInput, value: unknown, at: JsonPath): Record<string, unknown> {
  return isRecord(value) ? value : input.fail(at, `expected an object, found ${kind(value)}`);
}

export function expectString(input: JsonInput, value: unknown, at: JsonPath): string {
  return typeof value === 'string' && value !== ''
    ? value
    : input.fail(at, `expected a non-empty string, found ${kind(value)}`);
}

export function optionalString(input: JsonInput, value: unknown, at: JsonPath): string | undefined {
  return value === undefined ? undefined : expectString(input, value, at);
}

/** An ISO 8601 time (as written by `new Date().toISOString()`, or any form Date reads). */
export function expectTime(input: JsonInput, value: unknown, at: JsonPath): string {
  const text = expectString(input, value, at);
  return Number.isNaN(Date.parse(text)) ? input.fail(at, `expected an ISO 8601 time, found "${text}"`) : text;
}

export function expectStrings(input: JsonInput, value: unknown, at: JsonPath): string[] {
  if (!Array.isArray(value)) return input.fail(at, `expected an array of strings, found ${kind(value)}`);
  return value.map((item, index) => expectString(input, item, [...at, index]));
}

export function expectCount(input: JsonInput, value: unknown, at: JsonPath, minimum = 0): number {
  return typeof value === 'number' && Number.isInteger(value) && value >= minimum
    ? value
    : input.fail(at, `expected a whole number ≥ ${minimum}, found ${kind(value)}`);
}

/** The schemaVersion check every rescan file starts with. */
export function expectSchemaVersion(input: JsonInput, document: Record<string, unknown>, version: number): void {
  if (!('schemaVersion' in document)) input.fail([], `no schemaVersion`);
  if (document.schemaVersion !== version) {
    input.fail(
      ['schemaVersion'],
      `schemaVersion ${JSON.stringify(document.schemaVersion)}; this imagegate reads schemaVersion ${version}`,
    );
  }
}

/** A manifest digest: `algorithm:hex` as the OCI spec writes it. */
export const DIGEST_PATTERN = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
