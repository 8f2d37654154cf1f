import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { loadPolicy } from '../../src/policy/load.js';
import { tempDir } from '../support/temp.js';
import { FUZZ_TIMEOUT_MS, fuzz, mutatedText } from './support/harness.js';
import { repoSeeds } from './support/seeds.js';

/** The policy loader (YAML or JSON → schema → typed policy, tag rules and image patterns checked), fuzzed. */

const dir = await tempDir('imagegate-fuzz-policy-');
const SEEDS = [
  ...repoSeeds('policies/recommended.yml', 'policies/strict.yml', 'policies/imagegate-image.yml', '.imagegate.yml'),
  [
    'version: 1',
    'defaults:',
    '  size: { max: 300MB, maxGrowth: 10% }',
    '  base: { allow: ["docker.io/library/alpine:3.*", "gcr.io/distroless/**"] }',
    'images:',
    '  - match: "ghcr.io/acme/api*"',
    '    size: { max: 500MB }',
    'allow:',
    '  vulnerabilities:',
    '    - { id: CVE-2024-1234, packages: [openssl], reason: "not reachable", expires: 2027-01-31 }',
    'rescan:',
    "  tags: ['latest:3/minor', 'regex:release-.*', 'semver:>=1 <2']",
    'gate: { failOn: high }',
    '',
  ].join('\n'),
  '{"version": 1, "gate": {"failOn": "critical"}, "defaults": {"user": {"forbidRoot": false}}}',
];
const TOKENS = [
  'version: 1\n',
  'extends: [',
  '&anchor ',
  '*anchor',
  '<<: *anchor\n',
  'regex:(a+)+',
  'match: "',
  '  - ',
  ': ',
  '? ',
];

let count = 0;
test(
  'loadPolicy: a policy or a PolicyError (a ConfigurationError) at file:line:col',
  async () => {
    await fuzz(
      'policy',
      fc.tuple(mutatedText(SEEDS, TOKENS), fc.constantFrom('yml', 'json')),
      async ([text, extension]) => {
        const file = path.join(dir, `policy-${(count += 1) % 8}.${extension}`);
        await writeFile(file, text);
        return loadPolicy(file);
      },
      // Each load compiles the schema validator (~80 ms): fewer runs keep npm test's share to a few seconds.
      60,
    );
  },
  FUZZ_TIMEOUT_MS,
);
