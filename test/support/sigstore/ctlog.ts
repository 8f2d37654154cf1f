import { createHash, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';

/**
 * A test certificate-transparency log: signs RFC 6962 v1 SCTs over a precertificate's TBS so that a test trust root
 * can list a CT log and @sigstore/verify's SCT check (one SCT required by default) runs as it does for public-good.
 */
export interface TestCtLog {
  baseUrl: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the log's DER public key (RFC 6962 LogID). */
  logId: Buffer;
  createdAt: Date;
  /** The serialized SCT (TLS encoding) over `tbs`, issued by the CA whose SPKI is `issuerSpki`, at `when`. */
  sign(tbs: Buffer, issuerSpki: Buffer, when: Date): Buffer;
}

export function makeTestCtLog(options: { baseUrl?: string; createdAt?: Date } = {}): TestCtLog {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const logId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
  const createdAt = options.createdAt ?? new Date(Date.now() - 365 * 24 * 3600 * 1000);
  return {
    baseUrl: options.baseUrl ?? 'https://ctfe.test.invalid/test',
    privateKey,
    publicKey,
    logId,
    createdAt,
    sign(tbs, issuerSpki, when) {
      const timestamp = Buffer.alloc(8);
      timestamp.writeBigUInt64BE(BigInt(when.getTime()));
      const tbsLength = Buffer.alloc(3);
      tbsLength.writeUIntBE(tbs.length, 0, 3);
      const signed = Buffer.concat([
        Buffer.from([0, 0]), // version v1, signature_type certificate_timestamp
        timestamp,
        Buffer.from([0, 1]), // entry_type precert_entry
        createHash('sha256').update(issuerSpki).digest(),
        tbsLength,
        tbs,
        Buffer.from([0, 0]), // no extensions
      ]);
      const signature = sign('sha256', signed, privateKey);
      const signatureLength = Buffer.alloc(2);
      signatureLength.writeUInt16BE(signature.length);
      return Buffer.concat([
        Buffer.from([0]),
        logId,
        timestamp,
        Buffer.from([0, 0]), // extensions length
        Buffer.from([4, 3]), // sha256, ecdsa
        signatureLength,
        signature,
      ]);
    },
  };
}
