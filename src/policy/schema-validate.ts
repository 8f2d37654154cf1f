import type { ErrorObject } from 'ajv';
import schema from '../../policies/policy.schema.json' with { type: 'json' };
import { didYouMean } from './did-you-mean.js';
import { validatePolicy } from './policy-validator.generated.js';
import type { PolicyProblem } from './problems.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';
import { excerpt } from '../util/excerpt.js';

/** Checks one parsed policy file against policies/policy.schema.json; every violation becomes one problem. */
export type PolicyValidator = (source: PolicySource) => PolicyProblem[];

type SchemaObject = Record<string, unknown>;

/** The published schema, as the loader uses it. */
export const POLICY_SCHEMA: SchemaObject = schema;

/**
 * A validator for policies/policy.schema.json. The schema is compiled at build time (scripts/compile-schemas.mjs →
 * policy-validator.generated.js, ajv's standalone code, strict, with the options this module used to compile with at
 * run time): compiling it cost a quarter to half a second on every `check` and `policy validate` (issue 17). ajv's
 * validate functions keep no state between calls but `errors`, which is read right after each call.
 */
export function createPolicyValidator(): PolicyValidator {
  return (source) => {
    if (validatePolicy(source.value)) return [];
    return explain(validatePolicy.errors ?? [], source);
  };
}

/**
 * What a value should look like, for the schema parts where ajv's keyword-level view would be cryptic, keyed by the
 * part's JSON text. Not by the part's object (the generated validator carries its own copies of the schema, so
 * identity does not survive it), nor by error.schemaPath (relative to the $ref'd definition ajv compiled on its own:
 * `#/properties/minEfficiency/anyOf`, not `#/definitions/layerRules/…`). No two parts of the schema have the same text
 * unless they are the same part (test/policy/schema-expectations.test.ts), so this matches exactly what identity did.
 */
export const POLICY_EXPECTATIONS: ReadonlyMap<string, string> = (() => {
  const definitions = POLICY_SCHEMA.definitions as Record<string, unknown>;
  const properties = POLICY_SCHEMA.properties as Record<string, unknown>;
  const propertiesOf = (name: string) =>
    (definitions[name] as { properties: Record<string, unknown> } | undefined)?.properties ?? {};
  const parts: [unknown, string][] = [
    [propertiesOf('layerRules').minEfficiency, 'a fraction from 0 to 1 such as 0.9, or a percentage such as 90%'],
    [propertiesOf('hygieneRules').packageCaches, 'true, false, or a size such as 1MB (the smallest cache reported)'],
    [propertiesOf('hygieneRules').toolchains, 'true, false, or {allow: [tools the image may ship]}'],
    [propertiesOf('dockerfileRules').upgrade, 'true, false, or dist-upgrade (release upgrades only)'],
    [definitions.size, 'a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes'],
    [definitions.imagePattern, 'an image glob such as docker.io/library/alpine:3.* or ghcr.io/acme/** (no spaces)'],
    [definitions.tagPattern, 'a tag or tag glob such as latest or 3.*, or <none>'],
    [definitions.extendsPath, 'the path of a policy file'],
    [definitions.licensePattern, 'an SPDX license id or glob such as AGPL-3.0-only or AGPL-* (no spaces)'],
    [definitions.allowId, 'an id without spaces, such as CVE-2024-3094'],
    [definitions.allowGlob, 'a non-empty glob'],
    [definitions.allowReason, 'a reason that is not blank'],
    [definitions.allowExpiry, 'a date written YYYY-MM-DD, such as 2027-01-31'],
    [definitions.composeFiles, 'a compose file or glob such as compose.yaml, or a list of the files of one project'],
    [properties.extends, 'the path of a policy file or a list of paths'],
  ];
  return new Map(parts.map(([part, expected]) => [JSON.stringify(part), expected]));
})();

/** The expectation for the schema part that holds the failing keyword (error.parentSchema, verbose mode). */
function expectationFor(error: ErrorObject): string | undefined {
  return error.parentSchema === undefined ? undefined : POLICY_EXPECTATIONS.get(JSON.stringify(error.parentSchema));
}

const REQUIRED_HINTS: Record<string, string> = {
  version: '; add `version: 1`',
  match: '; the glob of the images this entry applies to, such as ghcr.io/acme/*',
  id: '; the vulnerability id, secret rule id or license this entry accepts',
  reason: '; say why the finding is accepted',
  expires: '; the last day (YYYY-MM-DD) the entry applies, so that it is reviewed',
  service: '; the service (or a glob on service names) whose compose findings this entry accepts',
};

const MISPLACED_KEY_HINTS: Record<string, string> = {
  size: 'rules for images go under `defaults:` or in an `images:` entry',
  layers: 'rules for images go under `defaults:` or in an `images:` entry',
  base: 'rules for images go under `defaults:` or in an `images:` entry',
  user: 'rules for images go under `defaults:` or in an `images:` entry',
  vulnerabilities: 'rules for images go under `defaults:` or in an `images:` entry; accepted findings under `allow:`',
  secrets: 'rules for images go under `defaults:` or in an `images:` entry; accepted findings under `allow:`',
  licenses: 'rules for images go under `defaults:` or in an `images:` entry; accepted findings under `allow:`',
  hygiene: 'rules for images go under `defaults:` or in an `images:` entry',
  dockerfile: 'rules for images go under `defaults:` or in an `images:` entry',
  failOn: '`failOn` goes under `gate:`',
  files: 'compose files to check go under `compose:`',
  profiles: 'compose profiles go under `compose:`',
  requireReadOnlyRootfs: '`requireReadOnlyRootfs` goes under `compose:`',
  requireNoNewPrivileges: '`requireNoNewPrivileges` goes under `compose:`',
  requireMemoryLimit: '`requireMemoryLimit` goes under `compose:`',
  requirePidsLimit: '`requirePidsLimit` goes under `compose:`',
  forbidPrivilegedPorts: '`forbidPrivilegedPorts` goes under `compose:`',
  mounts: 'accepted compose findings go under `allow.mounts`; compose settings under `compose:`',
  '<<': 'YAML merge keys (`<<`) are not supported; repeat the keys or use `extends`',
};

