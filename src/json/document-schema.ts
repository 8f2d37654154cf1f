import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import baselineReport from '../../schemas/baseline-report.schema.json' with { type: 'json' };
import rescanLedger from '../../schemas/rescan-ledger.schema.json' with { type: 'json' };
import rescanPlan from '../../schemas/rescan-plan.schema.json' with { type: 'json' };
import rescanShardResult from '../../schemas/rescan-shard-result.schema.json' with { type: 'json' };
import {
  baselineReport as validateBaselineReport,
  rescanLedger as validateRescanLedger,
  rescanPlan as validateRescanPlan,
  rescanShardResult as validateRescanShardResult,
} from './document-validators.generated.js';
import { readJsonInput, type JsonInput, type JsonPath, type ReadJsonOptions } from './read-json.js';

/**
 * The one reader of imagegate's own JSON documents: read and parse (src/json/read-json.ts: syntax errors at
 * file:line:column), the document's own checks (which give the messages users have always seen, e.g. "expected a
 * whole number ≥ 1"), then its published JSON schema (schemas/*.schema.json) with ajv, whose first violation is a
 * ConfigurationError at the offending node's file:line:column too. The schemas are what users and workflows script
 * against; checking every document read against them keeps the readers and the published contract from drifting.
 */

export type DocumentKind = 'rescan-plan' | 'rescan-ledger' | 'rescan-shard-result' | 'baseline-report';

const SCHEMAS: Record<DocumentKind, object> = {
  'rescan-plan': rescanPlan,
  'rescan-ledger': rescanLedger,
  'rescan-shard-result': rescanShardResult,
  'baseline-report': baselineReport,
};

// Compiled at build time (scripts/compile-schemas.mjs → document-validators.generated.js, ajv's standalone code with
// the options this module used to compile with at run time): a run no longer pays ajv's compile per document kind.
const VALIDATORS: Record<DocumentKind, ValidateFunction> = {
  'rescan-plan': validateRescanPlan,
  'rescan-ledger': validateRescanLedger,
  'rescan-shard-result': validateRescanShardResult,
  'baseline-report': validateBaselineReport,
};

/** The published schema of a document kind (for tests and docs). */
export function documentSchema(kind: DocumentKind): object {
  return SCHEMAS[kind];
}

/** Checks a parsed document against its schema; the first violation fails at its node (file:line:column). */
export function checkSchema(input: JsonInput, kind: DocumentKind): void {
  const validate = VALIDATORS[kind];
  if (validate(input.value)) return;
  const error = validate.errors?.[0];
  if (!error) input.fail([], 'does not match its schema');
  const { at, message } = explain(error);
  input.fail(at, message);
}

/**
 * Reads `file` as a document of `kind`: `parse` does the kind's own checks and builds the value, then the schema
 * is checked. Absent → undefined only with `absent: 'undefined'`.
 */
export async function readDocument<T>(
  file: string,
  kind: DocumentKind,
  expected: string,
  parse: (input: JsonInput) => T,
  options: ReadJsonOptions & { absent: 'undefined' },
): Promise<T | undefined>;
export async function readDocument<T>(
  file: string,
  kind: DocumentKind,
  expected: string,
  parse: (input: JsonInput) => T,
  options?: ReadJsonOptions & { absent?: 'error' },
): Promise<T>;
export async function readDocument<T>(
  file: string,
  kind: DocumentKind,
  expected: string,
  parse: (input: JsonInput) => T,
  options: ReadJsonOptions = {},
): Promise<T | undefined> {
  const input = await readJsonInput(file, expected, options);
  if (!input) return undefined;
  const value = parse(input);
  checkSchema(input, kind);
  return value;
}

/** Where an ajv error points and what it says, in the readers' words. */
function explain(error: ErrorObject): { at: JsonPath; message: string } {
  const at = pointerPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    const described = (error.parentSchema as { description?: string } | undefined)?.description;
    return { at: [...at, propertyName], message: `"${propertyName}" is not ${described ?? 'an allowed key here'}` };
  }
  switch (error.keyword) {
    case 'required':
      return { at: [...at, String(params.missingProperty)], message: 'missing' };
    case 'type':
      return { at, message: `expected ${String(params.type)}, found ${kind(error.data)}` };
    case 'const':
      return { at, message: `expected ${JSON.stringify(params.allowedValue)}, found ${kind(error.data)}` };
    case 'enum':
      return {
        at,
        message: `expected one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}, found ${kind(error.data)}`,
      };
    case 'pattern': {
      const described = (error.parentSchema as { description?: string } | undefined)?.description;
      return {
        at,
        message: `expected ${described ?? `a string matching ${String(params.pattern)}`}, found ${kind(error.data)}`,
      };
    }
    case 'minLength':
      return { at, message: `expected a non-empty string, found ${kind(error.data)}` };
    case 'minimum':
      return { at, message: `expected a number ≥ ${String(params.limit)}, found ${kind(error.data)}` };
    default:
      return { at, message: error.message ?? `does not match the schema (${error.keyword})` };
  }
}

/** `/scans/0/digest` → ['scans', 0, 'digest'] (JSON Pointer, RFC 6901). */
function pointerPath(pointer: string): JsonPath {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(?:0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

function kind(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}
