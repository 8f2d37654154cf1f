import type { JsonPath } from '../json/read-json.js';
import type { Fields } from './json-fields.js';
import { type JsonMap } from './json-fields.js';
import { VEX_STATUSES, type VexDocument, type VexProduct, type VexStatus } from './types.js';

/**
 * OpenVEX 0.2.x (https://github.com/openvex/spec): `statements[]` with `vulnerability.name` (+ `aliases`),
 * `products[]` (`@id`, `identifiers.purl`, `subcomponents[]`), `status`, and for `not_affected` a `justification`
 * or an `impact_statement` (the spec requires one of them). The document's `timestamp` is the default of its
 * statements'.
 */

/** The justification labels of the OpenVEX spec. */
export const OPENVEX_JUSTIFICATIONS = [
  'component_not_present',
  'vulnerable_code_not_present',
  'vulnerable_code_not_in_execute_path',
  'vulnerable_code_cannot_be_controlled_by_adversary',
  'inline_mitigations_already_exist',
] as const;

const STATUSES: ReadonlySet<string> = new Set(VEX_STATUSES);
const JUSTIFICATIONS: ReadonlySet<string> = new Set(OPENVEX_JUSTIFICATIONS);

export interface StatementDraft extends Omit<VexDocument['statements'][number], 'source'> {
  at: JsonPath;
}

export function parseOpenVex(
  fields: Fields,
  top: JsonMap,
): { document: Omit<VexDocument, 'path' | 'statements'>; drafts: StatementDraft[] } {
  const context = fields.text(top['@context'], ['@context']);
  if (!/^https:\/\/openvex\.dev\/ns\/v0\.2\.\d+$/.test(context)) {
    fields.input.fail(
      ['@context'],
      `expected an OpenVEX 0.2.x context (https://openvex.dev/ns/v0.2.0), found ${JSON.stringify(context.slice(0, 60))}`,
    );
  }
  const id = fields.text(top['@id'], ['@id']);
  const author = fields.text(top.author, ['author']);
  const documentTime = fields.timestamp(top.timestamp, ['timestamp']);
  const drafts = fields
    .list(top.statements, ['statements'], { nonEmpty: true })
    .map((item, index) => statement(fields, item, ['statements', index], documentTime));
  return {
    document: { format: 'openvex', id, author, ...(documentTime ? { timestamp: documentTime } : {}) },
    drafts,
  };
}

function statement(fields: Fields, value: unknown, at: JsonPath, documentTime: string | undefined): StatementDraft {
  const map = fields.map(value, at);
  const vulnerability = fields.map(map.vulnerability, [...at, 'vulnerability']);
  const name = fields.text(vulnerability.name, [...at, 'vulnerability', 'name']);
  const aliases = fields
    .optionalList(vulnerability.aliases, [...at, 'vulnerability', 'aliases'])
    .map((alias, index) => fields.text(alias, [...at, 'vulnerability', 'aliases', index]));
  const writtenStatus = fields.text(map.status, [...at, 'status']);
  if (!STATUSES.has(writtenStatus)) {
    fields.input.fail(
      [...at, 'status'],
      `expected one of ${VEX_STATUSES.join(', ')}, found ${JSON.stringify(writtenStatus.slice(0, 40))}`,
    );
  }
  const status = writtenStatus as VexStatus;
  const justification = fields.optionalText(map.justification, [...at, 'justification']);
  if (justification !== undefined && !JUSTIFICATIONS.has(justification)) {
    fields.input.fail(
      [...at, 'justification'],
      `expected one of ${OPENVEX_JUSTIFICATIONS.join(', ')}, found ${JSON.stringify(justification.slice(0, 40))}`,
    );
  }
  const impactStatement = fields.optionalText(map.impact_statement, [...at, 'impact_statement']);
  if (status === 'not_affected' && justification === undefined && impactStatement === undefined) {
    fields.input.fail(at, 'a not_affected statement needs a justification or an impact_statement (OpenVEX spec)');
  }
  const statusNotes = fields.optionalText(map.status_notes, [...at, 'status_notes']);
  const timestamp = fields.timestamp(map.timestamp, [...at, 'timestamp']) ?? documentTime;
  const products = fields
    .list(map.products, [...at, 'products'], { nonEmpty: true })
    .map((product, index) => openVexProduct(fields, product, [...at, 'products', index]));
  return {
    vulnerabilityIds: [name, ...aliases],
    products,
    status,
    writtenStatus,
    ...(justification !== undefined ? { justification } : {}),
    ...(impactStatement !== undefined ? { impactStatement } : {}),
    ...(statusNotes !== undefined ? { statusNotes } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    at,
  };
}

function openVexProduct(fields: Fields, value: unknown, at: JsonPath): VexProduct {
  const map = fields.map(value, at);
  const identifiers = map.identifiers === undefined ? {} : fields.map(map.identifiers, [...at, 'identifiers']);
  const purl = fields.optionalText(identifiers.purl, [...at, 'identifiers', 'purl']);
  const id = map['@id'] === undefined && purl !== undefined ? purl : fields.text(map['@id'], [...at, '@id']);
  const subcomponents = fields.optionalList(map.subcomponents, [...at, 'subcomponents']).map((item, index) => {
    const sub = fields.map(item, [...at, 'subcomponents', index]);
    const subIdentifiers =
      sub.identifiers === undefined ? {} : fields.map(sub.identifiers, [...at, 'subcomponents', index, 'identifiers']);
    const subPurl = fields.optionalText(subIdentifiers.purl, [...at, 'subcomponents', index, 'identifiers', 'purl']);
    if (sub['@id'] === undefined && subPurl !== undefined) return subPurl;
    return fields.text(sub['@id'], [...at, 'subcomponents', index, '@id']);
  });
  return { id, purls: purl !== undefined ? [purl] : [], subcomponents };
}
