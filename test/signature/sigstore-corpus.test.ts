import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describeWhen } from '../support/gate.js';
import { sharedFile } from '../support/shared.js';
import { verifyBundle } from '../../src/signature/verify-bundle.js';
import { publicGoodTrustRoot } from '../../src/signature/trusted-root.js';
import { compileSubjectRegExp, type Signer } from '../../src/signature/signer-policy.js';

/**
 * The Sigstore conformance suite's real public-good bundles (../shared/corpus/sigstore/SOURCE.txt) against the
 * trusted root shipped in trust/: verified offline, long after their certificates expired (the log's time counts).
 */
const corpus = sharedFile('corpus', 'sigstore', 'a.txt');
const dir = corpus ? path.dirname(corpus) : '';
const ISSUER = 'https://token.actions.githubusercontent.com';
const SUBJECT =
  'https://github.com/sigstore-conformance/extremely-dangerous-public-oidc-beacon/.github/workflows/' +
  'extremely-dangerous-oidc-beacon.yml@refs/heads/main';
const A_TXT_DIGEST = 'sha256:a0cfc71271d6e278e57cd332ff957c3f7043fdda354c4cbb190a30d56efa01bf';
const signers: Signer[] = [{ kind: 'identity', issuer: ISSUER, subject: SUBJECT }];

const bundle = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(path.join(dir, name, 'bundle.sigstore.json'), 'utf8')) as Record<string, unknown>;

/** Every base64 field of the bundle that carries signed or signing material, by its JSON path. */
function base64Fields(value: unknown, at: string[] = []): string[][] {
  if (typeof value === 'string') return value.length >= 24 && /^[A-Za-z0-9+/]+={0,2}$/.test(value) ? [at] : [];
  if (Array.isArray(value)) return value.flatMap((item, index) => base64Fields(item, [...at, String(index)]));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => base64Fields(item, [...at, key]));
  }
  return [];
}

function flipped(json: Record<string, unknown>, at: string[]): Record<string, unknown> {
  const copy = structuredClone(json);
  let node = copy as Record<string, unknown>;
  for (const key of at.slice(0, -1)) node = node[key] as Record<string, unknown>;
  const last = at[at.length - 1]!;
  const bytes = Buffer.from(node[last] as string, 'base64');
  const middle = Math.floor(bytes.length / 2);
  bytes[middle] = bytes[middle]! ^ 0x01;
  node[last] = bytes.toString('base64');
  return copy;
}

