import { compileGlob } from '../util/glob.js';
import { ConfigurationError } from '../util/errors.js';
import type { PolicyProblem } from './problems.js';
import { label } from './schema-validate.js';
import type { ConfigRules } from './types.js';
import { positionOf, type PathSegment, type PolicySource } from './yaml-source.js';

/**
 * The `config:` section of `defaults` and `images[]` entries: `secrets` (config/secret) and `exposeSsh`
 * (config/expose-ssh). Shapes are the schema's to report; a name glob RE2 cannot run is reported here, at the glob.
 *
 * ```yaml
 * config:
 *   secrets: true                       # or false, or { names: ["*_DSN", "SENTRY_*"] }
 *   exposeSsh: true
 * ```
 */
export function readConfigRules(
  map: Record<string, unknown>,
  source: PolicySource,
  path: PathSegment[],
  problems: PolicyProblem[],
): ConfigRules {
  const rules: ConfigRules = {};
  const secrets = map.secrets;
  if (secrets === true) rules.secrets = { names: [] };
  else if (secrets === false) rules.secrets = false;
  else if (typeof secrets === 'object' && secrets !== null && !Array.isArray(secrets)) {
    const names = (secrets as Record<string, unknown>).names;
    const list = Array.isArray(names) ? names : [];
    rules.secrets = {
      names: list.filter((name, index): name is string => {
        if (typeof name !== 'string' || name === '') return false;
        const where = [...path, 'secrets', 'names', index];
        try {
          compileGlob(name, { nocase: true });
          return true;
        } catch (error) {
          if (!(error instanceof ConfigurationError)) throw error;
          problems.push({ message: `\`${label(where)}\`: ${error.message}`, position: positionOf(source, where) });
          return false;
        }
      }),
    };
  }
  if (typeof map.exposeSsh === 'boolean') rules.exposeSsh = map.exposeSsh;
  return rules;
}
