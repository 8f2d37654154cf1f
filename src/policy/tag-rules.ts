import { RE2JS } from 're2js';
import semver from 'semver';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import { appendAll } from '../util/append-all.js';

/**
 * Which tags of a repository a scheduled re-scan covers. A rule is `semver:<range>`, `latest:<N>[/major|/minor]`,
 * `regex:<re>` or an exact tag; several rules select the union of what each selects, and no rule selects every tag.
 * Only tags written as a full version (`1.2.3`, `v1.2.3`, with an optional `-prerelease`) are versions: `1.2` or
 * `latest` are not, so version rules never guess at what a partial tag means.
 */

export type TagRule =
  | { kind: 'semver'; text: string; range: semver.Range }
  | { kind: 'latest'; text: string; count: number; per: 'all' | 'major' | 'minor' }
  | { kind: 'regex'; text: string; pattern: RE2JS }
  | { kind: 'exact'; text: string; tag: string };

/** What an OCI tag may be (distribution's reference grammar). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
/** A tag pattern longer than this is no tag rule anyone writes; refusing it bounds the cost of compiling it. */
const MAX_REGEX_LENGTH = 1024;
const VERSION_TAG = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/** A rule from its text, or why it is not one (for callers that collect problems with positions). */
export function tryParseTagRule(text: string): { rule: TagRule } | { problem: string } {
  const colon = text.indexOf(':');
  const kind = colon === -1 ? '' : text.slice(0, colon);
  const value = text.slice(colon + 1);
  if (kind === 'semver') {
    const range = semver.validRange(value) === null || value.trim() === '' ? undefined : new semver.Range(value);
    if (!range) return { problem: `'${value}' is not a semver range (e.g. semver:>=2.0.0 <3 or semver:^1.4)` };
    return { rule: { kind: 'semver', text, range } };
  }
  if (kind === 'latest') {
    const match = /^(\d+)(?:\/(major|minor))?$/.exec(value);
    const count = Number(match?.[1]);
    if (!match || count < 1) {
      return { problem: `expected latest:<N>, latest:<N>/major or latest:<N>/minor with N ≥ 1 (e.g. latest:3/minor)` };
    }
    return { rule: { kind: 'latest', text, count, per: (match[2] as 'major' | 'minor' | undefined) ?? 'all' } };
  }
  if (kind === 'regex') {
    if (value === '') return { problem: 'expected a regular expression after regex:' };
    if (value.length > MAX_REGEX_LENGTH) {
      return { problem: `a regular expression of at most ${MAX_REGEX_LENGTH} characters is expected` };
    }
    // RE2 matches in time linear in the tag, whatever the pattern: tags come from the registry, and a backtracking
    // engine would let `(a+)+` and one tag `aaaa…ab` hang the plan. RE2 refuses what needs backtracking
    // (back-references, look-around), so such a pattern is a located error instead of a slow one.
    try {
      return { rule: { kind: 'regex', text, pattern: RE2JS.compile(value) } };
    } catch (error) {
      return {
        problem: `not a valid regular expression (RE2 syntax: no back-references or look-around): ${reason(error)}`,
      };
    }
  }
  if (TAG.test(text)) return { rule: { kind: 'exact', text, tag: text } };
  return {
    problem:
      'expected semver:<range>, latest:<N>[/major|/minor], regex:<re> or a tag (letters, digits, _ . -, at most 128)',
  };
}

function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
}

/** Whether `tag` is an OCI tag: a registry that lists anything else is not to be believed about it. */
export function isOciTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Rules as given on the command line (or already validated in a policy); a bad one is a ConfigurationError naming it. */
export function parseTagRules(texts: readonly string[], origin = '--tags', position?: SourcePosition): TagRule[] {
  return texts.map((text) => {
    const parsed = tryParseTagRule(text);
    if ('problem' in parsed) throw new ConfigurationError(`${origin} '${text}': ${parsed.problem}`, position);
    return parsed.rule;
  });
}

/** A tag that is a full semantic version, parsed; undefined for every other tag. */
export function tagVersion(tag: string): semver.SemVer | undefined {
  if (!VERSION_TAG.test(tag)) return undefined;
  return semver.parse(tag) ?? undefined;
}

export interface TagSelection {
  /** Selected tags, sorted. */
  tags: string[];
  /** Rules that selected nothing in this repository (a warning, not an error: a repository may lack a line). */
  unmatched: TagRule[];
}

/** The tags of one repository that the rules select (every tag when there are no rules). */
export function selectTags(tags: readonly string[], rules: readonly TagRule[]): TagSelection {
  const unique = [...new Set(tags)].sort();
  if (rules.length === 0) return { tags: unique, unmatched: [] };
  const versions = new Map<string, semver.SemVer>();
  for (const tag of unique) {
    const version = tagVersion(tag);
    if (version) versions.set(tag, version);
  }
  const selected = new Set<string>();
  const unmatched: TagRule[] = [];
  for (const rule of rules) {
    const chosen = select(rule, unique, versions);
    if (chosen.length === 0) unmatched.push(rule);
    for (const tag of chosen) selected.add(tag);
  }
  return { tags: [...selected].sort(), unmatched };
}

function select(rule: TagRule, tags: readonly string[], versions: ReadonlyMap<string, semver.SemVer>): string[] {
  switch (rule.kind) {
    case 'exact':
      return tags.includes(rule.tag) ? [rule.tag] : [];
    case 'regex':
      // Anchored at both ends: the rule names whole tags, as `^(?:re)$` did.
      return tags.filter((tag) => rule.pattern.matches(tag));
    case 'semver':
      return [...versions].filter(([, version]) => rule.range.test(version)).map(([tag]) => tag);
    case 'latest':
      return latest(rule.count, rule.per, versions);
  }
}

/**
 * The newest `count` released versions, over all tags or per major (or major.minor) line. Prereleases are not
 * releases and are left out. Tags naming the same version (`1.2.3` and `v1.2.3`) count once and are both selected.
 */
function latest(count: number, per: 'all' | 'major' | 'minor', versions: ReadonlyMap<string, semver.SemVer>): string[] {
  const lines = new Map<string, Map<string, { version: semver.SemVer; tags: string[] }>>();
  for (const [tag, version] of versions) {
    if (version.prerelease.length > 0) continue;
    const line = per === 'all' ? '' : per === 'major' ? `${version.major}` : `${version.major}.${version.minor}`;
    const byVersion = lines.get(line) ?? new Map<string, { version: semver.SemVer; tags: string[] }>();
    lines.set(line, byVersion);
    const entry = byVersion.get(version.version) ?? { version, tags: [] };
    entry.tags.push(tag);
    byVersion.set(version.version, entry);
  }
  const chosen: string[] = [];
  for (const byVersion of lines.values()) {
    const newest = [...byVersion.values()].sort((a, b) => semver.rcompare(a.version, b.version)).slice(0, count);
    for (const entry of newest) appendAll(chosen, entry.tags);
  }
  return chosen;
}
