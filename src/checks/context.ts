import type { ImageVexDocument } from '../image/source/registry/image-vex.js';
import type { BuildContextFacts } from '../dockerfile/dockerignore.js';
import type { Dockerfile, Stage } from '../dockerfile/types.js';
import type { Location, Severity, SourceLocation } from '../model/findings.js';
import type { ImageFacts } from '../image/facts.js';
import type { ImageReference } from '../model/image-reference.js';
import type { Allowlist, ImageRules, ScanPolicyRules } from '../policy/types.js';
import type { ScanFacts } from '../scan/types.js';
import type { FeedFacts } from '../scan/feeds/feed-types.js';
import type { BaseFreshness } from '../model/base-freshness.js';
import type { RuntimeHealthcheck } from '../model/runtime-healthcheck.js';
import type { VexDocument } from '../vex/types.js';
import type { ProvenanceFacts } from '../provenance/types.js';
import type { SignatureFacts } from '../signature/signature-facts.js';

/** Trivy's scanners, as far as the checks care: which families of findings a scan could have produced. */
export type ScannerKind = 'vuln' | 'secret' | 'license';

/**
 * Everything a check may look at. Gathered by the pipeline; checks never run processes or read files,
 * so every rule can be tested with a few lines of fixture data.
 */
export interface CheckContext {
  image: ImageFacts;
  /** The image's parsed reference when it has one. */
  reference?: ImageReference;
  /** How reports name the image: the normalized reference, or the image ID for untagged images. */
  imageName: string;
  /** Repository part used in fingerprints, so a finding survives a new tag or digest. */
  imageRepository: string;
  rules: ImageRules;
  dockerfile?: Dockerfile;
  /** The stage that produced the image (the final stage, or `--target`). */
  stage?: Stage;
  /** Per layer (same order as image.layers), the Dockerfile instruction that made it. */
  layerOrigins: Array<SourceLocation | undefined>;
  /** Where image-wide findings point: the final stage's FROM line, or the image itself without a Dockerfile. */
  imageLocation: Location;
  /** What the vulnerability scan found; absent when no scan ran (scan checks then report nothing). */
  scan?: ScanFacts;
  /**
   * The scanners that ran, when known (imagegate ran Trivy). Absent for a report the user brought, whose scanners
   * the report does not record; only `allow/unused` needs to know.
   */
  scanners?: readonly ScannerKind[];
  /** The build context, when imagegate built the image (hygiene/no-dockerignore). */
  buildContext?: BuildContextFacts;
  /** The policy's allowlist (every entry; each check applies the ones for this image). */
  allow: Allowlist;
  /** The policy's `scan:` section (`scan.maxDbAge`), when it has one. */
  scanPolicy?: ScanPolicyRules;
  /** "Today" for allowlist expiry (its UTC date). */
  now: Date;
  /** VEX documents (the policy's `vulnerabilities.vex`, `--vex`, the image's own), applied after the allowlist. */
  vex?: VexDocument[];
  /**
   * Healthchecks the runtime gives containers of this image (compose services that build or run it, later
   * Kubernetes probes): they satisfy `dockerfile/no-healthcheck`. Absent: none seen.
   */
  runtimeHealthchecks?: RuntimeHealthcheck[];
  /**
   * OpenVEX documents attached to the image in its registry (policy `vulnerabilities.vexFromImage`), for the VEX
   * matcher beside the policy's VEX files; undefined when not asked for.
   */
  imageVex?: ImageVexDocument[];
  /**
   * SLSA provenance attached to the image (policy `provenance:`, issue 15 item 4); undefined when it was not read
   * (no `provenance:` section, or the image came from where attestations are not kept).
   */
  provenance?: ProvenanceFacts[];
  /** Why no provenance could be read although the policy asks (image from the daemon, an archive, a report). */
  provenanceUnread?: string;
  /**
   * Signatures of the image and its matched bases, verified (policy `signatures:`, issue 15 items 1-3); undefined
   * when the policy has no `signatures:` section.
   */
  signatures?: SignatureFacts;
  /** The CISA KEV and EPSS feeds (issue 18), when the run read them; absent: no exploit priority is known. */
  feeds?: FeedFacts;
  /**
   * What the bases' registries say about each FROM's tag today (policy `base.requireCurrent`/`base.maxAge`, issue 18
   * item 5); absent when the policy asks neither. A base its registry could not tell about is not listed.
   */
  baseFreshness?: BaseFreshness[];
}

/** Severity a rule reports at under this policy, or 'off'. */
export type SeverityLookup = (ruleId: string, defaultSeverity: Severity) => Severity | 'off';
