import { generateKeyPairSync } from 'node:crypto';
import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { loadSignaturePolicy } from '../../src/signature/load-signature-policy.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { WorkspacePaths } from '../../src/util/workspace-paths.js';
import { rejection } from '../support/rejection.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** Issue 15 item 1: the policy's `signatures:` section read, merged across `extends`, and its files loaded. */

let dir: PolicyDir;
beforeEach(async () => {
  dir = await makePolicyDir();
});
afterEach(async () => {
  await dir.remove();
});

const pem = (type: 'ec' | 'ed25519' | 'rsa', options: Record<string, unknown> = {}) =>
  generateKeyPairSync(type as 'ec', options as { namedCurve: string })
    .publicKey.export({ type: 'spki', format: 'pem' })
    .toString();

const load = (name = 'p.yml') => loadPolicy(dir.file(name), { displayPath: dir.display });
const files = () => ({ paths: WorkspacePaths.within([dir.root]), displayPath: dir.display });

describe('signatures:', () => {
  test('absent: the policy has no signatures (nothing is looked for)', async () => {
    await dir.write({ 'p.yml': 'version: 1\n' });
    expect((await load()).signatures).toBeUndefined();
  });

  test('keys, identities and the trust root, with the lines that name them; keys of every supported type load', async () => {
    await dir.write({
      'keys/p256.pub': pem('ec', { namedCurve: 'prime256v1' }),
      'keys/p384.pub': pem('ec', { namedCurve: 'secp384r1' }),
      'keys/ed.pub': pem('ed25519'),
      'keys/rsa.pub': pem('rsa', { modulusLength: 2048 }),
      'p.yml': [
        'version: 1',
        'signatures:',
        '  image:',
        '    required: true',
        '    signers:',
        '      - key: keys/p256.pub',
        '      - key: keys/p384.pub',
        '  bases:',
        '    - match: "cgr.dev/chainguard/**"',
        '      signers:',
        '        - issuer: https://token.actions.githubusercontent.com',
        "          subjectRegExp: '^https://github\\.com/chainguard-images/.*$'",
        '        - key: keys/ed.pub',
        '        - key: keys/rsa.pub',
        '',
      ].join('\n'),
    });
    const policy = await load();
    expect(policy.signatures?.image).toEqual({
      required: true,
      signers: [
        expect.objectContaining({
          kind: 'key',
          written: 'keys/p256.pub',
          source: expect.objectContaining({ line: 6 }),
        }),
        expect.objectContaining({
          kind: 'key',
          written: 'keys/p384.pub',
          source: expect.objectContaining({ line: 7 }),
        }),
      ],
    });
    expect(policy.signatures?.bases?.[0]?.match).toBe('cgr.dev/chainguard/**');
    const loaded = await loadSignaturePolicy(policy.signatures!, files());
    expect(loaded.trust.name).toBe('Sigstore public-good');
    expect(loaded.image?.signers.map((signer) => signer.kind)).toEqual(['key', 'key']);
    const identity = loaded.bases[0]!.signers[0]!;
    expect(
      identity.kind === 'identity' && identity.subjectRegExp?.pattern.matches('https://github.com/chainguard-images/x'),
    ).toBe(true);
    expect(
      loaded.bases[0]!.signers.slice(1).map((signer) => signer.kind === 'key' && signer.key.asymmetricKeyType),
    ).toEqual(['ed25519', 'rsa']);
  });

  test('extends: image, bases and trustedRoot each replace the extended file’s', async () => {
    await dir.write({
      'base.yml': [
        'version: 1',
        'signatures:',
        '  image: { required: true, signers: [{ key: keys/org.pub }] }',
        '  bases: [{ match: "docker.io/library/*", signers: [{ key: keys/org.pub }] }]',
        '  trustedRoot: org-root.json',
        '',
      ].join('\n'),
      'p.yml': [
        'version: 1',
        'extends: [base.yml]',
        'signatures:',
        '  bases: [{ match: "ghcr.io/acme/*", signers: [{ key: keys/team.pub }] }]',
        '',
      ].join('\n'),
    });
    const policy = await load();
    expect(policy.signatures?.image?.signers.map((signer) => signer.kind === 'key' && signer.written)).toEqual([
      'keys/org.pub',
    ]);
    expect(policy.signatures?.bases?.map((entry) => entry.match)).toEqual(['ghcr.io/acme/*']);
    expect(policy.signatures?.trustedRoot?.written).toBe('org-root.json');
  });

  test('a signer with both a key and an identity is a schema error at its line', async () => {
    await dir.write({
      'p.yml': [
        'version: 1',
        'signatures:',
        '  bases:',
        '    - match: "ghcr.io/acme/*"',
        '      signers:',
        '        - { key: keys/a.pub, issuer: https://issuer.example }',
        '',
      ].join('\n'),
    });
    const error = await rejection(load());
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/^p\.yml:6:/);
  });

  test('a subject pattern re2 rejects is exit 2 at its line', async () => {
    await dir.write({
      'p.yml': [
        'version: 1',
        'signatures:',
        '  image:',
        '    signers:',
        '      - issuer: https://issuer.example',
        "        subjectRegExp: '(a)\\1'",
        '',
      ].join('\n'),
    });
    const error = await rejection(load());
    expect(error.message).toMatch(
      /^p\.yml:6:24: `signatures\.image\.signers\[0\]\.subjectRegExp`: not a regular expression re2 accepts/,
    );
  });

  test('a key file outside the workspace, or an unsupported curve, is exit 2 at the policy line', async () => {
    await dir.write({
      'keys/k1.pub': pem('ec', { namedCurve: 'secp256k1' }),
      'p.yml': [
        'version: 1',
        'signatures:',
        '  image:',
        '    signers:',
        '      - key: keys/k1.pub',
        '      - key: ../../etc/passwd',
        '',
      ].join('\n'),
    });
    const policy = await load();
    const curve = await rejection(loadSignaturePolicy(policy.signatures!, files()));
    expect(curve.message).toBe(
      'p.yml:5:9: the public key keys/k1.pub is not usable: ECDSA curve secp256k1 is not supported (expected P-256 or P-384)',
    );
    await dir.write({ 'keys/k1.pub': pem('ec', { namedCurve: 'prime256v1' }) });
    const outside = await rejection(loadSignaturePolicy(policy.signatures!, files()));
    expect(outside.message).toMatch(
      /^p\.yml:6:9: the public key .*passwd is refused: it resolves to .*, outside the workspace/,
    );
  });

  test('a pull request that trusts more is a relaxation: required off, a signer added, a base dropped, another root', async () => {
    await dir.write({
      'base.yml': [
        'version: 1',
        'signatures:',
        '  image: { required: true, signers: [{ key: keys/app.pub }] }',
        '  bases:',
        '    - { match: "docker.io/library/*", signers: [{ key: keys/org.pub }] }',
        '    - { match: "ghcr.io/acme/*", signers: [{ key: keys/org.pub }] }',
        '',
      ].join('\n'),
      'head.yml': [
        'version: 1',
        'signatures:',
        '  image: { required: false, signers: [{ key: keys/app.pub }, { key: keys/mine.pub }] }',
        '  bases:',
        '    - { match: "ghcr.io/acme/*", signers: [{ key: keys/org.pub }] }',
        '  trustedRoot: my-root.json',
        '',
      ].join('\n'),
    });
    const changes = diffPolicies(await load('base.yml'), await load('head.yml'));
    expect(changes.map((change) => `${change.kind}: ${change.message}`)).toEqual([
      'relaxation: signatures.image.required: true → false',
      'relaxation: signatures.image.signers: adds key keys/mine.pub',
      'relaxation: signatures.bases[match=docker.io/library/*]: removed: bases matching it need no signature',
      'relaxation: signatures.trustedRoot: (Sigstore public-good) → my-root.json: other certificate authorities and logs are trusted',
    ]);
    await dir.write({ 'none.yml': 'version: 1\n' });
    const removed = diffPolicies(await load('base.yml'), await load('none.yml'));
    expect(removed.map((change) => change.message)).toEqual(['signatures: removed: no signature is checked']);
  });
});
