import { kyvernoImagePatterns, MAX_KYVERNO_PATTERNS } from '../../src/policy/kyverno-patterns.js';
import { imageReferences } from '../../src/policy/kyverno-export.js';
import { ConfigurationError } from '../../src/util/errors.js';

/**
 * imagegate image globs → Kyverno wildcards (`*`, `?` only): the translation may only widen, every alternative of
 * `{a,b}` becomes its own pattern, a name without tag or digest covers every tag and digest, and a `{{` a policy
 * file writes cannot become a Kyverno variable lookup.
 */

test('a name without tag or digest covers the name, every tag and every digest', () => {
  expect(kyvernoImagePatterns('ghcr.io/acme/api')).toEqual([
    'ghcr.io/acme/api',
    'ghcr.io/acme/api:*',
    'ghcr.io/acme/api@*',
  ]);
});

test("`**` and `*` both become `*` (Kyverno's `*` spans `/`), runs collapse, a class becomes `?`", () => {
  expect(kyvernoImagePatterns('gcr.io/distroless/**')).toEqual([
    'gcr.io/distroless/*',
    'gcr.io/distroless/*:*',
    'gcr.io/distroless/*@*',
  ]);
  expect(kyvernoImagePatterns('docker.io/library/alpine:3.[0-9]*')).toEqual([
    'docker.io/library/alpine:3.?*',
    'docker.io/library/alpine:3.?*@*',
  ]);
});

test('`{a,b}` expands into one pattern per alternative, in the name and in the tag', () => {
  expect(kyvernoImagePatterns('ghcr.io/acme/{api,web}:1.*')).toEqual([
    'ghcr.io/acme/api:1.*',
    'ghcr.io/acme/api:1.*@*',
    'ghcr.io/acme/web:1.*',
    'ghcr.io/acme/web:1.*@*',
  ]);
  expect(kyvernoImagePatterns('docker.io/library/alpine:{3.19,3.20}')).toEqual([
    'docker.io/library/alpine:3.19',
    'docker.io/library/alpine:3.19@*',
    'docker.io/library/alpine:3.20',
    'docker.io/library/alpine:3.20@*',
  ]);
});

test('a digest pattern matches with or without a tag in front', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  expect(kyvernoImagePatterns(`ghcr.io/acme/api@${digest}`)).toEqual([
    `ghcr.io/acme/api@${digest}`,
    `ghcr.io/acme/api:*@${digest}`,
  ]);
});

test('a literal `{{` is escaped so Kyverno does not substitute a variable', () => {
  // `{{` is not an alternatives group (no comma): it stays as text and is escaped.
  for (const form of kyvernoImagePatterns('ghcr.io/acme/api:{{request.object}}')) {
    expect(form).toContain('\\{{request.object}}');
    expect(form.replaceAll('\\{{', '')).not.toContain('{{');
  }
});

test('expansion is capped: a pattern that would explode is a configuration error', () => {
  const many = 'ghcr.io/acme/{a,b,c,d}{a,b,c,d}{a,b,c,d}:1';
  expect(() => kyvernoImagePatterns(many)).toThrow(ConfigurationError);
  expect(() => kyvernoImagePatterns(many)).toThrow(`Kyverno patterns`);
  expect(MAX_KYVERNO_PATTERNS).toBe(64);
});

test('Docker Hub patterns also get the short form a Pod spec may use', () => {
  expect(imageReferences(['docker.io/library/alpine:3.*', 'docker.io/acme/tool:1'])).toEqual([
    'docker.io/library/alpine:3.*',
    'alpine:3.*',
    'docker.io/library/alpine:3.*@*',
    'alpine:3.*@*',
    'docker.io/acme/tool:1',
    'acme/tool:1',
    'docker.io/acme/tool:1@*',
    'acme/tool:1@*',
  ]);
});
