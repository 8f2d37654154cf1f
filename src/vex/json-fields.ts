import type { JsonInput, JsonPath } from '../json/read-json.js';

/**
 * Typed reads of a VEX document's fields that fail at the field's file:line:column. VEX files are repository input
 * on a pull request: every list is capped so a hostile document costs bounded work.
 */

/** More statements (or products, vulnerabilities, components) than any real document has. */
export const MAX_VEX_ITEMS = 10_000;
/** Longer strings are refused: ids, purls and justifications are short; reports would show them. */
export const MAX_VEX_STRING = 4_096;

export type JsonMap = Record<string, unknown>;

export function isMap(value: unknown): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class Fields {
  constructor(readonly input: JsonInput) {}

  map(value: unknown, at: JsonPath): JsonMap {
    if (!isMap(value)) this.input.fail(at, `expected an object, found ${describe(value)}`);
    return value;
  }

  list(value: unknown, at: JsonPath, options: { nonEmpty?: boolean } = {}): unknown[] {
    if (!Array.isArray(value)) this.input.fail(at, `expected an array, found ${describe(value)}`);
    if (options.nonEmpty && value.length === 0) this.input.fail(at, 'expected at least one item, found none');
    if (value.length > MAX_VEX_ITEMS) this.input.fail(at, `has ${value.length} items, more than ${MAX_VEX_ITEMS}`);
    return value;
  }

  optionalList(value: unknown, at: JsonPath): unknown[] {
    return value === undefined ? [] : this.list(value, at);
  }

  text(value: unknown, at: JsonPath): string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.input.fail(at, `expected a non-empty string, found ${describe(value)}`);
    }
    if (value.length > MAX_VEX_STRING) {
      this.input.fail(at, `is ${value.length} characters long, more than ${MAX_VEX_STRING}`);
    }
    return value;
  }

  optionalText(value: unknown, at: JsonPath): string | undefined {
    return value === undefined ? undefined : this.text(value, at);
  }

  /** An RFC 3339 date-time; kept as written, compared as an instant. */
  timestamp(value: unknown, at: JsonPath): string | undefined {
    if (value === undefined) return undefined;
    const text = this.text(value, at);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/i.test(text) || !instantOf(text)) {
      this.input.fail(at, `expected an RFC 3339 date-time such as 2026-12-07T10:00:00Z, found ${describe(text)}`);
    }
    return text;
  }
}

/** Milliseconds since the epoch of an RFC 3339 date-time (nanoseconds are cut: Date keeps milliseconds). */
export function instantOf(timestamp: string | undefined): number | undefined {
  if (timestamp === undefined) return undefined;
  const trimmed = timestamp.replace(/(\.\d{3})\d+/, '$1');
  const value = Date.parse(trimmed);
  return Number.isNaN(value) ? undefined : value;
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
