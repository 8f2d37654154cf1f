import { groupDigits } from '../util/group-digits.js';
import type { Finding, Location, Severity } from '../model/findings.js';
import { codeSpan, elideMiddle, escapeInline } from '../util/markdown-escape.js';
import { linked, NO_LINKS, type ReportLinks } from './links.js';
import { nounFor, singularOf } from '../util/plural.js';
import type { ResultImageLocation, ResultSourceLocation } from './result-json.js';

/** Pieces every table of the Markdown summary shares. Cells passed to row() must already be escaped. */

export const SEVERITY_ICON: Record<Severity, string> = {
  critical: '🔴',
  high: '🟠',
  medium: '🟡',
  low: '🔵',
  info: '⚪',
};

export function severityCell(severity: Severity): string {
  return `${SEVERITY_ICON[severity]} ${severity}`;
}

export function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A header row and its delimiter row. */
export function header(cells: readonly string[]): string[] {
  return [row(cells), row(cells.map(() => '---'))];
}

/** `… and 3 more findings`; `nouns` is the plural, made singular for one. */
export function moreLine(count: number, nouns: string): string[] {
  if (count <= 0) return [];
  const all = count === 1 ? 'it is' : 'all of them are';
  return [
    '',
    `… and ${groupDigits(count)} more ${nounFor(count, singularOf(nouns), nouns)} (${all} in \`imagegate.json\`).`,
  ];
}

/**
 * The cell that column `index` has on every row, when there are two or more rows and they all agree: the caller drops
 * the column and says it once above the table, instead of repeating an image reference on every row.
 */
export function sharedCell(rows: ReadonlyArray<readonly string[]>, index: number): string | undefined {
  const first = rows[0]?.[index];
  if (rows.length < 2 || first === undefined) return undefined;
  return rows.every((cells) => cells[index] === first) ? first : undefined;
}

/** The rows without column `index`. */
export function withoutColumn<T>(rows: ReadonlyArray<readonly T[]>, index: number): T[][] {
  return rows.map((cells) => cells.filter((_, column) => column !== index));
}

/**
 * A finding's location in a table cell: `path:line[:column]` (a link to the file at the commit when `links` knows
 * one), or the image and the layer's short digest.
 */
export function locationCell(location: Location, maxLength: number, links: ReportLinks = NO_LINKS): string {
  const options = { inTable: true, maxLength };
  if (location.kind === 'source') {
    const column = location.column === undefined ? '' : `:${location.column}`;
    return linked(codeSpan(`${location.path}:${location.line}${column}`, options), links.source(location));
  }
  // A long reference loses its middle so the column stays narrow; imagegate.json keeps it whole.
  const image = codeSpan(elideMiddle(location.image, 48), options);
  return location.layer === undefined ? image : `${image} layer ${codeSpan(shortDigest(location.layer), options)}`;
}

/** The same for a location read back from an imagegate.json (a baseline). */
export function resultLocationCell(
  location: ResultSourceLocation | ResultImageLocation | null,
  maxLength: number,
): string {
  if (location === null) return '—';
  if ('path' in location) {
    return locationCell(
      {
        kind: 'source',
        path: location.path,
        line: location.line,
        ...(location.column ? { column: location.column } : {}),
      },
      maxLength,
    );
  }
  return locationCell(
    { kind: 'image', image: location.image, ...(location.layer ? { layer: location.layer } : {}) },
    maxLength,
  );
}

/** `sha256:` and the first 12 hex digits, as Docker prints ids. */
export function shortDigest(digest: string): string {
  const match = /^([a-z0-9]+:)?([0-9a-f]{12})[0-9a-f]*$/.exec(digest);
  return match ? `${match[1] ?? ''}${match[2]}` : digest;
}

/**
 * A finding's message for a table cell: imagegate's own Markdown when the check wrote it with `md` (never cut: it is
 * imagegate's advice, and each untrusted value in it is already capped), else the text escaped and cut to `maxLength`.
 */
export function messageCell(finding: Pick<Finding, 'message' | 'messageMarkdown'>, maxLength: number): string {
  return finding.messageMarkdown ?? escapeInline(finding.message, { maxLength });
}
