import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { sharedFile } from '../support/shared.js';

/**
 * GitLab's container-scanning report schema 15.2.1 (draft-07) from the shared folder, compiled once per test file.
 * GitLab drops an invalid report without a word, so validity is what the tests prove.
 */
export const containerScanningSchemaPath = sharedFile('schemas', 'container-scanning-report-format.json');

let compiled: ReturnType<Ajv['compile']> | undefined;

/** Errors of a report against the schema, [] when valid. */
export function containerScanningErrors(report: unknown): unknown[] {
  if (!containerScanningSchemaPath) throw new Error('the container-scanning schema is missing from the shared folder');
  if (!compiled) {
    const schema = JSON.parse(readFileSync(containerScanningSchemaPath, 'utf8')) as { $schema?: string };
    expect(schema.$schema).toBe('http://json-schema.org/draft-07/schema#');
    // Strict, with the schema's one non-standard keyword (`self`, its own version) declared.
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    ajv.addKeyword('self');
    compiled = ajv.compile(schema);
  }
  return compiled(JSON.parse(JSON.stringify(report))) ? [] : (compiled.errors ?? ['invalid']);
}
