import type { Severity } from '../findings.js';

/**
 * Every rule imagegate can report, in one place: id, title, help and default severity. SARIF's rule table, the
 * summary's help links and the README's rule list are all generated from this catalog.
 */
export interface RuleDescriptor {
  id: string;
  title: string;
  /** Markdown help: what the rule checks, why it matters, how to fix it, which policy key configures it. */
  help: string;
  defaultSeverity: Severity;
  /** The policy key that turns the rule on or sets its limit. */
  policyKey: string;
  tags: string[];
}

const catalog = [
  {
    id: 'size/max',
    title: 'Image larger than its size budget',
    policyKey: 'size.max',
    defaultSeverity: 'high',
    tags: ['size'],
    help:
      'The uncompressed image (the sum of its layers, as `docker images` reports it) is larger than `size.max`.\n\n' +
      'Large images are slower to pull and start and carry more software to patch. Look at the layer table for the ' +
      'instruction that added most bytes: use a smaller base, a multi-stage build that copies only the artifacts, and ' +
      'clean package-manager caches in the same RUN that creates them.',
  },
  {
    id: 'size/max-compressed',
    title: 'Compressed image larger than its budget',
    policyKey: 'size.maxCompressed',
    defaultSeverity: 'high',
    tags: ['size'],
    help:
      'The compressed size (the bytes a registry stores and a node pulls) is larger than `size.maxCompressed`. ' +
      'It is known only when the image comes from an OCI layout, a registry or a compressed archive.',
  },
  {
    id: 'layers/max',
    title: 'Too many layers',
    policyKey: 'layers.max',
    defaultSeverity: 'medium',
    tags: ['layers'],
    help:
      'The image has more filesystem layers than `layers.max`. Every RUN, COPY and ADD adds one. Merge related RUN ' +
      'instructions, and copy build outputs from a builder stage in one COPY.',
  },
  {
    id: 'layers/max-layer-size',
    title: 'Layer larger than its budget',
    policyKey: 'layers.maxLayerSize',
    defaultSeverity: 'medium',
    tags: ['layers', 'size'],
    help:
      'One layer is larger than `layers.maxLayerSize`. The finding points at the instruction that made it. Large ' +
      'layers are re-pulled whenever they change: keep what changes often (application code) apart from what does not.',
  },
  {
    id: 'base/not-allowed',
    title: 'Base image not on the allowlist',
    policyKey: 'base.allow',
    defaultSeverity: 'high',
    tags: ['base-image', 'supply-chain'],
    help:
      'A `FROM` names an image that matches no pattern in `base.allow`. Approved bases are patched and scanned by ' +
      'your platform team; others are not. Switch to an approved base or ask for the image to be added. Patterns ' +
      'match the normalized reference (`alpine` is `docker.io/library/alpine:latest`).',
  },
  {
    id: 'base/digest-required',
    title: 'Base image not pinned by digest',
    policyKey: 'base.requireDigest',
    defaultSeverity: 'medium',
    tags: ['base-image', 'supply-chain'],
    help:
      'A `FROM` has no `@sha256:` digest while `base.requireDigest` is on. A tag can be moved to different content at ' +
      'any time; a digest cannot. Pin it (`FROM alpine:3.20@sha256:…`) and let a bot such as Renovate update it.',
  },
  {
    id: 'base/forbidden-tag',
    title: 'Base image uses a forbidden tag',
    policyKey: 'base.forbidTags',
    defaultSeverity: 'medium',
    tags: ['base-image', 'supply-chain'],
    help:
      'A `FROM` uses a tag listed in `base.forbidTags` (for example `latest`, or `<none>` for no tag at all, which ' +
      'Docker resolves to `latest`). Such tags move, so two builds of one commit can differ. Use a versioned tag.',
  },
  {
    id: 'base/unverifiable',
    title: 'Base image cannot be verified',
    policyKey: 'base.allow',
    defaultSeverity: 'low',
    tags: ['base-image', 'supply-chain'],
    help:
      'The policy restricts base images, but imagegate could not tell which base this image was built from: no ' +
      'Dockerfile was given (`--dockerfile`) and the image has no `org.opencontainers.image.base.name` label. Pass ' +
      'the Dockerfile, or label the image with its base, so the base rules can run.',
  },
  {
    id: 'user/root',
    title: 'Image runs as root',
    policyKey: 'user.forbidRoot',
    defaultSeverity: 'high',
    tags: ['security', 'user'],
    help:
      'The image config has no `USER`, or sets `root`, `0`, `0:0` or `root:root`, so its processes run as root ' +
      'unless the runtime overrides it. A compromised process then owns the container and anything mounted into it. ' +
      'Add `USER <non-root uid>` in the final stage (a numeric uid works with `runAsNonRoot` in Kubernetes).',
  },
] as const satisfies readonly RuleDescriptor[];

export type RuleId = (typeof catalog)[number]['id'];

export const RULES: readonly RuleDescriptor[] = catalog;

const byId = new Map<string, RuleDescriptor>(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: string): RuleDescriptor {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown rule id ${id}`);
  return rule;
}

export function isRuleId(id: string): id is RuleId {
  return byId.has(id);
}
