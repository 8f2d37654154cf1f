import path from 'node:path';
import { parseImageReference } from '../../src/model/image-reference.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { defaultPolicy, loadPolicy, validatePolicyFiles } from '../../src/policy/load.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

let dir: PolicyDir;
beforeAll(async () => {
  dir = await makePolicyDir();
});
afterAll(async () => {
  await dir.remove();
});

const load = (name: string) => loadPolicy(dir.file(name), { displayPath: dir.display });

describe('loadPolicy: a complete file', () => {
  it('reads every rule into typed values, keeping the size text the user wrote', async () => {
    await dir.write({
      'full.yml': [
        'version: 1',
        'defaults:',
        '  size: { max: 300MB, maxCompressed: 1.5GiB }',
        '  layers: { max: 15, maxLayerSize: 512KiB }',
        '  base:',
        '    allow: ["docker.io/library/alpine:3.*", "gcr.io/distroless/**"]',
        '    requireDigest: true',
        '    forbidTags: [latest, "<none>"]',
        '    scope: all-stages',
        '  user: { forbidRoot: true }',
        'images:',
        '  - match: "ghcr.io/acme/api*"',
        '    size: { max: 500000000 }',
        '    user: { forbidRoot: false }',
        'gate: { failOn: medium }',
        'rules:',
        '  layers/max: low',
        '  user/root: off',
        '',
      ].join('\n'),
    });
    expect(await load('full.yml')).toEqual({
      files: ['full.yml'],
      defaults: {
        size: { max: { bytes: 300e6, text: '300MB' }, maxCompressed: { bytes: 1.5 * 2 ** 30, text: '1.5GiB' } },
        layers: { max: 15, maxLayerSize: { bytes: 512 * 1024, text: '512KiB' } },
        base: {
          allow: ['docker.io/library/alpine:3.*', 'gcr.io/distroless/**'],
          requireDigest: true,
          forbidTags: ['latest', '<none>'],
          scope: 'all-stages',
        },
        user: { forbidRoot: true },
        vulnerabilities: {},
        secrets: {},
        licenses: {},
        hygiene: {},
      },
      images: [
        {
          match: 'ghcr.io/acme/api*',
          rules: { size: { max: { bytes: 500e6, text: '500000000 B' } }, user: { forbidRoot: false } },
          source: { kind: 'source', path: 'full.yml', line: 12, column: 5 },
        },
      ],
      gate: { failOn: 'medium' },
      severities: { 'layers/max': 'low', 'user/root': 'off' },
      allow: { vulnerabilities: [], secrets: [], licenses: [], mounts: [] },
      compose: { files: [] },
    });
  });

  it('fills what a minimal file leaves out: empty rules, no overrides, failOn high', async () => {
    await dir.write({ 'minimal.yml': 'version: 1\n' });
    expect(await load('minimal.yml')).toEqual({
      files: ['minimal.yml'],
      defaults: {
        size: {},
        layers: {},
        base: {},
        user: {},
        vulnerabilities: {},
        secrets: {},
        licenses: {},
        hygiene: {},
      },
      images: [],
      gate: { failOn: 'high' },
      severities: {},
      allow: { vulnerabilities: [], secrets: [], licenses: [], mounts: [] },
      compose: { files: [] },
    });
  });

  it('reads JSON policies, with a $schema key for editors', async () => {
    await dir.write({
      'policy.json': JSON.stringify(
        {
          $schema: '../policies/policy.schema.json',
          version: 1,
          defaults: { size: { max: '1GB' } },
          gate: { failOn: 'never' },
        },
        null,
        '\t',
      ),
    });
    const policy = await load('policy.json');
    expect(policy.defaults.size.max).toEqual({ bytes: 1e9, text: '1GB' });
    expect(policy.gate.failOn).toBe('never');
  });

  it('accepts a byte-order mark and YAML anchors within limits', async () => {
    await dir.write({
      'anchors.yml':
        '\uFEFFversion: 1\ndefaults:\n  base:\n    forbidTags: &tags [latest, "<none>"]\nimages:\n  - match: "ghcr.io/**"\n    base: { forbidTags: *tags }\n',
    });
    const policy = await load('anchors.yml');
    expect(policy.images[0]?.rules.base?.forbidTags).toEqual(['latest', '<none>']);
  });

  it('names files relative to the working directory by default, absolute outside it', async () => {
    await dir.write({ 'cwd.yml': 'version: 1\n' });
    expect((await loadPolicy(dir.file('cwd.yml'))).files).toEqual([dir.file('cwd.yml')]);
    const inside = path.relative(process.cwd(), path.resolve(import.meta.dirname, '../../policies/strict.yml'));
    expect((await loadPolicy(inside)).files).toEqual([inside.split(path.sep).join('/')]);
  });
});

