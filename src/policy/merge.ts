import { ALLOW_KINDS, DEFAULT_FAIL_ON } from './types.js';
import type {
  Allowlist,
  ComposeRules,
  FailOn,
  FindingAllowEntry,
  ImageOverride,
  ImageRules,
  KubernetesRules,
  MountAllowEntry,
  Policy,
  RescanRules,
  ScanPolicyRules,
  RuleSeverity,
} from './types.js';
import { appendAll } from '../util/append-all.js';
import type { SignatureRules } from './convert-signatures.js';

/** What one policy file says, before `extends` merging: every part optional. */
export interface PolicyFragment {
  display: string;
  defaults: Partial<ImageRules>;
  images?: ImageOverride[];
  gate: { failOn?: FailOn };
  rules: Record<string, RuleSeverity>;
  allow: Allowlist;
  /** The `compose:` keys this file sets (its `compose.rules` are already in `rules`). */
  compose: Partial<ComposeRules>;
  /** The `kubernetes:` keys this file sets (its `kubernetes.rules` are already in `rules`). */
  kubernetes?: Partial<KubernetesRules>;
  /** The `rescan:` keys this file sets. */
  rescan?: RescanRules;
  /** The `signatures:` keys this file sets (each replaces the one of the files it extends). */
  signatures?: SignatureRules;
  /** The `scan:` keys this file sets (each replaces the one of the files it extends). */
  scan?: ScanPolicyRules;
}

/**
 * Layers image rules: within each section (size, layers, base, user, vulnerabilities, …) a later key replaces an
 * earlier one; the values are leaves (sizes, numbers, lists), so lists are replaced, never concatenated.
 */
export function mergeImageRules(base: ImageRules, ...overrides: ReadonlyArray<Partial<ImageRules>>): ImageRules {
  let merged = base;
  for (const override of overrides) {
    // Present only once a policy names it, so rule sets without Dockerfile rules keep their shape.
    const dockerfile =
      merged.dockerfile || override.dockerfile ? { dockerfile: { ...merged.dockerfile, ...override.dockerfile } } : {};
    merged = {
      size: { ...merged.size, ...override.size },
      layers: { ...merged.layers, ...override.layers },
      base: { ...merged.base, ...override.base },
      user: { ...merged.user, ...override.user },
      vulnerabilities: { ...merged.vulnerabilities, ...override.vulnerabilities },
      secrets: { ...merged.secrets, ...override.secrets },
      licenses: { ...merged.licenses, ...override.licenses },
      hygiene: { ...merged.hygiene, ...override.hygiene },
      // Optional sections appear only once a policy sets them (unset: every rule on).
      ...(merged.fs || override.fs ? { fs: { ...merged.fs, ...override.fs } } : {}),
      ...(merged.accounts || override.accounts ? { accounts: { ...merged.accounts, ...override.accounts } } : {}),
      // Only when a file set it, so rules of policies that never mention `config:` look as they always did.
      ...(merged.config || override.config ? { config: { ...merged.config, ...override.config } } : {}),
      ...dockerfile,
      ...(merged.provenance || override.provenance
        ? { provenance: { ...merged.provenance, ...override.provenance } }
        : {}),
    };
  }
  return merged;
}

export function emptyImageRules(): ImageRules {
  return {
    size: {},
    layers: {},
    base: {},
    user: {},
    vulnerabilities: {},
    secrets: {},
    licenses: {},
    hygiene: {},
  };
}

export function emptyAllowlist(): Allowlist {
  return { vulnerabilities: [], secrets: [], licenses: [], mounts: [] };
}

export function emptyComposeRules(): ComposeRules {
  return { files: [] };
}

/**
 * Fragments in merge order (extended files first, the named file last) into one policy. `allow` lists are the one
 * exception to "later replaces earlier": they are concatenated, so a team adds entries to its organization's, and a
 * file reached twice through `extends` (a diamond) contributes its entries once.
 */
export function mergeFragments(fragments: readonly PolicyFragment[]): Policy {
  let defaults = emptyImageRules();
  let images: ImageOverride[] = [];
  let failOn: FailOn | undefined;
  let severities: Record<string, RuleSeverity> = {};
  let compose = emptyComposeRules();
  let rescan: RescanRules | undefined;
  let signatures: SignatureRules | undefined;
  let scan: ScanPolicyRules | undefined;
  let kubernetes: KubernetesRules | undefined;
  const allow = emptyAllowlist();
  const mounts: MountAllowEntry[] = [];
  const findingEntries: FindingAllowEntry[] = [];
  const allowed = new Set<PolicyFragment>();
  const files: string[] = [];
  for (const fragment of fragments) {
    if (!allowed.has(fragment)) {
      allowed.add(fragment);
      for (const kind of ALLOW_KINDS) appendAll(allow[kind], fragment.allow[kind]);
      appendAll(mounts, fragment.allow.mounts ?? []);
      appendAll(findingEntries, fragment.allow.findings ?? []);
    }
    compose = { ...compose, ...fragment.compose };
    if (fragment.kubernetes) kubernetes = { files: [], ...kubernetes, ...fragment.kubernetes };
    if (fragment.rescan) rescan = { ...rescan, ...fragment.rescan };
    if (fragment.signatures) signatures = { ...signatures, ...fragment.signatures };
    if (fragment.scan) scan = { ...scan, ...fragment.scan };
    defaults = mergeImageRules(defaults, fragment.defaults);
    if (fragment.images) images = fragment.images;
    failOn = fragment.gate.failOn ?? failOn;
    severities = { ...severities, ...fragment.rules };
    if (!files.includes(fragment.display)) files.push(fragment.display);
  }
  return {
    files,
    defaults,
    images,
    gate: { failOn: failOn ?? DEFAULT_FAIL_ON },
    severities,
    // `findings` only when some file has entries: policies without any read as they always did.
    allow: { ...allow, mounts, ...(findingEntries.length > 0 ? { findings: findingEntries } : {}) },
    compose,
    ...(kubernetes ? { kubernetes } : {}),
    ...(rescan ? { rescan } : {}),
    ...(signatures ? { signatures } : {}),
    ...(scan ? { scan } : {}),
  };
}
