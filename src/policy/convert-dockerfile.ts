import type { DockerfileRules } from './types.js';

/**
 * `dockerfile:` (in `defaults` or an `images:` entry) as typed values: each rule `true`/`false`, and `upgrade` also
 * `dist-upgrade`. Shapes are the schema's to report; this reads only values of the right shape.
 */
export function readDockerfileRules(map: Record<string, unknown>): DockerfileRules {
  const rules: DockerfileRules = {};
  if (typeof map.addInsteadOfCopy === 'boolean') rules.addInsteadOfCopy = map.addInsteadOfCopy;
  if (typeof map.pipeToShell === 'boolean') rules.pipeToShell = map.pipeToShell;
  if (typeof map.updateAlone === 'boolean') rules.updateAlone = map.updateAlone;
  if (typeof map.upgrade === 'boolean' || map.upgrade === 'dist-upgrade') rules.upgrade = map.upgrade;
  if (typeof map.noHealthcheck === 'boolean') rules.noHealthcheck = map.noHealthcheck;
  return rules;
}
