import { serviceMounts, volumesFromEntries } from '../compose/mounts/mounts.js';
import type { ComposeProject } from '../compose/types.js';
import type { Finding } from '../model/findings.js';
import type { ComposeRules } from '../policy/types.js';
import { hardeningFindings, type HardeningRuleOptions } from './compose-hardening-rules.js';
import { mountFindings } from './compose-mount-rules.js';
import { secretVariableFindings } from './compose-secret-variable.js';
import { serviceFindings } from './compose-service-rules.js';

/** What the compose rules read from the policy besides severities (those are applied by the runner). */
export interface ComposeCheckOptions extends HardeningRuleOptions {
  /** `compose.requireReadOnlyRootfs`: report services without `read_only: true`. */
  requireReadOnlyRootfs?: boolean;
}

/** The policy's `compose:` switches the checks read (only those turned on, so an empty policy reads as `{}`). */
export function composeCheckOptions(compose: ComposeRules): ComposeCheckOptions {
  return {
    ...(compose.requireReadOnlyRootfs ? { requireReadOnlyRootfs: true } : {}),
    ...(compose.requireNoNewPrivileges ? { requireNoNewPrivileges: true } : {}),
    ...(compose.requireMemoryLimit ? { requireMemoryLimit: true } : {}),
    ...(compose.requirePidsLimit ? { requirePidsLimit: true } : {}),
    ...(compose.forbidPrivilegedPorts ? { forbidPrivilegedPorts: true } : {}),
  };
}

/**
 * Every compose rule on every service of a loaded project, at the catalog's default severities, in service order
 * (per service: its mounts, then its settings). Pure: the project is a loaded model, nothing is read or run.
 */
export function checkComposeProject(project: ComposeProject, options: ComposeCheckOptions = {}): Finding[] {
  return [
    ...project.services.flatMap((service) => {
      const mounts = serviceMounts(service, project);
      return [
        ...mountFindings(project, service, mounts, volumesFromEntries(service)),
        ...serviceFindings(project, service, mounts, options),
        ...hardeningFindings(project, service, options),
      ];
    }),
    ...secretVariableFindings(project),
  ];
}
