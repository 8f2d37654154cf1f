import { checkImageConfigType, manifestKind } from '../../../src/image/source/registry/manifest.js';
import { errorSummary } from '../../../src/image/source/registry/registry-errors.js';
import { ConfigurationError } from '../../../src/util/errors.js';

/** Telling manifest documents apart: by their own mediaType, the Content-Type, or their shape. */

const subject = 'registry.example.com/app:1';

test('indexes, manifest lists and manifests of both families', () => {
  expect(
    manifestKind({ mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] }, undefined, subject),
  ).toBe('index');
  expect(manifestKind({ manifests: [] }, 'application/vnd.docker.distribution.manifest.list.v2+json', subject)).toBe(
    'index',
  );
  expect(
    manifestKind(
      { config: {}, layers: [] },
      'application/vnd.docker.distribution.manifest.v2+json; charset=utf-8',
      subject,
    ),
  ).toBe('manifest');
  // Early OCI manifests carry no mediaType and registries may serve them as plain JSON.
  expect(manifestKind({ schemaVersion: 2, config: {}, layers: [] }, 'application/json', subject)).toBe('manifest');
});

test('schema 1 is refused with what to do about it', () => {
  const signed = { schemaVersion: 1, name: 'app', tag: '1', fsLayers: [], history: [], signatures: [] };
  for (const [body, type] of [
    [signed, 'application/vnd.docker.distribution.manifest.v1+prettyjws'],
    [signed, 'application/json'],
    [{}, 'application/vnd.docker.distribution.manifest.v1+json'],
  ] as const) {
    expect(() => manifestKind(body, type, subject)).toThrow(ConfigurationError);
  }
  expect(() => manifestKind(signed, undefined, subject)).toThrow(
    `${subject} is stored as a Docker image manifest schema 1, which imagegate does not read`,
  );
});

test('what is not an image is named', () => {
  expect(() => manifestKind({ blobs: [] }, 'application/vnd.oci.artifact.manifest.v1+json', subject)).toThrow(
    `${subject} is not a container image: the registry serves it as application/vnd.oci.artifact.manifest.v1+json`,
  );
  expect(() => checkImageConfigType('application/vnd.cncf.helm.config.v1+json', subject)).toThrow(
    /OCI artifact with config type application\/vnd\.cncf\.helm\.config\.v1\+json/,
  );
  expect(() => checkImageConfigType('application/vnd.docker.container.image.v1+json', subject)).not.toThrow();
  expect(() => checkImageConfigType(undefined, subject)).not.toThrow();
});

test('registry error bodies are summarized; HTML pages from proxies are not echoed', () => {
  expect(
    errorSummary(Buffer.from('{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}')),
  ).toBe('DENIED: requested access to the resource is denied');
  expect(errorSummary(Buffer.from('<html><body>502 Bad Gateway</body>\n</html>'))).toBe('');
  expect(errorSummary(Buffer.from('too many requests'))).toBe('too many requests');
});
