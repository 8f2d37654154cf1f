import type { Severity, SourceLocation } from '../findings.js';
import type { ByteSize } from '../util/units.js';

/**
 * A loaded, validated, merged policy. The file format is documented by policies/policy.schema.json;
 * these are the typed values the checks read (sizes already in bytes, globs as written).
 */

export interface SizeRules {
  max?: ByteSize;
  maxCompressed?: ByteSize;
}

export interface LayerRules {
  max?: number;
  maxLayerSize?: ByteSize;
}

export type BaseScope = 'final-stage' | 'all-stages';
/** What the checks assume when `base.scope` is not set. */
export const DEFAULT_BASE_SCOPE: BaseScope = 'final-stage';

export interface BaseRules {
  /** Globs on normalized references (`docker.io/library/alpine:3.*`, `gcr.io/distroless/**`). */
  allow?: string[];
  requireDigest?: boolean;
  /** Tag globs that may not be used; `<none>` means a FROM with neither tag nor digest (implicitly `latest`). */
  forbidTags?: string[];
  scope?: BaseScope;
}

export interface UserRules {
  forbidRoot?: boolean;
}

/** The rules that apply to one image: `defaults` with every matching `images[]` override on top. */
export interface ImageRules {
  size: SizeRules;
  layers: LayerRules;
  base: BaseRules;
  user: UserRules;
}

export interface ImageOverride {
  /** Glob on the normalized image reference. */
  match: string;
  rules: Partial<{ [K in keyof ImageRules]: ImageRules[K] }>;
  source: SourceLocation;
}

export type FailOn = Severity | 'never';
/** `gate.failOn` when a policy does not set it. */
export const DEFAULT_FAIL_ON: FailOn = 'high';

/** A `rules:` entry: a severity that replaces the catalog's default, or `off`. */
export type RuleSeverity = Severity | 'off';

export interface Policy {
  /** Files that made this policy, base first (after `extends`). Empty for the built-in default. */
  files: string[];
  defaults: ImageRules;
  images: ImageOverride[];
  gate: { failOn: FailOn };
  /** Per-rule severity overrides from the policy's `rules:` map; `off` disables a rule. */
  severities: Record<string, RuleSeverity>;
}
