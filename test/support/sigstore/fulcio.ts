import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import {
  bitString,
  boolean,
  explicit,
  implicit,
  integer,
  octetString,
  oid,
  sequence,
  set,
  time,
  utf8String,
} from './der.js';
import type { TestCtLog } from './ctlog.js';

/**
 * A test Fulcio: a root and an intermediate certificate authority, and leaf code-signing certificates carrying what
 * Fulcio writes — the OIDC issuer (1.3.6.1.4.1.57264.1.1 raw, 1.3.6.1.4.1.57264.1.8 as a UTF8String), the subject as
 * an email or URI SAN — and, when a test CT log is given, an embedded SCT as @sigstore/verify checks it.
 */
export interface TestCertificate {
  der: Buffer;
  pem: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  notBefore: Date;
  notAfter: Date;
}

/** Who signs keylessly: the OIDC issuer and the subject (email when it has an `@` and no `:`, else a URI SAN). */
export interface KeylessIdentity {
  issuer: string;
  subject: string;
}

export interface LeafOptions {
  identity: KeylessIdentity;
  /** Default: one minute ago. Fulcio's certificates live ten minutes. */
  notBefore?: Date;
  /** Default: ten minutes after notBefore. */
  notAfter?: Date;
  /** Which issuer extension(s) to write; default both, as Fulcio does. */
  issuerExtension?: 'v1' | 'v2' | 'both';
  /** Embed an SCT from this CT log (the kit passes its own when it has one). */
  ctlog?: TestCtLog;
}

export interface TestFulcio {
  name: string;
  root: TestCertificate;
  intermediate: TestCertificate;
  /** Intermediate then root: the order of cosign's chain annotation and of a trusted_root.json certChain. */
  chain: TestCertificate[];
  issue(options: LeafOptions): TestCertificate;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));
const OID_FULCIO_ISSUER_V1 = '1.3.6.1.4.1.57264.1.1';
const OID_FULCIO_ISSUER_V2 = '1.3.6.1.4.1.57264.1.8';
const OID_SCT_LIST = '1.3.6.1.4.1.11129.2.4.2';
const YEAR = 365 * 24 * 3600 * 1000;

