import path from 'node:path';
import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { rejection } from '../support/rejection.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** Issue 15 item 4: `provenance:` in the policy file, with `signers` (the signer list `signatures:` uses). */

let dir: PolicyDir;
beforeEach(async () => {
  dir = await makePolicyDir();
});
afterEach(async () => {
  await dir.remove();
});

async function load(text: string) {
  await dir.write({ 'p.yml': `version: 1\n${text}` });
  return loadPolicy(dir.file('p.yml'), { displayPath: dir.display });
}

describe('provenance:', () => {
  test('keys, identities and patterns are read with the line that names each; images override defaults', async () => {
    const policy = await load(
      [
        'defaults:',
        '  provenance:',
        '    required: true',
        '    signers:',
        '      - key: keys/release.pub',
        '      - { issuer: "https://token.actions.githubusercontent.com", subjectRegExp: "^https://github\\\\.com/acme/.*$" }',
        'images:',
        '  - match: "ghcr.io/acme/legacy"',
        '    provenance: { required: false }',
        '',
      ].join('\n'),
    );
    const rules = rulesForImage(policy, parseImageReference('ghcr.io/acme/api:1')).provenance;
    expect(rules?.required).toBe(true);
    expect(rules?.signers).toEqual([
      {
        kind: 'key',
        file: path.join(path.dirname(dir.file('p.yml')), 'keys', 'release.pub'),
        written: 'keys/release.pub',
        source: expect.objectContaining({ line: 6 }) as unknown,
      },
      {
        kind: 'identity',
        issuer: 'https://token.actions.githubusercontent.com',
        subjectRegExp: '^https://github\\.com/acme/.*$',
        source: expect.objectContaining({ line: 7 }) as unknown,
      },
    ]);
    const legacy = rulesForImage(policy, parseImageReference('ghcr.io/acme/legacy:1')).provenance;
    expect(legacy?.required).toBe(false);
    expect(legacy?.signers).toHaveLength(2);
  });

  test('a subject pattern re2 refuses, an empty signer list and a key with an identity: exit 2 at the line', async () => {
    const lookahead = await rejection(
      load('defaults:\n  provenance:\n    signers: [{ issuer: "https://i", subjectRegExp: "(?=x)y" }]\n'),
    );
    expect(lookahead).toBeInstanceOf(ConfigurationError);
    expect(lookahead.message).toMatch(
      /p\.yml:4:\d+: `defaults\.provenance\.signers\[0\]\.subjectRegExp`: not a regular expression re2 accepts/,
    );
    const empty = await rejection(load('defaults:\n  provenance:\n    signers: []\n'));
    expect(empty).toBeInstanceOf(ConfigurationError);
    expect(empty.message).toMatch(/p\.yml:4:\d+/);
    const both = await rejection(
      load('defaults:\n  provenance:\n    signers: [{ key: k.pub, issuer: "https://i", subject: s }]\n'),
    );
    expect(both).toBeInstanceOf(ConfigurationError);
    expect(both.message).toMatch(/p\.yml:4:\d+/);
  });
});

describe('provenance: in a pull request’s policy changes', () => {
  test('dropping required, signers or pinned bases, or allowing more builders, is a relaxation; the reverse a tightening', async () => {
    const base = await load(
      [
        'defaults:',
        '  provenance:',
        '    required: true',
        '    basesPinned: true',
        '    builderIds: ["https://github.com/acme/builder/**"]',
        '    signers: [{ key: keys/release.pub }]',
        '',
      ].join('\n'),
    );
    const head = await load(
      [
        'defaults:',
        '  provenance:',
        '    builderIds: ["https://github.com/acme/builder/**", "https://evil.example/**"]',
        '',
      ].join('\n'),
    );
    const changes = diffPolicies(base, head);
    expect(changes).toEqual([
      { kind: 'relaxation', key: 'defaults.provenance.required', message: 'true → false' },
      { kind: 'relaxation', key: 'defaults.provenance.basesPinned', message: 'true → false' },
      {
        kind: 'relaxation',
        key: 'defaults.provenance.builderIds',
        message: 'builder ids added: https://evil.example/**',
      },
      {
        kind: 'relaxation',
        key: 'defaults.provenance.signers',
        message: 'no longer restricted (was key keys/release.pub)',
      },
    ]);
    expect(diffPolicies(head, base).every((change) => change.kind === 'tightening')).toBe(true);
  });
});