function explain(errors: readonly ErrorObject[], source: PolicySource): PolicyProblem[] {
  const anyOfPaths = new Set(errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath));
  const problems: PolicyProblem[] = [];
  const seen = new Set<string>();
  for (const error of errors) {
    const path = pointerSegments(error.instancePath);
    let problem: PolicyProblem | undefined;
    if (error.keyword === 'anyOf') {
      // Errors deeper inside come from the one branch whose type fitted (`extends: [a, 3]`); they say more.
      const deeper = errors.some((other) => other.instancePath.startsWith(`${error.instancePath}/`));
      if (!deeper) problem = mismatch(path, source, expectationFor(error) ?? 'another kind of value', error.data);
    } else if (!anyOfPaths.has(error.instancePath)) {
      problem = explainOne(error, path, source);
    }
    if (!problem) continue;
    const key = `${problem.position.line}:${problem.position.column}:${problem.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(problem);
  }
  return problems;
}

function explainOne(error: ErrorObject, path: PathSegment[], source: PolicySource): PolicyProblem {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as SchemaObject;
  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      return {
        message: `${prefix(path)}missing required key \`${missing}\`${ownHint(REQUIRED_HINTS, missing) ?? ''}`,
        position: positionOf(source, path),
      };
    }
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys((parent.properties ?? {}) as SchemaObject);
      return {
        message: unknownKeyMessage(key, path, allowed),
        position: positionOf(source, [...path, key], 'key'),
      };
    }
    case 'const':
      if (path.length === 1 && path[0] === 'version') return versionProblem(source, error.data);
      return mismatch(path, source, JSON.stringify(params.allowedValue), error.data);
    case 'enum':
      return mismatch(path, source, `one of: ${(params.allowedValues as unknown[]).join(', ')}`, error.data);
    case 'type':
      return mismatch(path, source, typeName(String(params.type)), error.data);
    case 'minimum':
      return mismatch(path, source, `${typeName(String(parent.type))} of at least ${String(params.limit)}`, error.data);
    default:
      return mismatch(path, source, expectationFor(error) ?? defaultExpectation(error), error.data);
  }
}

function versionProblem(source: PolicySource, found: unknown): PolicyProblem {
  const position = positionOf(source, ['version']);
  if (typeof found === 'number') {
    return { message: `unsupported policy version ${found}; this imagegate reads \`version: 1\``, position };
  }
  const unquote = found === '1' ? '; write `version: 1` without quotes' : '';
  return { message: `\`version\`: expected the number 1, found ${describe(found)}${unquote}`, position };
}

function ownHint(hints: Record<string, string>, key: string): string | undefined {
  return Object.hasOwn(hints, key) ? hints[key] : undefined;
}

function unknownKeyMessage(key: string, path: PathSegment[], allowed: string[]): string {
  const where = path.length === 0 ? 'at the top level' : `in \`${label(path)}\``;
  // Own properties only: `toString` or `__proto__` as a key must not find Object.prototype's members.
  const hint = path.length === 0 || key === '<<' ? ownHint(MISPLACED_KEY_HINTS, key) : undefined;
  const suggestion = didYouMean(key, allowed);
  const advice = hint ? `; ${hint}` : suggestion ? `; did you mean \`${suggestion}\`?` : '';
  const list = allowed.length > 0 ? ` (allowed: ${allowed.join(', ')})` : '';
  return `unknown key \`${key}\` ${where}${advice}${list}`;
}

function mismatch(path: PathSegment[], source: PolicySource, expected: string, found: unknown): PolicyProblem {
  return {
    message: `${prefix(path)}expected ${expected}, found ${describe(found)}${yamlBooleanHint(expected, found)}`,
    position: positionOf(source, path),
  };
}

function defaultExpectation(error: ErrorObject): string {
  if (error.keyword === 'minLength') return 'a non-empty string';
  if (error.keyword === 'pattern') return `a string matching ${String((error.params as SchemaObject).pattern)}`;
  return `a value that ${error.message ?? 'fits the schema'}`;
}

function typeName(type: string): string {
  switch (type) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    default:
      return type;
  }
}

/** A plain-language view of a value, for "found …". */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return 'an empty value';
  if (typeof value === 'string') {
    return `the string ${excerpt(value)}`;
  }
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : 'a list';
  return 'a map';
}

/** YAML 1.1 read `yes`/`on` as booleans; YAML 1.2 (and we) read them as strings, which surprises people. */
function yamlBooleanHint(expected: string, found: unknown): string {
  if (expected !== 'true or false' || typeof found !== 'string') return '';
  return /^(y|yes|n|no|on|off)$/i.test(found) ? ` (YAML 1.2 reads ${found} as a string)` : '';
}

/** `defaults.size.max`, `images[0].match`, `rules["size/max"]`. */
export function label(path: readonly PathSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number' || /^\d+$/.test(segment)) text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

function prefix(path: readonly PathSegment[]): string {
  return path.length === 0 ? '' : `\`${label(path)}\`: `;
}

function pointerSegments(pointer: string): PathSegment[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}
