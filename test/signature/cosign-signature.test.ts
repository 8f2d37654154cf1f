import { verifyCosignSignature } from '../../src/signature/verify-cosign-signature.js';
import { compileSubjectRegExp, type Signer } from '../../src/signature/signer-policy.js';
import {
  COSIGN_BUNDLE,
  COSIGN_CERTIFICATE,
  COSIGN_SIGNATURE,
  cosignSignature,
  flipBase64,
  flipPem,
  makeSigningKey,
  makeSigstoreKit,
  makeTestFulcio,
  makeTestLog,
  loadTestTrustRoot,
  rekorBundleOf as rekorBundle,
  simpleSigningPayload,
  withAnnotation,
  type CosignSignatureLayer,
} from '../support/sigstore-kit.js';

/**
 * cosign's tag scheme (`sha256-<digest>.sig` layers), signed in the test with the test CA and Rekor: each way a
 * signature can fail is its own precise outcome, and what verifies is exactly what cosign would accept.
 */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const OTHER = `sha256:${'cd'.repeat(32)}`;
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const WHO = `${SUBJECT} from ${ISSUER}`;
const identity = { issuer: ISSUER, subject: SUBJECT };
const signers: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: SUBJECT }];

const kit = makeSigstoreKit();
const trust = kit.trustRoot;
const verify = (layer: CosignSignatureLayer, list: readonly Signer[] = signers, digest = DIGEST) =>
  verifyCosignSignature({ payload: layer.payload, annotations: layer.annotations }, digest, trust, list);
const keyless = (options: Partial<Parameters<typeof kit.cosignSignature>[0]> = {}) =>
  kit.cosignSignature({ digest: DIGEST, signer: { identity }, ...options });
const seconds = (date: Date): string => new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString();

