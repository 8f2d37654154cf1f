import { createHash } from 'node:crypto';
import { bundleFromJSON, type Bundle } from '@sigstore/bundle';
import { toSignedEntity, toTrustMaterial } from '@sigstore/verify';
import { parseSimpleSigning } from './simple-signing.js';
import { describeSigner, type KeySigner, type Signer } from './signer-policy.js';
import type { LoadedTrustRoot } from './trusted-root.js';
import type { VerificationOutcome } from './verification-outcome.js';
import { verifierFor, verifyParsedBundle } from './verify-bundle.js';
import { verifies, verifyKeySignature } from './verify-key-signature.js';
import { explainFailure } from './verification-reasons.js';

/**
 * One signature of cosign's tag scheme: a layer of the `sha256-<digest>.sig` manifest, whose bytes are the
 * simple-signing payload and whose annotations carry the signature, and for keyless signing the Fulcio certificate,
 * its chain and the Rekor bundle (signed entry timestamp and the logged hashedrekord entry).
 */
export interface CosignSignatureInput {
  payload: Buffer;
  annotations: Readonly<Record<string, string>>;
}

export const COSIGN_ANNOTATIONS = {
  signature: 'dev.cosignproject.cosign/signature',
  certificate: 'dev.sigstore.cosign/certificate',
  chain: 'dev.sigstore.cosign/chain',
  bundle: 'dev.sigstore.cosign/bundle',
} as const;

/** cosign's Rekor bundle annotation, read strictly: every field typed as cosign writes it. */
interface RekorBundle {
  signedEntryTimestamp: string;
  body: string;
  integratedTime: number;
  logIndex: number;
  logId: string;
}

/**
 * Verifies one tag-scheme signature for the image `expectedDigest` (`sha256:<hex>`), offline.
 * - The payload must be a simple-signing payload naming `expectedDigest` (a signature of another image is invalid).
 * - With a certificate (keyless): the parts become a v0.1 Sigstore bundle (certificate, the logged hashedrekord
 *   body and its signed entry timestamp) verified by @sigstore/verify — signature over the payload, the entry
 *   recording this signature, digest and certificate, the chain to the trust root's Fulcio CAs valid at the log's
 *   time, the SET against its Rekor keys, an SCT when the root lists CT logs — then the identity against the policy.
 *   The chain annotation is not trusted: intermediates come from the trust root, as with any Sigstore bundle.
 * - With a key: one of the policy's keys must verify the payload; a Rekor bundle, when present, must verify too
 *   (entry of this signature and key, SET from a trusted log). A key needs no log time, so none is required.
 */
export function verifyCosignSignature(
  input: CosignSignatureInput,
  expectedDigest: string,
  trust: LoadedTrustRoot,
  signers: readonly Signer[],
): VerificationOutcome {
  const signature = input.annotations[COSIGN_ANNOTATIONS.signature];
  if (signature === undefined) {
    return { status: 'invalid', reason: `the signature layer has no ${COSIGN_ANNOTATIONS.signature} annotation` };
  }
  const parsed = parseSimpleSigning(input.payload);
  if ('problem' in parsed) return { status: 'invalid', reason: parsed.problem };
  if (parsed.payload.manifestDigest !== expectedDigest) {
    return {
      status: 'invalid',
      reason: `the payload signs ${parsed.payload.manifestDigest}, not this image's ${expectedDigest}`,
    };
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signature.trim())) {
    return { status: 'invalid', reason: 'the signature annotation is not base64' };
  }
  const rekorText = input.annotations[COSIGN_ANNOTATIONS.bundle];
  const rekor = rekorText === undefined ? undefined : parseRekorBundle(rekorText);
  if (typeof rekor === 'string') return { status: 'invalid', reason: rekor };
  const certificatePem = input.annotations[COSIGN_ANNOTATIONS.certificate];

  if (certificatePem === undefined) return verifyKeyed(input, signature.trim(), expectedDigest, rekor, trust, signers);

  const der = pemCertificate(certificatePem);
  if (!der) {
    return { status: 'invalid', reason: `the ${COSIGN_ANNOTATIONS.certificate} annotation is not a PEM certificate` };
  }
  if (rekor === undefined) {
    return {
      status: 'invalid',
      reason:
        `a keyless signature without a transparency-log entry (no ${COSIGN_ANNOTATIONS.bundle} annotation): ` +
        'nothing shows the short-lived certificate was valid when it signed',
    };
  }
  const built = toBundle(input.payload, signature.trim(), rekor, {
    x509CertificateChain: { certificates: [{ rawBytes: der.toString('base64') }] },
  });
  if (typeof built === 'string') return { status: 'invalid', reason: built };
  if (!loggedSigner(rekor.body)?.equals(der)) {
    return {
      status: 'invalid',
      reason: 'the transparency-log entry records another certificate than the one in the signature layer',
    };
  }
  return verifyParsedBundle(built, input.payload, trust, signers);
}

