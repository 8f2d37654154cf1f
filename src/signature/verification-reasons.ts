import { X509Certificate as NodeCertificate } from 'node:crypto';
import { X509Certificate } from '@sigstore/core';
import type { Bundle } from '@sigstore/bundle';
import type { LoadedTrustRoot } from './trusted-root.js';

/**
 * Why @sigstore/verify refused a bundle, in the words a finding shows: imagegate's sentence first, naming the values
 * that decide (the certificate's validity against the log's time, the issuing CA, the log the entry claims), then the
 * library's code and message in parentheses. Never a stack: only `code` and `message` are read from the error.
 */
export function explainFailure(error: unknown, bundle: Bundle | undefined, trust: LoadedTrustRoot): string {
  const code = (error as { code?: string }).code ?? 'ERROR';
  const message = (error as { message?: string }).message ?? String(error);
  const cause = (error as { cause?: { message?: string } }).cause?.message;
  const detail = `(${code}: ${message}${cause && cause !== message ? `: ${cause}` : ''})`;
  const specific = bundle ? specificReason(code, message, bundle, trust) : undefined;
  if (specific) return `${specific} ${detail}`;
  const what: Record<string, string> = {
    SIGNATURE_ERROR: 'the signature does not match the signed content',
    CERTIFICATE_ERROR: `the certificate does not chain to a certificate authority of ${trust.name} valid at signing time`,
    PUBLIC_KEY_ERROR: 'the public key is not valid at signing time',
    TLOG_ERROR: 'no usable transparency-log entry',
    TLOG_INCLUSION_PROOF_ERROR: `the transparency-log inclusion proof does not verify against ${trust.name}`,
    TLOG_INCLUSION_PROMISE_ERROR: `the transparency-log signed entry timestamp does not verify against ${trust.name}`,
    TLOG_MISSING_INCLUSION_ERROR: 'the transparency-log entry has neither inclusion proof nor signed entry timestamp',
    TLOG_BODY_ERROR: 'the transparency-log entry records another signature, key or digest',
    TIMESTAMP_ERROR: 'no trusted timestamp for the signature',
  };
  return `${what[code] ?? 'verification failed'} ${detail}`;
}

function specificReason(code: string, message: string, bundle: Bundle, trust: LoadedTrustRoot): string | undefined {
  const entry = bundle.verificationMaterial.tlogEntries[0];
  const logTime = entry ? new Date(Number(entry.integratedTime) * 1000) : undefined;
  switch (code) {
    case 'CERTIFICATE_ERROR': {
      if (message.includes('SCTs')) {
        return `the certificate carries no signed certificate timestamp from a CT log of ${trust.name}`;
      }
      if (message === 'SCT verification failed') {
        return `the certificate's signed certificate timestamp is not from a CT log of ${trust.name}`;
      }
      const leaf = leafCertificate(bundle);
      if (!leaf) return undefined;
      const from = leaf.notBefore;
      const to = leaf.notAfter;
      if (logTime && logTime > to) {
        return `the certificate expired at ${iso(to)}, before the log recorded the signature at ${iso(logTime)}`;
      }
      if (logTime && logTime < from) {
        return `the certificate was not yet valid (from ${iso(from)}) when the log recorded the signature at ${iso(logTime)}`;
      }
      const issuer = issuerName(leaf);
      return `the certificate, issued by ${issuer}, does not chain to a certificate authority of ${trust.name} valid at the log's time`;
    }
    case 'TLOG_INCLUSION_PROMISE_ERROR':
    case 'TLOG_INCLUSION_PROOF_ERROR': {
      const logId = entry ? Buffer.from(entry.logId.keyId) : undefined;
      if (!logId) return undefined;
      const log = trust.root.tlogs.find((candidate) => Buffer.from(candidate.logId?.keyId ?? []).equals(logId));
      if (!log)
        return `the transparency-log entry is from log ${logId.toString('hex')}, which ${trust.name} does not list`;
      const { start, end } = log.publicKey?.validFor ?? {};
      if (
        code === 'TLOG_INCLUSION_PROMISE_ERROR' &&
        logTime &&
        ((start && logTime < start) || (end && logTime > end))
      ) {
        return (
          `the transparency-log entry's time ${iso(logTime)} is outside the validity of log ${logId.toString('hex')} ` +
          `in ${trust.name} (${start ? iso(start) : 'always'} to ${end ? iso(end) : 'now'})`
        );
      }
      return undefined;
    }
    case 'TLOG_BODY_ERROR':
      if (message === 'digest mismatch' || message === 'DSSE payload hash mismatch') {
        return 'the signed content is not what the transparency-log entry records (its SHA-256 differs): it changed after signing';
      }
      return undefined;
    case 'TIMESTAMP_ERROR':
      if (message.includes('got 0')) {
        return 'no transparency-log entry with a signed entry timestamp: nothing dates the signature';
      }
      return undefined;
    case 'TLOG_ERROR':
      if (message.includes('got 0')) return 'no transparency-log entry';
      return undefined;
    default:
      return undefined;
  }
}

function leafCertificate(bundle: Bundle): X509Certificate | undefined {
  const material = bundle.verificationMaterial.content;
  const raw =
    material.$case === 'certificate'
      ? material.certificate.rawBytes
      : material.$case === 'x509CertificateChain'
        ? material.x509CertificateChain.certificates[0]?.rawBytes
        : undefined;
  if (!raw) return undefined;
  try {
    return X509Certificate.parse(Buffer.from(raw));
  } catch {
    return undefined;
  }
}

/** The issuer's distinguished name as node prints it, on one line. */
function issuerName(leaf: X509Certificate): string {
  try {
    return new NodeCertificate(leaf.root.toDER()).issuer.split('\n').join(', ');
  } catch {
    return 'an unreadable issuer';
  }
}

const iso = (date: Date): string => (Number.isNaN(date.getTime()) ? 'an invalid time' : date.toISOString());
