import { createHash } from 'node:crypto';
import { ConfigurationError } from '../../../util/errors.js';

/** Content digests as registries use them: `sha256:<hex>` (sha384 and sha512 accepted too). */

export const DIGEST = /^(sha256|sha384|sha512):([a-f0-9]+)$/;

export function isDigest(text: string): boolean {
  return DIGEST.test(text);
}

/** The algorithm a digest names; `subject` names the reference in errors. */
export function algorithmOf(digest: string, subject: string): string {
  const algorithm = DIGEST.exec(digest)?.[1];
  if (!algorithm) throw new ConfigurationError(`${subject}: ${JSON.stringify(digest)} is not a sha256/384/512 digest`);
  return algorithm;
}

/** The digest of `bytes` with the algorithm `like` names (`sha256:` for the default). */
export function digestOf(bytes: Buffer, like: string, subject: string): string {
  const algorithm = like === 'sha256:' ? 'sha256' : algorithmOf(like, subject);
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}
