import type { SignatureSummaryRow } from '../signature/signature-summary.js';
import { codeSpan, escapeInline } from '../util/markdown-escape.js';
import { header, row } from './markdown-table.js';

/**
 * The summary's "Signatures" section (issue 15 item 3): each image whose signatures the policy asks for, where it
 * asked (the FROM line, or the image), and what verified, so a passing run still shows what it trusted. The
 * findings say why a row failed. Every value came from a registry or the policy: escaped.
 */
export function signaturesSection(
  signatures: { trustRoot: string; rows: SignatureSummaryRow[] } | undefined,
  heading: string,
): string {
  if (!signatures || signatures.rows.length === 0) return '';
  return [
    `${heading} Signatures`,
    '',
    `Checked offline against ${escapeInline(signatures.trustRoot, { maxLength: 200 })}.`,
    '',
    ...header(['Image', 'Where', 'Result']),
    ...signatures.rows.map((entry) =>
      row([
        codeSpan(entry.subject, { inTable: true, maxLength: 200 }),
        escapeInline(entry.where, { maxLength: 200 }),
        `${entry.verified ? '✅' : '❌'} ${escapeInline(entry.outcome, { maxLength: 300 })}`,
      ]),
    ),
  ].join('\n');
}
