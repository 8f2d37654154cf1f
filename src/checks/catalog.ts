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
  {
    id: 'license/forbidden',
    title: 'Package under a forbidden license',
    policyKey: 'licenses.forbid',
    defaultSeverity: 'high',
    tags: ['license', 'supply-chain'],
    help:
      'The scan found a package (or a license file) under a license that `licenses.forbid` lists. Replace the ' +
      'package, or, when legal has cleared this use, accept it with an `allow.licenses` entry that names the ' +
      'license, the package, a reason and an expiry date.',
  },
  {
    id: 'allow/expired',
    title: 'Allowlist entry expired',
    policyKey: 'allow',
    defaultSeverity: 'medium',
    tags: ['allowlist'],
    help:
      'An `allow` entry is past its `expires` date, so it no longer suppresses the findings it matches: they count ' +
      'again. The finding points at the entry in the policy file. Fix what the entry accepted (usually: upgrade the ' +
      'package), or review the reason and set a new expiry date.',
  },
  {
    id: 'allow/unused',
    title: 'Allowlist entry matched nothing',
    policyKey: 'allow',
    defaultSeverity: 'info',
    tags: ['allowlist'],
    help:
      "An `allow` entry that applies to this image matched none of its scan's findings: the vulnerability, secret " +
      'or license it accepts is gone, or a filter (such as `vulnerabilities.minSeverity`) already drops it. Remove ' +
      'the entry so the allowlist stays short and a regression is not silently accepted. Reported only when a scan ' +
      'ran with the scanner for that kind of entry.',
  },
] as const satisfies readonly RuleDescriptor[];

export type RuleId = (typeof catalog)[number]['id'];

/**
 * Rule families with one rule per scanner id, so not in the static catalog: each vulnerability id and each Trivy
 * secret rule is its own rule, at the severity the scanner gives.
 */
export interface RuleFamilyDescriptor {
  /** How its rule ids look. */
  pattern: string;
  title: string;
  policyKey: string;
  severity: string;
}

export const RULE_FAMILIES: readonly RuleFamilyDescriptor[] = [
  {
    pattern: 'vuln/<id>',
    title: 'Vulnerability found by the scan (one rule per CVE, GHSA, … id)',
    policyKey: 'vulnerabilities',
    severity: "the scanner's (UNKNOWN: `vulnerabilities.unknownSeverity`)",
  },
  {
    pattern: 'secret/<rule>',
    title: 'Secret found in the image (one rule per Trivy secret rule)',
    policyKey: 'secrets.forbid',
    severity: "the scanner's",
  },
];

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
