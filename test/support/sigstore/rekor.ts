import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { json } from '@sigstore/core';

/**
 * A test Rekor: an ECDSA P-256 log key, an append-only RFC 6962 Merkle tree (started with a few filler leaves so
 * inclusion proofs have hashes), and for each entry what a real Rekor returns — the canonicalized body, log index,
 * integrated time, the signed entry timestamp (inclusion promise) and an inclusion proof with a signed checkpoint.
 */
export interface TestLogEntry {
  body: Buffer;
  logIndex: number;
  /** Seconds since the epoch, as Rekor writes it. */
  integratedTime: number;
  logId: Buffer;
  signedEntryTimestamp: Buffer;
  inclusionProof: { logIndex: number; treeSize: number; rootHash: Buffer; hashes: Buffer[]; checkpoint: string };
}

export interface TestLog {
  baseUrl: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SHA-256 of the log's DER public key: Rekor's log ID (hex in cosign's bundle annotation). */
  logId: Buffer;
  createdAt: Date;
  /** Appends a canonicalized body; `integratedTime` defaults to now. */
  add(body: Buffer, options?: { integratedTime?: Date }): TestLogEntry;
}

const leafHash = (data: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([0]))
    .update(data)
    .digest();
const nodeHash = (left: Buffer, right: Buffer): Buffer =>
  createHash('sha256')
    .update(Buffer.from([1]))
    .update(left)
    .update(right)
    .digest();

/** Largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

function rootOf(leaves: Buffer[]): Buffer {
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)));
}

/** RFC 6962 2.1.1 PATH(m, D[n]), leaf to root. */
function path(index: number, leaves: Buffer[]): Buffer[] {
  if (leaves.length <= 1) return [];
  const k = split(leaves.length);
  return index < k
    ? [...path(index, leaves.slice(0, k)), rootOf(leaves.slice(k))]
    : [...path(index - k, leaves.slice(k)), rootOf(leaves.slice(0, k))];
}

export function makeTestLog(options: { baseUrl?: string; createdAt?: Date; fillerLeaves?: number } = {}): TestLog {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const logId = createHash('sha256')
    .update(publicKey.export({ type: 'spki', format: 'der' }))
    .digest();
  const baseUrl = options.baseUrl ?? 'https://rekor.test.invalid';
  const host = new URL(baseUrl).host;
  const leaves: Buffer[] = Array.from({ length: options.fillerLeaves ?? 5 }, () => leafHash(randomBytes(32)));
  return {
    baseUrl,
    privateKey,
    publicKey,
    logId,
    createdAt: options.createdAt ?? new Date(Date.now() - 365 * 24 * 3600 * 1000),
    add(body, { integratedTime = new Date() } = {}) {
      const logIndex = leaves.length;
      leaves.push(leafHash(body));
      const seconds = Math.floor(integratedTime.getTime() / 1000);
      const promise = json.canonicalize({
        body: body.toString('base64'),
        integratedTime: seconds,
        logIndex,
        logID: logId.toString('hex'),
      });
      const rootHash = rootOf(leaves);
      const note = `${host} - 1234567890\n${leaves.length}\n${rootHash.toString('base64')}\n`;
      const noteSignature = Buffer.concat([logId.subarray(0, 4), sign('sha256', Buffer.from(note), privateKey)]);
      return {
        body,
        logIndex,
        integratedTime: seconds,
        logId,
        signedEntryTimestamp: sign('sha256', Buffer.from(promise), privateKey),
        inclusionProof: {
          logIndex,
          treeSize: leaves.length,
          rootHash,
          hashes: path(logIndex, leaves),
          checkpoint: `${note}\n\u2014 ${host} ${noteSignature.toString('base64')}\n`,
        },
      };
    },
  };
}

/** Rekor's hashedrekord v0.0.1 body, canonicalized: the digest of the signed bytes, the signature, the signer. */
export function hashedRekordBody(
  signed: Buffer,
  signature: Buffer,
  signerPem: string,
  algorithm: 'sha256' | 'sha384' = 'sha256',
): Buffer {
  return Buffer.from(
    json.canonicalize({
      apiVersion: '0.0.1',
      kind: 'hashedrekord',
      spec: {
        data: { hash: { algorithm, value: createHash(algorithm).update(signed).digest('hex') } },
        signature: {
          content: signature.toString('base64'),
          publicKey: { content: Buffer.from(signerPem).toString('base64') },
        },
      },
    }),
  );
}

/** Rekor's dsse v0.0.1 body, canonicalized: hashes of the envelope and the payload, the signature, the signer. */
export function dsseBody(envelopeJson: string, payload: Buffer, signature: Buffer, signerPem: string): Buffer {
  const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');
  return Buffer.from(
    json.canonicalize({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        envelopeHash: { algorithm: 'sha256', value: sha256(envelopeJson) },
        payloadHash: { algorithm: 'sha256', value: sha256(payload) },
        signatures: [{ signature: signature.toString('base64'), verifier: Buffer.from(signerPem).toString('base64') }],
      },
    }),
  );
}
