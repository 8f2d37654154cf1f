import type { Finding } from '../model/findings.js';
import { ruleKey, vulnerabilityProperties } from './scan-findings.js';

/**
 * A ready-to-paste `allow:` entry that accepts one finding, in the exact shape the policy loader reads
 * (allow.vulnerabilities / secrets / licenses / mounts), with `reason` and `expires` left as placeholders for the
 * person who accepts the risk. Values from the finding are written as YAML plain scalars only when they are plain
 * identifiers, else as double-quoted strings with every non-ASCII or control character escaped, so no value can
 * start a new key, a comment or a document; and criteria that are globs in the policy (packages, paths, service)
 * are left out when the value itself holds glob characters, since it would then match more than this finding.
 * Undefined for findings the allowlist cannot accept (image-policy rules are changed in the policy instead).
 */

export const REASON_PLACEHOLDER = '<why this is acceptable>';
export const EXPIRES_PLACEHOLDER = '<YYYY-MM-DD>';

export function allowSnippet(finding: Finding): string | undefined {
  const entry = allowEntry(finding);
  if (!entry) return undefined;
  const [list, fields] = entry;
  const lines = ['allow:', `  ${list}:`];
  fields.forEach(([key, value], index) => {
    const prefix = index === 0 ? '    - ' : '      ';
    lines.push(`${prefix}${key}: ${Array.isArray(value) ? `[${value.map(scalar).join(', ')}]` : scalar(value)}`);
  });
  // Quoted, so that a reason with a `: ` in it stays one value when the placeholder is replaced.
  lines.push(`      reason: "${REASON_PLACEHOLDER}"`, `      expires: "${EXPIRES_PLACEHOLDER}"`);
  return lines.join('\n');
}

type Field = [string, string | string[]];

function allowEntry(finding: Finding): [string, Field[]] | undefined {
  const text = (key: string): string | undefined => {
    const value = finding.properties?.[key];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  if (finding.ruleId.startsWith('vuln/')) {
    const p = vulnerabilityProperties(finding);
    return ['vulnerabilities', [['id', ruleKey(finding.ruleId)], ...globField('packages', p.pkgName)]];
  }
  if (finding.ruleId.startsWith('secret/')) {
    return ['secrets', [['id', ruleKey(finding.ruleId)], ...globField('paths', text('target'))]];
  }
  if (finding.ruleId === 'license/forbidden') {
    const license = text('license');
    return license ? ['licenses', [['id', license], ...globField('packages', text('pkgName'))]] : undefined;
  }
  if (finding.ruleId.startsWith('compose/')) {
    const service = text('service');
    if (!service || hasGlob(service)) return undefined;
    const target = text('target');
    return [
      'mounts',
      [
        ['service', service],
        ...(target && !hasGlob(target) ? ([['target', target]] as Field[]) : []),
        ['rule', finding.ruleId],
      ],
    ];
  }
  return undefined;
}

function globField(key: string, value: string | undefined): Field[] {
  return value === undefined || hasGlob(value) ? [] : [[key, [value]]];
}

/** Characters picomatch reads as glob syntax. */
function hasGlob(value: string): boolean {
  return /[*?[\]{}()!+@\\]/.test(value);
}

const YAML_WORDS = new Set(['true', 'false', 'null', 'yes', 'no', 'on', 'off', 'y', 'n', '~']);

/** A YAML scalar that reads back as exactly `value`, a string. */
function scalar(value: string): string {
  const plain =
    /^[A-Za-z/][A-Za-z0-9._/-]*$/.test(value) && value.length <= 200 && !YAML_WORDS.has(value.toLowerCase());
  if (plain) return value;
  let quoted = '"';
  for (const character of value) {
    const code = character.codePointAt(0) ?? 0;
    if (character === '"' || character === '\\') quoted += `\\${character}`;
    else if (code >= 0x20 && code < 0x7f) quoted += character;
    else if (code <= 0xffff) quoted += `\\u${code.toString(16).padStart(4, '0')}`;
    else quoted += `\\U${code.toString(16).padStart(8, '0')}`;
  }
  return `${quoted}"`;
}
