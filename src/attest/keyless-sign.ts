import { bundleToJSON } from '@sigstore/bundle';
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, type IdentityProvider } from '@sigstore/sign';
import { ConfigurationError, ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { IN_TOTO_PAYLOAD_TYPE, type DsseEnvelope } from './dsse.js';
import { TIMEOUT_MS, type KeylessSettings } from './keyless.js';

/*
 * The signing half of `--attest-keyless` (src/attest/keyless.ts has the settings and the token): its own module so
 * the pipeline imports it only when a keyless signature is made. @sigstore/sign and its HTTP stack are a large part
 * of the bundle, and every other run (`--version` included) should not pay for initialising them.
 */

export interface KeylessSignature {
  /** The DSSE envelope, as the key-signed path writes it. */
  envelope: DsseEnvelope;
  /** The Sigstore bundle (v0.3, DSSE) as JSON: certificate, envelope, Rekor entry. */
  bundle: Record<string, unknown>;
}

/** Signs `payload` (the statement's bytes) keylessly; every failure is a ToolError naming the service. */
export async function signKeyless(
  payload: Buffer,
  settings: KeylessSettings,
  identityProvider: IdentityProvider,
  logger: Logger,
): Promise<KeylessSignature> {
  const builder = new DSSEBundleBuilder({
    signer: new FulcioSigner({
      identityProvider,
      fulcioBaseURL: settings.fulcioUrl,
      timeout: TIMEOUT_MS,
      retry: { retries: 1 },
    }),
    witnesses: [
      new RekorWitness({
        rekorBaseURL: settings.rekorUrl,
        entryType: 'dsse',
        timeout: TIMEOUT_MS,
        retry: { retries: 1 },
      }),
    ],
    certificateChain: false,
  });
  let serialized: Record<string, unknown>;
  try {
    const bundle = await builder.create({ data: payload, type: IN_TOTO_PAYLOAD_TYPE });
    serialized = bundleToJSON(bundle) as unknown as Record<string, unknown>;
  } catch (error) {
    if (error instanceof ConfigurationError || error instanceof ToolError) throw error;
    const cause = error instanceof Error ? error : undefined;
    const message = cause?.message ?? String(error);
    const innerMessage = cause && 'cause' in cause && cause.cause instanceof Error ? cause.cause.message : '';
    const inner = innerMessage && !message.includes(innerMessage) ? `: ${innerMessage}` : '';
    throw new ToolError(
      `keyless signing failed (Fulcio ${settings.fulcioUrl}, Rekor ${settings.rekorUrl}): ${message}${inner}`,
      {
        command: `Fulcio ${settings.fulcioUrl}, Rekor ${settings.rekorUrl}`,
      },
    );
  }
  const envelope = serialized.dsseEnvelope as DsseEnvelope | undefined;
  if (!envelope) throw new Error('@sigstore/sign returned a bundle without a DSSE envelope');
  logger.debug(
    `--attest-keyless: signed with a Fulcio certificate from ${settings.fulcioUrl}, logged in ${settings.rekorUrl}`,
  );
  return { envelope, bundle: serialized };
}

/**
 * cosign's annotations for a keyless attestation layer (`sha256-<hex>.att`): the signing certificate (PEM) and the
 * Rekor entry as cosign's "bundle" (`{SignedEntryTimestamp, Payload: {body, integratedTime, logIndex, logID}}`),
 * which is what Kyverno and policy-controller verify a keyless attestation from.
 */
export function cosignKeylessAnnotations(bundle: Record<string, unknown>): Record<string, string> {
  const material = bundle.verificationMaterial as
    | {
        certificate?: { rawBytes?: string };
        x509CertificateChain?: { certificates?: Array<{ rawBytes?: string }> };
        tlogEntries?: Array<{
          logIndex?: string;
          logId?: { keyId?: string };
          integratedTime?: string;
          canonicalizedBody?: string;
          inclusionPromise?: { signedEntryTimestamp?: string };
        }>;
      }
    | undefined;
  const raw = material?.certificate?.rawBytes ?? material?.x509CertificateChain?.certificates?.[0]?.rawBytes;
  const entry = material?.tlogEntries?.[0];
  const annotations: Record<string, string> = {};
  if (raw) {
    const lines = raw.match(/.{1,64}/g) ?? [];
    annotations['dev.sigstore.cosign/certificate'] =
      `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
  }
  if (entry?.canonicalizedBody && entry.inclusionPromise?.signedEntryTimestamp && entry.logId?.keyId) {
    annotations['dev.sigstore.cosign/bundle'] = JSON.stringify({
      SignedEntryTimestamp: entry.inclusionPromise.signedEntryTimestamp,
      Payload: {
        body: entry.canonicalizedBody,
        integratedTime: Number(entry.integratedTime ?? '0'),
        // protobuf JSON leaves out zero values: an absent index is entry 0.
        logIndex: Number(entry.logIndex ?? '0'),
        logID: Buffer.from(entry.logId.keyId, 'base64').toString('hex'),
      },
    });
  }
  return annotations;
}
