import { RULES } from '../model/catalog.js';
import { excerpt } from '../util/excerpt.js';
import { compileGlob } from '../util/glob.js';
import { expiryProblem } from './convert-allow.js';
import { didYouMean } from './did-you-mean.js';
import { imagePatternProblem } from './image-match.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import type { FindingAllowEntry } from './types.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

/**
 * `allow.findings`: accepted findings of any image-policy rule by rule (id or glob) and subject (glob). The schema
 * reports shapes; this reports what it cannot see: a rule pattern that names no rule of the catalog (a typo would
 * otherwise accept nothing, silently), a rule of the allowlist itself, a date that does not exist, an image
 * pattern that can never match.
 */

/** Rules an `allow.findings` entry may name: every catalog rule but the allowlist's own. */
export const ALLOWABLE_RULE_IDS: readonly string[] = RULES.map((rule) => rule.id).filter(
  (id) => !id.startsWith('allow/'),
);

export function readFindingAllowlist(
  source: PolicySource,
  value: unknown,
  problems: PolicyProblem[],
): FindingAllowEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) => {
    const map = asMap(item);
    if (!map) return [];
    const at: PathSegment[] = ['allow', 'findings', index];
    const report = (where: PathSegment[], message: string) =>
      problems.push({ message: `\`${label(where)}\`: ${message}`, position: positionOf(source, where) });
    const { rule, subject, reason, expires } = map;
    const images = Array.isArray(map.images)
      ? map.images.filter((pattern): pattern is string => typeof pattern === 'string')
      : undefined;
    images?.forEach((pattern, i) => {
      if (pattern === '' || /\s/.test(pattern)) return;
      const problem = imagePatternProblem(pattern);
      if (problem) report([...at, 'images', i], problem);
    });
    const dateProblem = typeof expires === 'string' ? expiryProblem(expires) : undefined;
    if (dateProblem) report([...at, 'expires'], dateProblem);
    const ruleProblem = typeof rule === 'string' && rule !== '' ? rulePatternProblem(rule) : undefined;
    if (ruleProblem) report([...at, 'rule'], ruleProblem);
    if (typeof rule !== 'string' || rule === '' || ruleProblem) return [];
    if (typeof subject !== 'string' || subject === '') return [];
    if (typeof reason !== 'string' || reason.trim() === '') return [];
    if (typeof expires !== 'string' || dateProblem || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return [];
    const { line = 1, column } = positionOf(source, at);
    const entry: FindingAllowEntry = {
      kind: 'findings',
      rule,
      subject,
      ...(images ? { images } : {}),
      reason: reason.trim(),
      expires,
      source: { kind: 'source', path: source.display, line, ...(column ? { column } : {}) },
    };
    return [entry];
  });
}

/** Why `pattern` cannot be an entry's rule, or undefined when it names at least one allowable rule. */
export function rulePatternProblem(pattern: string): string | undefined {
  if (pattern.startsWith('allow/')) {
    return `${excerpt(pattern)}: the allowlist's own findings cannot be allowlisted; fix or remove the entry they point at`;
  }
  let matches: (id: string) => boolean;
  try {
    matches = compileGlob(pattern);
  } catch (error) {
    return (error as Error).message;
  }
  if (ALLOWABLE_RULE_IDS.some((id) => matches(id))) return undefined;
  const suggestion = didYouMean(pattern, ALLOWABLE_RULE_IDS);
  const families = [...new Set(ALLOWABLE_RULE_IDS.map((id) => `${id.slice(0, id.indexOf('/'))}/*`))];
  return (
    `${excerpt(pattern)} matches no rule${suggestion ? `; did you mean \`${suggestion}\`?` : ''} ` +
    `(a rule id, or a glob such as ${families.slice(0, 4).join(', ')})`
  );
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
