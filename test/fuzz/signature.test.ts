import fc from 'fast-check';
import { verifyCosignSignature } from '../../src/signature/verify-cosign-signature.js';
import type { Signer } from '../../src/signature/signer-policy.js';
import { COSIGN_ANNOTATIONS } from '../../src/signature/verify-cosign-signature.js';
import { verifyBundle } from '../../src/signature/verify-bundle.js';
import { makeSigningKey, makeSigstoreKit } from '../support/sigstore-kit.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';

/**
 * cosign signature layers as a registry may serve them, mutated: every input gives an outcome (never an exception,
 * never a stack in a reason), and a payload that is not the signed one never verifies.
 */
const DIGEST = `sha256:${'ab'.repeat(32)}`;
const identity = { issuer: 'https://issuer.test', subject: 'release@acme.test' };
const kit = makeSigstoreKit();
const key = makeSigningKey('P-256');
const signers: Signer[] = [
  { kind: 'identity', ...identity },
  { kind: 'key', key: key.publicKey, label: 'k.pub' },
];
const layers = [
  kit.cosignSignature({ digest: DIGEST, signer: { identity } }),
  kit.cosignSignature({ digest: DIGEST, signer: { key } }),
];
const FIELDS = ['payload', ...Object.values(COSIGN_ANNOTATIONS)] as const;

test(
  'cosign signature layers: an outcome for every input, and a changed payload never verifies',
  async () => {
    const seeds = layers.flatMap((layer) => [layer.payload.toString(), ...Object.values(layer.annotations)]);
    await fuzz(
      'cosign-signature',
      fc.tuple(
        fc.nat(layers.length - 1),
        fc.constantFrom(...FIELDS),
        mutatedText(seeds, ['"Payload":', '"body":', '-----']),
      ),
      ([which, field, text]) => {
        const layer = layers[which]!;
        const payload = field === 'payload' ? Buffer.from(text) : layer.payload;
        const annotations = field === 'payload' ? layer.annotations : { ...layer.annotations, [field]: text };
        const outcome = verifyCosignSignature({ payload, annotations }, DIGEST, kit.trustRoot, signers);
        if (!['verified', 'invalid', 'untrusted-signer'].includes(outcome.status)) throw new Error('no outcome');
        if ('reason' in outcome && /\n\s+at /.test(outcome.reason)) throw new Error(`a stack: ${outcome.reason}`);
        if (!payload.equals(layer.payload) && outcome.status === 'verified') {
          throw new Error(`a changed payload verified: ${text}`);
        }
      },
      300,
    );
  },
  FUZZ_TIMEOUT_MS,
);

test(
  'Sigstore bundles as a registry may serve them: an outcome for every input, and a changed artifact never verifies',
  async () => {
    const artifact = Buffer.from('{"schemaVersion":2}');
    const bundles = [
      kit.sigstoreBundle({ content: { artifact }, signer: { identity } }),
      kit.sigstoreBundle({ content: { artifact }, signer: { identity }, version: '0.1' }),
      kit.sigstoreBundle({ content: { artifact }, signer: { key } }),
      kit.sigstoreBundle({
        content: { dsse: { payload: Buffer.from('{"_type":"x"}'), payloadType: 'application/vnd.in-toto+json' } },
        signer: { identity },
      }),
    ].map((bundle) => JSON.stringify(bundle));
    await fuzz(
      'sigstore-bundle',
      fc.tuple(mutatedText(bundles, ['"tlogEntries":', '"inclusionPromise":', '"rawBytes":', '"$case"']), fc.boolean()),
      ([text, changeArtifact]) => {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          return;
        }
        const outcome = verifyBundle(json, changeArtifact ? Buffer.from('{}') : artifact, kit.trustRoot, signers);
        if ('reason' in outcome && /\n\s+at /.test(outcome.reason)) throw new Error(`a stack: ${outcome.reason}`);
        if (changeArtifact && outcome.status === 'verified' && !text.includes('dsseEnvelope')) {
          throw new Error(`another artifact verified: ${text}`);
        }
      },
      300,
    );
  },
  FUZZ_TIMEOUT_MS,
);