/** A key signature: the key first (precise about whose key), then its log entry when cosign logged one. */
function verifyKeyed(
  input: CosignSignatureInput,
  signature: string,
  expectedDigest: string,
  rekor: RekorBundle | undefined,
  trust: LoadedTrustRoot,
  signers: readonly Signer[],
): VerificationOutcome {
  const keyed = verifyKeySignature(input.payload, signature, expectedDigest, signers);
  if (rekor === undefined) return keyed;
  if (keyed.status === 'untrusted-signer' && loggedDigest(rekor.body) !== sha256Hex(input.payload)) {
    // The log says what was signed: a payload that differs from it changed after signing, whoever signed it.
    return {
      status: 'invalid',
      reason: 'the payload changed after signing: its SHA-256 is not the digest the transparency-log entry records',
    };
  }
  if (keyed.status !== 'verified') return keyed;
  const key = signers.find(
    (signer): signer is KeySigner => signer.kind === 'key' && describeSigner(signer) === keyed.signer,
  );
  const logged = loggedSigner(rekor.body);
  if (!key || !logged || !logged.equals(key.key.export({ type: 'spki', format: 'der' }))) {
    return {
      status: 'invalid',
      reason: 'the transparency-log entry records another key than the one that verifies the signature',
    };
  }
  const built = toBundle(input.payload, signature, rekor, { publicKey: { hint: '' } });
  if (typeof built === 'string') return { status: 'invalid', reason: built };
  // The log entry through @sigstore/verify (SET against the trusted log keys at the entry's time, the entry recording
  // this signature and digest), with the signature checked the way cosign signs for this key type: the verifier
  // would hash with SHA-256 whatever the key, which fails P-384 (SHA-384) and Ed25519 (no pre-hash) signatures.
  const material = toTrustMaterial(trust.root, () => ({ publicKey: key.key, validFor: () => true }));
  const entity = toSignedEntity(built, input.payload);
  const content = entity.signature;
  const signatureBytes = Buffer.from(signature, 'base64');
  entity.signature = {
    signature: content.signature,
    compareSignature: (candidate) => content.compareSignature(candidate),
    compareDigest: (digest) => content.compareDigest(digest),
    verifySignature: (publicKey) => verifies(publicKey, input.payload, signatureBytes),
  };
  try {
    verifierFor(material, trust).verify(entity);
  } catch (error) {
    return { status: 'invalid', reason: explainFailure(error, built, trust) };
  }
  return keyed;
}

const sha256Hex = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

function parseRekorBundle(text: string): RekorBundle | string {
  const problem = `the ${COSIGN_ANNOTATIONS.bundle} annotation is not a Rekor bundle`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `${problem} (not JSON)`;
  }
  const set = (json as { SignedEntryTimestamp?: unknown } | null)?.SignedEntryTimestamp;
  const payload = (json as { Payload?: Record<string, unknown> } | null)?.Payload;
  const { body, integratedTime, logIndex, logID } = payload ?? {};
  if (typeof set !== 'string') return `${problem} (SignedEntryTimestamp)`;
  if (typeof body !== 'string') return `${problem} (Payload.body)`;
  if (!Number.isSafeInteger(integratedTime)) return `${problem} (Payload.integratedTime)`;
  if (!Number.isSafeInteger(logIndex)) return `${problem} (Payload.logIndex)`;
  if (typeof logID !== 'string' || !/^[0-9a-f]{64}$/.test(logID)) return `${problem} (Payload.logID)`;
  return {
    signedEntryTimestamp: set,
    body,
    integratedTime: integratedTime as number,
    logIndex: logIndex as number,
    logId: logID,
  };
}

