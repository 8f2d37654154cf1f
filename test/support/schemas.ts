import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvDraft04 from 'ajv-draft-04';
import ajvFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedFile } from './shared.js';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The official SARIF 2.1.0 schema, from the shared folder (see shared.ts). */
export const sarifSchemaPath =
  process.env.SARIF_SCHEMA_PATH ?? sharedFile('schemas', 'sarif-schema-2.1.0.json') ?? 'sarif-schema-2.1.0.json';
export const haveSarifSchema = existsSync(sarifSchemaPath);

/** Errors of a SARIF log against the official schema (draft-04), [] when valid. */
export function sarifSchemaErrors(log: unknown): unknown[] {
  const ajv = new ajvDraft04.default({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(sarifSchemaPath, 'utf8')) as object);
  return validate(JSON.parse(JSON.stringify(log))) ? [] : (validate.errors ?? ['invalid']);
}

/** Errors of an imagegate.json document against schemas/imagegate-result.schema.json, [] when valid. */
export function resultSchemaErrors(document: unknown): unknown[] {
  const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'imagegate-result.schema.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true });
  ajvFormats.default(ajv);
  const validate = ajv.compile(schema as object);
  return validate(document) ? [] : (validate.errors ?? ['invalid']);
}

/** Errors of a document against the official OpenVEX 0.2 JSON schema (shared folder), [] when valid. */
export function openVexSchemaErrors(document: unknown): unknown[] {
  const file = sharedFile('schemas', 'openvex-0.2.schema.json');
  if (!file) throw new Error('the shared schemas (openvex-0.2.schema.json) are needed: see test/support/shared.ts');
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  // JSON-LD's `iri` is not one of ajv-formats': an absolute IRI has a scheme and no spaces.
  ajv.addFormat('iri', /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/);
  const validate = ajv.compile(JSON.parse(readFileSync(file, 'utf8')) as object);
  return validate(document) ? [] : (validate.errors ?? ['invalid']);
}
