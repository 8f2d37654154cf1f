import { parseJsonInput } from '../json/read-json.js';
import { Fields } from './json-fields.js';
import { parseCycloneDxVex } from './parse-cyclonedx.js';
import { parseOpenVex } from './parse-openvex.js';
import type { VexDocument } from './types.js';

/** Larger VEX files are refused before they are parsed. */
export const MAX_VEX_FILE_BYTES = 4 * 1024 * 1024;

const EXPECTED = 'expected an OpenVEX 0.2.x or CycloneDX VEX (JSON) document';

/**
 * Parses one VEX document (OpenVEX 0.2.x or CycloneDX VEX, told apart by `@context` / `bomFormat`). Anything it
 * cannot use — not JSON, another format, an unknown status, a not_affected without justification or impact
 * statement — is a ConfigurationError at the offending node's file:line:column, never quoting the file beyond the
 * short value that is wrong. `source.path` is how messages and reports name the file.
 */
export function parseVexDocument(text: string, source: { path: string }): VexDocument {
  const input = parseJsonInput(text, source.path, EXPECTED, 'the VEX document');
  const fields = new Fields(input);
  const top = fields.map(input.value, []);
  const parsed =
    top['@context'] !== undefined
      ? parseOpenVex(fields, top)
      : top.bomFormat === 'CycloneDX'
        ? parseCycloneDxVex(fields, top)
        : input.fail([], 'has neither an OpenVEX @context nor "bomFormat": "CycloneDX"');
  const positions = input.positionsOf(parsed.drafts.map((draft) => draft.at));
  const statements = parsed.drafts.map(({ at: _at, ...statement }, index) => {
    const { line = 1, column } = positions[index] ?? {};
    return {
      ...statement,
      source: { kind: 'source' as const, path: source.path, line, ...(column ? { column } : {}) },
    };
  });
  return { ...parsed.document, path: source.path, statements };
}
