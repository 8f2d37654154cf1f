import { emptyAllowlist, emptyComposeRules } from './merge.js';
import type { Policy } from './types.js';

/**
 * The policy used when no policy file is given: the checks that need no budget of yours. The image must not run
 * as root, a FROM may not use `latest` or leave the tag out (which means `latest`), and high or critical
 * findings, vulnerabilities and secrets from the scan included, fail the run; so do secrets in the image's ENV, LABEL,
 * ARG and history (config/secret), and port 22 exposed is reported (config/expose-ssh). The fs/* and user/*
 * hardening rules need no entry: they are on unless a policy sets them to false. No size, layer or base-allowlist
 * budgets: those depend on the image, so they come
 * from a policy file (see policies/recommended.yml).
 */
export function defaultPolicy(): Policy {
  return {
    files: [],
    defaults: {
      size: {},
      layers: {},
      base: { forbidTags: ['latest', '<none>'] },
      user: { forbidRoot: true },
      vulnerabilities: {},
      secrets: {},
      licenses: {},
      hygiene: {},
      config: { secrets: { names: [] }, exposeSsh: true },
    },
    images: [],
    gate: { failOn: 'high' },
    severities: {},
    allow: emptyAllowlist(),
    compose: emptyComposeRules(),
  };
}
