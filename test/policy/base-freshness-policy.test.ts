import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { PolicyError } from '../../src/policy/problems.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** `base.maxAge` and `base.requireCurrent` (issue 18 item 5): typed values, bad values, the policy diff. */

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

const DAY = 86_400_000;
const policy = (base: string[]) =>
  ['version: 1', 'defaults:', '  base:', ...base.map((line) => `    ${line}`), ''].join('\n');

describe('base freshness keys', () => {
  it('reads maxAge (h, d, w) and requireCurrent; an images: entry overrides them', async () => {
    const loaded = await load({
      'p.yml':
        policy(['maxAge: 30d', 'requireCurrent: true']) +
        ['images:', '  - match: "ghcr.io/acme/*"', '    base: { maxAge: 2w, requireCurrent: false }', ''].join('\n'),
    });
    expect(loaded.defaults.base).toEqual({ maxAge: 30 * DAY, requireCurrent: true });
    expect(loaded.images[0]?.rules.base).toEqual({ maxAge: 14 * DAY, requireCurrent: false });
  });

  it('rejects a duration without a unit or with words, and a non-boolean requireCurrent, at file:line:column', async () => {
    const found = (await problems({ 'p.yml': policy(['maxAge: 30 days', 'requireCurrent: yes please']) })).join('\n');
    expect(found).toMatch(/p\.yml:4:13: .*maxAge/);
    expect(found).toMatch(/p\.yml:5:21: .*requireCurrent/);
    expect(await problems({ 'p.yml': policy(['maxAge: 30']) })).toEqual([expect.stringMatching(/^p\.yml:4:13: /)]);
  });

  it('the policy diff: a longer or no maxAge and requireCurrent off are relaxations, the reverse tightens', async () => {
    const strict = await load({ 'strict.yml': policy(['maxAge: 30d', 'requireCurrent: true']) });
    const loose = await load({ 'loose.yml': policy(['maxAge: 8w']) });
    const none = await load({ 'none.yml': policy(['forbidTags: [latest]']) });
    expect(diffPolicies(strict, loose).filter((c) => c.key.startsWith('defaults.base'))).toEqual([
      { kind: 'relaxation', key: 'defaults.base.requireCurrent', message: 'true → false' },
      { kind: 'relaxation', key: 'defaults.base.maxAge', message: '30d → 8w' },
    ]);
    expect(diffPolicies(loose, strict).filter((c) => c.key.startsWith('defaults.base'))).toEqual([
      { kind: 'tightening', key: 'defaults.base.requireCurrent', message: 'false → true' },
      { kind: 'tightening', key: 'defaults.base.maxAge', message: '8w → 30d' },
    ]);
    expect(diffPolicies(loose, none)).toEqual(
      expect.arrayContaining([{ kind: 'relaxation', key: 'defaults.base.maxAge', message: '8w → unset' }]),
    );
    expect(diffPolicies(none, loose)).toEqual(
      expect.arrayContaining([{ kind: 'tightening', key: 'defaults.base.maxAge', message: 'unset → 8w' }]),
    );
  });
});