describe('keyless cosign signatures (tag scheme)', () => {
  test('verify for the digest they name, and name the signer', () => {
    expect(verify(keyless())).toEqual({ status: 'verified', signer: WHO });
  });

  test.each(['v1', 'v2'] as const)('an email subject and only the %s issuer extension verify', (issuerExtension) => {
    const email = { issuer: 'https://accounts.google.com', subject: 'release@acme.test' };
    const layer = keyless({ signer: { identity: email, leaf: { issuerExtension } } });
    expect(verify(layer, [{ kind: 'identity', ...email }])).toEqual({
      status: 'verified',
      signer: 'release@acme.test from https://accounts.google.com',
    });
  });

  test('a subject regular expression (re2js, whole subject) admits the signer', () => {
    const compiled = compileSubjectRegExp('https://github\\.com/acme/.+@refs/heads/main');
    if (!('pattern' in compiled)) throw new Error(compiled.problem);
    const bySubject: Signer[] = [
      { kind: 'identity', issuer: ISSUER, subjectRegExp: { text: 'x', pattern: compiled.pattern } },
    ];
    expect(verify(keyless(), bySubject).status).toBe('verified');
  });

  test('a tampered payload (still naming this digest) is invalid: it is not what the log recorded', () => {
    const layer = keyless();
    const tampered = { ...layer, payload: simpleSigningPayload(DIGEST, 'registry.test/evil') };
    expect(verify(tampered)).toEqual({
      status: 'invalid',
      reason:
        'the signed content is not what the transparency-log entry records (its SHA-256 differs): it changed after ' +
        'signing (TLOG_BODY_ERROR: digest mismatch)',
    });
  });

  test('a payload for another digest is invalid before any cryptography', () => {
    expect(verify(keyless(), signers, OTHER)).toEqual({
      status: 'invalid',
      reason: `the payload signs ${DIGEST}, not this image's ${OTHER}`,
    });
  });

  test('a certificate expired when the log recorded the signature is invalid, with both times', () => {
    const notBefore = new Date(Date.now() - 3600_000);
    const notAfter = new Date(Date.now() - 3000_000);
    const layer = keyless({ signer: { identity, leaf: { notBefore, notAfter } } });
    const logged = new Date(rekorBundle(layer).Payload.integratedTime * 1000);
    expect(verify(layer)).toEqual({
      status: 'invalid',
      reason:
        `the certificate expired at ${seconds(notAfter)}, before the log recorded the signature at ` +
        `${logged.toISOString()} (CERTIFICATE_ERROR: Failed to verify certificate chain: ` +
        'certificate is not valid or expired at the specified date)',
    });
  });

  test('a certificate not yet valid at the log time is invalid', () => {
    const layer = keyless({ signer: { identity, leaf: { notBefore: new Date(Date.now() + 3600_000) } } });
    expect(verify(layer)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(
        /^the certificate was not yet valid \(from .*\) when the log recorded the signature at /,
      ),
    });
  });

  test('a log time moved into the certificate validity breaks the signed entry timestamp', () => {
    const notBefore = new Date(Date.now() - 3600_000);
    const layer = keyless({ signer: { identity, leaf: { notBefore, notAfter: new Date(Date.now() - 3000_000) } } });
    const rekor = rekorBundle(layer);
    rekor.Payload.integratedTime = Math.floor(notBefore.getTime() / 1000) + 60;
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, JSON.stringify(rekor)))).toEqual({
      status: 'invalid',
      reason:
        'the transparency-log signed entry timestamp does not verify against test trust root ' +
        '(TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified)',
    });
  });

  test('a certificate from a CA outside the trust root is invalid and names its issuer', () => {
    const stranger = makeTestFulcio({ name: 'stranger-fulcio' });
    const layer = cosignSignature(
      { fulcio: stranger, log: kit.log, ctlog: kit.ctlog },
      { digest: DIGEST, signer: { identity } },
    );
    expect(verify(layer)).toEqual({
      status: 'invalid',
      reason:
        'the certificate, issued by O=imagegate-test, CN=stranger-fulcio-intermediate, does not chain to a ' +
        "certificate authority of test trust root valid at the log's time " +
        '(CERTIFICATE_ERROR: Failed to verify certificate chain: no valid certificate path found)',
    });
  });

  test('no log entry (no Rekor bundle annotation) is invalid', () => {
    expect(verify(keyless({ log: false }))).toEqual({
      status: 'invalid',
      reason:
        'a keyless signature without a transparency-log entry (no dev.sigstore.cosign/bundle annotation): ' +
        'nothing shows the short-lived certificate was valid when it signed',
    });
  });

  test('a bad signed entry timestamp is invalid', () => {
    const layer = keyless();
    const rekor = rekorBundle(layer);
    rekor.SignedEntryTimestamp = flipBase64(rekor.SignedEntryTimestamp);
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, JSON.stringify(rekor)))).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('(TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified)'),
    });
  });

  test('an entry from a log the trust root does not list is invalid and names the log', () => {
    const otherLog = makeTestLog();
    const layer = cosignSignature(
      { fulcio: kit.fulcio, log: otherLog, ctlog: kit.ctlog },
      { digest: DIGEST, signer: { identity } },
    );
    expect(verify(layer)).toEqual({
      status: 'invalid',
      reason:
        `the transparency-log entry is from log ${otherLog.logId.toString('hex')}, which test trust root does not ` +
        'list (TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified)',
    });
  });

  test('a wrong identity is an untrusted signer naming who signed', () => {
    const other: Signer[] = [
      { kind: 'identity', issuer: ISSUER, subject: 'https://github.com/acme/other/x@refs/heads/main' },
    ];
    expect(verify(keyless(), other)).toEqual({
      status: 'untrusted-signer',
      signer: WHO,
      reason: `signed by ${WHO}, which is none of the allowed identities (https://github.com/acme/other/x@refs/heads/main from ${ISSUER})`,
    });
  });

  test('a wrong issuer is an untrusted signer naming both issuers', () => {
    const layer = keyless({ signer: { identity: { issuer: 'https://issuer.evil.test', subject: SUBJECT } } });
    expect(verify(layer)).toEqual({
      status: 'untrusted-signer',
      signer: `${SUBJECT} from https://issuer.evil.test`,
      reason: `signed by ${SUBJECT} with a token from issuer https://issuer.evil.test, but the policy allows that subject only from ${ISSUER}`,
    });
  });

  test('a policy of keys only does not accept a keyless signature', () => {
    const key = makeSigningKey();
    expect(verify(keyless(), [{ kind: 'key', key: key.publicKey, label: 'k.pub' }])).toEqual({
      status: 'untrusted-signer',
      signer: WHO,
      reason: `signed keylessly by ${WHO}, but the policy allows only keys`,
    });
  });

  test("another signature's bytes in the signature annotation are invalid: the log recorded another", () => {
    const layer = keyless();
    const foreign = keyless().annotations[COSIGN_SIGNATURE]!;
    expect(verify(withAnnotation(layer, COSIGN_SIGNATURE, foreign))).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('(TLOG_BODY_ERROR: signature mismatch)'),
    });
  });

  test('a certificate swapped for another one is invalid: the log recorded another', () => {
    const layer = keyless();
    expect(verify(withAnnotation(layer, COSIGN_CERTIFICATE, keyless().annotations[COSIGN_CERTIFICATE]))).toEqual({
      status: 'invalid',
      reason: 'the transparency-log entry records another certificate than the one in the signature layer',
    });
  });

  test('a certificate without an SCT, under a trust root listing a CT log, is invalid', () => {
    const layer = keyless({ signer: { identity, leaf: { ctlog: undefined } } });
    expect(verify(layer)).toEqual({
      status: 'invalid',
      reason:
        'the certificate carries no signed certificate timestamp from a CT log of test trust root ' +
        '(CERTIFICATE_ERROR: expected 1 SCTs, got 0)',
    });
  });

  test('under a trust root listing no CT log (private Fulcio), no SCT is required', () => {
    const privateKit = makeSigstoreKit({ ctlog: false });
    const layer = privateKit.cosignSignature({ digest: DIGEST, signer: { identity } });
    expect(verifyCosignSignature(layer, DIGEST, privateKit.trustRoot, signers)).toEqual({
      status: 'verified',
      signer: WHO,
    });
  });

  test('what is not a signature layer is refused with what is wrong', () => {
    const layer = keyless();
    expect(verify(withAnnotation(layer, COSIGN_SIGNATURE, undefined))).toEqual({
      status: 'invalid',
      reason: 'the signature layer has no dev.cosignproject.cosign/signature annotation',
    });
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, '{"SignedEntryTimestamp":"x","Payload":{}}'))).toEqual({
      status: 'invalid',
      reason: 'the dev.sigstore.cosign/bundle annotation is not a Rekor bundle (Payload.body)',
    });
    expect(verify(withAnnotation(layer, COSIGN_CERTIFICATE, 'password=hunter2'))).toEqual({
      status: 'invalid',
      reason: 'the dev.sigstore.cosign/certificate annotation is not a PEM certificate',
    });
    const rekor = rekorBundle(layer);
    rekor.Payload.body = Buffer.from('{"kind":"rekord","apiVersion":"0.0.1"}').toString('base64');
    expect(verify(withAnnotation(layer, COSIGN_BUNDLE, JSON.stringify(rekor)))).toEqual({
      status: 'invalid',
      reason: "the transparency-log entry is a rekord 0.0.1 entry; imagegate reads cosign's hashedrekord 0.0.1",
    });
  });

  describe('one bit flipped anywhere signed fails', () => {
    const layer = keyless();
    const rekor = rekorBundle(layer);
    const cases: [string, CosignSignatureLayer][] = [
      ['the signature', withAnnotation(layer, COSIGN_SIGNATURE, flipBase64(layer.annotations[COSIGN_SIGNATURE]!))],
      ['the payload', { ...layer, payload: Buffer.from(layer.payload.toString().replace('registry', 'registrz')) }],
      ['the certificate', withAnnotation(layer, COSIGN_CERTIFICATE, flipPem(layer.annotations[COSIGN_CERTIFICATE]!))],
      [
        'the SET',
        withAnnotation(
          layer,
          COSIGN_BUNDLE,
          JSON.stringify({ ...rekor, SignedEntryTimestamp: flipBase64(rekor.SignedEntryTimestamp) }),
        ),
      ],
      [
        'the log body',
        withAnnotation(
          layer,
          COSIGN_BUNDLE,
          JSON.stringify({ ...rekor, Payload: { ...rekor.Payload, body: flipBase64(rekor.Payload.body) } }),
        ),
      ],
      [
        'the log index',
        withAnnotation(
          layer,
          COSIGN_BUNDLE,
          JSON.stringify({ ...rekor, Payload: { ...rekor.Payload, logIndex: rekor.Payload.logIndex + 1 } }),
        ),
      ],
    ];
    test.each(cases)('%s', (_label, changed) => {
      expect(verify(changed).status).toBe('invalid');
    });
  });
});

