import { parseImageReference } from '../../src/model/image-reference.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The `fs:` and `accounts:` sections: typed values, overrides, `false` kept, and mistakes at their line. */

let dir: PolicyDir;
beforeAll(async () => {
  dir = await makePolicyDir();
});
afterAll(async () => dir.remove());

const load = (name: string) => loadPolicy(dir.file(name), { displayPath: dir.display });

async function problems(name: string, text: string): Promise<string[]> {
  await dir.write({ [name]: text });
  const error = await load(name).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ConfigurationError);
  return (error as ConfigurationError & { errors: Array<{ message: string }> }).errors.map((each) => each.message);
}

test('fs and accounts become typed values; an images entry overrides key by key', async () => {
  await dir.write({
    'fs.yml': [
      'version: 1',
      'defaults:',
      '  fs: { setuid: { allow: ["/opt/app/bin/*"] }, setgid: true, worldWritable: true, sudo: false }',
      '  accounts: { emptyPassword: true, duplicateId: false }',
      'images:',
      '  - match: "ghcr.io/acme/legacy*"',
      '    fs: { setuid: { allow: [], allowDefaults: false }, sshd: false }',
      '    accounts: { unknownUser: false }',
      '',
    ].join('\n'),
  });
  const policy = await load('fs.yml');
  expect(policy.defaults.fs).toEqual({
    setuid: { allow: ['/opt/app/bin/*'], allowDefaults: true },
    setgid: { allow: [], allowDefaults: true },
    worldWritable: true,
    sudo: false,
  });
  expect(policy.defaults.accounts).toEqual({ emptyPassword: true, duplicateId: false });
  const legacy = rulesForImage(policy, parseImageReference('ghcr.io/acme/legacy-app:1'));
  expect(legacy.fs).toEqual({
    setuid: { allow: [], allowDefaults: false },
    setgid: { allow: [], allowDefaults: true },
    worldWritable: true,
    sudo: false,
    sshd: false,
  });
  expect(legacy.accounts).toEqual({ emptyPassword: true, duplicateId: false, unknownUser: false });
  // A policy without the sections leaves them out: every hardening rule is on.
  await dir.write({ 'plain.yml': 'version: 1\n' });
  expect((await load('plain.yml')).defaults.fs).toBeUndefined();
});

test('mistakes are reported at their line and column', async () => {
  expect(await problems('typo.yml', 'version: 1\ndefaults:\n  fs: { setuidd: false }\n')).toEqual([
    expect.stringMatching(/^typo\.yml:3:9: unknown key `setuidd` in `defaults\.fs`; did you mean `setuid`\?/),
  ]);
  expect(await problems('glob.yml', 'version: 1\ndefaults:\n  fs:\n    setuid: { allow: ["/a/!(b)"] }\n')).toEqual([
    expect.stringMatching(/^glob\.yml:4:23: `defaults\.fs\.setuid\.allow\[0\]`: the glob .* uses a negation/),
  ]);
  expect(await problems('kind.yml', 'version: 1\ndefaults:\n  accounts: { emptyPassword: yes please }\n')).toHaveLength(
    1,
  );
});

test('a pull request that turns a hardening rule off or expects more setuid files is a relaxation', async () => {
  await dir.write({
    'base.yml': 'version: 1\n',
    'head.yml': [
      'version: 1',
      'defaults:',
      '  fs: { setuid: { allow: ["/opt/x"] }, setgid: false, sudo: true }',
      '  accounts: { emptyPassword: false }',
      'images:',
      '  - match: "ghcr.io/acme/*"',
      '    fs: { setuid: { allow: [], allowDefaults: false } }',
      '',
    ].join('\n'),
  });
  const changes = diffPolicies(await load('base.yml'), await load('head.yml')).map(
    (change) => `${change.kind} ${change.key}: ${change.message}`,
  );
  expect(changes).toEqual([
    'relaxation defaults.fs.setuid.allow: now also expects /opt/x',
    'relaxation defaults.fs.setgid: turned off',
    'relaxation defaults.accounts.emptyPassword: turned off',
    'tightening images[match=ghcr.io/acme/*].fs.setuid.allowDefaults: true → false',
  ]);
});