function name(commonName: string): Buffer {
  return sequence(
    set(sequence(oid('2.5.4.10'), utf8String('imagegate-test'))),
    set(sequence(oid('2.5.4.3'), utf8String(commonName))),
  );
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

const spki = (key: KeyObject): Buffer => key.export({ type: 'spki', format: 'der' });
const keyId = (key: KeyObject): Buffer => createHash('sha1').update(spki(key)).digest();

function toPem(der: Buffer): string {
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

interface CertificateFields {
  issuerName: Buffer;
  subjectName: Buffer;
  notBefore: Date;
  notAfter: Date;
  subjectKey: KeyObject;
  extensions: Buffer[];
}

function tbsCertificate(fields: CertificateFields, serial: Buffer): Buffer {
  return sequence(
    explicit(0, integer(2)),
    integer(serial),
    ECDSA_SHA256,
    fields.issuerName,
    sequence(time(fields.notBefore), time(fields.notAfter)),
    fields.subjectName,
    spki(fields.subjectKey),
    explicit(3, sequence(...fields.extensions)),
  );
}

function signCertificate(tbs: Buffer, issuerKey: KeyObject): Buffer {
  return sequence(tbs, ECDSA_SHA256, bitString(sign('sha256', tbs, issuerKey)));
}

function certificate(der: Buffer, pair: { privateKey: KeyObject; publicKey: KeyObject }, fields: CertificateFields) {
  return { der, pem: toPem(der), ...pair, notBefore: fields.notBefore, notAfter: fields.notAfter };
}

function authority(
  commonName: string,
  issuer: { name: Buffer; key: KeyObject; publicKey: KeyObject } | undefined,
  notBefore: Date,
  notAfter: Date,
): TestCertificate {
  const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const fields: CertificateFields = {
    issuerName: issuer?.name ?? name(commonName),
    subjectName: name(commonName),
    notBefore,
    notAfter,
    subjectKey: pair.publicKey,
    extensions: [
      // keyUsage keyCertSign + cRLSign: bits 5 and 6, one unused bit.
      extension('2.5.29.15', true, bitString(Buffer.from([0x06]), 1)),
      extension('2.5.29.19', true, sequence(boolean(true), ...(issuer ? [integer(0)] : []))),
      extension('2.5.29.14', false, octetString(keyId(pair.publicKey))),
      ...(issuer ? [extension('2.5.29.35', false, sequence(implicit(0, keyId(issuer.publicKey))))] : []),
    ],
  };
  const der = signCertificate(tbsCertificate(fields, randomBytes(16)), issuer?.key ?? pair.privateKey);
  return certificate(der, pair, fields);
}

function subjectAltName(subject: string): Buffer {
  const email = subject.includes('@') && !subject.includes(':');
  return sequence(implicit(email ? 1 : 6, Buffer.from(subject, 'ascii')));
}

/** Root valid from a year ago for ten years by default; `validFrom`/`validTo` move both CA certificates. */
export function makeTestFulcio(options: { name?: string; validFrom?: Date; validTo?: Date } = {}): TestFulcio {
  const label = options.name ?? 'test-fulcio';
  const notBefore = options.validFrom ?? new Date(Date.now() - YEAR);
  const notAfter = options.validTo ?? new Date(notBefore.getTime() + 10 * YEAR);
  const root = authority(`${label}-root`, undefined, notBefore, notAfter);
  const intermediate = authority(
    `${label}-intermediate`,
    { name: name(`${label}-root`), key: root.privateKey, publicKey: root.publicKey },
    notBefore,
    notAfter,
  );
  const issue = (leaf: LeafOptions): TestCertificate => {
    const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    const leafNotBefore = leaf.notBefore ?? new Date(Date.now() - 60_000);
    const which = leaf.issuerExtension ?? 'both';
    const extensions = [
      extension('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)), // digitalSignature
      extension('2.5.29.37', false, sequence(oid('1.3.6.1.5.5.7.3.3'))), // codeSigning
      extension('2.5.29.14', false, octetString(keyId(pair.publicKey))),
      extension('2.5.29.35', false, sequence(implicit(0, keyId(intermediate.publicKey)))),
      extension('2.5.29.17', true, subjectAltName(leaf.identity.subject)),
      ...(which !== 'v2' ? [extension(OID_FULCIO_ISSUER_V1, false, Buffer.from(leaf.identity.issuer, 'utf8'))] : []),
      ...(which !== 'v1' ? [extension(OID_FULCIO_ISSUER_V2, false, utf8String(leaf.identity.issuer))] : []),
    ];
    const fields: CertificateFields = {
      issuerName: name(`${label}-intermediate`),
      subjectName: sequence(),
      notBefore: leafNotBefore,
      notAfter: leaf.notAfter ?? new Date(leafNotBefore.getTime() + 10 * 60_000),
      subjectKey: pair.publicKey,
      extensions,
    };
    const serial = randomBytes(16);
    if (leaf.ctlog) {
      // The SCT signs the certificate without the SCT extension (the precertificate's TBS, as RFC 6962 and
      // @sigstore/verify rebuild it), then the extension is appended last so removing it gives that TBS back.
      const sct = leaf.ctlog.sign(tbsCertificate(fields, serial), spki(intermediate.publicKey), leafNotBefore);
      const list = Buffer.alloc(4 + sct.length);
      list.writeUInt16BE(sct.length + 2, 0);
      list.writeUInt16BE(sct.length, 2);
      sct.copy(list, 4);
      fields.extensions = [...extensions, extension(OID_SCT_LIST, false, octetString(list))];
    }
    return certificate(signCertificate(tbsCertificate(fields, serial), intermediate.privateKey), pair, fields);
  };
  return { name: label, root, intermediate, chain: [intermediate, root], issue };
}
