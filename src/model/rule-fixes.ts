import type { RuleId } from './catalog.js';

/**
 * The shortest advice a reader can act on, per rule: imagegate's own Markdown, shown in a report's **Next steps**
 * followed by where to do it ("add `:ro` at compose.yaml:12"). The rule's docs (catalog help) say the rest. Kept
 * beside the catalog rather than in it so that its entries stay one line each; a test keeps both in step.
 */
export const RULE_FIXES: Readonly<Record<RuleId, string>> = {
  'size/max': 'make the image smaller (largest layers first)',
  'size/max-compressed': 'make the image smaller (largest layers first)',
  'layers/max': 'merge `RUN` instructions',
  'layers/max-layer-size': 'shrink or split this layer',
  'layers/max-wasted': 'remove files in the same `RUN` that creates them',
  'layers/min-efficiency': 'remove files in the same `RUN` that creates them',
  'hygiene/package-cache': 'clean the package cache in the same `RUN`',
  'hygiene/toolchain': 'build in a separate stage and copy only the result',
  'hygiene/no-dockerignore': 'add a `.dockerignore` beside the build context',
  'base/not-allowed': 'use a base image that `base.allow` lists',
  'base/digest-required': 'pin the base image by digest (`@sha256:…`)',
  'base/forbidden-tag': 'use a version tag or a digest for the base image',
  'base/unverifiable': 'name the base image so that it can be checked',
  'user/root': 'add `USER <uid>` (non-root)',
  'license/forbidden': 'remove the package or replace it',
  'compose/writable-bind-mount': 'add `:ro`',
  'compose/engine-socket': 'remove the engine socket mount (or use a filtering proxy)',
  'compose/sensitive-host-path': 'mount a narrower path, read-only',
  'compose/ineffective-mode': 'write the mode as `:ro`',
  'compose/writable-volumes-from': 'add `:ro` to `volumes_from`',
  'compose/writable-rootfs': 'set `read_only: true`',
  'compose/privileged': 'remove `privileged: true`',
  'compose/host-namespace': 'remove the host namespace setting',
  'compose/dangerous-capability': 'drop the capability from `cap_add`',
  'compose/unconfined-profile': 'remove the `unconfined` security option',
  'compose/shared-propagation': 'use the default propagation (`rprivate`)',
  'compose/secret-variable': 'pass the credential as a compose `secret`',
  'allow/expired': 'renew the allowlist entry with a new reason and date, or remove it',
  'allow/unused': 'remove the allowlist entry',
};