describe("the trust root's validity periods count at the log's time", () => {
  const yesterday = new Date(Date.now() - 24 * 3600_000);
  type RootJson = {
    certificateAuthorities: { validFor: { end?: string } }[];
    tlogs: { publicKey: { validFor: { end?: string } } }[];
  };
  const rotated = (change: (root: RootJson) => void) => {
    const json = structuredClone(kit.trustedRootJson);
    change(json as unknown as RootJson);
    return loadTestTrustRoot(json, 'rotated root');
  };

  test('a CA the trust root retired before the log time is not trusted for it', () => {
    const retired = rotated((json) => {
      json.certificateAuthorities[0]!.validFor.end = yesterday.toISOString();
    });
    expect(verifyCosignSignature(keyless(), DIGEST, retired, signers)).toEqual({
      status: 'invalid',
      reason:
        'the certificate, issued by O=imagegate-test, CN=test-fulcio-intermediate, does not chain to a certificate ' +
        "authority of rotated root valid at the log's time (CERTIFICATE_ERROR: Failed to verify certificate chain)",
    });
  });

  test('a log key the trust root retired before the entry time does not vouch for it', () => {
    const retired = rotated((json) => {
      json.tlogs[0]!.publicKey.validFor.end = yesterday.toISOString();
    });
    const layer = keyless();
    const logged = new Date(rekorBundle(layer).Payload.integratedTime * 1000).toISOString();
    expect(verifyCosignSignature(layer, DIGEST, retired, signers)).toEqual({
      status: 'invalid',
      reason:
        `the transparency-log entry's time ${logged} is outside the validity of log ${kit.log.logId.toString('hex')} ` +
        `in rotated root (${kit.log.createdAt.toISOString()} to ${yesterday.toISOString()}) ` +
        '(TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified)',
    });
  });
});
