import type { Dockerfile } from '../dockerfile/types.js';
import { readImageSignatures, type RegistrySignatures } from '../image/source/registry/read-image-signatures.js';
import { readOciLayoutSignatures } from '../image/source/oci-layout-signatures.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import type { GitPolicySource } from '../policy/git-policy-source.js';
import { matchImagePattern } from '../policy/image-match.js';
import type { Policy } from '../policy/types.js';
import { loadSignaturePolicy, type SignaturePolicy } from '../signature/load-signature-policy.js';
import type { SignatureFacts, SignedSubject } from '../signature/signature-facts.js';
import { describeSigner, type Signer } from '../signature/signer-policy.js';
import type { LoadedTrustRoot } from '../signature/trusted-root.js';
import { verifyFoundSignature } from '../signature/verify-found-signature.js';
import { describeError } from '../util/errors.js';
import { baseRegistryEnvironment } from '../image/source/registry/base-credentials.js';
import type { Logger } from '../util/logger.js';
import type { WorkspacePaths } from '../util/workspace-paths.js';
import type { AcquiredImage } from './acquire-image.js';
import { BASE_DIGEST_LABEL, BASE_NAME_LABEL } from '../checks/base.js';
import { DIGEST } from '../image/source/registry/digests.js';

export interface SignatureStageInput {
  /** The policy's `signatures:` with its files read (prepareSignaturePolicy); undefined: nothing to do. */
  loaded: SignaturePolicy | undefined;
  acquired: AcquiredImage | undefined;
  dockerfile: Dockerfile | undefined;
  access: { environment: Record<string, string | undefined>; insecureRegistries?: string[] };
  logger: Logger;
}

/**
 * Reads the key files and trust root of `signatures:` before anything is built: a missing or bad key is exit 2 at
 * the policy line that names it, and should not cost a build first.
 */
export async function prepareSignaturePolicy(
  policy: Policy,
  request: { paths: WorkspacePaths; baseFiles?: GitPolicySource; displayPath: (absolute: string) => string },
): Promise<SignaturePolicy | undefined> {
  return policy.signatures ? loadSignaturePolicy(policy.signatures, request) : undefined;
}

/**
 * Issue 15 item 3: when the policy has `signatures:`, the signatures of the image under test (read by registry
 * reference, pinned to the digest read) and of every FROM image that a `signatures.bases` entry matches (its tag
 * resolved to a digest in its own registry with the run's credentials), each verified against the policy's signers
 * and trust root. Only the registries holding those images are contacted. Without `signatures:` nothing runs and
 * no request is made (item 8). The checks (src/checks/signatures.ts) turn the facts into findings.
 */
export async function runSignatureStage(input: SignatureStageInput): Promise<SignatureFacts | undefined> {
  const { loaded, logger } = input;
  if (!loaded) return undefined;
  const facts: SignatureFacts = { bases: [], trustRoot: loaded.trust.name };
  if (loaded.image) facts.image = await imageSignatures(loaded.image, loaded.trust, input);
  if (loaded.bases.length > 0) {
    if (!input.dockerfile) {
      const labelled = await labelledBase(loaded, input);
      if (labelled) facts.bases.push(labelled);
      else logger.warning('signatures.bases: no Dockerfile was given, so the base images are unknown and not checked');
    }
    const checked = new Map<string, SignedSubject>();
    for (const stage of input.dockerfile?.stages ?? []) {
      const from = stage.from;
      if (from.isScratch || from.stageRef !== undefined || from.unresolved.length > 0) continue;
      let reference: ImageReference;
      try {
        reference = parseImageReference(from.image);
      } catch {
        continue; // the base rules report a FROM that names no image
      }
      const entry = loaded.bases.find((candidate) => matchImagePattern(candidate.match, reference));
      if (!entry) continue;
      const environment = baseEnvironment(reference, input);
      const subject =
        checked.get(reference.normalized) ??
        (await verifySubject(reference.normalized, entry.signers, loaded.trust, logger, () =>
          readFromRegistry(reference, input, environment),
        ));
      checked.set(reference.normalized, subject);
      facts.bases.push({
        ...subject,
        match: entry.match,
        from: { kind: 'source', path: input.dockerfile!.path, line: from.line, column: from.column },
      });
    }
  }
  return facts;
}

/**
 * Without a Dockerfile, the base the image's `org.opencontainers.image.base.name` label names (BuildKit and most
 * builders set it), at the digest `org.opencontainers.image.base.digest` records when present: the base really
 * used. The label is image data: one that names no image is left to the base rules.
 */