/** The logged entry's kind and version, which the bundle must state; cosign logs hashedrekord 0.0.1. */
function entryKind(body: string): { kind: string; version: string } | undefined {
  try {
    const json = JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as { kind?: unknown; apiVersion?: unknown };
    if (typeof json.kind === 'string' && typeof json.apiVersion === 'string') {
      return { kind: json.kind, version: json.apiVersion };
    }
  } catch {
    // Not JSON: reported below.
  }
  return undefined;
}

function toBundle(
  payload: Buffer,
  signature: string,
  rekor: RekorBundle,
  key: Record<string, unknown>,
): Bundle | string {
  const kind = entryKind(rekor.body);
  if (!kind) return 'the transparency-log entry in the Rekor bundle is not a Rekor entry (body)';
  if (kind.kind !== 'hashedrekord' || kind.version !== '0.0.1') {
    return `the transparency-log entry is a ${kind.kind} ${kind.version} entry; imagegate reads cosign's hashedrekord 0.0.1`;
  }
  try {
    return bundleFromJSON({
      mediaType: 'application/vnd.dev.sigstore.bundle+json;version=0.1',
      verificationMaterial: {
        ...key,
        tlogEntries: [
          {
            logIndex: String(rekor.logIndex),
            logId: { keyId: Buffer.from(rekor.logId, 'hex').toString('base64') },
            kindVersion: kind,
            integratedTime: String(rekor.integratedTime),
            inclusionPromise: { signedEntryTimestamp: rekor.signedEntryTimestamp },
            canonicalizedBody: rekor.body,
          },
        ],
      },
      messageSignature: {
        messageDigest: { algorithm: 'SHA2_256', digest: Buffer.from(sha256Hex(payload), 'hex').toString('base64') },
        signature,
      },
    });
  } catch (error) {
    return `the signature layer does not make a Sigstore bundle: ${(error as Error).message}`;
  }
}

interface HashedRekordBody {
  spec?: { data?: { hash?: { value?: unknown } }; signature?: { publicKey?: { content?: unknown } } };
}

function hashedRekord(body: string): HashedRekordBody | undefined {
  try {
    return JSON.parse(Buffer.from(body, 'base64').toString('utf8')) as HashedRekordBody;
  } catch {
    return undefined;
  }
}

/** The signer a hashedrekord body records (`spec.signature.publicKey.content`, a base64 PEM): certificate or key DER. */
function loggedSigner(body: string): Buffer | undefined {
  const content = hashedRekord(body)?.spec?.signature?.publicKey?.content;
  if (typeof content !== 'string') return undefined;
  const pem = Buffer.from(content, 'base64').toString('utf8');
  return pemBlock(pem, 'CERTIFICATE') ?? pemBlock(pem, 'PUBLIC KEY');
}

function loggedDigest(body: string): string | undefined {
  const value = hashedRekord(body)?.spec?.data?.hash?.value;
  return typeof value === 'string' ? value : undefined;
}

const pemCertificate = (pem: string): Buffer | undefined => pemBlock(pem, 'CERTIFICATE');

/** The first `label` block of a PEM text, as DER; found by indexOf, no regular expression over the whole text. */
function pemBlock(pem: string, label: string): Buffer | undefined {
  const begin = `-----BEGIN ${label}-----`;
  const end = `-----END ${label}-----`;
  const start = pem.indexOf(begin);
  const stop = pem.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) return undefined;
  const base64 = pem.slice(start + begin.length, stop).replace(/\s+/g, '');
  if (base64.length === 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(base64)) return undefined;
  return Buffer.from(base64, 'base64');
}
