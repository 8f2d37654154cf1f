import { trivyRegistryAccess } from '../../../src/image/source/registry/trivy-access.js';

/** What Trivy is told to reach an image imagegate read from a registry. */

test("imagegate's credential variables go to Trivy; Docker's config it reads itself", () => {
  const environment = { IMAGEGATE_REGISTRY_USERNAME: 'ci', IMAGEGATE_REGISTRY_PASSWORD: 'pw', HOME: '/home/ci' };
  expect(trivyRegistryAccess('ghcr.io/acme/api@sha256:' + 'a'.repeat(64), environment)).toEqual({
    credentials: { username: 'ci', password: 'pw' },
  });
  expect(trivyRegistryAccess('ghcr.io/acme/api:1', { HOME: '/home/ci' })).toEqual({});
});

test('registries listed as insecure are insecure to Trivy too; loopback ones need nothing', () => {
  expect(trivyRegistryAccess('registry.internal:5000/app:1', {}, ['registry.internal'])).toEqual({ insecure: true });
  expect(trivyRegistryAccess('127.0.0.1:5000/app:1', {}, [])).toEqual({});
});