async function labelledBase(
  loaded: SignaturePolicy,
  input: SignatureStageInput,
): Promise<SignatureFacts['bases'][number] | undefined> {
  const labels = input.acquired?.facts.config.labels ?? {};
  const name = Object.hasOwn(labels, BASE_NAME_LABEL) ? labels[BASE_NAME_LABEL] : undefined;
  if (!name) return undefined;
  let reference: ImageReference;
  try {
    reference = parseImageReference(name);
  } catch {
    return undefined;
  }
  const entry = loaded.bases.find((candidate) => matchImagePattern(candidate.match, reference));
  if (!entry) return undefined;
  const recorded = Object.hasOwn(labels, BASE_DIGEST_LABEL) ? labels[BASE_DIGEST_LABEL] : undefined;
  const digest = recorded && DIGEST.test(recorded) ? recorded : undefined;
  const subject = await verifySubject(reference.normalized, entry.signers, loaded.trust, input.logger, () =>
    readFromRegistry(reference, input, baseEnvironment(reference, input), digest),
  );
  const image = input.acquired?.facts.reference ?? input.acquired?.facts.id ?? 'the image';
  return { ...subject, match: entry.match, from: { kind: 'image', image } };
}

/** The image under test: by registry reference (pinned to the digest read), or in the OCI layout it was read from. */
async function imageSignatures(
  rules: NonNullable<SignaturePolicy['image']>,
  trust: LoadedTrustRoot,
  input: SignatureStageInput,
): Promise<NonNullable<SignatureFacts['image']>> {
  const { acquired, logger } = input;
  const digest = acquired?.facts.digest;
  if (acquired?.facts.source === 'registry' && acquired.facts.reference && digest) {
    const reference = parseImageReference(acquired.facts.reference);
    const subject = await verifySubject(reference.normalized, rules.signers, trust, logger, () =>
      readFromRegistry(reference, input, input.access.environment, digest),
    );
    return { ...subject, required: rules.required };
  }
  if (acquired?.scanInput.kind === 'oci-layout' && digest) {
    const layout = acquired.scanInput.path;
    const found = await readOciLayoutSignatures(layout, digest, { logger });
    if (found) {
      const name = acquired.facts.reference ?? layout;
      const subject = await verifySubject(name, rules.signers, trust, logger, async () => found);
      return { ...subject, required: rules.required };
    }
  }
  const unavailable =
    'the image under test was not read by registry reference or from an OCI layout directory (a local build, the ' +
    'daemon or an archive keeps no signatures): its signatures can only be checked with --image ' +
    'registry/repository:tag after it is pushed, or --oci-layout DIR';
  logger.warning(`signatures.image: ${unavailable}`);
  return { required: rules.required, unavailable };
}

/** Credentials for a base's registry: see baseRegistryEnvironment. */
function baseEnvironment(reference: ImageReference, input: SignatureStageInput): Record<string, string | undefined> {
  const imageReference = input.acquired?.facts.source === 'registry' ? input.acquired.facts.reference : undefined;
  return baseRegistryEnvironment(reference, imageReference, input.access.environment);
}

function readFromRegistry(
  reference: ImageReference,
  input: SignatureStageInput,
  environment: Record<string, string | undefined>,
  digest?: string,
): Promise<RegistrySignatures> {
  return readImageSignatures(reference.original, {
    logger: input.logger,
    access: { environment, insecureRegistries: input.access.insecureRegistries ?? [] },
    ...(digest ? { digest } : {}),
  });
}

/** Reads the signatures of one image and verifies each; a registry that fails is a note (fail closed). */
async function verifySubject(
  name: string,
  signers: Signer[],
  trust: LoadedTrustRoot,
  logger: Logger,
  read: () => Promise<RegistrySignatures>,
): Promise<SignedSubject> {
  const described = signers.map(describeSigner);
  let found: RegistrySignatures;
  try {
    found = await read();
  } catch (error) {
    // Fail closed at the FROM line (signature/missing) rather than stopping the run: the registry is not ours.
    const note = `${name} could not be resolved in its registry: ${describeError(error)}`;
    logger.warning(`Signatures: ${note}`);
    return { reference: name, signatures: [], notes: [note], signers: described };
  }
  const signatures = found.signatures.map((signature) => ({
    source: signature.source,
    digest: signature.digest,
    outcome: verifyFoundSignature(signature, found.digest, { signers, trust }, found.manifest),
  }));
  const verified = signatures.filter((signature) => signature.outcome.status === 'verified').length;
  logger.info(`Signatures of ${name}@${found.digest}: ${signatures.length} found, ${verified} verified`);
  return { reference: name, digest: found.digest, signatures, notes: found.notes, signers: described };
}
