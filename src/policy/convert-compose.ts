import path from 'node:path';
import { RULES } from '../model/catalog.js';
import { SEVERITIES } from '../model/findings.js';
import { expiryProblem } from './convert-allow.js';
import { didYouMean } from './did-you-mean.js';
import { kubernetesRuleId } from './convert-kubernetes.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import type { ComposeFileSet, ComposeRules, MountAllowEntry, RuleSeverity } from './types.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';
import { excerpt } from '../util/excerpt.js';

/**
 * The `compose:` section and `allow.mounts` as typed values. Shapes are the schema's to report; what it cannot
 * see is reported here: the same rule given two severities in one file (`rules` by id and `compose.rules` by
 * short name), and expiry dates that do not exist.
 */

const RULE_SEVERITY: ReadonlySet<string> = new Set([...SEVERITIES, 'off']);

/** `writableBindMount` → `compose/writable-bind-mount`, for every compose rule of the catalog. */
export const COMPOSE_RULE_NAMES: ReadonlyMap<string, string> = new Map(
  RULES.filter((rule) => rule.id.startsWith('compose/')).map((rule) => [shortName(rule.id), rule.id]),
);

function shortName(id: string): string {
  return id.slice('compose/'.length).replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

/** A compose rule id from its id, its id without `compose/`, or its short name; undefined for anything else. */
export function composeRuleId(name: string): string | undefined {
  const id = name.startsWith('compose/') ? name : `compose/${name}`;
  if (RULES.some((rule) => rule.id === id)) return id;
  return COMPOSE_RULE_NAMES.get(name);
}

/**
 * Reads `compose:`. Its `rules` come back as severities by rule id, to be merged with the file's `rules`; one
 * rule set in both places to different severities is a problem (which one would win is not obvious).
 */
export function readComposeSection(
  source: PolicySource,
  value: unknown,
  fileRules: Readonly<Record<string, RuleSeverity>>,
  problems: PolicyProblem[],
): { compose: Partial<ComposeRules>; severities: Record<string, RuleSeverity> } {
  const map = asMap(value);
  const compose: Partial<ComposeRules> = {};
  const severities: Record<string, RuleSeverity> = {};
  if (!map) return { compose, severities };
  if (Array.isArray(map.files)) compose.files = readFiles(source, map.files);
  if (Array.isArray(map.profiles)) {
    compose.profiles = map.profiles.filter((item): item is string => typeof item === 'string' && item !== '');
  }
  if (typeof map.requireReadOnlyRootfs === 'boolean') compose.requireReadOnlyRootfs = map.requireReadOnlyRootfs;
  if (typeof map.requireNoNewPrivileges === 'boolean') compose.requireNoNewPrivileges = map.requireNoNewPrivileges;
  if (typeof map.requireMemoryLimit === 'boolean') compose.requireMemoryLimit = map.requireMemoryLimit;
  if (typeof map.requirePidsLimit === 'boolean') compose.requirePidsLimit = map.requirePidsLimit;
  if (typeof map.forbidPrivilegedPorts === 'boolean') compose.forbidPrivilegedPorts = map.forbidPrivilegedPorts;
  for (const [name, severity] of Object.entries(asMap(map.rules) ?? {})) {
    const id = COMPOSE_RULE_NAMES.get(name);
    if (!id || typeof severity !== 'string' || !RULE_SEVERITY.has(severity)) continue;
    const other = fileRules[id];
    if (other !== undefined && other !== severity) {
      const at: PathSegment[] = ['compose', 'rules', name];
      problems.push({
        message: `\`${label(at)}\`: \`${label(['rules', id])}\` in this file sets the same rule to ${other}; set it in one place`,
        position: positionOf(source, at),
      });
      continue;
    }
    severities[id] = severity as RuleSeverity;
  }
  return { compose, severities };
}

function readFiles(source: PolicySource, items: unknown[]): ComposeFileSet[] {
  const baseDir = path.dirname(source.file);
  return items.flatMap((item, index) => {
    const patterns = typeof item === 'string' ? [item] : Array.isArray(item) ? item : [];
    if (patterns.length === 0 || !patterns.every((pattern) => typeof pattern === 'string' && pattern !== '')) {
      return [];
    }
    return [{ patterns: patterns as string[], baseDir, source: locationOf(source, ['compose', 'files', index]) }];
  });
}

/** Reads `allow.mounts`; entries the schema rejects are left out, impossible dates are reported. */
export function readMountAllowlist(source: PolicySource, value: unknown, problems: PolicyProblem[]): MountAllowEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item, index) => {
    const map = asMap(item);
    if (!map) return [];
    const at: PathSegment[] = ['allow', 'mounts', index];
    const { service, target, source: mountSource, rule, reason, expires } = map;
    const dateProblem = typeof expires === 'string' ? expiryProblem(expires) : undefined;
    if (dateProblem) {
      problems.push({
        message: `\`${label([...at, 'expires'])}\`: ${dateProblem}`,
        position: positionOf(source, [...at, 'expires']),
      });
    }
    const ruleId = typeof rule === 'string' ? (composeRuleId(rule) ?? kubernetesRuleId(rule)) : undefined;
    if (typeof rule === 'string' && rule !== '' && ruleId === undefined) {
      problems.push({
        message: unknownRuleMessage([...at, 'rule'], rule),
        position: positionOf(source, [...at, 'rule']),
      });
    }
    if (typeof service !== 'string' || service === '') return [];
    if (typeof reason !== 'string' || reason.trim() === '') return [];
    if (typeof expires !== 'string' || dateProblem || !/^\d{4}-\d{2}-\d{2}$/.test(expires)) return [];
    if (rule !== undefined && ruleId === undefined) return [];
    const entry: MountAllowEntry = {
      kind: 'mounts',
      service,
      ...(typeof target === 'string' && target !== '' ? { target } : {}),
      ...(typeof mountSource === 'string' && mountSource !== '' ? { mountSource } : {}),
      ...(ruleId ? { rule: ruleId } : {}),
      reason: reason.trim(),
      expires,
      source: locationOf(source, at),
    };
    return [entry];
  });
}

function unknownRuleMessage(at: PathSegment[], rule: string): string {
  const ids = [...COMPOSE_RULE_NAMES.values()];
  const names = [...ids, ...ids.map((id) => id.slice('compose/'.length)), ...COMPOSE_RULE_NAMES.keys()];
  const suggestion = didYouMean(rule, names);
  const hint = suggestion ? `; did you mean \`${suggestion}\`?` : '';
  return `\`${label(at)}\`: ${excerpt(rule)} is not a compose rule${hint} (rules: ${ids.join(', ')})`;
}

function locationOf(source: PolicySource, at: PathSegment[]): MountAllowEntry['source'] {
  const { line = 1, column } = positionOf(source, at);
  return { kind: 'source', path: source.display, line, ...(column ? { column } : {}) };
}

function asMap(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
