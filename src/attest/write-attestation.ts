import path from 'node:path';
import { writeJsonAtomic } from '../util/atomic-write.js';
import { IN_TOTO_PAYLOAD_TYPE, signEnvelope, type DsseEnvelope } from './dsse.js';
import type { LoadedAttestKey } from './attest-key.js';
import type { InTotoStatement } from './vsa-statement.js';
import type { Redactor } from '../util/redact.js';

/** The signed verification summary's file name in the out dir. */
export const VSA_FILE_NAME = 'imagegate.vsa.dsse.json';

/** The keyless signature's Sigstore bundle, beside the envelope. */
export const SIGSTORE_BUNDLE_FILE_NAME = 'imagegate.vsa.sigstore.json';

/** The statement's bytes, serialized once: what is signed is exactly what a verifier parses. */
export function statementBytes(statement: InTotoStatement): Buffer {
  return Buffer.from(JSON.stringify(statement), 'utf8');
}

export function signStatement(statement: InTotoStatement, key: LoadedAttestKey): DsseEnvelope {
  return signEnvelope(statementBytes(statement), IN_TOTO_PAYLOAD_TYPE, key.key);
}

/** Writes the Sigstore bundle (certificate, envelope, Rekor entry) of a keyless signature into the out dir. */
export async function writeSigstoreBundle(
  bundle: Record<string, unknown>,
  outDir: string,
  redactor: Redactor,
): Promise<string> {
  const file = path.join(path.resolve(outDir), SIGSTORE_BUNDLE_FILE_NAME);
  await writeJsonAtomic(file, bundle, 'the Sigstore bundle of the verification summary (--attest-keyless)', redactor);
  return file;
}

/**
 * Writes the envelope into the out dir, after the reports (a failure here loses none of them). The payload is
 * base64, so the redactor cannot rewrite signed bytes; the statement carries no secret (names, digests, counts).
 */
export async function writeAttestation(envelope: DsseEnvelope, outDir: string, redactor: Redactor): Promise<string> {
  const file = path.join(path.resolve(outDir), VSA_FILE_NAME);
  await writeJsonAtomic(file, envelope, 'the verification summary attestation (--attest)', redactor);
  return file;
}
