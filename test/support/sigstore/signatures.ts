import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { dsse } from '@sigstore/core';
import type { KeylessIdentity, LeafOptions, TestCertificate, TestFulcio } from './fulcio.js';
import type { TestCtLog } from './ctlog.js';
import { dsseBody, hashedRekordBody, type TestLog, type TestLogEntry } from './rekor.js';

/**
 * Signatures as cosign and the Sigstore clients make them, signed by the test CA and logged in the test Rekor:
 * cosign's tag scheme (a simple-signing payload layer with its annotations) and Sigstore bundles (v0.3 or v0.1,
 * message signature or DSSE). Keyless (a fresh leaf certificate per signature) or with a key.
 */
export interface SigningAuthorities {
  fulcio: TestFulcio;
  log: TestLog;
  ctlog?: TestCtLog;
}

export type KeyKind = 'P-256' | 'P-384' | 'Ed25519' | 'RSA';

export interface SigningKey {
  kind: KeyKind;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicPem: string;
}

export function makeSigningKey(kind: KeyKind = 'P-256'): SigningKey {
  const pair =
    kind === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : kind === 'RSA'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: kind === 'P-256' ? 'prime256v1' : 'secp384r1' });
  return { kind, ...pair, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Keyless: an identity (and leaf options such as validity); or a key. */
export type KitSigner = { identity: KeylessIdentity; leaf?: Omit<LeafOptions, 'identity'> } | { key: SigningKey };

/** Log options: `false` for no log entry at all; else when the log integrated it. */
export type LogOptions = false | { integratedTime?: Date };

/** cosign's digests: SHA-256 (SHA-384 for P-384); Ed25519 signs the message itself. */
export function signBytes(key: KeyObject, data: Buffer): Buffer {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  const algorithm = key.asymmetricKeyType === 'ed25519' ? null : curve === 'secp384r1' ? 'sha384' : 'sha256';
  return sign(algorithm, data, key);
}

interface Signed {
  signature: Buffer;
  /** PEM of the certificate or public key, as Rekor records the signer. */
  signerPem: string;
  leaf?: TestCertificate;
}

function signWith(authorities: SigningAuthorities, signer: KitSigner, data: Buffer): Signed {
  if ('key' in signer) return { signature: signBytes(signer.key.privateKey, data), signerPem: signer.key.publicPem };
  const leaf = authorities.fulcio.issue({
    ctlog: authorities.ctlog,
    ...signer.leaf,
    identity: signer.identity,
  });
  return { signature: signBytes(leaf.privateKey, data), signerPem: leaf.pem, leaf };
}

/** cosign's payload for `digest` (`sha256:<hex>`) pushed as `reference`, byte for byte as cosign writes it. */
export function simpleSigningPayload(digest: string, reference: string): Buffer {
  return Buffer.from(
    JSON.stringify({
      critical: {
        identity: { 'docker-reference': reference },
        image: { 'docker-manifest-digest': digest },
        type: 'cosign container image signature',
      },
      optional: null,
    }),
  );
}

export const COSIGN_SIGNATURE = 'dev.cosignproject.cosign/signature';
export const COSIGN_CERTIFICATE = 'dev.sigstore.cosign/certificate';
export const COSIGN_CHAIN = 'dev.sigstore.cosign/chain';
export const COSIGN_BUNDLE = 'dev.sigstore.cosign/bundle';
export const SIMPLE_SIGNING_MEDIA_TYPE = 'application/vnd.dev.cosign.simplesigning.v1+json';

/** One layer of a `sha256-<hex>.sig` manifest: its bytes, media type and annotations. */
export interface CosignSignatureLayer {
  payload: Buffer;
  mediaType: string;
  annotations: Record<string, string>;
  leaf?: TestCertificate;
  entry?: TestLogEntry;
}

export interface CosignSignatureOptions {
  digest: string;
  reference?: string;
  signer: KitSigner;
  log?: LogOptions;
  /** Sign these bytes instead of the simple-signing payload for `digest`. */
  payload?: Buffer;
}

export function cosignSignature(
  authorities: SigningAuthorities,
  options: CosignSignatureOptions,
): CosignSignatureLayer {
  const payload = options.payload ?? simpleSigningPayload(options.digest, options.reference ?? 'registry.test/app');
  const signed = signWith(authorities, options.signer, payload);
  const annotations: Record<string, string> = { [COSIGN_SIGNATURE]: signed.signature.toString('base64') };
  if (signed.leaf) {
    annotations[COSIGN_CERTIFICATE] = signed.leaf.pem;
    annotations[COSIGN_CHAIN] = authorities.fulcio.chain.map((cert) => cert.pem).join('');
  }
  let entry: TestLogEntry | undefined;
  if (options.log !== false) {
    entry = authorities.log.add(hashedRekordBody(payload, signed.signature, signed.signerPem), options.log);
    annotations[COSIGN_BUNDLE] = JSON.stringify({
      SignedEntryTimestamp: entry.signedEntryTimestamp.toString('base64'),
      Payload: {
        body: entry.body.toString('base64'),
        integratedTime: entry.integratedTime,
        logIndex: entry.logIndex,
        logID: entry.logId.toString('hex'),
      },
    });
  }
  return { payload, mediaType: SIMPLE_SIGNING_MEDIA_TYPE, annotations, leaf: signed.leaf, entry };
}

export interface BundleOptions {
  /** A message signature over these bytes, or a DSSE envelope around this payload. */
  content: { artifact: Buffer } | { dsse: { payload: Buffer; payloadType: string } };
  signer: KitSigner;
  log?: LogOptions;
  /** v0.3 (certificate, inclusion proof required) or v0.1 (certificate chain, inclusion promise). Default 0.3. */
  version?: '0.1' | '0.3';
  /** Leave out the signed entry timestamp (v0.3 only: the proof stays) or the inclusion proof (v0.1 has none). */
  inclusionPromise?: boolean;
  inclusionProof?: boolean;
}

/** A Sigstore bundle as JSON (the form `bundleFromJSON` and `cosign verify-blob --bundle` read). */
export function sigstoreBundle(authorities: SigningAuthorities, options: BundleOptions): Record<string, unknown> {
  const version = options.version ?? '0.3';
  let content: Record<string, unknown>;
  let body: (signed: Signed) => Buffer;
  let signed: Signed;
  if ('artifact' in options.content) {
    const artifact = options.content.artifact;
    signed = signWith(authorities, options.signer, artifact);
    // A P-384 key signs SHA-384, so its bundle declares (and Rekor records) that digest.
    const digest = 'key' in options.signer && options.signer.key.kind === 'P-384' ? 'sha384' : 'sha256';
    content = {
      messageSignature: {
        messageDigest: {
          algorithm: digest === 'sha384' ? 'SHA2_384' : 'SHA2_256',
          digest: createHash(digest).update(artifact).digest('base64'),
        },
        signature: signed.signature.toString('base64'),
      },
    };
    body = (s) => hashedRekordBody(artifact, s.signature, s.signerPem, digest);
  } else {
    const { payload, payloadType } = options.content.dsse;
    signed = signWith(authorities, options.signer, dsse.preAuthEncoding(payloadType, payload));
    const envelope = {
      payload: payload.toString('base64'),
      payloadType,
      signatures: [{ sig: signed.signature.toString('base64'), keyid: '' }],
    };
    content = { dsseEnvelope: envelope };
    body = (s) => dsseBody(JSON.stringify(envelope), payload, s.signature, s.signerPem);
  }
  const tlogEntries: unknown[] = [];
  let entry: TestLogEntry | undefined;
  if (options.log !== false) {
    entry = authorities.log.add(body(signed), options.log);
    const kind = JSON.parse(entry.body.toString()) as { kind: string; apiVersion: string };
    tlogEntries.push({
      logIndex: String(entry.logIndex),
      logId: { keyId: entry.logId.toString('base64') },
      kindVersion: { kind: kind.kind, version: kind.apiVersion },
      integratedTime: String(entry.integratedTime),
      ...(options.inclusionPromise === false
        ? {}
        : { inclusionPromise: { signedEntryTimestamp: entry.signedEntryTimestamp.toString('base64') } }),
      ...((options.inclusionProof ?? version === '0.3')
        ? {
            inclusionProof: {
              logIndex: String(entry.inclusionProof.logIndex),
              rootHash: entry.inclusionProof.rootHash.toString('base64'),
              treeSize: String(entry.inclusionProof.treeSize),
              hashes: entry.inclusionProof.hashes.map((hash) => hash.toString('base64')),
              checkpoint: { envelope: entry.inclusionProof.checkpoint },
            },
          }
        : {}),
      canonicalizedBody: entry.body.toString('base64'),
    });
  }
  const key = signed.leaf
    ? version === '0.3'
      ? { certificate: { rawBytes: signed.leaf.der.toString('base64') } }
      : { x509CertificateChain: { certificates: [{ rawBytes: signed.leaf.der.toString('base64') }] } }
    : { publicKey: { hint: createHash('sha256').update(signed.signerPem).digest('base64') } };
  return {
    mediaType:
      version === '0.3'
        ? 'application/vnd.dev.sigstore.bundle.v0.3+json'
        : 'application/vnd.dev.sigstore.bundle+json;version=0.1',
    verificationMaterial: { ...key, tlogEntries },
    ...content,
  };
}
