import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { sharedFile } from './shared.js';

/**
 * The official SBOM schemas from the shared folder (see shared.ts): CycloneDX 1.6 with the SPDX-license and JSF
 * sub-schemas it references by `$ref`, and SPDX 2.3. Undefined when the shared folder is missing.
 */
export const cyclonedxSchemaPath = sharedFile('schemas', 'bom-1.6.schema.json');
export const spdxSchemaPath = sharedFile('schemas', 'spdx-2.3-schema.json');
const cyclonedxSubSchemas = ['spdx.schema.json', 'jsf-0.82.schema.json'].map((name) => sharedFile('schemas', name));
export const haveSbomSchemas =
  cyclonedxSchemaPath !== undefined && spdxSchemaPath !== undefined && cyclonedxSubSchemas.every(Boolean);

const readSchema = (file: string | undefined): object => JSON.parse(readFileSync(file as string, 'utf8')) as object;

function compiler(): Ajv {
  // strict: false because the official schemas use keywords Ajv's strict mode rejects (`meta:enum`, `deprecated`);
  // formats are checked, the two Ajv does not know (iri-reference, idn-email) are taken as any string.
  const ajv = new Ajv({ allErrors: true, strict: false });
  ajvFormats.default(ajv);
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  return ajv;
}

let cyclonedx: ReturnType<Ajv['compile']> | undefined;
let spdx: ReturnType<Ajv['compile']> | undefined;

/** Errors of a CycloneDX JSON document against bom-1.6.schema.json, [] when valid. */
export function cyclonedxSchemaErrors(document: unknown): unknown[] {
  if (!cyclonedx) {
    const ajv = compiler();
    for (const file of cyclonedxSubSchemas) ajv.addSchema(readSchema(file));
    cyclonedx = ajv.compile(readSchema(cyclonedxSchemaPath));
  }
  return cyclonedx(document) ? [] : (cyclonedx.errors ?? ['invalid']);
}

/** Errors of an SPDX JSON document against spdx-2.3-schema.json, [] when valid. */
export function spdxSchemaErrors(document: unknown): unknown[] {
  spdx ??= compiler().compile(readSchema(spdxSchemaPath));
  return spdx(document) ? [] : (spdx.errors ?? ['invalid']);
}
