import { parseImageReference } from '../../src/model/image-reference.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { loadPolicy } from '../../src/policy/load.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

let dir: PolicyDir;
beforeAll(async () => {
  dir = await makePolicyDir();
});
afterAll(async () => {
  await dir.remove();
});

const load = (name: string) => loadPolicy(dir.file(name), { displayPath: dir.display });

describe('vulnerability, secret and license rules', () => {
  it('reads every key into typed values', async () => {
    await dir.write({
      'scan.yml': [
        'version: 1',
        'defaults:',
        '  vulnerabilities:',
        '    failOn: critical',
        '    minSeverity: medium',
        '    ignoreUnfixed: true',
        '    ignoreStatuses: [will_not_fix, end_of_life]',
        '    unknownSeverity: high',
        '  secrets: { forbid: true, failOn: low }',
        '  licenses: { forbid: [AGPL-3.0-only, "SSPL-*"], failOn: never }',
        '',
      ].join('\n'),
    });
    const policy = await load('scan.yml');
    expect(policy.defaults.vulnerabilities).toEqual({
      failOn: 'critical',
      minSeverity: 'medium',
      ignoreUnfixed: true,
      ignoreStatuses: ['will_not_fix', 'end_of_life'],
      unknownSeverity: 'high',
    });
    expect(policy.defaults.secrets).toEqual({ forbid: true, failOn: 'low' });
    expect(policy.defaults.licenses).toEqual({ forbid: ['AGPL-3.0-only', 'SSPL-*'], failOn: 'never' });
  });

  it('lets images[] entries override them key by key, and extends merge them like other sections', async () => {
    await dir.write({
      'scan-base.yml': 'version: 1\ndefaults:\n  vulnerabilities: { failOn: high, ignoreStatuses: [will_not_fix] }\n',
      'scan-team.yml': [
        'version: 1',
        'extends: [scan-base.yml]',
        'defaults:',
        '  vulnerabilities: { ignoreUnfixed: true }',
        'images:',
        '  - match: ghcr.io/acme/legacy*',
        '    vulnerabilities: { failOn: critical, ignoreStatuses: [] }',
        '    secrets: { forbid: false }',
        '    licenses: { forbid: [GPL-*] }',
        '',
      ].join('\n'),
    });
    const policy = await load('scan-team.yml');
    expect(policy.defaults.vulnerabilities).toEqual({
      failOn: 'high',
      ignoreStatuses: ['will_not_fix'],
      ignoreUnfixed: true,
    });
    const legacy = rulesForImage(policy, parseImageReference('ghcr.io/acme/legacy-billing:3'));
    expect(legacy.vulnerabilities).toEqual({ failOn: 'critical', ignoreStatuses: [], ignoreUnfixed: true });
    expect(legacy.secrets).toEqual({ forbid: false });
    expect(legacy.licenses).toEqual({ forbid: ['GPL-*'] });
    expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/api')).secrets).toEqual({});
  });

  it('accepts the new rule ids under rules:', async () => {
    await dir.write({
      'scan-rules.yml': 'version: 1\nrules: { allow/expired: high, allow/unused: off, license/forbidden: critical }\n',
    });
    expect((await load('scan-rules.yml')).severities).toEqual({
      'allow/expired': 'high',
      'allow/unused': 'off',
      'license/forbidden': 'critical',
    });
  });
});

