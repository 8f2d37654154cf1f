import type { Severity } from '../model/findings.js';
import {
  DOCKER_HUB,
  normalizeRegistry,
  splitRegistry,
  splitTag,
  type ImageReference,
} from '../model/image-reference.js';
import { ConfigurationError, type SourcePosition } from '../util/errors.js';
import { compileGlob } from '../util/glob.js';
import { mergeImageRules } from './merge.js';
import type { ImageRules, Policy, RuleSeverity } from './types.js';
import { excerpt } from '../util/excerpt.js';

/**
 * Image patterns are globs written like references and normalized like them, then matched on the normalized
 * reference, part by part:
 * - `alpine:3.*` is `docker.io/library/alpine:3.*`; `index.docker.io` and `registry-1.docker.io` are `docker.io`.
 * - The first component is a registry when it has a `.` or `:` or is `localhost` (`ghcr.io/acme/*`); otherwise the
 *   pattern is on Docker Hub (`acme/*` is `docker.io/acme/*`, `*` is every official image `docker.io/library/*`).
 *   A pattern whose first component is `**` spans every registry; `**` alone matches every image.
 * - `*` and `?` stay within one path component; `**` crosses `/`; `{a,b}` and `[0-9]` work as in picomatch.
 * - Without a tag or digest the pattern matches every tag and digest of the repositories it names. With a tag
 *   it needs a tag that matches (a reference without tag or digest has the tag `latest`); with a digest, a
 *   digest that matches.
 */
export interface ImagePattern {
  /** `registry/repository` glob. */
  name: string;
  tag?: string;
  digest?: string;
}

/** Why a pattern can never be valid, or undefined when it is fine. */
export function imagePatternProblem(pattern: string): string | undefined {
  if (pattern === '') return 'the image pattern is empty';
  // eslint-disable-next-line no-control-regex
  const bad = /[\s\u0000-\u001f;&|$`'"<>\\]/.exec(pattern);
  if (bad) return `the image pattern ${excerpt(pattern)} contains ${excerpt(bad[0] ?? '')}, which no reference has`;
  if (pattern.startsWith('!')) return 'negated image patterns (`!…`) are not supported; list the images to allow';
  const at = pattern.indexOf('@');
  if (at !== -1 && pattern.indexOf('@', at + 1) !== -1) return `the image pattern '${pattern}' has more than one '@'`;
  const { name } = splitTag(at === -1 ? pattern : pattern.slice(0, at));
  if (name === '') return `the image pattern '${pattern}' names no repository`;
  const { path } = splitRegistry(name);
  if (path !== path.toLowerCase()) {
    return `the image pattern '${pattern}' can never match: repository names are lower-case`;
  }
  return undefined;
}

/** Normalizes a pattern as a reference is normalized; throws a ConfigurationError for a pattern that cannot work. */
export function parseImagePattern(pattern: string, where?: SourcePosition): ImagePattern {
  const problem = imagePatternProblem(pattern);
  if (problem) throw new ConfigurationError(problem, where);
  const at = pattern.indexOf('@');
  const digest = at === -1 ? undefined : pattern.slice(at + 1);
  const { name, tag } = splitTag(at === -1 ? pattern : pattern.slice(0, at));
  return {
    name: normalizePatternName(name),
    ...(tag !== undefined ? { tag } : {}),
    ...(digest !== undefined ? { digest } : {}),
  };
}

function normalizePatternName(name: string): string {
  if (name === '**' || name.startsWith('**/')) return name;
  const { registry, path } = splitRegistry(name);
  const host = normalizeRegistry(registry ?? DOCKER_HUB);
  const repository = host === DOCKER_HUB && !path.includes('/') && path !== '**' ? `library/${path}` : path;
  return `${host}/${repository}`;
}

/** A reusable matcher for one pattern (compile once when matching many references). */
export function compileImagePattern(pattern: string, where?: SourcePosition): (reference: ImageReference) => boolean {
  const parsed = parseImagePattern(pattern, where);
  const nameMatches = compileGlob(parsed.name, {}, where);
  const tagMatches = parsed.tag !== undefined ? compileGlob(parsed.tag, {}, where) : undefined;
  const digestMatches = parsed.digest !== undefined ? compileGlob(parsed.digest, {}, where) : undefined;
  return (reference) => {
    if (!nameMatches(reference.name)) return false;
    if (tagMatches) {
      const tag = reference.tag ?? (reference.digest === undefined ? 'latest' : undefined);
      if (tag === undefined || !tagMatches(tag)) return false;
    }
    if (digestMatches && (reference.digest === undefined || !digestMatches(reference.digest))) return false;
    return true;
  };
}

/** Whether an image pattern (see ImagePattern for the semantics) matches a reference. */
export function matchImagePattern(pattern: string, reference: ImageReference): boolean {
  return compileImagePattern(pattern)(reference);
}

/** The rules for one image: `defaults`, then every matching `images[]` entry in file order. */
export function rulesForImage(policy: Policy, reference: ImageReference | undefined): ImageRules {
  if (!reference) return mergeImageRules(policy.defaults, {});
  const matching = policy.images.filter((override) => matchImagePattern(override.match, reference));
  return mergeImageRules(policy.defaults, ...matching.map((override) => override.rules));
}

/** The severity a rule reports at under this policy: its `rules:` entry, else the catalog default. */
export function severityFor(policy: Policy, ruleId: string, defaultSeverity: Severity): RuleSeverity {
  return policy.severities[ruleId] ?? defaultSeverity;
}
