import { verifyCosignSignature } from '../../src/signature/verify-cosign-signature.js';
import { parsePublicKey, type Signer } from '../../src/signature/signer-policy.js';
import {
  COSIGN_BUNDLE,
  cosignSignature,
  flipBase64,
  makeSigningKey,
  makeSigstoreKit,
  makeTestLog,
  rekorBundleOf as rekorBundle,
  simpleSigningPayload,
  withAnnotation,
  type CosignSignatureLayer,
} from '../support/sigstore-kit.js';

/**
 * cosign's tag scheme signed with a key (`cosign sign --key`), with and without the Rekor entry cosign uploads by
 * default: the key decides who signed; a Rekor entry, when present, must verify too.
 */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;
const kit = makeSigstoreKit();
const verify = (layer: CosignSignatureLayer, list: readonly Signer[], digest = DIGEST) =>
  verifyCosignSignature({ payload: layer.payload, annotations: layer.annotations }, digest, kit.trustRoot, list);

describe('cosign signatures made with a key (tag scheme)', () => {
  const key = makeSigningKey('P-256');
  const parsed = parsePublicKey(key.publicPem);
  if (!('key' in parsed)) throw new Error(parsed.problem);
  const keySigners: Signer[] = [{ kind: 'key', key: parsed.key, label: 'keys/release.pub' }];
  const keyed = (options: Partial<Parameters<typeof kit.cosignSignature>[0]> = {}) =>
    kit.cosignSignature({ digest: DIGEST, signer: { key }, ...options });

  test.each([
    ['with a Rekor entry', {}],
    ['without a Rekor entry (cosign --tlog-upload=false)', { log: false as const }],
  ])('verify %s', (_label, options) => {
    expect(verify(keyed(options), keySigners)).toEqual({ status: 'verified', signer: 'key keys/release.pub' });
  });

  test.each(['P-256', 'P-384', 'Ed25519', 'RSA'] as const)(
    'a %s key signature with its Rekor entry verifies (the log check signs as cosign does per key type)',
    (kind) => {
      const other = makeSigningKey(kind);
      const layer = kit.cosignSignature({ digest: DIGEST, signer: { key: other } });
      expect(verify(layer, [{ kind: 'key', key: other.publicKey, label: 'k.pub' }])).toEqual({
        status: 'verified',
        signer: 'key k.pub',
      });
      const rekor = rekorBundle(layer);
      rekor.SignedEntryTimestamp = flipBase64(rekor.SignedEntryTimestamp);
      expect(
        verify(withAnnotation(layer, COSIGN_BUNDLE, JSON.stringify(rekor)), [
          { kind: 'key', key: other.publicKey, label: 'k.pub' },
        ]).status,
      ).toBe('invalid');
    },
  );

  test('a key not among the signers is an untrusted signer', () => {
    const stranger = kit.cosignSignature({ digest: DIGEST, signer: { key: makeSigningKey('P-256') } });
    expect(verify(stranger, keySigners)).toEqual({
      status: 'untrusted-signer',
      signer: 'an unknown key',
      reason:
        'the signature over this payload verifies with none of the allowed keys (key keys/release.pub): ' +
        'another key signed it, or the payload or signature changed after signing',
    });
  });

  test('a tampered payload with a Rekor entry is invalid: the log says what was signed', () => {
    const layer = keyed();
    expect(verify({ ...layer, payload: simpleSigningPayload(DIGEST, 'registry.test/evil') }, keySigners)).toEqual({
      status: 'invalid',
      reason: 'the payload changed after signing: its SHA-256 is not the digest the transparency-log entry records',
    });
  });

  test('a payload for another digest is invalid', () => {
    expect(verify(keyed(), keySigners, OTHER)).toEqual({
      status: 'invalid',
      reason: `the payload signs ${DIGEST}, not this image's ${OTHER}`,
    });
  });

  test('a bad signed entry timestamp is invalid even though the key verifies', () => {
    const layer = keyed();
    const rekor = rekorBundle(layer);
    rekor.SignedEntryTimestamp = flipBase64(rekor.SignedEntryTimestamp);
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, JSON.stringify(rekor)), keySigners)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('TLOG_INCLUSION_PROMISE_ERROR'),
    });
  });

  test('an entry from a log the trust root does not list is invalid', () => {
    const otherLog = makeTestLog();
    const layer = cosignSignature({ fulcio: kit.fulcio, log: otherLog }, { digest: DIGEST, signer: { key } });
    expect(verify(layer, keySigners)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining(
        `from log ${otherLog.logId.toString('hex')}, which test trust root does not list`,
      ),
    });
  });

  test('a Rekor entry of another signature is invalid', () => {
    const layer = keyed();
    const foreign = keyed().annotations[COSIGN_BUNDLE]!;
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, foreign), keySigners)).toMatchObject({
      status: 'invalid',
    });
  });
});
