import { parseImageReference } from '../../src/model/image-reference.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { loadPolicy } from '../../src/policy/load.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** layers.maxWasted, layers.minEfficiency and the hygiene section: typed values, overrides, and mistakes. */

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

test('sizes, fractions and percentages, booleans and allow lists become typed values', async () => {
  await dir.write({
    'contents.yml': [
      'version: 1',
      'defaults:',
      '  layers: { maxWasted: 20MB, minEfficiency: 0.9 }',
      '  hygiene: { packageCaches: true, toolchains: { allow: [make] }, dockerignore: true }',
      'images:',
      '  - match: "ghcr.io/acme/*"',
      '    layers: { minEfficiency: "95%" }',
      '    hygiene: { packageCaches: 5MiB, toolchains: true }',
      '  - match: "ghcr.io/acme/builder"',
      '    hygiene: { packageCaches: false, toolchains: false, dockerignore: false }',
      '',
    ].join('\n'),
  });
  const policy = await load('contents.yml');
  expect(policy.defaults.layers).toEqual({ maxWasted: { bytes: 20e6, text: '20MB' }, minEfficiency: 0.9 });
  expect(policy.defaults.hygiene).toEqual({
    packageCaches: { minBytes: 1 },
    toolchains: { allow: ['make'] },
    dockerignore: true,
  });
  const api = rulesForImage(policy, parseImageReference('ghcr.io/acme/api:1'));
  expect(api.layers).toEqual({ maxWasted: { bytes: 20e6, text: '20MB' }, minEfficiency: 0.95 });
  expect(api.hygiene).toEqual({
    packageCaches: { minBytes: 5 * 2 ** 20, text: '5MiB' },
    toolchains: { allow: [] },
    dockerignore: true,
  });
  // `false` in a later override turns off what an earlier one set.
  expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/builder')).hygiene).toEqual({
    packageCaches: false,
    toolchains: false,
    dockerignore: false,
  });
});

test('a later file in extends turns a rule off with false', async () => {
  await dir.write({
    'org.yml': 'version: 1\ndefaults:\n  hygiene: { toolchains: true, packageCaches: 1MB }\n',
    'team.yml': 'version: 1\nextends: [org.yml]\ndefaults:\n  hygiene: { toolchains: false }\n',
  });
  expect((await load('team.yml')).defaults.hygiene).toEqual({
    toolchains: false,
    packageCaches: { minBytes: 1e6, text: '1MB' },
  });
});

test('mistakes are reported at their line and column', async () => {
  expect(await problems('over.yml', 'version: 1\ndefaults:\n  layers: { minEfficiency: "120%" }\n')).toEqual([
    'over.yml:3:28: `defaults.layers.minEfficiency`: expected a percentage from 0% to 100% (or a fraction from 0 to 1), found 120%',
  ]);
  expect(await problems('fraction.yml', 'version: 1\ndefaults:\n  layers: { minEfficiency: 1.5 }\n')).toEqual([
    'fraction.yml:3:28: `defaults.layers.minEfficiency`: expected a fraction from 0 to 1 such as 0.9, or a percentage such as 90%, found the number 1.5',
  ]);
  expect(
    await problems('tool.yml', 'version: 1\ndefaults:\n  hygiene: { toolchains: { allow: [gcc, python] } }\n'),
  ).toEqual([
    'tool.yml:3:41: `defaults.hygiene.toolchains.allow[1]`: expected one of: gcc, g++, clang, make, cmake, go, rustc, cargo, javac, found the string "python"',
  ]);
  expect(
    await problems('words.yml', 'version: 1\ndefaults:\n  hygiene: { toolchains: yes, packageCaches: lots }\n'),
  ).toEqual([
    'words.yml:3:26: `defaults.hygiene.toolchains`: expected true, false, or {allow: [tools the image may ship]}, found the string "yes"',
    'words.yml:3:46: `defaults.hygiene.packageCaches`: expected true, false, or a size such as 1MB (the smallest cache reported), found the string "lots"',
  ]);
  const key = await problems('key.yml', 'version: 1\ndefaults:\n  hygiene: { packageCache: true }\n');
  expect(key[0]).toMatch(/unknown key `packageCache` in `defaults.hygiene`; did you mean `packageCaches`\?/);
});
