/**
 * SLSA provenance as the checks see it (issue 15 item 4): the few facts the policy's `provenance:` section decides on,
 * taken from a v0.2 or v1 predicate. Everything here is the image registry's word (whoever could push wrote it) and
 * is untrusted text: reports escape it.
 */
export interface ProvenanceFacts {
  /** `https://slsa.dev/provenance/v0.2` or `…/v1`. */
  predicateType: string;
  /** Where it was read: `registry/repo@sha256:… (attestation manifest, blob sha256:…)`. */
  origin: string;
  /** The digest of the blob it was read from, when read from one: how `--attest` names the evidence it used. */
  digest?: string;
  /** v1 `runDetails.builder.id`, v0.2 `builder.id`; '' when the builder left it empty (BuildKit does). */
  builderId: string;
  /** v1 `buildDefinition.buildType`, v0.2 `buildType`: how to read the rest (BuildKit's, GitHub's, …). */
  buildType?: string;
  /** The build's source (v0.2 `invocation.configSource`, v1 `externalParameters` workflow/configSource/source). */
  source?: ProvenanceSource;
  /** v0.2 `materials`, v1 `resolvedDependencies`: what the build read. */
  materials: ProvenanceMaterial[];
  /** Whether it came in a DSSE envelope (the signature seam: not verified here). */
  enveloped: boolean;
  /** Whether a signer of `provenance.signers` signed it; set only when the policy names signers. */
  signature?: ProvenanceSignature;
}

/** What checking the provenance's signature found (src/provenance/verify-provenance.ts). */
export type ProvenanceSignature =
  | { status: 'verified'; signer: string }
  | { status: 'invalid'; reason: string }
  | { status: 'untrusted-signer'; signer: string; reason: string }
  | { status: 'unsigned'; reason: string };

export interface ProvenanceSource {
  /** `https://github.com/acme/api` (git+ prefix and .git suffix dropped). */
  repository: string;
  /** `refs/heads/main`, when the provenance names one. */
  ref?: string;
  /** `sha1:…` or `sha256:…` of the source, when named. */
  digest?: string;
}

export interface ProvenanceMaterial {
  uri: string;
  /** `algorithm:hex` pairs as given, e.g. `sha256:8914…`. */
  digests: string[];
}
