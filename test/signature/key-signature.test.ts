import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { verifyKeySignature } from '../../src/signature/verify-key-signature.js';
import { parsePublicKey, type Signer } from '../../src/signature/signer-policy.js';

/** cosign's tag-scheme signature with a key: a simple-signing payload and its base64 signature, made here. */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;

function payloadFor(digest: string, reference = 'registry.example/acme/app'): Buffer {
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

type KeyKind = 'P-256' | 'P-384' | 'Ed25519' | 'RSA';

function keyPair(kind: KeyKind): { privateKey: KeyObject; publicPem: string } {
  const pair =
    kind === 'Ed25519'
      ? generateKeyPairSync('ed25519')
      : kind === 'RSA'
        ? generateKeyPairSync('rsa', { modulusLength: 2048 })
        : generateKeyPairSync('ec', { namedCurve: kind === 'P-256' ? 'prime256v1' : 'secp384r1' });
  return { privateKey: pair.privateKey, publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Signs as cosign does: SHA-256 (SHA-384 for P-384) over the payload bytes; Ed25519 over the bytes themselves. */
function cosignSign(kind: KeyKind, privateKey: KeyObject, payload: Buffer): string {
  const algorithm = kind === 'Ed25519' ? null : kind === 'P-384' ? 'sha384' : 'sha256';
  return sign(algorithm, payload, privateKey).toString('base64');
}

function signer(publicPem: string, label: string): Signer {
  const parsed = parsePublicKey(publicPem);
  if (!('key' in parsed)) throw new Error(parsed.problem);
  return { kind: 'key', key: parsed.key, label };
}

describe.each<KeyKind>(['P-256', 'P-384', 'Ed25519', 'RSA'])('a cosign signature made with a %s key', (kind) => {
  const { privateKey, publicPem } = keyPair(kind);
  const allowed = [signer(publicPem, 'keys/release.pub')];
  const payload = payloadFor(DIGEST);
  const signature = cosignSign(kind, privateKey, payload);

  test('verifies for the digest it names', () => {
    expect(verifyKeySignature(payload, signature, DIGEST, allowed)).toEqual({
      status: 'verified',
      signer: 'key keys/release.pub',
    });
  });

  test('is invalid for another image digest: the payload names the digest it signs', () => {
    expect(verifyKeySignature(payload, signature, OTHER, allowed)).toEqual({
      status: 'invalid',
      reason: `the payload signs ${DIGEST}, not this image's ${OTHER}`,
    });
  });

  test('a payload changed to name this image does not verify with the key', () => {
    const forged = payloadFor(OTHER);
    expect(verifyKeySignature(forged, signature, OTHER, allowed)).toEqual({
      status: 'untrusted-signer',
      signer: 'an unknown key',
      reason:
        'the signature over this payload verifies with none of the allowed keys (key keys/release.pub): ' +
        'another key signed it, or the payload or signature changed after signing',
    });
  });

  test('a changed byte of the payload outside the digest does not verify', () => {
    const tampered = payloadFor(DIGEST, 'registry.example/acme/apq');
    expect(verifyKeySignature(tampered, signature, DIGEST, allowed).status).toBe('untrusted-signer');
  });

  test('a signature by a key the policy does not name is an untrusted signer', () => {
    const stranger = keyPair(kind);
    const strangers = cosignSign(kind, stranger.privateKey, payload);
    expect(verifyKeySignature(payload, strangers, DIGEST, allowed)).toMatchObject({
      status: 'untrusted-signer',
      reason: expect.stringContaining('none of the allowed keys (key keys/release.pub)'),
    });
    // …and the same signature verifies once the policy names that key too.
    const both = [...allowed, signer(stranger.publicPem, 'keys/other.pub')];
    expect(verifyKeySignature(payload, strangers, DIGEST, both)).toEqual({
      status: 'verified',
      signer: 'key keys/other.pub',
    });
  });
});

describe('cosign key signatures: what is refused before any key is tried', () => {
  const { privateKey, publicPem } = keyPair('P-256');
  const allowed = [signer(publicPem, 'k.pub')];

  test('a payload that is not JSON', () => {
    const payload = Buffer.from('not json');
    expect(verifyKeySignature(payload, cosignSign('P-256', privateKey, payload), DIGEST, allowed)).toEqual({
      status: 'invalid',
      reason: 'the payload is not JSON (expected a cosign simple-signing payload)',
    });
  });

  test('a JSON payload of another kind', () => {
    const payload = Buffer.from(JSON.stringify({ critical: { type: 'something else', image: {} } }));
    expect(verifyKeySignature(payload, cosignSign('P-256', privateKey, payload), DIGEST, allowed)).toEqual({
      status: 'invalid',
      reason: 'the payload is not a simple-signing payload (critical.type)',
    });
  });

  test('a signature annotation that is not base64', () => {
    expect(verifyKeySignature(payloadFor(DIGEST), 'not base64!', DIGEST, allowed)).toEqual({
      status: 'invalid',
      reason: 'the signature annotation is not base64',
    });
  });

  test('a policy with only keyless identities does not accept a key signature', () => {
    const payload = payloadFor(DIGEST);
    const identities: Signer[] = [
      { kind: 'identity', issuer: 'https://token.actions.githubusercontent.com', subject: 'x' },
    ];
    expect(verifyKeySignature(payload, cosignSign('P-256', privateKey, payload), DIGEST, identities)).toEqual({
      status: 'untrusted-signer',
      signer: 'a public key',
      reason: 'signed with a key, but the policy allows only keyless identities',
    });
  });
});

describe('parsePublicKey', () => {
  test('refuses what is not a PEM public key, and curves cosign does not use', () => {
    expect(parsePublicKey('hello')).toEqual({
      problem: 'not a PEM public key (expected -----BEGIN PUBLIC KEY-----)',
    });
    const k1 = generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'pem' });
    expect(parsePublicKey(k1.toString())).toEqual({
      problem: 'ECDSA curve secp256k1 is not supported (expected P-256 or P-384)',
    });
    const x = generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'pem' });
    expect(parsePublicKey(x.toString())).toEqual({
      problem: 'x25519 keys are not supported (expected ECDSA P-256/P-384, Ed25519 or RSA)',
    });
  });
});
