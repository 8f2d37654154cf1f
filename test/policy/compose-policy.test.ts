import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { COMPOSE_RULE_NAMES, composeRuleId } from '../../src/policy/convert-compose.js';
import { loadPolicy } from '../../src/policy/load.js';
import { PolicyError } from '../../src/policy/problems.js';
import { RULES } from '../../src/model/catalog.js';
import { POLICY_SCHEMA } from '../../src/policy/schema-validate.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The `compose:` section and `allow.mounts`: typed values, extends, and the messages for bad input. */

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

describe('compose section', () => {
  it('the CIS hardening switches: off in recommended.yml and strict.yml, on in cis-docker.yml', async () => {
    const policies = path.resolve(import.meta.dirname, '../../policies');
    const switches = {
      requireNoNewPrivileges: true,
      requireMemoryLimit: true,
      requirePidsLimit: true,
      forbidPrivilegedPorts: true,
    };
    const cis = await loadPolicy(path.join(policies, 'cis-docker.yml'));
    expect(cis.compose).toMatchObject({ ...switches, requireReadOnlyRootfs: true });
    // Left unset (not `false`) in the other presets, so a policy extending one of them after cis-docker.yml keeps
    // the switches on (later `extends` entries win key by key).
    for (const preset of ['recommended.yml', 'strict.yml']) {
      const policy = await loadPolicy(path.join(policies, preset));
      for (const key of Object.keys(switches))
        expect([preset, key, policy.compose?.[key as keyof typeof switches]]).toEqual([preset, key, undefined]);
    }
    const dir = await mkdtemp(path.join(tmpdir(), 'imagegate-cis-extends-'));
    const both = path.join(dir, 'both.yml');
    await writeFile(
      both,
      `version: 1\nextends: [${path.join(policies, 'cis-docker.yml')}, ${path.join(policies, 'recommended.yml')}]\n`,
    );
    expect((await loadPolicy(both)).compose).toMatchObject(switches);
  });

  it('reads files (one project per string, one per list), profiles, requireReadOnlyRootfs and rules', async () => {
    const policy = await load({
      'team/.imagegate.yml': [
        'version: 1',
        'compose:',
        '  files:',
        '    - compose.yaml',
        '    - [deploy/base.yml, deploy/prod.yml]',
        '  profiles: [prod]',
        '  requireReadOnlyRootfs: true',
        '  rules:',
        '    writableBindMount: critical',
        '    hostNamespace: "off"',
        'rules:',
        '  compose/privileged: high',
      ].join('\n'),
    });
    expect(policy.compose).toEqual({
      files: [
        {
          patterns: ['compose.yaml'],
          baseDir: path.join(dir.root, 'team'),
          source: { kind: 'source', path: 'team/.imagegate.yml', line: 4, column: 7 },
        },
        {
          patterns: ['deploy/base.yml', 'deploy/prod.yml'],
          baseDir: path.join(dir.root, 'team'),
          source: { kind: 'source', path: 'team/.imagegate.yml', line: 5, column: 7 },
        },
      ],
      profiles: ['prod'],
      requireReadOnlyRootfs: true,
    });
    expect(policy.severities).toEqual({
      'compose/privileged': 'high',
      'compose/writable-bind-mount': 'critical',
      'compose/host-namespace': 'off',
    });
  });

  it('has no compose files by default', async () => {
    expect((await load({ 'p.yml': 'version: 1\n' })).compose).toEqual({ files: [] });
  });

  it('takes compose keys from extended files unless this file sets them; allow.mounts are concatenated', async () => {
    const policy = await load({
      'team.yml': [
        'version: 1',
        'extends: [org.yml]',
        'compose:',
        '  files: [app/compose.yaml]',
        'allow:',
        '  mounts: [{ service: db, target: /data, reason: team, expires: 2027-01-01 }]',
      ].join('\n'),
      'org.yml': [
        'version: 1',
        'compose:',
        '  files: [compose.yaml]',
        '  requireReadOnlyRootfs: true',
        '  rules: { privileged: high }',
        'allow:',
        '  mounts: [{ service: "*", rule: engine-socket, reason: org, expires: 2027-01-01 }]',
      ].join('\n'),
    });
    expect(policy.compose.files.map((set) => set.patterns)).toEqual([['app/compose.yaml']]);
    expect(policy.compose.requireReadOnlyRootfs).toBe(true);
    expect(policy.severities).toEqual({ 'compose/privileged': 'high' });
    expect(policy.allow.mounts).toEqual([
      {
        kind: 'mounts',
        service: '*',
        rule: 'compose/engine-socket',
        reason: 'org',
        expires: '2027-01-01',
        source: { kind: 'source', path: 'org.yml', line: 7, column: 12 },
      },
      {
        kind: 'mounts',
        service: 'db',
        target: '/data',
        reason: 'team',
        expires: '2027-01-01',
        source: { kind: 'source', path: 'team.yml', line: 6, column: 12 },
      },
    ]);
  });

  it('reads allow.mounts with every criterion', async () => {
    const policy = await load({
      'p.yml': [
        'version: 1',
        'allow:',
        '  mounts:',
        '    - service: ci',
        '      target: /var/run/docker.sock',
        '      source: /var/run/docker.sock',
        '      rule: compose/engine-socket',
        '      reason: "  runner starts sibling containers "',
        '      expires: 2027-03-31',
      ].join('\n'),
    });
    expect(policy.allow.mounts).toEqual([
      {
        kind: 'mounts',
        service: 'ci',
        target: '/var/run/docker.sock',
        mountSource: '/var/run/docker.sock',
        rule: 'compose/engine-socket',
        reason: 'runner starts sibling containers',
        expires: '2027-03-31',
        source: { kind: 'source', path: 'p.yml', line: 4, column: 7 },
      },
    ]);
  });

  it('names every compose rule of the catalog by a short name', () => {
    const ids = RULES.filter((rule) => rule.id.startsWith('compose/')).map((rule) => rule.id);
    expect([...COMPOSE_RULE_NAMES.values()].sort()).toEqual(ids.sort());
    expect(composeRuleId('writableBindMount')).toBe('compose/writable-bind-mount');
    expect(composeRuleId('compose/privileged')).toBe('compose/privileged');
    expect(composeRuleId('engine-socket')).toBe('compose/engine-socket');
    expect(composeRuleId('compose/nothing')).toBeUndefined();
    expect(composeRuleId('size/max')).toBeUndefined();
  });

  it('lists exactly those short names under compose.rules in the schema', () => {
    const compose = (POLICY_SCHEMA.properties as Record<string, { properties: Record<string, { properties: object }> }>)
      .compose;
    expect(Object.keys(compose?.properties.rules?.properties ?? {}).sort()).toEqual(
      [...COMPOSE_RULE_NAMES.keys()].sort(),
    );
  });
});

