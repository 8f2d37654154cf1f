import path from 'node:path';
import { KUBERNETES_RULE_NAMES, kubernetesRuleId } from '../../src/policy/convert-kubernetes.js';
import { loadPolicy } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/problems.js';
import { RULES } from '../../src/model/catalog.js';
import { POLICY_SCHEMA } from '../../src/policy/schema-validate.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The `kubernetes:` section: typed values, extends, severities by short name, allow.mounts naming k8s rules. */

let dir: PolicyDir;
beforeEach(async () => {
  dir = await makePolicyDir();
});
afterEach(async () => {
  await dir.remove();
});

async function load(files: Record<string, string>) {
  await dir.write(files);
  return loadPolicy(dir.file(Object.keys(files)[0] ?? ''), { displayPath: dir.display });
}

async function problems(files: Record<string, string>): Promise<string[]> {
  try {
    await load(files);
  } catch (error) {
    if (error instanceof PolicyError) return error.errors.map((each) => each.message);
    throw error;
  }
  throw new Error('the policy loaded without error');
}

describe('kubernetes section', () => {
  it('reads files, the switches and rules by short name; a base file’s keys are replaced key by key', async () => {
    const policy = await load({
      'team/.imagegate.yml': [
        'version: 1',
        'extends: [../org.yml]',
        'kubernetes:',
        '  files: [deploy/k8s, rendered.yaml]',
        '  readOnlyVolumeTypes: [persistentVolumeClaim, csi]',
        '  allowedCapabilities: [NET_BIND_SERVICE]',
        '  rules:',
        '    writableHostPath: critical',
        '    serviceAccountToken: "off"',
        'allow:',
        '  mounts:',
        '    - {service: agent, target: /var/log, rule: k8s/writable-host-path, reason: logs, expires: 2099-01-01}',
      ].join('\n'),
      'org.yml': ['version: 1', 'kubernetes:', '  requireReadOnlyRootfs: true', '  requireStorageLimits: true'].join(
        '\n',
      ),
    });
    expect(policy.kubernetes).toEqual({
      files: [
        {
          pattern: 'deploy/k8s',
          baseDir: path.join(dir.root, 'team'),
          source: { kind: 'source', path: 'team/.imagegate.yml', line: 4, column: 11 },
        },
        {
          pattern: 'rendered.yaml',
          baseDir: path.join(dir.root, 'team'),
          source: { kind: 'source', path: 'team/.imagegate.yml', line: 4, column: 23 },
        },
      ],
      requireReadOnlyRootfs: true,
      requireStorageLimits: true,
      readOnlyVolumeTypes: ['persistentVolumeClaim', 'csi'],
      allowedCapabilities: ['NET_BIND_SERVICE'],
    });
    expect(policy.severities).toMatchObject({
      'k8s/writable-host-path': 'critical',
      'k8s/service-account-token': 'off',
    });
    expect(policy.allow.mounts?.[0]).toMatchObject({ service: 'agent', rule: 'k8s/writable-host-path' });
  });

  it('a policy without the section has none', async () => {
    const policy = await load({ '.imagegate.yml': 'version: 1\n' });
    expect(policy.kubernetes).toBeUndefined();
  });

  it('refuses an unknown key and an unknown rule name at their lines', async () => {
    expect(
      await problems({
        '.imagegate.yml': ['version: 1', 'kubernetes:', '  rules:', '    privileged: loud'].join('\n'),
      }),
    ).toEqual([expect.stringMatching(/^\.imagegate\.yml:4:17: .*privileged.*critical, high, medium, low, info, off/)]);
    expect(await problems({ '.imagegate.yml': ['version: 1', 'kubernetes:', '  file: [x]'].join('\n') })).toEqual([
      expect.stringMatching(/^\.imagegate\.yml:3:3: unknown key `file` in `kubernetes`; did you mean `files`\?/),
    ]);
  });

  it('names every k8s rule of the catalog by short name, in the schema too', () => {
    const ids = RULES.filter((rule) => rule.id.startsWith('k8s/')).map((rule) => rule.id);
    expect([...KUBERNETES_RULE_NAMES.values()].sort()).toEqual(ids.sort());
    expect(kubernetesRuleId('engineSocket')).toBe('k8s/engine-socket');
    expect(kubernetesRuleId('k8s/nope')).toBeUndefined();
    const schema = POLICY_SCHEMA as {
      properties: Record<string, { properties: Record<string, { properties: object }> }>;
    };
    expect(Object.keys(schema.properties['kubernetes']!.properties['rules']!.properties).sort()).toEqual(
      [...KUBERNETES_RULE_NAMES.keys()].sort(),
    );
  });
});
