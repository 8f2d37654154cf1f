import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies, relaxations, type PolicyChange } from '../../src/policy/policy-diff.js';
import type { Policy } from '../../src/policy/types.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The base branch's policy against a pull request's: every relaxation named, tightenings listed after them. */

let dir: PolicyDir;
beforeEach(async () => {
  dir = await makePolicyDir();
});
afterEach(async () => {
  await dir.remove();
});

let counter = 0;
async function policy(text: string): Promise<Policy> {
  const name = `p${counter++}.yml`;
  await dir.write({ [name]: `version: 1\n${text}` });
  return loadPolicy(dir.file(name), { displayPath: dir.display });
}

async function diff(base: string, head: string): Promise<PolicyChange[]> {
  return diffPolicies(await policy(base), await policy(head));
}

const line = (change: PolicyChange) => `${change.kind} ${change.key}: ${change.message}`;

const BASE = `
defaults:
  size: { max: 300MB, maxCompressed: 120MB }
  layers: { max: 15, maxLayerSize: 150MB, maxWasted: 20MB, minEfficiency: 0.9 }
  base: { allow: ["docker.io/library/alpine:3.*"], requireDigest: true, forbidTags: [latest], scope: all-stages }
  user: { forbidRoot: true }
  vulnerabilities: { failOn: high, ignoreUnfixed: false }
  secrets: { forbid: true }
  licenses: { forbid: [AGPL-3.0-only] }
gate: { failOn: high }
allow:
  vulnerabilities:
    - { id: CVE-2024-1234, packages: [openssl], images: ["ghcr.io/acme/*"], reason: not reachable, expires: 2027-01-31 }
  mounts:
    - { service: db, target: /var/lib/postgresql/data, reason: database storage, expires: 2027-06-30 }
compose:
  files: [compose.yaml]
  rules: { writableBindMount: high }
`;