describeWhen(corpus, 'the shared corpus (../shared/corpus/sigstore) is missing')('Sigstore public-good corpus', () => {
  const trust = publicGoodTrustRoot();
  const artifact = (): Buffer => readFileSync(path.join(dir, 'a.txt'));

  test.each(['happy-path-v0.1', 'happy-path-v0.3'])('%s verifies offline with its identity', (name) => {
    expect(verifyBundle(bundle(name), artifact(), trust, signers, A_TXT_DIGEST)).toEqual({
      status: 'verified',
      signer: `${SUBJECT} from ${ISSUER}`,
    });
  });

  test('a subject regular expression (re2js, whole subject) admits the same signer', () => {
    const compiled = compileSubjectRegExp('https://github\\.com/sigstore-conformance/.+@refs/heads/main');
    if (!('pattern' in compiled)) throw new Error(compiled.problem);
    const bySubjectPattern: Signer[] = [
      { kind: 'identity', issuer: ISSUER, subjectRegExp: { text: 'x', pattern: compiled.pattern } },
    ];
    expect(verifyBundle(bundle('happy-path-v0.3'), artifact(), trust, bySubjectPattern).status).toBe('verified');
    const partial = compileSubjectRegExp('https://github\\.com/sigstore-conformance/');
    if (!('pattern' in partial)) throw new Error(partial.problem);
    const prefixOnly: Signer[] = [
      { kind: 'identity', issuer: ISSUER, subjectRegExp: { text: 'p', pattern: partial.pattern } },
    ];
    expect(verifyBundle(bundle('happy-path-v0.3'), artifact(), trust, prefixOnly).status).toBe('untrusted-signer');
  });

  // The log entry is checked before the signature: the bundle's signature is not the one Rekor recorded.
  test('signature-mismatch_fail does not verify: the signature is not the one in the log', () => {
    const outcome = verifyBundle(bundle('signature-mismatch_fail'), artifact(), trust, signers, A_TXT_DIGEST);
    expect(outcome.status).toBe('invalid');
    expect(outcome).toMatchObject({
      reason:
        'the transparency-log entry records another signature, key or digest (TLOG_BODY_ERROR: signature mismatch)',
    });
  });

  test('a wrong identity is an untrusted signer that names who signed', () => {
    const otherSubject: Signer[] = [
      {
        kind: 'identity',
        issuer: ISSUER,
        subject: 'https://github.com/acme/x/.github/workflows/r.yml@refs/heads/main',
      },
    ];
    const outcome = verifyBundle(bundle('happy-path-v0.1'), artifact(), trust, otherSubject);
    expect(outcome).toEqual({
      status: 'untrusted-signer',
      signer: `${SUBJECT} from ${ISSUER}`,
      reason: expect.stringContaining(`signed by ${SUBJECT} from ${ISSUER}, which is none of the allowed identities`),
    });
  });

  test('a wrong issuer is an untrusted signer', () => {
    const otherIssuer: Signer[] = [{ kind: 'identity', issuer: 'https://accounts.google.com', subject: SUBJECT }];
    expect(verifyBundle(bundle('happy-path-v0.1'), artifact(), trust, otherIssuer).status).toBe('untrusted-signer');
  });

  test('another artifact (a changed a.txt) fails on the digest, before any signature is tried', () => {
    const outcome = verifyBundle(bundle('happy-path-v0.3'), Buffer.from('not a.txt\n'), trust, signers);
    expect(outcome).toEqual({
      status: 'invalid',
      reason: expect.stringMatching(/^the bundle signs digest a0cfc712.* not this artifact's sha256:/),
    });
    expect(verifyBundle(bundle('happy-path-v0.3'), artifact(), trust, signers, `sha256:${'0'.repeat(64)}`)).toEqual({
      status: 'invalid',
      reason: `the artifact is ${A_TXT_DIGEST}, not the expected sha256:${'0'.repeat(64)}`,
    });
  });

  describe.each(['happy-path-v0.1', 'happy-path-v0.3'])('%s with one bit flipped', (name) => {
    // `inclusionProof.rootHash` is an unsigned copy: the proof is checked against the root hash inside the signed
    // checkpoint (flipped below), so a flip there changes nothing that is trusted.
    const fields = corpus
      ? base64Fields(bundle(name)).filter(
          (at) => at.join('.') !== 'verificationMaterial.tlogEntries.0.inclusionProof.rootHash',
        )
      : [];
    test('covers the signature, certificate, log entry and proofs', () => {
      const joined = fields.map((at) => at.join('.'));
      expect(joined).toEqual(
        expect.arrayContaining([
          'messageSignature.signature',
          'messageSignature.messageDigest.digest',
          'verificationMaterial.tlogEntries.0.canonicalizedBody',
          'verificationMaterial.tlogEntries.0.inclusionPromise.signedEntryTimestamp',
          'verificationMaterial.tlogEntries.0.inclusionProof.hashes.0',
        ]),
      );
    });
    test.each(fields.map((at) => [at.join('.'), at] as const))('%s fails', (_label, at) => {
      const outcome = verifyBundle(flipped(bundle(name), at), artifact(), trust, signers);
      expect(outcome.status).toBe('invalid');
    });
  });

  test.each(['happy-path-v0.1', 'happy-path-v0.3'])(
    '%s with the root hash in the signed checkpoint changed fails',
    (name) => {
      const json = bundle(name);
      const proof = (
        json.verificationMaterial as { tlogEntries: { inclusionProof: { checkpoint: { envelope: string } } }[] }
      ).tlogEntries[0]!.inclusionProof;
      const lines = proof.checkpoint.envelope.split('\n');
      const root = Buffer.from(lines[2]!, 'base64');
      root[0] = root[0]! ^ 0x01;
      lines[2] = root.toString('base64');
      proof.checkpoint.envelope = lines.join('\n');
      expect(verifyBundle(json, artifact(), trust, signers)).toMatchObject({
        status: 'invalid',
        reason: expect.stringContaining('TLOG_INCLUSION_PROOF_ERROR'),
      });
    },
  );

  test('a missing transparency-log entry fails', () => {
    const json = bundle('happy-path-v0.3');
    (json.verificationMaterial as { tlogEntries: unknown[] }).tlogEntries = [];
    expect(verifyBundle(json, artifact(), trust, signers).status).toBe('invalid');
  });
});
