import type { Location } from './findings.js';

/**
 * Issue 18 item 5: what the base's registry says about one FROM today, against the digest the image was built on.
 * Gathered by src/pipeline/base-freshness-stage.ts; src/checks/base-freshness.ts turns it into findings.
 */
export interface BaseFreshness {
  /** The base as the FROM (or the base-name label) names it, normalized: `registry/repository:tag`. */
  reference: string;
  /** The `registry/repository` part, for fingerprints and scan references. */
  repository: string;
  /** The tag followed (`latest` when the FROM has neither tag nor digest). */
  tag: string;
  /** Where findings point: the FROM line, or the image when the base came from its label. */
  location: Location;
  /** The digest the image was built on and where that was read; undefined: unknown (nothing is guessed). */
  builtOn?: { digest: string; source: BuiltOnSource };
  /** What the tag points at now (an index for multi-platform bases) and the chosen platform's manifest. */
  current?: { digest: string; manifest: string };
  /** Whether the tag has moved: `builtOn` is neither the tag's digest nor its platform manifest's. */
  moved?: boolean;
  /** The built-on base's config `created` (ISO 8601), when the registry still holds it. */
  created?: string;
  /** Newer patch and minor versions of the tag (same major), oldest first, capped. */
  newerTags: string[];
  /** Vulnerabilities of the image in the base's layers that the newer base no longer has (a scan of it ran). */
  fixes?: { fixed: number; inBase: number };
}

export type BuiltOnSource = 'pinned' | 'provenance' | 'label';

/** How a report names where the built-on digest came from. */
export const BUILT_ON_SOURCES: Readonly<Record<BuiltOnSource, string>> = {
  pinned: "the FROM's pinned digest",
  provenance: "the image's SLSA provenance",
  label: "the image's org.opencontainers.image.base.digest label",
};