describe('extends', () => {
  beforeAll(async () => {
    await dir.write({
      'org/baseline.yml': [
        'version: 1',
        'defaults:',
        '  size: { max: 300MB, maxCompressed: 100MB }',
        '  layers: { max: 20 }',
        '  base: { allow: ["alpine:3.*"], forbidTags: [latest] }',
        '  user: { forbidRoot: true }',
        'images:',
        '  - match: "ghcr.io/acme/legacy"',
        '    user: { forbidRoot: false }',
        'gate: { failOn: medium }',
        'rules: { layers/max: low, size/max: critical }',
        '',
      ].join('\n'),
      'org/security.yml': 'version: 1\ndefaults:\n  base: { requireDigest: true }\nrules: { size/max: high }\n',
      'team/policy.yml': [
        'version: 1',
        'extends: [../org/baseline.yml, ../org/security.yml]',
        'defaults:',
        '  size: { max: 500MB }',
        '  base: { allow: ["gcr.io/distroless/**"] }',
        'images:',
        '  - match: "ghcr.io/acme/api"',
        '    layers: { max: 30 }',
        'gate: { failOn: high }',
        '',
      ].join('\n'),
      'single.yml': 'version: 1\nextends: ./org/security.yml\n',
    });
  });

  it('merges maps key by key, later files over earlier, the named file last', async () => {
    const policy = await load('team/policy.yml');
    expect(policy.files).toEqual(['org/baseline.yml', 'org/security.yml', 'team/policy.yml']);
    expect(policy.defaults.size).toEqual({
      max: { bytes: 500e6, text: '500MB' },
      maxCompressed: { bytes: 100e6, text: '100MB' },
    });
    expect(policy.defaults.layers).toEqual({ max: 20 });
    expect(policy.defaults.user).toEqual({ forbidRoot: true });
    expect(policy.gate.failOn).toBe('high');
    expect(policy.severities).toEqual({ 'layers/max': 'low', 'size/max': 'high' });
  });

  it('replaces lists instead of concatenating them', async () => {
    const policy = await load('team/policy.yml');
    expect(policy.defaults.base).toEqual({
      allow: ['gcr.io/distroless/**'],
      forbidTags: ['latest'],
      requireDigest: true,
    });
    expect(policy.images.map((image) => image.match)).toEqual(['ghcr.io/acme/api']);
    expect(policy.images[0]?.source).toEqual({ kind: 'source', path: 'team/policy.yml', line: 7, column: 5 });
  });

  it('keeps the extended file’s lists when the named file does not set them', async () => {
    const policy = await load('single.yml');
    expect(policy.files).toEqual(['org/security.yml', 'single.yml']);
    expect(policy.defaults.base).toEqual({ requireDigest: true });
    expect(policy.severities).toEqual({ 'size/max': 'high' });
  });

  it('feeds per-image rules from the merged policy', async () => {
    const policy = await load('team/policy.yml');
    expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/api:1')).layers).toEqual({ max: 30 });
    expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/legacy')).user).toEqual({ forbidRoot: true });
  });

  it('reads a file reached twice (a diamond) without calling it a cycle', async () => {
    await dir.write({
      'diamond/base.yml': 'version: 1\ndefaults: { layers: { max: 7 } }\n',
      'diamond/left.yml': 'version: 1\nextends: [base.yml]\n',
      'diamond/right.yml': 'version: 1\nextends: [base.yml]\ndefaults: { size: { max: 1MB } }\n',
      'diamond/top.yml': 'version: 1\nextends: [left.yml, right.yml]\n',
    });
    const policy = await load('diamond/top.yml');
    expect(policy.defaults.layers.max).toBe(7);
    expect(policy.files).toEqual(['diamond/base.yml', 'diamond/left.yml', 'diamond/right.yml', 'diamond/top.yml']);
  });

  it('allows a chain of exactly 10 files', async () => {
    const files: Record<string, string> = { 'chain10/f1.yml': 'version: 1\ngate: { failOn: low }\n' };
    for (let index = 2; index <= 10; index++)
      files[`chain10/f${index}.yml`] = `version: 1\nextends: [f${index - 1}.yml]\n`;
    await dir.write(files);
    expect((await load('chain10/f10.yml')).gate.failOn).toBe('low');
  });
});

