import type { ProvenanceDocumentSummary, ProvenanceSummary } from '../provenance/provenance-summary.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { header, row, shortDigest } from './markdown-table.js';

/**
 * The summary's Provenance section (issue 15 item 4): the facts the policy's `provenance:` was checked against, one
 * row per SLSA provenance document. Every value is the registry's text (whoever could push wrote it): shown as code
 * spans or escaped, each cut to `cell` code points, and the number of rows is capped.
 */

const MAX_DOCUMENTS = 10;
const MAX_BASES = 5;

export function provenanceSection(
  provenance: ProvenanceSummary | undefined,
  options: { heading: string; cell: number },
): string {
  if (!provenance) return '';
  const lines = [`${options.heading} Provenance`, ''];
  if (provenance.unread !== undefined) {
    lines.push(`Not read: ${escapeInline(provenance.unread, { maxLength: 600 })}.`);
    return lines.join('\n');
  }
  if (provenance.documents.length === 0) {
    lines.push('No SLSA provenance is attached to the image.');
    return lines.join('\n');
  }
  const cell = (text: string | undefined) => (text ? codeSpan(text, { inTable: true, maxLength: options.cell }) : '—');
  const signed = provenance.documents.some((document) => document.signature !== undefined);
  lines.push(...header(['Builder', 'Source', 'Build type', 'Bases', ...(signed ? ['Signature'] : []), 'Read from']));
  for (const document of provenance.documents.slice(0, MAX_DOCUMENTS)) {
    lines.push(
      row([
        document.builderId === '' ? '(none named)' : cell(document.builderId),
        sourceCell(document, cell),
        cell(document.buildType),
        basesCell(document, options.cell),
        ...(signed ? [signatureCell(document, options.cell)] : []),
        cell(document.origin),
      ]),
    );
  }
  const more = provenance.documents.length - MAX_DOCUMENTS;
  if (more > 0) lines.push('', `… and ${more} more provenance documents (all of them are in imagegate.json).`);
  return lines.join('\n');
}

/** `✅ key keys/release.pub`, `❌ unsigned`, `❌ untrusted-signer: …`. */
function signatureCell(document: ProvenanceDocumentSummary, max: number): string {
  const signature = document.signature;
  if (!signature) return '—';
  if (signature.status === 'verified') return `✅ ${codeSpan(signature.signer, { inTable: true, maxLength: max })}`;
  return `❌ ${signature.status}: ${escapeInline(signature.reason, { maxLength: max })}`;
}

function sourceCell(document: ProvenanceDocumentSummary, cell: (text: string | undefined) => string): string {
  const source = document.source;
  if (!source) return '—';
  const parts = [cell(source.repository)];
  if (source.ref) parts.push(`at ${cell(source.ref)}`);
  if (source.digest) parts.push(`(${cell(shortDigest(source.digest))})`);
  return parts.join(' ');
}

/** `✅ alpine@sha256:8914eb54f968` pinned, `❌ ghcr.io/acme/tools:1.2 (no digest)` not. */
function basesCell(document: ProvenanceDocumentSummary, max: number): string {
  if (document.bases.length === 0) return '—';
  const shown = document.bases.slice(0, MAX_BASES).map((base) => {
    const name = codeSpan(base.image ?? base.uri, { inTable: true, maxLength: max });
    return base.pinned && base.digest
      ? `✅ ${name} ${codeSpan(shortDigest(base.digest), { inTable: true })}`
      : `❌ ${name} (no digest)`;
  });
  const more = document.bases.length - MAX_BASES;
  return [...shown, ...(more > 0 ? [`… ${more} more`] : [])].join(', ');
}
