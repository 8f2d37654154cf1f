import { createHash } from 'node:crypto';

/**
 * The verdict as evidence: an in-toto Statement v1 about the image digest whose predicate is a SLSA Verification
 * Summary (https://slsa.dev/spec/v1.0/verification_summary). Kyverno `verifyImages.attestations` and sigstore
 * policy-controller read `predicate.verificationResult` and `predicate.policy.digest` from it (docs/admission.md).
 */
export const IN_TOTO_STATEMENT_TYPE = 'https://in-toto.io/Statement/v1';
export const VSA_PREDICATE_TYPE = 'https://slsa.dev/verification_summary/v1';
/** verifier.id: who vouches. A URI naming imagegate, not a build of it: the version goes in verifier.version. */
export const IMAGEGATE_VERIFIER_ID = 'https://github.com/imagegate/imagegate';

/** An in-toto ResourceDescriptor with what the VSA needs of it. */
export interface ResourceDescriptor {
  uri?: string;
  name?: string;
  digest: Record<string, string>;
}

export interface VsaPredicate {
  verifier: { id: string; version: Record<string, string> };
  timeVerified: string;
  resourceUri: string;
  policy: ResourceDescriptor;
  inputAttestations: ResourceDescriptor[];
  verificationResult: 'PASSED' | 'FAILED';
  verifiedLevels: string[];
  slsaVersion: '1.0';
  /**
   * imagegate's own extension field: the finding counts behind the verdict. The in-toto parsing rules make
   * consumers ignore fields they do not know, so admission controllers read the standard fields only.
   */
  imagegate: { counts: VsaCounts; policyFiles: { path: string; sha256: string }[] };
}

export interface VsaCounts {
  /** Findings that count toward the gate, by severity. */
  bySeverity: Record<string, number>;
  /** Findings that failed the gate. */
  blocking: number;
  /** Findings an allowlist entry or VEX statement suppressed. */
  suppressed: number;
}

export interface InTotoStatement {
  _type: typeof IN_TOTO_STATEMENT_TYPE;
  subject: { name: string; digest: Record<string, string> }[];
  predicateType: typeof VSA_PREDICATE_TYPE;
  predicate: VsaPredicate;
}

/** One file of the deciding policy, with its bytes as they were read (the working tree or the `--policy-ref` commit). */
export interface PolicyFileBytes {
  path: string;
  bytes: Uint8Array;
}

export interface VsaInput {
  /** The image repository without tag or digest (`registry.example/team/api`): the subject's name. */
  repository: string;
  /** `sha256:<hex>`: the manifest (or index) digest the verdict is about. */
  digest: string;
  verdict: 'pass' | 'fail';
  /** The run's clock, not the signing moment: the statement says when the checks ran. */
  timeVerified: string;
  toolVersion: string;
  /** Where the deciding policy lives (a repository URL at a commit, or its path); policy.uri. */
  policyUri: string;
  /** The deciding policy's files, base first (extends). Empty for the built-in default. */
  policyFiles: readonly PolicyFileBytes[];
  counts: VsaCounts;
  /**
   * Seam: the attestations the run verified and based its verdict on (provenance, signatures; issue 15 items 1-4).
   * Each is named by its digest so the cluster can fetch what the verdict relied on.
   */
  inputAttestations?: readonly ResourceDescriptor[];
  /** Seam: the SLSA levels the provenance checks established (`SLSA_BUILD_LEVEL_2`); none until those exist. */
  verifiedLevels?: readonly string[];
}

const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;

function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * policy.digest.sha256: for a single file, the sha256 of its bytes (what `sha256sum .imagegate.yml` prints, so an
 * admission policy can be written from the file). With `extends`, the sha256 of the lines `<sha256>  <path>\n` of
 * every file, base first (what `sha256sum base.yml .imagegate.yml` prints), so a change to any of them changes it.
 * The built-in default policy has no bytes: the digest of the empty string.
 */
export function policyDigest(files: readonly PolicyFileBytes[]): string {
  if (files.length === 1) return sha256Hex(files[0]!.bytes);
  const listing = files.map((file) => `${sha256Hex(file.bytes)}  ${file.path}\n`).join('');
  return sha256Hex(Buffer.from(listing, 'utf8'));
}

/** Builds the statement. Throws when the digest is not a sha256 digest: a VSA about a tag would vouch for anything. */
export function buildVsaStatement(input: VsaInput): InTotoStatement {
  if (!SHA256_DIGEST.test(input.digest)) {
    throw new Error(`the attestation needs the image's sha256 digest, got ${JSON.stringify(input.digest)}`);
  }
  const hex = input.digest.slice('sha256:'.length);
  const passed = input.verdict === 'pass';
  return {
    _type: IN_TOTO_STATEMENT_TYPE,
    subject: [{ name: input.repository, digest: { sha256: hex } }],
    predicateType: VSA_PREDICATE_TYPE,
    predicate: {
      verifier: { id: IMAGEGATE_VERIFIER_ID, version: { imagegate: input.toolVersion } },
      timeVerified: input.timeVerified,
      resourceUri: `${input.repository}@${input.digest}`,
      policy: { uri: input.policyUri, digest: { sha256: policyDigest(input.policyFiles) } },
      inputAttestations: [...(input.inputAttestations ?? [])],
      verificationResult: passed ? 'PASSED' : 'FAILED',
      // A failed verification vouches for no level; a passed one for what the provenance checks established, and
      // without them for Build L0 (no provenance claim), which is all a policy gate alone can say.
      verifiedLevels: passed ? [...(input.verifiedLevels ?? ['SLSA_BUILD_LEVEL_0'])] : [],
      slsaVersion: '1.0',
      imagegate: {
        counts: input.counts,
        policyFiles: input.policyFiles.map((file) => ({ path: file.path, sha256: sha256Hex(file.bytes) })),
      },
    },
  };
}
