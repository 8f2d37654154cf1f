import { parseImageReference, type ImageReference } from '../../src/model/image-reference.js';
import { ConfigurationError } from '../../src/util/errors.js';

const sha256 = `sha256:${'0123456789abcdef'.repeat(4)}`;

describe('parseImageReference: valid references', () => {
  const cases: Array<[string, Partial<ImageReference>]> = [
    [
      'alpine',
      {
        registry: 'docker.io',
        repository: 'library/alpine',
        name: 'docker.io/library/alpine',
        normalized: 'docker.io/library/alpine:latest',
        familiar: 'alpine',
      },
    ],
    ['alpine:3.20', { normalized: 'docker.io/library/alpine:3.20', familiar: 'alpine:3.20', tag: '3.20' }],
    ['library/alpine', { normalized: 'docker.io/library/alpine:latest', familiar: 'alpine' }],
    ['docker.io/library/alpine:3.20', { normalized: 'docker.io/library/alpine:3.20', familiar: 'alpine:3.20' }],
    ['index.docker.io/library/alpine', { registry: 'docker.io', normalized: 'docker.io/library/alpine:latest' }],
    ['registry-1.docker.io/alpine', { registry: 'docker.io', normalized: 'docker.io/library/alpine:latest' }],
    ['acme/api', { repository: 'acme/api', normalized: 'docker.io/acme/api:latest', familiar: 'acme/api' }],
    ['docker.io/library/foo/bar', { familiar: 'library/foo/bar', repository: 'library/foo/bar' }],
    [
      'localhost:5000/app',
      {
        registry: 'localhost:5000',
        repository: 'app',
        normalized: 'localhost:5000/app:latest',
        familiar: 'localhost:5000/app',
      },
    ],
    ['localhost/app:1', { registry: 'localhost', repository: 'app', tag: '1', normalized: 'localhost/app:1' }],
    [
      'registry.example.com:8443/team/app:v1.2.3',
      { registry: 'registry.example.com:8443', repository: 'team/app', tag: 'v1.2.3' },
    ],
    ['ghcr.io/acme/platform/services/api', { registry: 'ghcr.io', repository: 'acme/platform/services/api' }],
    ['Registry.Example.COM/app', { registry: 'registry.example.com', name: 'registry.example.com/app' }],
    ['[::1]:5000/app:v1', { registry: '[::1]:5000', repository: 'app', tag: 'v1' }],
    ['127.0.0.1:5000/app', { registry: '127.0.0.1:5000', repository: 'app' }],
    [
      `alpine@${sha256}`,
      { digest: sha256, normalized: `docker.io/library/alpine@${sha256}`, familiar: `alpine@${sha256}` },
    ],
    [
      `gcr.io/distroless/static:nonroot@${sha256}`,
      { tag: 'nonroot', digest: sha256, normalized: `gcr.io/distroless/static:nonroot@${sha256}` },
    ],
    [`app@sha512:${'ab'.repeat(64)}`, { digest: `sha512:${'ab'.repeat(64)}` }],
    ['my_org/my-app__x.y', { repository: 'my_org/my-app__x.y' }],
    ['a---b/c', { repository: 'a---b/c' }],
    ['app:UPPER_tag-1.0', { tag: 'UPPER_tag-1.0' }],
    [`app:${'t'.repeat(128)}`, { tag: 't'.repeat(128) }],
  ];

  it.each(cases)('%s', (text, expected) => {
    const reference = parseImageReference(text);
    expect(reference).toMatchObject({ ...expected, original: text });
  });

  it('adds latest only when neither tag nor digest is written, and keeps tag undefined', () => {
    expect(parseImageReference('alpine').tag).toBeUndefined();
    expect(parseImageReference(`alpine@${sha256}`).normalized).not.toContain(':latest');
    expect(parseImageReference('alpine:latest').tag).toBe('latest');
  });

  it('treats every Docker Hub spelling as the same image', () => {
    const spellings = [
      'nginx',
      'library/nginx',
      'docker.io/nginx',
      'docker.io/library/nginx',
      'index.docker.io/library/nginx:latest',
    ];
    expect(new Set(spellings.map((text) => parseImageReference(text).normalized))).toEqual(
      new Set(['docker.io/library/nginx:latest']),
    );
  });

  it('accepts a name of exactly 255 characters with its registry', () => {
    const repository = 'a'.repeat(255 - 'ghcr.io/'.length);
    expect(parseImageReference(`ghcr.io/${repository}`).name).toHaveLength(255);
  });
});

