import type { ComposeProject } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import { findingScope, sourceLocation } from './compose-finding.js';
import { makeFinding } from './make-finding.js';
import { md } from '../util/markdown-message.js';

/**
 * compose/secret-variable: each place a compose file asked for a credential that imagegate withheld from
 * interpolation (the loader read it as unset). The message names the variable, never a value: there is none.
 */
export function secretVariableFindings(project: ComposeProject): Finding[] {
  return (project.withheldVariables ?? []).map(({ variable, position }) =>
    makeFinding('compose/secret-variable', findingScope(project), {
      message: md`${`\${${variable}}`} is a credential imagegate withholds from compose files (a CI token, an imagegate secret or a --secret-env name); the file was checked with it unset`,
      location: sourceLocation(position),
      key: JSON.stringify(['variable', variable, position.path]),
      properties: { variable },
    }),
  );
}