describe('allow', () => {
  it('reads entries with every criterion, keeping where each was written', async () => {
    await dir.write({
      'allow.yml': [
        'version: 1',
        'allow:',
        '  vulnerabilities:',
        '    - id: CVE-2024-3094',
        '      packages: [xz-libs, "liblzma*"]',
        '      images: ["ghcr.io/acme/*"]',
        '      paths: ["usr/lib/**"]',
        '      purls: ["pkg:apk/alpine/xz-libs@*"]',
        '      reason: "  not reachable: the backdoor needs sshd, which the image lacks  "',
        '      expires: 2027-01-31',
        '  secrets:',
        '    - { id: private-key, paths: [test/fixtures/*.pem], reason: test fixture, expires: 2026-12-31 }',
        '  licenses:',
        '    - { id: AGPL-3.0-only, packages: [ghostscript], reason: cleared by legal, expires: 2028-02-29 }',
        '',
      ].join('\n'),
    });
    expect((await load('allow.yml')).allow).toEqual({
      vulnerabilities: [
        {
          kind: 'vulnerabilities',
          id: 'CVE-2024-3094',
          packages: ['xz-libs', 'liblzma*'],
          images: ['ghcr.io/acme/*'],
          paths: ['usr/lib/**'],
          purls: ['pkg:apk/alpine/xz-libs@*'],
          reason: 'not reachable: the backdoor needs sshd, which the image lacks',
          expires: '2027-01-31',
          source: { kind: 'source', path: 'allow.yml', line: 4, column: 7 },
        },
      ],
      secrets: [
        {
          kind: 'secrets',
          id: 'private-key',
          paths: ['test/fixtures/*.pem'],
          reason: 'test fixture',
          expires: '2026-12-31',
          source: { kind: 'source', path: 'allow.yml', line: 12, column: 7 },
        },
      ],
      licenses: [
        {
          kind: 'licenses',
          id: 'AGPL-3.0-only',
          packages: ['ghostscript'],
          reason: 'cleared by legal',
          expires: '2028-02-29',
          source: { kind: 'source', path: 'allow.yml', line: 14, column: 7 },
        },
      ],
      mounts: [],
    });
  });

  it('reads expiry dates from JSON policies as the same strings', async () => {
    await dir.write({
      'allow.json': JSON.stringify(
        {
          version: 1,
          allow: { vulnerabilities: [{ id: 'GHSA-29mw-wpgm-hmr9', reason: 'dev only', expires: '2026-07-01' }] },
        },
        null,
        2,
      ),
    });
    const [entry] = (await load('allow.json')).allow.vulnerabilities;
    expect(entry).toMatchObject({ id: 'GHSA-29mw-wpgm-hmr9', expires: '2026-07-01' });
    expect(entry?.source).toEqual({ kind: 'source', path: 'allow.json', line: 5, column: 7 });
  });

  it('concatenates allow lists across extends, base files first, a diamond counted once', async () => {
    const entry = (id: string) => `    - { id: ${id}, reason: r, expires: 2027-01-01 }`;
    await dir.write({
      'chain/org.yml': ['version: 1', 'allow:', '  vulnerabilities:', entry('CVE-1'), ''].join('\n'),
      'chain/platform.yml': [
        'version: 1',
        'extends: [org.yml]',
        'allow:',
        '  vulnerabilities:',
        entry('CVE-2'),
        '  secrets:',
        entry('private-key'),
        '',
      ].join('\n'),
      'chain/security.yml': 'version: 1\nextends: [org.yml]\n',
      'chain/team.yml': [
        'version: 1',
        'extends: [platform.yml, security.yml]',
        'allow:',
        '  vulnerabilities:',
        entry('CVE-3'),
        '',
      ].join('\n'),
    });
    const policy = await load('chain/team.yml');
    expect(policy.allow.vulnerabilities.map((each) => `${each.id}@${each.source.path}:${each.source.line}`)).toEqual([
      'CVE-1@chain/org.yml:4',
      'CVE-2@chain/platform.yml:5',
      'CVE-3@chain/team.yml:5',
    ]);
    expect(policy.allow.secrets.map((each) => each.id)).toEqual(['private-key']);
  });

  it('accepts 29 February in a leap year only', async () => {
    await dir.write({
      'leap.yml': 'version: 1\nallow:\n  vulnerabilities:\n    - { id: CVE-1, reason: r, expires: 2028-02-29 }\n',
      'not-leap.yml': 'version: 1\nallow:\n  vulnerabilities:\n    - { id: CVE-1, reason: r, expires: 2100-02-29 }\n',
    });
    expect((await load('leap.yml')).allow.vulnerabilities).toHaveLength(1);
    await expect(load('not-leap.yml')).rejects.toThrow(
      'not-leap.yml:4:40: `allow.vulnerabilities[0].expires`: 2100-02-29 is not a date: February 2100 has 28 days',
    );
  });
});

describe('shipped policies', () => {
  const shipped = (name: string) => loadPolicy(new URL(`../../policies/${name}`, import.meta.url).pathname);

  it('recommended.yml gates high vulnerabilities that have a fix, secrets and network-copyleft licenses', async () => {
    const policy = await shipped('recommended.yml');
    expect(policy.defaults.vulnerabilities).toEqual({ failOn: 'high', ignoreUnfixed: true });
    expect(policy.defaults.secrets).toEqual({ forbid: true });
    expect(policy.defaults.licenses.forbid).toContain('AGPL-3.0-only');
    expect(policy.allow).toEqual({ vulnerabilities: [], secrets: [], licenses: [], mounts: [] });
  });

  it('strict.yml gates medium vulnerabilities, fixed or not, and fails on an expired allowlist entry', async () => {
    const policy = await shipped('strict.yml');
    expect(policy.defaults.vulnerabilities).toEqual({
      failOn: 'medium',
      ignoreUnfixed: false,
      unknownSeverity: 'medium',
    });
    expect(policy.severities['allow/expired']).toBe('high');
  });
});
