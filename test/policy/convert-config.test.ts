import { parseImageReference } from '../../src/model/image-reference.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { loadPolicy } from '../../src/policy/load.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** The `config:` section (config/secret, config/expose-ssh): its three forms, overrides, and bad globs at their line. */

let dir: PolicyDir;
beforeAll(async () => {
  dir = await makePolicyDir();
});
afterAll(async () => {
  await dir.remove();
});

const load = (name: string) => loadPolicy(dir.file(name), { displayPath: dir.display });

test('true, false and {names}; an image override replaces the defaults key by key; unset means off', async () => {
  await dir.write({
    'config.yml': [
      'version: 1',
      'defaults:',
      '  config: { secrets: true, exposeSsh: true }',
      'images:',
      '  - match: "ghcr.io/acme/legacy*"',
      '    config: { exposeSsh: false }',
      '  - match: "ghcr.io/acme/sentry*"',
      '    config:',
      '      secrets: { names: ["*_DSN", "sentry_*"] }',
      '',
    ].join('\n'),
    'none.yml': 'version: 1\ndefaults:\n  user: { forbidRoot: true }\n',
    'off.yml': 'version: 1\nextends: [./config.yml]\ndefaults:\n  config: { secrets: false }\n',
  });
  const policy = await load('config.yml');
  const rules = (reference: string) => rulesForImage(policy, parseImageReference(reference)).config;
  expect(rules('ghcr.io/acme/api:1')).toEqual({ secrets: { names: [] }, exposeSsh: true });
  expect(rules('ghcr.io/acme/legacy:1')).toEqual({ secrets: { names: [] }, exposeSsh: false });
  expect(rules('ghcr.io/acme/sentry:1')).toEqual({ secrets: { names: ['*_DSN', 'sentry_*'] }, exposeSsh: true });
  expect((await load('none.yml')).defaults.config).toBeUndefined();
  expect((await load('off.yml')).defaults.config).toEqual({ secrets: false, exposeSsh: true });
});

test('a name glob RE2 cannot run and a wrong shape are configuration errors at their line', async () => {
  await dir.write({
    'bad-glob.yml': 'version: 1\ndefaults:\n  config:\n    secrets: { names: ["!(a)*_KEY"] }\n',
    'bad-shape.yml': 'version: 1\ndefaults:\n  config:\n    secrets: yes-please\n    exposeSSH: true\n',
  });
  await expect(load('bad-glob.yml')).rejects.toThrow(ConfigurationError);
  await expect(load('bad-glob.yml')).rejects.toThrow(
    /bad-glob\.yml:4:\d+: `defaults\.config\.secrets\.names\[0\]`: .*negation/,
  );
  await expect(load('bad-shape.yml')).rejects.toThrow(/bad-shape\.yml:4:\d+: .*secrets/);
  await expect(load('bad-shape.yml')).rejects.toThrow(
    /unknown key `exposeSSH` in `defaults\.config`; did you mean `exposeSsh`\?/,
  );
});
