import { writeFile } from 'node:fs/promises';
import type { KeyObject } from 'node:crypto';
import { toTrustMaterial } from '@sigstore/verify';
import { parseTrustRoot, type LoadedTrustRoot } from '../../src/signature/trusted-root.js';
import { makeTestCtLog, type TestCtLog } from './sigstore/ctlog.js';
import { makeTestFulcio, type TestFulcio } from './sigstore/fulcio.js';
import { makeTestLog, type TestLog } from './sigstore/rekor.js';
import {
  cosignSignature,
  sigstoreBundle,
  type BundleOptions,
  type CosignSignatureLayer,
  type CosignSignatureOptions,
} from './sigstore/signatures.js';

/**
 * The test PKI every signature test uses: a test Fulcio (root + intermediate CA issuing leaf certificates with the
 * Fulcio OIDC-issuer extensions), a test Rekor (ECDSA P-256 log key: signed entry timestamps, inclusion proofs with
 * signed checkpoints), optionally a test CT log (embedded SCTs), and the Sigstore `trusted_root.json` naming them.
 * Built with node:crypto only (certificates through the small DER writer in sigstore/der.ts), in milliseconds.
 *
 *   const kit = makeSigstoreKit();
 *   const layer = kit.cosignSignature({ digest, signer: { identity: { issuer, subject } } });
 *   verifyCosignSignature({ payload: layer.payload, annotations: layer.annotations }, digest, kit.trustRoot, signers);
 *
 * A kit made with `{ ctlog: false }` lists no CT log and its certificates carry no SCT (a private Fulcio without
 * CT); imagegate then requires no SCT, since there is nothing to check one against.
 */
export interface SigstoreKit {
  fulcio: TestFulcio;
  log: TestLog;
  ctlog: TestCtLog | undefined;
  /** The trust root as `trusted_root.json` would hold it. */
  trustedRootJson: Record<string, unknown>;
  /** The same, loaded through imagegate's own parser (`src/signature/trusted-root.ts`), named "test trust root". */
  trustRoot: LoadedTrustRoot;
  writeTrustedRoot(file: string): Promise<void>;
  cosignSignature(options: CosignSignatureOptions): CosignSignatureLayer;
  sigstoreBundle(options: BundleOptions): Record<string, unknown>;
}

export interface SigstoreKitOptions {
  /** Default true: list a CT log and embed SCTs in leaf certificates. */
  ctlog?: boolean;
  /** Names the CA certificates, so two kits' CAs are told apart in messages. */
  name?: string;
}

const b64 = (data: Buffer): string => data.toString('base64');
const spki = (key: KeyObject): string => b64(key.export({ type: 'spki', format: 'der' }));

function transparencyLog(log: { baseUrl: string; publicKey: KeyObject; logId: Buffer; createdAt: Date }) {
  return {
    baseUrl: log.baseUrl,
    hashAlgorithm: 'SHA2_256',
    publicKey: {
      rawBytes: spki(log.publicKey),
      keyDetails: 'PKIX_ECDSA_P256_SHA_256',
      validFor: { start: log.createdAt.toISOString() },
    },
    logId: { keyId: b64(log.logId) },
  };
}

/** A `trusted_root.json` (Sigstore protobuf-specs TrustedRoot, JSON form) naming the given test CAs and logs. */
export function trustedRootJson(parts: {
  fulcios: TestFulcio[];
  logs: TestLog[];
  ctlogs?: TestCtLog[];
}): Record<string, unknown> {
  return {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: parts.logs.map(transparencyLog),
    certificateAuthorities: parts.fulcios.map((fulcio) => ({
      subject: { organization: 'imagegate-test', commonName: fulcio.name },
      uri: `https://${fulcio.name}.test.invalid`,
      certChain: { certificates: fulcio.chain.map((cert) => ({ rawBytes: b64(cert.der) })) },
      validFor: { start: fulcio.root.notBefore.toISOString(), end: fulcio.root.notAfter.toISOString() },
    })),
    ctlogs: (parts.ctlogs ?? []).map(transparencyLog),
    timestampAuthorities: [],
  };
}

/** Loads a trust root JSON through imagegate's parser, as `signatures.trustedRoot` would. */
export function loadTestTrustRoot(json: Record<string, unknown>, name = 'test trust root'): LoadedTrustRoot {
  const root = parseTrustRoot(JSON.stringify(json), name);
  return { root, material: toTrustMaterial(root), name };
}

export function makeSigstoreKit(options: SigstoreKitOptions = {}): SigstoreKit {
  const fulcio = makeTestFulcio({ name: options.name ?? 'test-fulcio' });
  const log = makeTestLog();
  const ctlog = options.ctlog === false ? undefined : makeTestCtLog();
  const json = trustedRootJson({ fulcios: [fulcio], logs: [log], ctlogs: ctlog ? [ctlog] : [] });
  const authorities = { fulcio, log, ctlog };
  return {
    fulcio,
    log,
    ctlog,
    trustedRootJson: json,
    trustRoot: loadTestTrustRoot(json),
    writeTrustedRoot: (file) => writeFile(file, `${JSON.stringify(json, null, 2)}\n`),
    cosignSignature: (signature) => cosignSignature(authorities, signature),
    sigstoreBundle: (bundle) => sigstoreBundle(authorities, bundle),
  };
}

export { makeTestCtLog, type TestCtLog } from './sigstore/ctlog.js';
export {
  makeTestFulcio,
  type KeylessIdentity,
  type LeafOptions,
  type TestCertificate,
  type TestFulcio,
} from './sigstore/fulcio.js';
export { dsseBody, hashedRekordBody, makeTestLog, type TestLog, type TestLogEntry } from './sigstore/rekor.js';
export {
  COSIGN_BUNDLE,
  COSIGN_CERTIFICATE,
  COSIGN_CHAIN,
  COSIGN_SIGNATURE,
  SIMPLE_SIGNING_MEDIA_TYPE,
  cosignSignature,
  makeSigningKey,
  signBytes,
  sigstoreBundle,
  simpleSigningPayload,
  type BundleOptions,
  type CosignSignatureLayer,
  type CosignSignatureOptions,
  type KeyKind,
  type KitSigner,
  type LogOptions,
  type SigningAuthorities,
  type SigningKey,
} from './sigstore/signatures.js';
export { flipBase64, flipPem, rekorBundleOf, withAnnotation } from './sigstore/tamper.js';
