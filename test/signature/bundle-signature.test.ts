import { createHash } from 'node:crypto';
import { verifyBundle } from '../../src/signature/verify-bundle.js';
import type { Signer } from '../../src/signature/signer-policy.js';
import {
  makeSigningKey,
  makeSigstoreKit,
  makeTestFulcio,
  makeTestLog,
  sigstoreBundle,
} from '../support/sigstore-kit.js';

/**
 * Sigstore bundles (as attached through the OCI referrers API) signed in the test with the test CA and Rekor: the
 * same failure cases as the tag scheme, each a precise outcome, for message signatures and DSSE envelopes.
 */
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const WHO = `${SUBJECT} from ${ISSUER}`;
const identity = { issuer: ISSUER, subject: SUBJECT };
const signers: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: SUBJECT }];
const artifact = Buffer.from('{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}');
const digest = `sha256:${createHash('sha256').update(artifact).digest('hex')}`;
const statement = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [] }));
const dsse = { payload: statement, payloadType: 'application/vnd.in-toto+json' };

const kit = makeSigstoreKit();
const trust = kit.trustRoot;
type Entry = {
  integratedTime: string;
  inclusionPromise?: { signedEntryTimestamp: string };
  inclusionProof?: { hashes: string[] };
};
const entryOf = (bundle: Record<string, unknown>): Entry =>
  (bundle.verificationMaterial as { tlogEntries: Entry[] }).tlogEntries[0]!;
const flip = (text: string): string => {
  const bytes = Buffer.from(text, 'base64');
  bytes[bytes.length >> 1] = bytes[bytes.length >> 1]! ^ 1;
  return bytes.toString('base64');
};

describe.each([
  ['message signature v0.3', { content: { artifact }, version: '0.3' as const }],
  ['message signature v0.1', { content: { artifact }, version: '0.1' as const }],
  ['DSSE envelope v0.3', { content: { dsse }, version: '0.3' as const }],
])('keyless Sigstore bundle, %s', (_label, shape) => {
  const make = (options: Partial<Parameters<typeof kit.sigstoreBundle>[0]> = {}) =>
    kit.sigstoreBundle({ ...shape, signer: { identity }, ...options });
  const check = (bundle: Record<string, unknown>, list: readonly Signer[] = signers) =>
    verifyBundle(bundle, artifact, trust, list);

  test('verifies and names the signer', () => {
    expect(check(make())).toEqual({ status: 'verified', signer: WHO });
  });

  test('a certificate expired at the log time is invalid', () => {
    const notBefore = new Date(Date.now() - 3600_000);
    const bundle = make({ signer: { identity, leaf: { notBefore, notAfter: new Date(Date.now() - 3000_000) } } });
    expect(check(bundle)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(
        /^the certificate expired at .*, before the log recorded the signature at .*CERTIFICATE_ERROR/,
      ),
    });
  });

  test('a certificate of a CA outside the trust root is invalid', () => {
    const stranger = makeTestFulcio({ name: 'stranger-fulcio' });
    const bundle = sigstoreBundle(
      { fulcio: stranger, log: kit.log, ctlog: kit.ctlog },
      { ...shape, signer: { identity } },
    );
    expect(check(bundle)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('issued by O=imagegate-test, CN=stranger-fulcio-intermediate, does not chain'),
    });
  });

  test('no log entry is invalid', () => {
    expect(check(make({ log: false }))).toEqual({
      status: 'invalid',
      reason:
        'no transparency-log entry with a signed entry timestamp: nothing dates the signature ' +
        '(TIMESTAMP_ERROR: expected 1 timestamps, got 0)',
    });
  });

  test('a bad signed entry timestamp is invalid', () => {
    const bundle = make();
    const entry = entryOf(bundle);
    entry.inclusionPromise!.signedEntryTimestamp = flip(entry.inclusionPromise!.signedEntryTimestamp);
    expect(check(bundle)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('(TLOG_INCLUSION_PROMISE_ERROR: inclusion promise could not be verified)'),
    });
  });

  test('an entry of a log the trust root does not list is invalid', () => {
    const otherLog = makeTestLog();
    const bundle = sigstoreBundle(
      { fulcio: kit.fulcio, log: otherLog, ctlog: kit.ctlog },
      { ...shape, signer: { identity } },
    );
    expect(check(bundle)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining(
        `from log ${otherLog.logId.toString('hex')}, which test trust root does not list`,
      ),
    });
  });

  test('a wrong identity and a wrong issuer are untrusted signers', () => {
    const other: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: 'someone@acme.test' }];
    expect(check(make(), other)).toEqual({
      status: 'untrusted-signer',
      signer: WHO,
      reason: `signed by ${WHO}, which is none of the allowed identities (someone@acme.test from ${ISSUER})`,
    });
    const evil = make({ signer: { identity: { issuer: 'https://issuer.evil.test', subject: SUBJECT } } });
    expect(check(evil)).toMatchObject({
      status: 'untrusted-signer',
      reason: `signed by ${SUBJECT} with a token from issuer https://issuer.evil.test, but the policy allows that subject only from ${ISSUER}`,
    });
  });
});