describe('bad compose sections', () => {
  const cases: Record<string, { files: Record<string, string>; expected: string[] }> = {
    'misspelt compose key': {
      files: { 'a.yml': 'version: 1\ncompose:\n  file: [compose.yaml]\n' },
      expected: [
        'a.yml:3:3: unknown key `file` in `compose`; did you mean `files`? (allowed: files, profiles, requireReadOnlyRootfs, requireNoNewPrivileges, requireMemoryLimit, requirePidsLimit, forbidPrivilegedPorts, rules)',
      ],
    },
    'misspelt rule short name': {
      files: { 'b.yml': 'version: 1\ncompose:\n  rules:\n    writableBindMounts: high\n' },
      expected: [
        'b.yml:4:5: unknown key `writableBindMounts` in `compose.rules`; did you mean `writableBindMount`? (allowed: writableBindMount, engineSocket, sensitiveHostPath, ineffectiveMode, writableVolumesFrom, writableRootfs, privileged, hostNamespace, dangerousCapability, unconfinedProfile, sharedPropagation, secretVariable, noNewPrivileges, memoryLimit, pidsLimit, privilegedPort, imageRunsAsRoot, imageVolumeAnonymous)',
      ],
    },
    'rule severity that is not one': {
      files: { 'c.yml': 'version: 1\ncompose:\n  rules: { privileged: fatal }\n' },
      expected: [
        'c.yml:3:24: `compose.rules.privileged`: expected one of: critical, high, medium, low, info, off, found the string "fatal"',
      ],
    },
    'a rule set twice to different severities': {
      files: { 'd.yml': 'version: 1\nrules:\n  compose/privileged: high\ncompose:\n  rules:\n    privileged: low\n' },
      expected: [
        'd.yml:6:17: `compose.rules.privileged`: `rules["compose/privileged"]` in this file sets the same rule to high; set it in one place',
      ],
    },
    'files entry that is a number, and an empty project': {
      files: { 'e.yml': 'version: 1\ncompose:\n  files: [compose.yaml, 3, []]\n' },
      expected: [
        'e.yml:3:25: `compose.files[1]`: expected a compose file or glob such as compose.yaml, or a list of the files of one project, found the number 3',
        'e.yml:3:28: `compose.files[2]`: expected a compose file or glob such as compose.yaml, or a list of the files of one project, found an empty list',
      ],
    },
    'requireReadOnlyRootfs as yes': {
      files: { 'f.yml': 'version: 1\ncompose:\n  requireReadOnlyRootfs: yes\n' },
      expected: [
        'f.yml:3:26: `compose.requireReadOnlyRootfs`: expected true or false, found the string "yes" (YAML 1.2 reads yes as a string)',
      ],
    },
    'allow.mounts entry without service, reason or expiry': {
      files: { 'g.yml': 'version: 1\nallow:\n  mounts:\n    - { target: /data }\n' },
      expected: [
        'g.yml:4:7: `allow.mounts[0]`: missing required key `service`; the service (or a glob on service names) whose compose findings this entry accepts',
        'g.yml:4:7: `allow.mounts[0]`: missing required key `reason`; say why the finding is accepted',
        'g.yml:4:7: `allow.mounts[0]`: missing required key `expires`; the last day (YYYY-MM-DD) the entry applies, so that it is reviewed',
      ],
    },
    'allow.mounts entry with an unknown rule and an impossible date': {
      files: {
        'h.yml':
          'version: 1\nallow:\n  mounts:\n    - { service: db, rule: writable-bind-mout, reason: x, expires: 2027-02-30 }\n',
      },
      expected: [
        'h.yml:4:28: `allow.mounts[0].rule`: "writable-bind-mout" is not a compose rule; did you mean `writable-bind-mount`? (rules: compose/writable-bind-mount, compose/engine-socket, compose/sensitive-host-path, compose/ineffective-mode, compose/writable-volumes-from, compose/writable-rootfs, compose/privileged, compose/host-namespace, compose/dangerous-capability, compose/unconfined-profile, compose/shared-propagation, compose/secret-variable, compose/no-new-privileges, compose/memory-limit, compose/pids-limit, compose/privileged-port, compose/image-runs-as-root, compose/image-volume-anonymous)',
        'h.yml:4:68: `allow.mounts[0].expires`: 2027-02-30 is not a date: February 2027 has 28 days',
      ],
    },
    'settings written at the top level instead of under compose': {
      files: { 'i.yml': 'version: 1\nrequireReadOnlyRootfs: true\nmounts: []\n' },
      expected: [
        'i.yml:2:1: unknown key `requireReadOnlyRootfs` at the top level; `requireReadOnlyRootfs` goes under `compose:` (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
        'i.yml:3:1: unknown key `mounts` at the top level; accepted compose findings go under `allow.mounts`; compose settings under `compose:` (allowed: $schema, version, extends, defaults, images, gate, allow, compose, rescan, rules, signatures, kubernetes, scan)',
      ],
    },
  };

  it('has at least 6 cases', () => {
    expect(Object.keys(cases).length).toBeGreaterThanOrEqual(6);
  });

  it.each(Object.entries(cases))('%s', async (_title, { files, expected }) => {
    expect(await problems(files)).toEqual(expected);
  });
});