describe('parseImageReference: invalid references', () => {
  const cases: Array<[string, string]> = [
    ['', "invalid image reference '': it is empty; expected [registry[:port]/]repository[:tag][@digest]"],
    ['   ', "invalid image reference '   ': it is empty; expected [registry[:port]/]repository[:tag][@digest]"],
    ['UPPER/case', "invalid image reference 'UPPER/case': the repository name 'UPPER/case' must be lower-case"],
    ['Alpine', "invalid image reference 'Alpine': the repository name 'Alpine' must be lower-case"],
    [
      'foo; rm -rf /',
      "invalid image reference 'foo; rm -rf /': ';' at position 4 is not allowed; references contain only letters, digits and . _ - / : @",
    ],
    [
      'alpine $(id)',
      "invalid image reference 'alpine $(id)': a space at position 7 is not allowed; references contain only letters, digits and . _ - / : @",
    ],
    [
      'foo\nbar',
      'invalid image reference "foo\\nbar": the whitespace character "\\n" at position 4 is not allowed; references contain only letters, digits and . _ - / : @',
    ],
    [
      `ghcr.io/${'a'.repeat(250)}`,
      `invalid image reference 'ghcr.io/${'a'.repeat(69)}...': the name is 258 characters long with its registry; at most 255 are allowed`,
    ],
    [
      'alpine@sha256:abc',
      "invalid image reference 'alpine@sha256:abc': the digest 'sha256:abc' is malformed; expected algorithm:hex such as sha256:<64 hex characters>",
    ],
    [
      `alpine@sha256:${'A'.repeat(64)}`,
      `invalid image reference 'alpine@sha256:${'A'.repeat(64)}': the digest 'sha256:${'A'.repeat(64)}' is malformed: a sha256 digest has 64 lower-case hex characters, found 64 with upper case`,
    ],
    [
      `alpine@sha256:${'a'.repeat(40)}`,
      `invalid image reference 'alpine@sha256:${'a'.repeat(40)}': the digest 'sha256:${'a'.repeat(40)}' is malformed: a sha256 digest has 64 lower-case hex characters, found 40`,
    ],
    [
      `alpine@md5:${'a'.repeat(32)}`,
      `invalid image reference 'alpine@md5:${'a'.repeat(32)}': the digest algorithm 'md5' is not supported; expected sha256, sha384 or sha512`,
    ],
    [
      'alpine:-rc',
      "invalid image reference 'alpine:-rc': the tag '-rc' is invalid: a tag has at most 128 letters, digits, '_', '.' and '-', and does not start with '.' or '-'",
    ],
    [
      `alpine:${'t'.repeat(129)}`,
      `invalid image reference 'alpine:${'t'.repeat(70)}...': the tag '${'t'.repeat(77)}...' is invalid: a tag has at most 128 letters, digits, '_', '.' and '-', and does not start with '.' or '-'`,
    ],
    ['alpine:', "invalid image reference 'alpine:': the tag after ':' is empty"],
    [
      'alpine:3:4',
      "invalid image reference 'alpine:3:4': the repository name 'alpine:3' contains ':'; only the tag follows a ':'",
    ],
    ['a@b@c', "invalid image reference 'a@b@c': '@' may appear only once, before the digest"],
    [
      ':latest',
      "invalid image reference ':latest': the repository name is empty; expected [registry[:port]/]repository[:tag][@digest]",
    ],
    [
      'ghcr.io/',
      "invalid image reference 'ghcr.io/': the repository name is empty; expected [registry[:port]/]repository[:tag][@digest]",
    ],
    [
      'foo//bar',
      "invalid image reference 'foo//bar': the repository name 'foo//bar' has an empty path component ('//')",
    ],
    [
      'foo-/bar',
      "invalid image reference 'foo-/bar': the path component 'foo-' is invalid: components are lower-case letters and digits, separated by one '.', one or two '_', or dashes, never at the start or end",
    ],
    [
      'foo..bar',
      "invalid image reference 'foo..bar': the path component 'foo..bar' is invalid: components are lower-case letters and digits, separated by one '.', one or two '_', or dashes, never at the start or end",
    ],
    [
      'foo___bar',
      "invalid image reference 'foo___bar': the path component 'foo___bar' is invalid: components are lower-case letters and digits, separated by one '.', one or two '_', or dashes, never at the start or end",
    ],
    [
      'localhost:abc/app',
      "invalid image reference 'localhost:abc/app': the registry 'localhost:abc' is invalid: the port 'abc' is not a number up to 65535; expected a host name with an optional :port",
    ],
    [
      'exa_mple.com/app',
      "invalid image reference 'exa_mple.com/app': the registry 'exa_mple.com' is invalid: host name parts are letters, digits and '-' (not at either end), found 'exa_mple'; expected a host name with an optional :port",
    ],
    [
      '0123456789abcdef'.repeat(4),
      `invalid image reference '${'0123456789abcdef'.repeat(4)}': a 64-character hex string is an image ID, not a repository name (such names are reserved)`,
    ],
  ];

  it.each(cases)('%j', (text, message) => {
    const error = catchError(() => parseImageReference(text));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error.message).toBe(message);
    expect(error.exitCode).toBe(2);
  });

  it('names where the reference was written', () => {
    const error = catchError(() => parseImageReference('UPPER/case', { path: 'Dockerfile', line: 3, column: 6 }));
    expect(error.position).toEqual({ path: 'Dockerfile', line: 3, column: 6 });
    expect(error.message).toBe(
      "Dockerfile:3:6: invalid image reference 'UPPER/case': the repository name 'UPPER/case' must be lower-case",
    );
  });

  it('rejects absurdly long input without scanning it all', () => {
    const error = catchError(() => parseImageReference('a'.repeat(100_000)));
    expect(error.message).toMatch(/it is 100000 characters long; a reference is far shorter$/);
  });
});

function catchError(run: () => unknown): ConfigurationError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}
