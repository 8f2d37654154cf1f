import { readOciLayoutProvenance } from '../image/source/oci-layout-provenance.js';
import { readImageProvenance } from '../image/source/registry/read-image-provenance.js';
import type { ProvenanceRules } from '../policy/types.js';
import type { ProvenanceFacts } from '../provenance/types.js';
import type { Logger } from '../util/logger.js';
import type { AcquiredImage } from './acquire-image.js';
import { asksAnything } from '../checks/provenance.js';
import { loadSigners, loadTrustRoot, type SignatureFilesRequest } from '../signature/load-signature-policy.js';
import type { Policy } from '../policy/types.js';
import type { Signer } from '../signature/signer-policy.js';
import type { LoadedTrustRoot } from '../signature/trusted-root.js';
import type { ProvenanceVerification } from '../provenance/verify-provenance.js';
import type { ImageFacts } from '../image/facts.js';
import { parseImageReference, type ImageReference } from '../model/image-reference.js';
import { ConfigurationError, describeError, ToolError } from '../util/errors.js';

/** The key files and trust root of every `provenance.signers` in the policy, read before the build. */
export interface ProvenanceFiles {
  request: SignatureFilesRequest;
  /** Keys already read, by file: the stage picks the image's signers from here without reading again. */
  keys: Map<string, Signer>;
  /** Loaded only when some `provenance.signers` is set: `signatures.trustedRoot`, else the public-good root. */
  trust?: LoadedTrustRoot;
}

/**
 * Reads every `provenance.signers` key of the policy (defaults and each `images:` entry) and the trust root up front,
 * so a missing or bad key is exit 2 at its policy line before anything is built or pulled, as for `signatures:`.
 */
export async function prepareProvenanceFiles(policy: Policy, request: SignatureFilesRequest): Promise<ProvenanceFiles> {
  const keys = new Map<string, Signer>();
  const lists = [policy.defaults.provenance?.signers, ...policy.images.map((image) => image.rules.provenance?.signers)];
  const wanted = lists.filter((list): list is NonNullable<typeof list> => list !== undefined);
  for (const list of wanted) await loadSigners(list, request, keys);
  if (wanted.length === 0) return { request, keys };
  // provenance.signers' keyless identities are checked against the same trust root as signatures:.
  return { request, keys, trust: await loadTrustRoot(policy.signatures?.trustedRoot, request) };
}

/** What the provenance stage found: the documents, or (documents undefined) why none could be read. */
export interface ProvenanceStageResult {
  documents?: ProvenanceFacts[];
  /** Why nothing was read although the policy asks (for the warning and provenance/missing). */
  unread?: string;
}

/**
 * Issue 15 item 4: the SLSA provenance attached to the image, read only when the policy that applies to it has a
 * `provenance:` section that asks anything (item 8: no attestation is fetched otherwise). From a registry (pinned
 * to the digest read, the platform the run chose), an OCI layout directory, or — for a daemon image pulled from or
 * pushed to a registry — that registry under the RepoDigest docker recorded. A local build never pushed, a
 * docker-archive, a tar of a layout and a brought Trivy report keep no attestations: that is said as a run warning,
 * and `provenance.required` then fails with that reason (src/checks/provenance.ts).
 */
export async function readProvenanceStage(
  acquired: AcquiredImage | undefined,
  rules: ProvenanceRules | undefined,
  access: { environment: Record<string, string | undefined>; insecureRegistries?: string[]; platform?: string },
  logger: Logger,
  files: ProvenanceFiles,
): Promise<ProvenanceStageResult | undefined> {
  if (!rules || !asksAnything(rules)) return undefined;
  const verify: ProvenanceVerification | undefined =
    rules.signers && files.trust
      ? { signers: await loadSigners(rules.signers, files.request, files.keys), trust: files.trust }
      : undefined;
  if (acquired?.scanInput.kind === 'oci-layout' && acquired.facts.digest) {
    const documents = await readOciLayoutProvenance(acquired.scanInput.path, acquired.facts.digest, {
      logger,
      ...(verify ? { verify } : {}),
    });
    if (documents) return { documents };
    return unread(
      'the image was read from a tar of an OCI layout, which imagegate does not search for attestations; give the ' +
        'layout directory (--oci-layout DIR) or the registry reference',
      logger,
    );
  }
  if (acquired?.facts.source === 'registry' && acquired.facts.reference) {
    const documents = await readImageProvenance(acquired.facts.reference, {
      logger,
      access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
      ...(acquired.facts.digest ? { digest: acquired.facts.digest } : {}),
      ...(access.platform ? { platform: access.platform } : {}),
      ...(verify ? { verify } : {}),
    });
    return { documents };
  }
  const pushed = acquired?.facts.source === 'daemon' ? pushedAs(acquired.facts) : [];
  if (pushed.length > 0) {
    // An image pulled from (or pushed to) a registry: its attestations are there, under the digests the daemon
    // recorded for that repository (one per index or manifest it was pulled by: docker does not say which tag
    // gave which, and each holds this image). Unreachable is a reason, not a crash: `required` then says so.
    const documents: ProvenanceFacts[] = [];
    for (const reference of pushed) {
      try {
        documents.push(
          ...(await readImageProvenance(reference, {
            logger,
            access: { environment: access.environment, insecureRegistries: access.insecureRegistries ?? [] },
            ...(access.platform ? { platform: access.platform } : {}),
            ...(verify ? { verify } : {}),
          })),
        );
      } catch (error) {
        if (!(error instanceof ToolError) && !(error instanceof ConfigurationError)) throw error;
        return unread(`the image's registry copy ${reference} could not be read: ${describeError(error)}`, logger);
      }
    }
    return { documents };
  }
  const from = !acquired
    ? 'the image facts came from a Trivy report'
    : acquired.facts.source === 'daemon'
      ? 'the image was read from the Docker daemon and has no registry digest for its repository (built here, never pushed or pulled)'
      : 'the image was read from an archive';
  return unread(
    `${from}, which keeps no attestations; provenance can only be read by registry reference ` +
      '(--image REF --pull never, or after a push) or from an OCI layout directory (--oci-layout DIR)',
    logger,
  );
}

/**
 * `registry/repository@sha256:…` of a daemon image's RepoDigests for the repository it was named by (what `docker
 * pull` or `docker push` recorded); none for an image that only exists locally.
 */
function pushedAs(facts: ImageFacts): string[] {
  if (!facts.reference) return [];
  let named: ImageReference;
  try {
    named = parseImageReference(facts.reference);
  } catch {
    return [];
  }
  const found = new Set<string>();
  for (const text of facts.repoDigests) {
    try {
      const candidate = parseImageReference(text);
      if (candidate.registry === named.registry && candidate.repository === named.repository && candidate.digest) {
        found.add(`${candidate.registry}/${candidate.repository}@${candidate.digest}`);
      }
    } catch {
      // A RepoDigest docker wrote that does not parse is not one to read from.
    }
  }
  return [...found].slice(0, MAX_REPO_DIGESTS);
}

/** RepoDigests of one repository read for provenance (each costs a few registry requests). */
const MAX_REPO_DIGESTS = 4;

function unread(reason: string, logger: Logger): ProvenanceStageResult {
  logger.warning(`provenance: not checked: ${reason}`);
  return { unread: reason };
}
