import { X509Certificate } from 'node:crypto';
import { verifyBundle } from '../../src/signature/verify-bundle.js';
import type { Signer } from '../../src/signature/signer-policy.js';
import { makeSigstoreKit, makeSigningKey } from '../support/sigstore-kit.js';

/** The test PKI itself: what it makes is what real Fulcio/Rekor make, as the maintained verifier reads it. */
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT = 'https://github.com/acme/app/.github/workflows/release.yml@refs/heads/main';
const identity = { issuer: ISSUER, subject: SUBJECT };
const signers: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: SUBJECT }];

describe('the test Sigstore kit', () => {
  const kit = makeSigstoreKit();

  test('its certificates parse with node and chain leaf → intermediate → root', () => {
    const layer = kit.cosignSignature({ digest: `sha256:${'ab'.repeat(32)}`, signer: { identity } });
    const leaf = new X509Certificate(layer.leaf!.der);
    const intermediate = new X509Certificate(kit.fulcio.intermediate.der);
    const root = new X509Certificate(kit.fulcio.root.der);
    expect(leaf.checkIssued(intermediate)).toBe(true);
    expect(leaf.verify(intermediate.publicKey)).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(root.ca).toBe(true);
    expect(leaf.ca).toBe(false);
    expect(leaf.subjectAltName).toBe(`URI:${SUBJECT}`);
    expect(
      new X509Certificate(kit.fulcio.issue({ identity: { issuer: ISSUER, subject: 'a@b.test' } }).der).subjectAltName,
    ).toBe('email:a@b.test');
  });

  test.each(['0.1', '0.3'] as const)(
    'a keyless v%s message-signature bundle verifies with SCT, SET and proof',
    (version) => {
      const artifact = Buffer.from('hello\n');
      const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity }, version });
      expect(verifyBundle(bundle, artifact, kit.trustRoot, signers)).toEqual({
        status: 'verified',
        signer: `${SUBJECT} from ${ISSUER}`,
      });
    },
  );

  test('a keyless DSSE bundle verifies', () => {
    const bundle = kit.sigstoreBundle({
      content: { dsse: { payload: Buffer.from('{"_type":"x"}'), payloadType: 'application/vnd.in-toto+json' } },
      signer: { identity },
    });
    expect(verifyBundle(bundle, Buffer.alloc(0), kit.trustRoot, signers).status).toBe('verified');
  });

  test('a keyed bundle verifies with its key', () => {
    const key = makeSigningKey('P-256');
    const artifact = Buffer.from('hello\n');
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { key } });
    const keySigners: Signer[] = [{ kind: 'key', key: key.publicKey, label: 'k.pub' }];
    expect(verifyBundle(bundle, artifact, kit.trustRoot, keySigners)).toEqual({
      status: 'verified',
      signer: 'key k.pub',
    });
  });
});

describe('each part the kit makes is one the verifier checks', () => {
  const kit = makeSigstoreKit();
  const artifact = Buffer.from('hello\n');

  test('a trust root with a CT log requires the SCT the kit embeds', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity, leaf: { ctlog: undefined } } });
    expect(verifyBundle(bundle, artifact, kit.trustRoot, signers)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('expected 1 SCTs, got 0'),
    });
  });

  test('the inclusion proof is checked against the signed checkpoint', () => {
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity } });
    const entry = (bundle.verificationMaterial as { tlogEntries: { inclusionProof: { hashes: string[] } }[] })
      .tlogEntries[0]!;
    expect(entry.inclusionProof.hashes.length).toBeGreaterThan(0);
    const hash = Buffer.from(entry.inclusionProof.hashes[0]!, 'base64');
    hash[0] = hash[0]! ^ 1;
    entry.inclusionProof.hashes[0] = hash.toString('base64');
    expect(verifyBundle(bundle, artifact, kit.trustRoot, signers)).toMatchObject({
      status: 'invalid',
      reason: expect.stringContaining('TLOG_INCLUSION_PROOF_ERROR'),
    });
  });

  test('another kit trusts none of it', () => {
    const other = makeSigstoreKit({ name: 'other-fulcio' });
    const bundle = kit.sigstoreBundle({ content: { artifact }, signer: { identity } });
    expect(verifyBundle(bundle, artifact, other.trustRoot, signers).status).toBe('invalid');
  });
});
