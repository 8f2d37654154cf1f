import { loadPolicy } from '../../src/policy/load.js';
import { diffPolicies } from '../../src/policy/policy-diff.js';
import { rulesForImage } from '../../src/policy/image-match.js';
import { parseImageReference } from '../../src/model/image-reference.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { rejection } from '../support/rejection.js';
import { makePolicyDir, type PolicyDir } from './temp-policies.js';

/** Issue 14 item 6: the policy key `vulnerabilities.vexFromImage`, in defaults and per image. */

let dir: PolicyDir;
beforeEach(async () => {
  dir = await makePolicyDir();
});
afterEach(async () => {
  await dir.remove();
});

async function load(text: string) {
  await dir.write({ 'p.yml': `version: 1\n${text}` });
  return loadPolicy(dir.file('p.yml'), { displayPath: dir.display });
}

describe('vulnerabilities.vexFromImage', () => {
  test('off unless set; set in defaults or for matching images only', async () => {
    const none = await load('defaults: { vulnerabilities: { failOn: high } }\n');
    expect(rulesForImage(none, undefined).vulnerabilities.vexFromImage).toBeUndefined();
    const policy = await load(
      'defaults: { vulnerabilities: { vexFromImage: false } }\nimages:\n  - match: "ghcr.io/acme/*"\n    vulnerabilities: { vexFromImage: true }\n',
    );
    expect(rulesForImage(policy, parseImageReference('ghcr.io/acme/api:1')).vulnerabilities.vexFromImage).toBe(true);
    expect(rulesForImage(policy, parseImageReference('ghcr.io/other/api:1')).vulnerabilities.vexFromImage).toBe(false);
  });

  test('not a boolean: exit 2 naming the file, line and column', async () => {
    const error = await rejection(load('defaults:\n  vulnerabilities:\n    vexFromImage: "yes"\n'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toMatch(/p\.yml:4:19/);
  });

  test('turning it on in a pull request is a relaxation (the image’s pushers could then suppress findings)', async () => {
    const base = await load('defaults: { vulnerabilities: { failOn: high } }\n');
    const head = await load('defaults: { vulnerabilities: { failOn: high, vexFromImage: true } }\n');
    const changes = diffPolicies(base, head);
    expect(changes).toEqual([
      { kind: 'relaxation', key: 'defaults.vulnerabilities.vexFromImage', message: 'false → true' },
    ]);
    expect(diffPolicies(head, base)).toEqual([
      { kind: 'tightening', key: 'defaults.vulnerabilities.vexFromImage', message: 'true → false' },
    ]);
  });
});
