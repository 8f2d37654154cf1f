import { parseImageReference } from '../../src/model/image-reference.js';
import {
  compileImagePattern,
  matchImagePattern,
  parseImagePattern,
  rulesForImage,
  severityFor,
} from '../../src/policy/image-match.js';
import { defaultPolicy } from '../../src/policy/load.js';
import type { Policy } from '../../src/policy/types.js';
import { ConfigurationError } from '../../src/util/errors.js';
import { parseByteSize } from '../../src/util/units.js';

const digest = `sha256:${'ab'.repeat(32)}`;
const matches = (pattern: string, reference: string) => matchImagePattern(pattern, parseImageReference(reference));

describe('parseImagePattern', () => {
  it.each([
    ['alpine', { name: 'docker.io/library/alpine' }],
    ['alpine:3.*', { name: 'docker.io/library/alpine', tag: '3.*' }],
    ['alpine*', { name: 'docker.io/library/alpine*' }],
    ['*', { name: 'docker.io/library/*' }],
    ['acme/*', { name: 'docker.io/acme/*' }],
    ['index.docker.io/library/alpine', { name: 'docker.io/library/alpine' }],
    ['docker.io/**', { name: 'docker.io/**' }],
    ['GHCR.IO/acme/**', { name: 'ghcr.io/acme/**' }],
    ['localhost:5000/app', { name: 'localhost:5000/app' }],
    ['localhost:5000/app:v*', { name: 'localhost:5000/app', tag: 'v*' }],
    ['**', { name: '**' }],
    ['**/app:1.*', { name: '**/app', tag: '1.*' }],
    ['gcr.io/distroless/*@sha256:*', { name: 'gcr.io/distroless/*', digest: 'sha256:*' }],
  ])('%s', (pattern, expected) => {
    expect(parseImagePattern(pattern)).toEqual(expected);
  });

  it.each([
    ['', 'the image pattern is empty'],
    ['alpine 3', 'the image pattern "alpine 3" contains " ", which no reference has'],
    ['alpine;id', 'the image pattern "alpine;id" contains ";", which no reference has'],
    ['!alpine', 'negated image patterns (`!…`) are not supported; list the images to allow'],
    ['a@b@c', "the image pattern 'a@b@c' has more than one '@'"],
    [':3.*', "the image pattern ':3.*' names no repository"],
    ['ghcr.io/Acme/*', "the image pattern 'ghcr.io/Acme/*' can never match: repository names are lower-case"],
  ])('rejects %j', (pattern, message) => {
    expect(() => parseImagePattern(pattern, { path: 'p.yml', line: 2, column: 5 })).toThrow(
      new ConfigurationError(message, { path: 'p.yml', line: 2, column: 5 }),
    );
    expect(() => parseImagePattern(pattern)).toThrow(ConfigurationError);
  });
});

