import { imagePatternProblem } from './image-match.js';
import { emptyAllowlist } from './merge.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import { ALLOW_KINDS, type AllowEntry, type Allowlist, type AllowKind } from './types.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/**
 * Reads `allow:` into entries that remember where they were written. Entries the schema rejects (no reason, no
 * expiry) are left out; what the schema cannot see, a date that does not exist or an image pattern that can never
 * match, is reported here.
 */
export function readAllowlist(source: PolicySource, value: unknown, problems: PolicyProblem[]): Allowlist {
  const allowlist = emptyAllowlist();
  const map = asMap(value);
  if (!map) return allowlist;
  for (const kind of ALLOW_KINDS) {
    const items = map[kind];
    if (!Array.isArray(items)) continue;
    items.forEach((item, index) => {
      const entry = readEntry(source, kind, asMap(item), ['allow', kind, index], problems);
      if (entry) allowlist[kind].push(entry);
    });
  }
  return allowlist;
}

function readEntry(
  source: PolicySource,
  kind: AllowKind,
  map: Record<string, unknown> | undefined,
  path: PathSegment[],
  problems: PolicyProblem[],
): AllowEntry | undefined {
  if (!map) return undefined;
  const { id, reason, expires } = map;
  const images = stringList(map.images);
  images?.forEach((pattern, index) => {
    // Empty patterns and whitespace are the schema's to report.
    if (pattern === '' || /\s/.test(pattern)) return;
    const problem = imagePatternProblem(pattern);
    const at = [...path, 'images', index];
    if (problem) problems.push({ message: `\`${label(at)}\`: ${problem}`, position: positionOf(source, at) });
  });
  const dateProblem = typeof expires === 'string' ? expiryProblem(expires) : undefined;
  if (dateProblem) {
    const at = [...path, 'expires'];
    problems.push({ message: `\`${label(at)}\`: ${dateProblem}`, position: positionOf(source, at) });
  }
  if (typeof id !== 'string' || id.trim() === '') return undefined;
  if (typeof reason !== 'string' || reason.trim() === '') return undefined;
  if (typeof expires !== 'string' || dateProblem || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return undefined;
  const { line = 1, column } = positionOf(source, path);
  const packages = stringList(map.packages);
  const paths = stringList(map.paths);
  const purls = stringList(map.purls);
  return {
    kind,
    id,
    ...(packages ? { packages } : {}),
    ...(images ? { images } : {}),
    ...(paths ? { paths } : {}),
    ...(purls ? { purls } : {}),
    reason: reason.trim(),
    expires,
    source: { kind: 'source', path: source.display, line, ...(column ? { column } : {}) },
  };
}

/** Why a `YYYY-MM-DD` string is not a real date (`2027-02-30`), or undefined. Other shapes are the schema's. */
export function expiryProblem(text: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12) return `${text} is not a date: there is no month ${month}; write YYYY-MM-DD`;
  const days = daysInMonth(year, month);
  if (day < 1 || day > days) {
    return `${text} is not a date: ${MONTHS[month - 1] ?? ''} ${year} has ${days} days`;
  }
  return undefined;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function stringList(value: unknown): string[] | undefined {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