describe('diffPolicies', () => {
  it('finds nothing between a policy and itself', async () => {
    expect(await diff(BASE, BASE)).toEqual([]);
  });

  it('names the loosening the issue describes: budgets raised, failOn critical, forbidRoot false', async () => {
    const head = BASE.replace('max: 300MB', 'max: 900MB')
      .replace('gate: { failOn: high }', 'gate: { failOn: critical }')
      .replace('forbidRoot: true', 'forbidRoot: false');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation gate.failOn: high → critical',
      'relaxation defaults.size.max: 300MB → 900MB',
      'relaxation defaults.user.forbidRoot: true → false',
    ]);
  });

  it('reports every budget raised or removed as a relaxation', async () => {
    const head = BASE.replace(
      'layers: { max: 15, maxLayerSize: 150MB, maxWasted: 20MB, minEfficiency: 0.9 }',
      'layers: { max: 40, maxLayerSize: 1GB, minEfficiency: 0.5 }',
    ).replace('size: { max: 300MB, maxCompressed: 120MB }', 'size: { max: 300MB }');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation defaults.size.maxCompressed: 120MB → unlimited',
      'relaxation defaults.layers.max: 15 → 40',
      'relaxation defaults.layers.maxLayerSize: 150MB → 1GB',
      'relaxation defaults.layers.maxWasted: 20MB → unlimited',
      'relaxation defaults.layers.minEfficiency: 0.9 → 0.5',
    ]);
  });

  it('lists tightenings after relaxations', async () => {
    const head = BASE.replace('max: 300MB', 'max: 200MB').replace('max: 15,', 'max: 30,');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation defaults.layers.max: 15 → 30',
      'tightening defaults.size.max: 300MB → 200MB',
    ]);
  });

  it('sees a widened base allow list, a dropped digest requirement, a forbidden tag removed and a narrower scope', async () => {
    const head = BASE.replace(
      'base: { allow: ["docker.io/library/alpine:3.*"], requireDigest: true, forbidTags: [latest], scope: all-stages }',
      'base: { allow: ["docker.io/library/alpine:3.*", "docker.io/**"], scope: final-stage }',
    );
    expect(relaxations(await diff(BASE, head)).map(line)).toEqual([
      'relaxation defaults.base.allow: allowed base images added: docker.io/**',
      'relaxation defaults.base.requireDigest: true → false',
      'relaxation defaults.base.forbidTags: forbidden tags removed: latest',
      'relaxation defaults.base.scope: checks final-stage instead of all-stages',
    ]);
  });

  it('treats a removed base allow list as allowing every base', async () => {
    const head = BASE.replace('allow: ["docker.io/library/alpine:3.*"], ', '');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation defaults.base.allow: no longer restricted (was docker.io/library/alpine:3.*)',
    ]);
  });

  it('sees the scan filters and per-family thresholds loosened', async () => {
    const head = BASE.replace(
      'vulnerabilities: { failOn: high, ignoreUnfixed: false }',
      'vulnerabilities: { failOn: never, ignoreUnfixed: true, minSeverity: high, ignoreStatuses: [will_not_fix], unknownSeverity: info }',
    )
      .replace('secrets: { forbid: true }', 'secrets: { forbid: false }')
      .replace('licenses: { forbid: [AGPL-3.0-only] }', 'licenses: { failOn: critical }');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation defaults.vulnerabilities.failOn: high → never',
      'relaxation defaults.vulnerabilities.minSeverity: none → high',
      'relaxation defaults.vulnerabilities.ignoreUnfixed: false → true',
      'relaxation defaults.vulnerabilities.ignoreStatuses: ignored statuses added: will_not_fix',
      'relaxation defaults.vulnerabilities.unknownSeverity: low → info',
      'relaxation defaults.secrets.forbid: true → false',
      'relaxation defaults.licenses.forbid: forbidden licenses removed: AGPL-3.0-only',
      'relaxation defaults.licenses.failOn: high → critical',
    ]);
  });

  it('reports a lowered gate once, not again for every family that follows it', async () => {
    const base = 'gate: { failOn: medium }\n';
    const head = 'gate: { failOn: never }\n';
    expect((await diff(base, head)).map(line)).toEqual(['relaxation gate.failOn: medium → never']);
  });

  it('sees a new exception, a later expiry and wider criteria', async () => {
    const head = BASE.replace(
      '    - { id: CVE-2024-1234, packages: [openssl], images: ["ghcr.io/acme/*"], reason: not reachable, expires: 2027-01-31 }',
      [
        '    - { id: CVE-2024-1234, packages: [openssl, curl], reason: not reachable, expires: 2029-01-31 }',
        '    - { id: CVE-2025-9999, reason: trust me, expires: 2030-01-01 }',
      ].join('\n'),
    ).replace('expires: 2027-06-30', 'expires: 2028-06-30');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation allow.vulnerabilities: exception CVE-2024-1234 extended: expires later: 2027-01-31 → 2029-01-31; packages adds curl; images no longer restricted (was ghcr.io/acme/*)',
      'relaxation allow.vulnerabilities: new exception CVE-2025-9999 until 2030-01-01: "trust me"',
      'relaxation allow.mounts: exception (service db, target /var/lib/postgresql/data) extended: expires later: 2027-06-30 → 2028-06-30',
    ]);
  });

  it('lists a removed or shortened exception as a tightening', async () => {
    const head = BASE.replace('expires: 2027-01-31', 'expires: 2026-12-31').replace(/ {2}mounts:\n.*\n/, '');
    expect((await diff(BASE, head)).map(line)).toEqual([
      'tightening allow.vulnerabilities: exception CVE-2024-1234 expires earlier: 2027-01-31 → 2026-12-31',
      'tightening allow.mounts: exception (service db, target /var/lib/postgresql/data) removed',
    ]);
  });

  it('sees a rule turned off or lowered, by id or by compose short name, against the catalog default', async () => {
    const head =
      BASE.replace('rules: { writableBindMount: high }', 'rules: { writableBindMount: off }') +
      'rules:\n  size/max: low\n  compose/privileged: critical\n';
    expect((await diff(BASE, head)).map(line)).toEqual([
      'relaxation rules.compose/writable-bind-mount: turned off (was high)',
      'relaxation rules.size/max: high → low',
    ]);
  });

  it('sees compose files dropped and read-only rootfs no longer required', async () => {
    const base = 'compose:\n  files: [compose.yaml, deploy/prod.yml]\n  requireReadOnlyRootfs: true\n';
    const head = 'compose:\n  files: [compose.yaml]\n  profiles: [dev]\n';
    expect((await diff(base, head)).map(line)).toEqual([
      'relaxation compose.files: no longer checks deploy/prod.yml',
      'relaxation compose.profiles: checks only profiles dev',
      'relaxation compose.requireReadOnlyRootfs: true → false',
    ]);
  });

  it('sees the CIS compose hardening switches turned off and on', async () => {
    const base = 'compose:\n  requireNoNewPrivileges: true\n  requireMemoryLimit: true\n';
    const head = 'compose:\n  requireMemoryLimit: true\n  requirePidsLimit: true\n  forbidPrivilegedPorts: true\n';
    expect((await diff(base, head)).map(line)).toEqual([
      'relaxation compose.requireNoNewPrivileges: true → false',
      'tightening compose.requirePidsLimit: false → true',
      'tightening compose.forbidPrivilegedPorts: false → true',
    ]);
  });

  it('compares images[] overrides by pattern, without repeating changes of defaults', async () => {
    const base =
      'defaults: { size: { max: 100MB } }\nimages:\n  - match: "ghcr.io/acme/api*"\n    size: { max: 500MB }\n';
    const head =
      'defaults: { size: { max: 200MB } }\nimages:\n  - match: "ghcr.io/acme/api*"\n    size: { max: 900MB }\n' +
      '  - match: "ghcr.io/acme/big"\n    layers: { max: 99 }\n';
    expect((await diff(base, head)).map(line)).toEqual([
      'relaxation defaults.size.max: 100MB → 200MB',
      'relaxation images[match=ghcr.io/acme/api*].size.max: 500MB → 900MB',
      'tightening images[match=ghcr.io/acme/big].layers.max: unlimited → 99',
    ]);
  });

  it('sees hygiene checks turned off', async () => {
    const base = 'defaults:\n  hygiene: { packageCaches: 1MB, toolchains: { allow: [make] }, dockerignore: true }\n';
    const head = 'defaults:\n  hygiene: { packageCaches: 50MB, toolchains: { allow: [make, gcc] } }\n';
    expect((await diff(base, head)).map(line)).toEqual([
      'relaxation defaults.hygiene.packageCaches: 1MB → 50MB',
      'relaxation defaults.hygiene.toolchains.allow: allowed toolchains added: gcc',
      'relaxation defaults.hygiene.dockerignore: true → false',
    ]);
  });
});
