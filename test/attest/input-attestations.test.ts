import { inputAttestations } from '../../src/attest/input-attestations.js';
import type { ProvenanceFacts } from '../../src/provenance/types.js';
import type { SignatureFacts } from '../../src/signature/signature-facts.js';

const hex = (char: string) => char.repeat(64);
const provenance = (name: string, digest: string | undefined, signature?: ProvenanceFacts['signature']) =>
  ({
    predicateType: 'https://slsa.dev/provenance/v1',
    origin: name,
    builderId: 'b',
    materials: [],
    enveloped: signature !== undefined,
    ...(digest ? { digest } : {}),
    ...(signature ? { signature } : {}),
  }) satisfies ProvenanceFacts;

describe('the evidence a verification summary names', () => {
  test('verified signatures of the image and bases, each blob once; failed ones are not evidence', () => {
    const facts: SignatureFacts = {
      trustRoot: 'public-good',
      image: {
        required: true,
        reference: 'r/app',
        digest: `sha256:${hex('0')}`,
        notes: [],
        signers: [],
        signatures: [
          { source: 'app sig', digest: `sha256:${hex('a')}`, outcome: { status: 'verified', signer: 'key k' } },
          { source: 'app bad', digest: `sha256:${hex('b')}`, outcome: { status: 'invalid', reason: 'tampered' } },
        ],
      },
      bases: [1, 2].map((line) => ({
        reference: 'r/base',
        match: 'r/**',
        from: { kind: 'source' as const, path: 'Dockerfile', line },
        notes: [],
        signers: [],
        signatures: [
          { source: 'base sig', digest: `sha256:${hex('c')}`, outcome: { status: 'verified' as const, signer: 'k' } },
          {
            source: 'base stranger',
            digest: `sha256:${hex('d')}`,
            outcome: { status: 'untrusted-signer' as const, signer: 'x', reason: 'not allowed' },
          },
        ],
      })),
    };
    expect(inputAttestations(facts, undefined)).toEqual([
      { name: 'app sig', digest: { sha256: hex('a') } },
      { name: 'base sig', digest: { sha256: hex('c') } },
    ]);
  });

  test('provenance: every document read when no signers are named; only verified ones when they are', () => {
    const unsignedPolicy = [provenance('buildkit', `sha256:${hex('1')}`), provenance('no blob', undefined)];
    expect(inputAttestations(undefined, unsignedPolicy)).toEqual([{ name: 'buildkit', digest: { sha256: hex('1') } }]);
    const signedPolicy = [
      provenance('attested', `sha256:${hex('2')}`, { status: 'verified', signer: 'identity' }),
      provenance('unsigned', `sha256:${hex('3')}`, { status: 'unsigned', reason: 'bare statement' }),
      provenance('forged', `sha256:${hex('4')}`, { status: 'invalid', reason: 'tampered' }),
    ];
    expect(inputAttestations(undefined, signedPolicy)).toEqual([{ name: 'attested', digest: { sha256: hex('2') } }]);
  });

  test('a digest that is not sha256 hex is not evidence', () => {
    expect(inputAttestations(undefined, [provenance('odd', 'sha512:abc')])).toEqual([]);
  });
});
