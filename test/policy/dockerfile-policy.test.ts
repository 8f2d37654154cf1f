import path from 'node:path';
import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { PolicyError } from '../../src/policy/problems.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The `dockerfile:` section: typed values, extends and image overrides, bad values, and the policy diff. */

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

describe('dockerfile section', () => {
  it('reads every switch; an extending file and an images entry override key by key', async () => {
    const policy = await load({
      'team.yml': [
        'version: 1',
        'extends: [org.yml]',
        'defaults:',
        '  dockerfile:',
        '    upgrade: dist-upgrade',
        '    noHealthcheck: true',
        'images:',
        '  - match: "ghcr.io/acme/job*"',
        '    dockerfile: { noHealthcheck: false }',
      ].join('\n'),
      'org.yml': [
        'version: 1',
        'defaults:',
        '  dockerfile:',
        '    addInsteadOfCopy: true',
        '    pipeToShell: true',
        '    updateAlone: false',
        '    upgrade: true',
      ].join('\n'),
    });
    expect(policy.defaults.dockerfile).toEqual({
      addInsteadOfCopy: true,
      pipeToShell: true,
      updateAlone: false,
      upgrade: 'dist-upgrade',
      noHealthcheck: true,
    });
    expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/job-runner:1')).dockerfile).toMatchObject({
      noHealthcheck: false,
      pipeToShell: true,
    });
  });

  it('a policy without the section has no Dockerfile rules', async () => {
    const policy = await load({ 'p.yml': 'version: 1\ndefaults:\n  user: { forbidRoot: true }\n' });
    expect(policy.defaults.dockerfile).toBeUndefined();
  });

  it('a wrong value names the file, line, column and what is expected', async () => {
    expect(
      await problems({
        'p.yml': ['version: 1', 'defaults:', '  dockerfile:', '    upgrade: always', '    pipeToShel: true'].join('\n'),
      }),
    ).toEqual([
      expect.stringMatching(/^p\.yml:4:14: .*upgrade.*true, false, or dist-upgrade/),
      expect.stringMatching(/^p\.yml:5:5: unknown key `pipeToShel` .*did you mean `pipeToShell`\?/),
    ]);
  });

  it('the section at the top level is pointed to defaults', async () => {
    const [message] = await problems({ 'p.yml': 'version: 1\ndockerfile:\n  pipeToShell: true\n' });
    expect(message).toMatch(/^p\.yml:2:1: unknown key `dockerfile`.*go under `defaults:`/);
  });

  it('turning a rule off, or upgrade from true to dist-upgrade, is a relaxation in the policy diff', async () => {
    const base = await load({
      'base.yml': 'version: 1\ndefaults:\n  dockerfile: { pipeToShell: true, upgrade: true }\n',
    });
    const head = await load({
      'head.yml':
        'version: 1\ndefaults:\n  dockerfile: { pipeToShell: false, upgrade: dist-upgrade, noHealthcheck: true }\n',
    });
    const changes = diffPolicies(base, head).filter((change) => change.key.includes('dockerfile'));
    expect(changes.map((change) => `${change.kind} ${change.key}`).sort()).toEqual([
      'relaxation defaults.dockerfile.pipeToShell',
      'relaxation defaults.dockerfile.upgrade',
      'tightening defaults.dockerfile.noHealthcheck',
    ]);
  });

  it('recommended.yml turns on all but noHealthcheck; strict.yml all five', async () => {
    const policies = path.resolve(import.meta.dirname, '../../policies');
    const recommended = await loadPolicy(path.join(policies, 'recommended.yml'));
    const strict = await loadPolicy(path.join(policies, 'strict.yml'));
    expect(recommended.defaults.dockerfile).toEqual({
      addInsteadOfCopy: true,
      pipeToShell: true,
      updateAlone: true,
      upgrade: 'dist-upgrade',
      noHealthcheck: false,
    });
    expect(strict.defaults.dockerfile).toMatchObject({ noHealthcheck: true, pipeToShell: true });
  });
});
