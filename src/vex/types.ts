import type { SourceLocation } from '../model/findings.js';

/**
 * A VEX document as imagegate uses it, whatever it was written in (OpenVEX 0.2.x, CycloneDX VEX): statements that
 * say, for a vulnerability and some products, whether the products are affected. Only what matching and reporting
 * need is kept; every statement remembers where it is written so an unused one can be pointed at.
 */

/** OpenVEX's four statuses; CycloneDX analysis states are mapped onto them (src/vex/parse-cyclonedx.ts). */
export const VEX_STATUSES = ['not_affected', 'affected', 'fixed', 'under_investigation'] as const;
export type VexStatus = (typeof VEX_STATUSES)[number];

/** A product a statement is about: a purl or other IRI, and the subcomponents (package purls) it narrows to. */
export interface VexProduct {
  /** The product's identifier as written (`pkg:oci/alpine@sha256%3A…`, `pkg:apk/wolfi/bash@1.0.0`). */
  id: string;
  /** More identifiers of the same product (OpenVEX `identifiers.purl`, a CycloneDX component's purl). */
  purls: string[];
  subcomponents: string[];
}

export interface VexStatement {
  /** The vulnerability's id and its aliases (`CVE-…`, `GHSA-…`). */
  vulnerabilityIds: string[];
  products: VexProduct[];
  status: VexStatus;
  /** The status as the document wrote it (a CycloneDX state such as `resolved`). */
  writtenStatus: string;
  justification?: string;
  /** OpenVEX `impact_statement`, CycloneDX `analysis.detail`. */
  impactStatement?: string;
  statusNotes?: string;
  /** ISO 8601: the statement's own timestamp, else the document's; what "later statements win" compares. */
  timestamp?: string;
  /** Where the statement is written (file:line:column). */
  source: SourceLocation;
}

export interface VexDocument {
  format: 'openvex' | 'cyclonedx';
  /** How messages and reports name the file. */
  path: string;
  /** The document's `@id` or CycloneDX serialNumber, when given. */
  id?: string;
  author?: string;
  timestamp?: string;
  statements: VexStatement[];
}