describe('matchImagePattern', () => {
  it.each([
    // Normalization on both sides.
    ['alpine', 'alpine', true],
    ['alpine', 'docker.io/library/alpine:latest', true],
    ['docker.io/library/alpine:latest', 'alpine', true],
    ['alpine:latest', 'index.docker.io/library/alpine', true],
    ['registry-1.docker.io/alpine:3.*', 'alpine:3.20', true],
    ['alpine:3.*', 'docker.io/library/alpine:3.20', true],
    ['alpine:3.*', 'alpine:3.20.1', true],
    ['alpine:3.*', 'alpine:edge', false],
    ['alpine:3.*', 'alpine', false],
    ['alpine:3.*', 'alpinelinux/alpine:3.20', false],
    // A pattern without tag or digest matches every tag and digest.
    ['alpine', 'alpine:3.20', true],
    ['alpine', `alpine@${digest}`, true],
    ['alpine', `alpine:3.20@${digest}`, true],
    // With a tag, a digest-only reference has no tag to match; `latest` is implied only without both.
    ['alpine:latest', `alpine@${digest}`, false],
    [`alpine@${digest}`, `alpine:3.20@${digest}`, true],
    [`alpine@${digest}`, 'alpine:3.20', false],
    ['alpine@sha256:*', `alpine@${digest}`, true],
    ['alpine:3.*@sha256:*', `alpine:3.20@${digest}`, true],
    ['alpine:3.*@sha256:*', 'alpine:3.20', false],
    // `*` stays in one component, `**` crosses `/`.
    ['ghcr.io/acme/*', 'ghcr.io/acme/api', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/team/api', false],
    ['ghcr.io/acme/**', 'ghcr.io/acme/team/api', true],
    ['ghcr.io/acme/**', 'ghcr.io/acme/api:v2', true],
    ['ghcr.io/acme/**', 'ghcr.io/other/api', false],
    ['ghcr.io/acme/api*', 'ghcr.io/acme/api-gateway:1', true],
    ['ghcr.io/acme/api*', 'ghcr.io/acme/web', false],
    ['gcr.io/distroless/**', 'gcr.io/distroless/static-debian12:nonroot', true],
    ['gcr.io/distroless/**', 'gcr.io/distroless-fake/static', false],
    ['*.dkr.ecr.*.amazonaws.com/**', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/app:1', true],
    // Docker Hub shorthand: single components are official images; `*` alone means all of them, not everything.
    ['*', 'nginx', true],
    ['*', 'acme/api', false],
    ['*', 'ghcr.io/acme/api', false],
    ['acme/*', 'acme/api', true],
    ['docker.io/**', 'acme/api', true],
    ['docker.io/**', 'ghcr.io/acme/api', false],
    // A leading `**` spans registries.
    ['**', 'ghcr.io/acme/team/api:1', true],
    ['**', 'alpine', true],
    ['**/api', 'ghcr.io/acme/api', true],
    ['**/api', 'acme/api:2', true],
    ['**:latest', 'ghcr.io/acme/api', true],
    ['**:latest', 'ghcr.io/acme/api:1', false],
    // Registries with ports, case-insensitive hosts.
    ['localhost:5000/*', 'localhost:5000/app:dev', true],
    ['localhost:5000/*', 'localhost:5001/app', false],
    ['registry.example.com/app', 'Registry.Example.com/app', true],
    // Braces and classes.
    ['{alpine,busybox}:1.*', 'busybox:1.36', true],
    ['alpine:3.[0-9][0-9]', 'alpine:3.20', true],
    ['alpine:3.[0-9][0-9]', 'alpine:3.9', false],
    // Tags are case-sensitive; `*` in a tag crosses `.`.
    ['app:RC*', 'app:rc1', false],
    ['app:1.*', 'app:1.2.3', true],
  ])('%s ~ %s → %s', (pattern, reference, expected) => {
    expect(matches(pattern, reference)).toBe(expected);
  });

  it('compiles a pattern once for many references', () => {
    const isAllowed = compileImagePattern('docker.io/library/alpine:3.*');
    expect(['alpine:3.19', 'alpine:3.20', 'alpine:edge'].map((text) => isAllowed(parseImageReference(text)))).toEqual([
      true,
      true,
      false,
    ]);
  });
});

describe('rulesForImage', () => {
  const size = (text: string) => parseByteSize(text);
  const source = { kind: 'source' as const, path: 'p.yml', line: 1 };
  const policy: Policy = {
    files: ['p.yml'],
    defaults: {
      size: { max: size('300MB'), maxCompressed: size('100MB') },
      layers: { max: 20 },
      base: { allow: ['alpine:3.*'], forbidTags: ['latest'] },
      user: { forbidRoot: true },
      vulnerabilities: { failOn: 'high', ignoreStatuses: ['will_not_fix'] },
      secrets: {},
      licenses: { forbid: ['AGPL-*'] },
      hygiene: {},
    },
    images: [
      {
        match: 'ghcr.io/acme/*',
        rules: { size: { max: size('500MB') }, base: { allow: ['gcr.io/distroless/**'] } },
        source,
      },
      { match: 'ghcr.io/acme/legacy*', rules: { user: { forbidRoot: false }, size: { max: size('1GB') } }, source },
      { match: 'ghcr.io/other/**', rules: { layers: { max: 5 } }, source },
      {
        match: 'ghcr.io/acme/legacy*',
        rules: { vulnerabilities: { failOn: 'critical', ignoreUnfixed: true }, secrets: { forbid: false } },
        source,
      },
    ],
    gate: { failOn: 'high' },
    severities: { 'layers/max': 'low', 'user/root': 'off' },
    allow: { vulnerabilities: [], secrets: [], licenses: [], mounts: [] },
    compose: { files: [] },
  };

  it('gives the defaults to an image no override matches, and to an image without reference', () => {
    expect(rulesForImage(policy, parseImageReference('nginx'))).toEqual(policy.defaults);
    expect(rulesForImage(policy, undefined)).toEqual(policy.defaults);
  });

  it('applies every matching override in file order, key by key within a section', () => {
    const rules = rulesForImage(policy, parseImageReference('ghcr.io/acme/legacy-billing:2'));
    expect(rules.size).toEqual({ max: size('1GB'), maxCompressed: size('100MB') });
    expect(rules.base).toEqual({ allow: ['gcr.io/distroless/**'], forbidTags: ['latest'] });
    expect(rules.user).toEqual({ forbidRoot: false });
    expect(rules.layers).toEqual({ max: 20 });
    expect(rules.vulnerabilities).toEqual({
      failOn: 'critical',
      ignoreUnfixed: true,
      ignoreStatuses: ['will_not_fix'],
    });
    expect(rules.secrets).toEqual({ forbid: false });
    expect(rules.licenses).toEqual({ forbid: ['AGPL-*'] });
  });

  it('applies only the overrides that match', () => {
    const rules = rulesForImage(policy, parseImageReference('ghcr.io/acme/api'));
    expect(rules.size.max).toEqual(size('500MB'));
    expect(rules.user).toEqual({ forbidRoot: true });
    expect(rules.vulnerabilities).toEqual({ failOn: 'high', ignoreStatuses: ['will_not_fix'] });
    expect(rules.secrets).toEqual({});
  });

  it('does not let callers change the policy through the result', () => {
    const rules = rulesForImage(policy, undefined);
    rules.size.max = size('1MB');
    expect(policy.defaults.size.max).toEqual(size('300MB'));
  });

  it('severityFor uses the rules map, else the catalog default', () => {
    expect(severityFor(policy, 'layers/max', 'medium')).toBe('low');
    expect(severityFor(policy, 'user/root', 'high')).toBe('off');
    expect(severityFor(policy, 'size/max', 'high')).toBe('high');
    expect(severityFor(defaultPolicy(), 'size/max', 'medium')).toBe('medium');
  });
});
