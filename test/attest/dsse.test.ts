import { generateKeyPairSync } from 'node:crypto';
import {
  IN_TOTO_PAYLOAD_TYPE,
  preAuthEncoding,
  publicKeyPem,
  signEnvelope,
  verifyEnvelope,
} from '../../src/attest/dsse.js';

test('PAE is the DSSE v1 encoding (the spec example)', () => {
  expect(preAuthEncoding('http://example.com/HelloWorld', Buffer.from('hello world')).toString()).toBe(
    'DSSEv1 29 http://example.com/HelloWorld 11 hello world',
  );
  // Lengths are bytes, not characters: a multi-byte payload type must not shift the boundary.
  expect(preAuthEncoding('é', Buffer.from('ü')).toString()).toBe('DSSEv1 2 é 2 ü');
});

describe.each([
  ['ECDSA P-256', () => generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ['Ed25519', () => generateKeyPairSync('ed25519')],
])('%s', (_name, generate) => {
  const { privateKey } = generate();
  const payload = Buffer.from('{"_type":"https://in-toto.io/Statement/v1"}');
  const envelope = signEnvelope(payload, IN_TOTO_PAYLOAD_TYPE, privateKey);

  test('the envelope verifies with the public key', () => {
    expect(envelope.payloadType).toBe(IN_TOTO_PAYLOAD_TYPE);
    expect(Buffer.from(envelope.payload, 'base64').equals(payload)).toBe(true);
    expect(verifyEnvelope(envelope, publicKeyPem(privateKey))).toBe(true);
  });

  test('a changed payload, payload type or signature, or another key, fails', () => {
    const flipped = Buffer.from(payload);
    flipped.writeUInt8(flipped.readUInt8(5) ^ 1, 5);
    expect(verifyEnvelope({ ...envelope, payload: flipped.toString('base64') }, publicKeyPem(privateKey))).toBe(false);
    expect(verifyEnvelope({ ...envelope, payloadType: 'application/json' }, publicKeyPem(privateKey))).toBe(false);
    const sig = Buffer.from(envelope.signatures[0]!.sig, 'base64');
    sig.writeUInt8(sig.readUInt8(sig.length - 1) ^ 1, sig.length - 1);
    expect(
      verifyEnvelope({ ...envelope, signatures: [{ sig: sig.toString('base64') }] }, publicKeyPem(privateKey)),
    ).toBe(false);
    expect(verifyEnvelope(envelope, publicKeyPem(generate().privateKey))).toBe(false);
  });
});
