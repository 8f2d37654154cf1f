import { parseGraceDuration } from './grace-duration.js';
import type { ScanPolicyRules } from './types.js';
import { positionOf, type PolicySource } from './yaml-source.js';

/**
 * The top-level `scan:` section (issue 18 item 3): `maxDbAge`, in the grace-period duration syntax. Shapes are the
 * schema's to report; the line of the key is kept so the `scan/db-too-old` finding points at it.
 */
export function readScanSection(source: PolicySource, value: unknown): ScanPolicyRules | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const map = value as Record<string, unknown>;
  const rules: ScanPolicyRules = {};
  const ms = typeof map.maxDbAge === 'string' ? parseGraceDuration(map.maxDbAge) : undefined;
  if (ms !== undefined && typeof map.maxDbAge === 'string') {
    const { line = 1, column } = positionOf(source, ['scan', 'maxDbAge']);
    rules.maxDbAge = {
      ms,
      text: map.maxDbAge,
      source: { kind: 'source', path: source.display, line, ...(column ? { column } : {}) },
    };
  }
  return rules;
}
