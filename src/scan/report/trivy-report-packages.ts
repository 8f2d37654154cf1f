import type { FieldReader, Json, JsonPath } from './trivy-report-json.js';
import type { PackageFacts } from '../types.js';

/**
 * One `Results[].Packages[]` record (Trivy writes them with `--list-all-pkgs`): what an SBOM lists. Only `Name` is
 * required; every other field is optional, as Trivy omits empty ones. Values are the scanner's text, untrusted:
 * they are kept as strings and only ever written out as JSON strings (see src/report/sbom/).
 */
export function packageOf(
  record: Json,
  at: JsonPath,
  fields: FieldReader,
  layerOf: (record: Json, at: JsonPath) => string | undefined,
): PackageFacts {
  const facts: PackageFacts = {
    name: fields.requiredString(record, 'Name', at, 'the package name'),
    version: fields.string(record, 'Version', at) ?? '',
    licenses: fields.strings(record, 'Licenses', at),
    target: '',
    pkgType: '',
  };
  const pkgId = fields.string(record, 'ID', at);
  if (pkgId !== undefined) facts.pkgId = pkgId;
  const pkgPath = fields.string(record, 'FilePath', at) ?? fields.string(record, 'PkgPath', at);
  if (pkgPath !== undefined) facts.pkgPath = pkgPath;
  const identifier = fields.object(record, 'Identifier', at);
  const purl = identifier ? fields.string(identifier, 'PURL', [...at, 'Identifier']) : undefined;
  if (purl !== undefined) facts.purl = purl;
  const digest = fields.string(record, 'Digest', at);
  if (digest !== undefined) facts.digest = digest;
  const layerDiffId = layerOf(record, at);
  if (layerDiffId !== undefined) facts.layerDiffId = layerDiffId;
  return facts;
}
