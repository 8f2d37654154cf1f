import { loadPolicy, validatePolicyFiles } from '../../src/policy/load.js';
import { makePolicyDir, type PolicyDir } from '../policy/temp-policies.js';

/** The policy's `rescan:` section: read, merged across `extends`, and its mistakes reported at file:line:col. */

let policies: PolicyDir;
beforeAll(async () => {
  policies = await makePolicyDir();
});
afterAll(async () => {
  await policies.remove();
});

async function problems(name: string, text: string): Promise<string[]> {
  await policies.write({ [name]: text });
  const [result] = await validatePolicyFiles([policies.file(name)], { displayPath: policies.display });
  return (result?.errors ?? []).map((error) => error.message);
}

describe('policy rescan section', () => {
  test('repositories and tag rules as written; absent section, absent key', async () => {
    await policies.write({
      'rescan.yml': [
        'version: 1',
        'rescan:',
        '  repositories: [acme/api, acme/worker]',
        "  tags: ['latest:3/minor', 'semver:>=2.0.0 <3', 'regex:release-.*', stable]",
        '',
      ].join('\n'),
      'none.yml': 'version: 1\n',
    });
    const policy = await loadPolicy(policies.file('rescan.yml'));
    expect(policy.rescan).toEqual({
      repositories: ['acme/api', 'acme/worker'],
      tags: ['latest:3/minor', 'semver:>=2.0.0 <3', 'regex:release-.*', 'stable'],
    });
    expect((await loadPolicy(policies.file('none.yml'))).rescan).toBeUndefined();
  });

  test('extends: a later file replaces the keys it sets and keeps the others', async () => {
    await policies.write({
      'org.yml': 'version: 1\nrescan:\n  repositories: [acme/api]\n  tags: [stable]\n',
      'team.yml': 'version: 1\nextends: ./org.yml\nrescan:\n  tags: [latest:2]\n',
    });
    expect((await loadPolicy(policies.file('team.yml'))).rescan).toEqual({
      repositories: ['acme/api'],
      tags: ['latest:2'],
    });
  });

  test('a regex RE2 cannot run in linear time is reported at its line, before any registry is asked', async () => {
    expect(
      await problems('backtracking.yml', "version: 1\nrescan:\n  tags:\n    - 'regex:(a+)\\1'\n    - 'regex:v(?=1)'\n"),
    ).toEqual([
      expect.stringMatching(
        /^backtracking\.yml:4:7: `rescan\.tags\[0\]` 'regex:\(a\+\)\\1': not a valid regular expression \(RE2 syntax/,
      ),
      expect.stringMatching(
        /^backtracking\.yml:5:7: `rescan\.tags\[1\]` 'regex:v\(\?=1\)': not a valid regular expression/,
      ),
    ]);
  });

  test('bad rules and repositories are reported where they are written', async () => {
    expect(
      await problems(
        'bad-rules.yml',
        "version: 1\nrescan:\n  tags:\n    - stable\n    - 'regex:('\n    - 'latest:0'\n    - 'semver:two'\n",
      ),
    ).toEqual([
      expect.stringMatching(/^bad-rules\.yml:5:7: `rescan\.tags\[1\]` 'regex:\(': not a valid regular expression/),
      "bad-rules.yml:6:7: `rescan.tags[2]` 'latest:0': expected latest:<N>, latest:<N>/major or latest:<N>/minor with N ≥ 1 (e.g. latest:3/minor)",
      "bad-rules.yml:7:7: `rescan.tags[3]` 'semver:two': 'two' is not a semver range (e.g. semver:>=2.0.0 <3 or semver:^1.4)",
    ]);
    expect(await problems('bad-repo.yml', 'version: 1\nrescan:\n  repositories: [Acme/API]\n')).toEqual([
      expect.stringMatching(/^bad-repo\.yml:3:18: `rescan\.repositories\[0\]`: expected a string matching/),
    ]);
    expect(await problems('bad-key.yml', 'version: 1\nrescan:\n  tag: [stable]\n')).toEqual([
      'bad-key.yml:3:3: unknown key `tag` in `rescan`; did you mean `tags`? (allowed: repositories, tags)',
    ]);
    expect(await problems('bad-type.yml', 'version: 1\nrescan:\n  tags: stable\n')).toEqual([
      'bad-type.yml:3:9: `rescan.tags`: expected a list, found the string "stable"',
    ]);
  });
});
