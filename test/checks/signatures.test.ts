import { checkSignatures } from '../../src/checks/signatures.js';
import type { CheckContext } from '../../src/checks/context.js';
import type { SignatureFacts, SignedSubject } from '../../src/signature/signature-facts.js';

/** The pure signature checks: which rule, when, and messages that escape what registries wrote. */

const context = (signatures: SignatureFacts): CheckContext =>
  ({
    imageRepository: 'registry.test/app',
    imageLocation: { kind: 'source', path: 'Dockerfile', line: 9, column: 1 },
    signatures,
  }) as unknown as CheckContext;

const subject = (signatures: SignedSubject['signatures'], notes: string[] = []): SignedSubject => ({
  reference: 'registry.test/app:1',
  digest: `sha256:${'a'.repeat(64)}`,
  signatures,
  notes,
  signers: ['key keys/app.pub'],
});

const verified = { source: 'sig 1', outcome: { status: 'verified' as const, signer: 'key keys/app.pub' } };
const invalid = { source: 'sig 2', outcome: { status: 'invalid' as const, reason: 'the payload changed' } };
const foreign = {
  source: 'sig 3',
  outcome: { status: 'untrusted-signer' as const, signer: 'an unknown key', reason: 'another key signed it' },
};

const run = (image: SignatureFacts['image']) =>
  checkSignatures(context({ ...(image ? { image } : {}), bases: [], trustRoot: 'test' }));

test('one verified signature satisfies the policy, whatever else is attached', () => {
  expect(run({ ...subject([invalid, verified, foreign]), required: true })).toEqual([]);
});

test('none at all: signature/missing only when required', () => {
  expect(run({ ...subject([]), required: false })).toEqual([]);
  expect(run({ ...subject([]), required: true }).map((finding) => finding.ruleId)).toEqual(['signature/missing']);
});

test('broken beats foreign: invalid when any is broken, untrusted-signer when all are valid but foreign', () => {
  expect(run({ ...subject([foreign, invalid]), required: false }).map((finding) => finding.ruleId)).toEqual([
    'signature/invalid',
  ]);
  expect(run({ ...subject([foreign]), required: false }).map((finding) => finding.ruleId)).toEqual([
    'signature/untrusted-signer',
  ]);
});

test('an image that could not be looked at is no finding (the stage warned)', () => {
  expect(run({ required: true, unavailable: 'local build' })).toEqual([]);
});

test('registry text is escaped in Markdown and the notes are named; the location is the image-wide one', () => {
  const hostile = { source: 'x | <img src=x onerror=alert(1)> [a](http://evil)', outcome: invalid.outcome };
  const [finding] = run({
    ...subject([hostile], ['the referrers of sha256:b could not be read: HTTP 500']),
    required: true,
  });
  expect(finding?.location).toEqual({ kind: 'source', path: 'Dockerfile', line: 9, column: 1 });
  expect(finding?.message).toBe(
    `The image \`registry.test/app:1\` must be signed by one of key keys/app.pub; 1 signature found on sha256:${'a'.repeat(64)}, none verifies by an allowed signer: (1) x | <img src=x onerror=alert(1)> [a](http://evil): invalid, the payload changed. Not readable: the referrers of sha256:b could not be read: HTTP 500.`,
  );
  expect(finding?.messageMarkdown).not.toContain('<img');
  expect(finding?.messageMarkdown).not.toMatch(/[^\\]\]\(/);
  expect(finding?.messageMarkdown).not.toMatch(/[^\\]\|/);
});