describe('defaultPolicy', () => {
  it('forbids root and latest/untagged bases and fails on high, with no budgets', () => {
    expect(defaultPolicy()).toEqual({
      files: [],
      defaults: {
        size: {},
        layers: {},
        base: { forbidTags: ['latest', '<none>'] },
        user: { forbidRoot: true },
        vulnerabilities: {},
        secrets: {},
        licenses: {},
        hygiene: {},
        config: { secrets: { names: [] }, exposeSsh: true },
      },
      images: [],
      gate: { failOn: 'high' },
      severities: {},
      allow: { vulnerabilities: [], secrets: [], licenses: [], mounts: [] },
      compose: { files: [] },
    });
  });

  it('returns a fresh object each time', () => {
    const first = defaultPolicy();
    first.defaults.user.forbidRoot = false;
    expect(defaultPolicy().defaults.user.forbidRoot).toBe(true);
  });
});

describe('validatePolicyFiles', () => {
  it('reports each file with all of its problems, without throwing', async () => {
    await dir.write({
      'v/good.yml': 'version: 1\n',
      'v/bad.yml': 'version: 1\ndefaults:\n  size: { max: huge }\n  layers: { max: 0 }\ngate: { failOn: sometimes }\n',
    });
    const results = await validatePolicyFiles([dir.file('v/good.yml'), dir.file('v/bad.yml'), dir.file('v/none.yml')], {
      displayPath: dir.display,
    });
    expect(results.map((result) => ({ file: path.basename(result.file), ok: result.ok }))).toEqual([
      { file: 'good.yml', ok: true },
      { file: 'bad.yml', ok: false },
      { file: 'none.yml', ok: false },
    ]);
    expect(results[1]?.errors.map((error) => error.message)).toEqual([
      'v/bad.yml:3:16: `defaults.size.max`: expected a size such as 300MB, 1.5GiB, 512KiB or a whole number of bytes, found the string "huge"',
      'v/bad.yml:4:18: `defaults.layers.max`: expected an integer of at least 1, found the number 0',
      'v/bad.yml:5:17: `gate.failOn`: expected one of: critical, high, medium, low, info, never, found the string "sometimes"',
    ]);
    expect(results[1]?.errors.every((error) => error instanceof ConfigurationError)).toBe(true);
    expect(results[2]?.errors.map((error) => error.message)).toEqual([
      'v/none.yml: cannot read the policy file: no such file',
    ]);
  });

  it('includes problems of extended files, each at its own file, the named file first', async () => {
    await dir.write({
      'v2/base.yml': 'version: 1\ndefaults:\n  user: { forbidRot: true }\n',
      'v2/top.yml': 'version: 1\nextends: [base.yml]\ngate: { failOn: hgh }\n',
    });
    const [result] = await validatePolicyFiles([dir.file('v2/top.yml')], { displayPath: dir.display });
    expect(result?.errors.map((error) => error.message)).toEqual([
      'v2/top.yml:3:17: `gate.failOn`: expected one of: critical, high, medium, low, info, never, found the string "hgh"',
      'v2/base.yml:3:11: unknown key `forbidRot` in `defaults.user`; did you mean `forbidRoot`? (allowed: forbidRoot)',
    ]);
  });
});
