import type { JsonPath } from '../json/read-json.js';
import type { Fields } from './json-fields.js';
import { isMap, type JsonMap } from './json-fields.js';
import type { StatementDraft } from './parse-openvex.js';
import type { VexDocument, VexProduct, VexStatus } from './types.js';

/**
 * CycloneDX VEX (1.4–1.6 JSON): `vulnerabilities[]` with `id` (+ `references[].id` as aliases), `analysis.state`,
 * `analysis.justification`, `analysis.detail`, and `affects[].ref` naming a component of the same BOM (its purl is
 * the product) or a purl itself. States map onto OpenVEX's statuses as CycloneDX's own VEX guide maps them.
 */

const STATE_TO_STATUS: Record<string, VexStatus> = {
  resolved: 'fixed',
  resolved_with_pedigree: 'fixed',
  exploitable: 'affected',
  in_triage: 'under_investigation',
  false_positive: 'not_affected',
  not_affected: 'not_affected',
};

const JUSTIFICATIONS: ReadonlySet<string> = new Set([
  'code_not_present',
  'code_not_reachable',
  'requires_configuration',
  'requires_dependency',
  'requires_environment',
  'protected_by_compiler',
  'protected_at_runtime',
  'protected_at_perimeter',
  'protected_by_mitigating_control',
]);

export function parseCycloneDxVex(
  fields: Fields,
  top: JsonMap,
): { document: Omit<VexDocument, 'path' | 'statements'>; drafts: StatementDraft[] } {
  const specVersion = fields.text(top.specVersion, ['specVersion']);
  if (!/^1\.[4-6]$/.test(specVersion)) {
    fields.input.fail(
      ['specVersion'],
      `expected CycloneDX 1.4, 1.5 or 1.6, found ${JSON.stringify(specVersion.slice(0, 20))}`,
    );
  }
  const metadata = top.metadata === undefined ? {} : fields.map(top.metadata, ['metadata']);
  const documentTime = fields.timestamp(metadata.timestamp, ['metadata', 'timestamp']);
  const purlByRef = componentPurls(fields, top, metadata);
  const drafts = fields
    .list(top.vulnerabilities, ['vulnerabilities'], { nonEmpty: true })
    .map((item, index) => statement(fields, item, ['vulnerabilities', index], documentTime, purlByRef));
  const serial = fields.optionalText(top.serialNumber, ['serialNumber']);
  const author = authorOf(metadata);
  return {
    document: {
      format: 'cyclonedx',
      ...(serial ? { id: serial } : {}),
      ...(author ? { author } : {}),
      ...(documentTime ? { timestamp: documentTime } : {}),
    },
    drafts,
  };
}

function statement(
  fields: Fields,
  value: unknown,
  at: JsonPath,
  documentTime: string | undefined,
  purlByRef: ReadonlyMap<string, string>,
): StatementDraft {
  const map = fields.map(value, at);
  const id = fields.text(map.id, [...at, 'id']);
  const aliases = fields.optionalList(map.references, [...at, 'references']).map((reference, index) => {
    const item = fields.map(reference, [...at, 'references', index]);
    return fields.text(item.id, [...at, 'references', index, 'id']);
  });
  const analysis = fields.map(map.analysis, [...at, 'analysis']);
  const writtenStatus = fields.text(analysis.state, [...at, 'analysis', 'state']);
  const status = STATE_TO_STATUS[writtenStatus];
  if (!Object.hasOwn(STATE_TO_STATUS, writtenStatus) || status === undefined) {
    fields.input.fail(
      [...at, 'analysis', 'state'],
      `expected one of ${Object.keys(STATE_TO_STATUS).join(', ')}, found ${JSON.stringify(writtenStatus.slice(0, 40))}`,
    );
  }
  const justification = fields.optionalText(analysis.justification, [...at, 'analysis', 'justification']);
  if (justification !== undefined && !JUSTIFICATIONS.has(justification)) {
    fields.input.fail(
      [...at, 'analysis', 'justification'],
      `expected one of ${[...JUSTIFICATIONS].join(', ')}, found ${JSON.stringify(justification.slice(0, 40))}`,
    );
  }
  const detail = fields.optionalText(analysis.detail, [...at, 'analysis', 'detail']);
  if (status === 'not_affected' && justification === undefined && detail === undefined) {
    fields.input.fail([...at, 'analysis'], `a ${writtenStatus} analysis needs a justification or a detail`);
  }
  const timestamp =
    fields.timestamp(analysis.lastUpdated, [...at, 'analysis', 'lastUpdated']) ??
    fields.timestamp(analysis.firstIssued, [...at, 'analysis', 'firstIssued']) ??
    documentTime;
  const products = fields.list(map.affects, [...at, 'affects'], { nonEmpty: true }).map((item, index): VexProduct => {
    const affect = fields.map(item, [...at, 'affects', index]);
    const ref = fields.text(affect.ref, [...at, 'affects', index, 'ref']);
    const purl = purlByRef.get(ref);
    return { id: ref, purls: purl ? [purl] : [], subcomponents: [] };
  });
  return {
    vulnerabilityIds: [id, ...aliases],
    products,
    status,
    writtenStatus,
    ...(justification !== undefined ? { justification } : {}),
    ...(detail !== undefined ? { impactStatement: detail } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    at,
  };
}

/**
 * `bom-ref` → purl of metadata.component and the top-level components (one level of nesting each: a VEX names
 * what it speaks about directly, and a walk whose depth the document controls is what the rules forbid).
 */
function componentPurls(fields: Fields, top: JsonMap, metadata: JsonMap): Map<string, string> {
  const byRef = new Map<string, string>();
  const add = (component: unknown) => {
    if (!isMap(component)) return;
    const ref = component['bom-ref'];
    const purl = component.purl;
    if (typeof ref === 'string' && typeof purl === 'string' && purl.length <= 4096) byRef.set(ref, purl);
  };
  add(metadata.component);
  for (const component of fields.optionalList(top.components, ['components'])) {
    add(component);
    if (isMap(component) && Array.isArray(component.components)) {
      for (const child of component.components.slice(0, 10_000)) add(child);
    }
  }
  return byRef;
}

function authorOf(metadata: JsonMap): string | undefined {
  const authors = Array.isArray(metadata.authors) ? metadata.authors : [];
  const first = authors.find((author) => isMap(author) && typeof author.name === 'string');
  if (isMap(first) && typeof first.name === 'string') return first.name.slice(0, 200);
  const manufacturer = isMap(metadata.manufacturer)
    ? metadata.manufacturer
    : isMap(metadata.supplier)
      ? metadata.supplier
      : undefined;
  return typeof manufacturer?.name === 'string' ? manufacturer.name.slice(0, 200) : undefined;
}
