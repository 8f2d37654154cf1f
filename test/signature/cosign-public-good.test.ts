import { readFileSync } from 'node:fs';
import { verifyCosignSignature, COSIGN_ANNOTATIONS } from '../../src/signature/verify-cosign-signature.js';
import { publicGoodTrustRoot } from '../../src/signature/trusted-root.js';
import type { Signer } from '../../src/signature/signer-policy.js';

/**
 * A real cosign keyless signature (tag scheme) made against the public-good Fulcio and Rekor
 * (test/fixtures/cosign-public-good/SOURCE.md): what the test kit makes is checked the same way as what cosign made.
 */
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/cosign-public-good/layer.json', import.meta.url), 'utf8'),
) as { imageDigest: string; payload: string; layer: { annotations: Record<string, string> } };
const payload = Buffer.from(fixture.payload);
const annotations = fixture.layer.annotations;
const ISSUER = 'https://github.com/login/oauth';
const SUBJECT = 'salrashid123@gmail.com';
const signers: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: SUBJECT }];
const trust = publicGoodTrustRoot();
const verify = (changed: Record<string, string> = annotations, bytes = payload, list = signers) =>
  verifyCosignSignature({ payload: bytes, annotations: changed }, fixture.imageDigest, trust, list);

function flipped(text: string): string {
  const bytes = Buffer.from(text, 'base64');
  bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 1;
  return bytes.toString('base64');
}

describe('a real public-good cosign keyless signature', () => {
  test('verifies offline with the shipped trust root, long after its certificate expired', () => {
    expect(verify()).toEqual({ status: 'verified', signer: `${SUBJECT} from ${ISSUER}` });
  });

  test('another identity or issuer is an untrusted signer', () => {
    expect(
      verify(annotations, payload, [{ kind: 'identity', issuer: ISSUER, subject: 'someone@else.test' }]),
    ).toMatchObject({ status: 'untrusted-signer', signer: `${SUBJECT} from ${ISSUER}` });
    expect(
      verify(annotations, payload, [{ kind: 'identity', issuer: 'https://accounts.google.com', subject: SUBJECT }]),
    ).toEqual({
      status: 'untrusted-signer',
      signer: `${SUBJECT} from ${ISSUER}`,
      reason: `signed by ${SUBJECT} with a token from issuer ${ISSUER}, but the policy allows that subject only from https://accounts.google.com`,
    });
  });

  test('it signs only its own image', () => {
    expect(verifyCosignSignature({ payload, annotations }, `sha256:${'0'.repeat(64)}`, trust, signers)).toEqual({
      status: 'invalid',
      reason: `the payload signs ${fixture.imageDigest}, not this image's sha256:${'0'.repeat(64)}`,
    });
  });

  describe('one bit flipped fails', () => {
    const rekor = JSON.parse(annotations[COSIGN_ANNOTATIONS.bundle]!) as {
      SignedEntryTimestamp: string;
      Payload: { body: string; integratedTime: number };
    };
    const withBundle = (changed: object) => ({ ...annotations, [COSIGN_ANNOTATIONS.bundle]: JSON.stringify(changed) });
    const certificate = annotations[COSIGN_ANNOTATIONS.certificate]!;
    const certBody = certificate.replace(/-----[A-Z ]+-----/g, '').replace(/\s+/g, '');
    test.each([
      [
        'signature',
        { ...annotations, [COSIGN_ANNOTATIONS.signature]: flipped(annotations[COSIGN_ANNOTATIONS.signature]!) },
      ],
      ['signed entry timestamp', withBundle({ ...rekor, SignedEntryTimestamp: flipped(rekor.SignedEntryTimestamp) })],
      ['log body', withBundle({ ...rekor, Payload: { ...rekor.Payload, body: flipped(rekor.Payload.body) } })],
      [
        'integrated time',
        withBundle({ ...rekor, Payload: { ...rekor.Payload, integratedTime: rekor.Payload.integratedTime - 1 } }),
      ],
      [
        'certificate',
        {
          ...annotations,
          [COSIGN_ANNOTATIONS.certificate]: `-----BEGIN CERTIFICATE-----\n${flipped(certBody)}\n-----END CERTIFICATE-----\n`,
        },
      ],
    ])('%s', (_label, changed) => {
      expect(verify(changed).status).toBe('invalid');
    });
    test('payload', () => {
      expect(verify(annotations, Buffer.from(fixture.payload.replace('server_image', 'server_imagf'))).status).toBe(
        'invalid',
      );
    });
  });
});