describe('what a bundle signs', () => {
  test('a message signature over another artifact fails on the digest', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity } });
    expect(verifyBundle(bundle, Buffer.from('other'), trust, signers)).toMatchObject({
      status: 'invalid',
      reason: expect.stringMatching(/^the bundle signs digest [0-9a-f]{64}, not this artifact's sha256:/),
    });
    expect(verifyBundle(bundle, artifact, trust, signers, `sha256:${'0'.repeat(64)}`)).toEqual({
      status: 'invalid',
      reason: `the artifact is ${digest}, not the expected sha256:${'0'.repeat(64)}`,
    });
  });

  test('a DSSE payload changed after signing is invalid', () => {
    const bundle = kit.sigstoreBundle({ content: { dsse }, signer: { identity } });
    const envelope = bundle.dsseEnvelope as { payload: string };
    envelope.payload = Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [1] })).toString(
      'base64',
    );
    expect(verifyBundle(bundle, artifact, trust, signers)).toEqual({
      status: 'invalid',
      reason:
        'the signed content is not what the transparency-log entry records (its SHA-256 differs): it changed after ' +
        'signing (TLOG_BODY_ERROR: DSSE payload hash mismatch)',
    });
  });

  test('an inclusion proof that does not lead to the signed checkpoint is invalid', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity } });
    const proof = entryOf(bundle).inclusionProof!;
    proof.hashes[0] = flip(proof.hashes[0]!);
    expect(verifyBundle(bundle, artifact, trust, signers)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining(
        'TLOG_INCLUSION_PROOF_ERROR: calculated root hash does not match inclusion proof',
      ),
    });
  });
});

describe('Sigstore bundles signed with a key', () => {
  const key = makeSigningKey('P-256');
  const keySigners: Signer[] = [{ kind: 'key', key: key.publicKey, label: 'keys/release.pub' }];

  test.each(['P-384', 'Ed25519', 'RSA'] as const)(
    'a message signature with a %s key verifies, and not for another artifact',
    (kind) => {
      const other = makeSigningKey(kind);
      const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key: other } });
      const allowed: Signer[] = [{ kind: 'key', key: other.publicKey, label: 'k.pub' }];
      expect(verifyBundle(bundle, artifact, trust, allowed)).toEqual({ status: 'verified', signer: 'key k.pub' });
      expect(verifyBundle(bundle, Buffer.from('other'), trust, allowed).status).toBe('invalid');
    },
  );

  test('a P-384 bundle over another artifact names the SHA-384 digests', () => {
    const other = makeSigningKey('P-384');
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key: other } });
    const sha384 = (data: Buffer) => createHash('sha384').update(data).digest('hex');
    expect(verifyBundle(bundle, Buffer.from('other'), trust, [])).toEqual({
      status: 'invalid',
      reason: `the bundle signs sha384 digest ${sha384(artifact)}, not this artifact's sha384:${sha384(Buffer.from('other'))}`,
    });
  });

  test.each([
    ['message signature', { artifact }],
    ['DSSE envelope', { dsse }],
  ])('a %s verifies with the key', (_label, content) => {
    const bundle = kit.sigstoreBundle({ content, signer: { key } });
    expect(verifyBundle(bundle, artifact, trust, keySigners)).toEqual({
      status: 'verified',
      signer: 'key keys/release.pub',
    });
  });

  test('a key not among the signers is an untrusted signer', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key: makeSigningKey('P-256') } });
    expect(verifyBundle(bundle, artifact, trust, keySigners)).toEqual({
      status: 'untrusted-signer',
      signer: 'an unknown key',
      reason: 'the signature verifies with none of the allowed keys (key keys/release.pub)',
    });
  });

  test('a policy of identities only does not accept a key', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key } });
    expect(verifyBundle(bundle, artifact, trust, signers)).toEqual({
      status: 'untrusted-signer',
      signer: 'a public key',
      reason: 'signed with a public key, but the policy allows only keyless identities',
    });
  });

  test('a bad signed entry timestamp is invalid even though the key verifies', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key } });
    const entry = entryOf(bundle);
    entry.inclusionPromise!.signedEntryTimestamp = flip(entry.inclusionPromise!.signedEntryTimestamp);
    expect(verifyBundle(bundle, artifact, trust, keySigners)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('TLOG_INCLUSION_PROMISE_ERROR'),
    });
  });
});
