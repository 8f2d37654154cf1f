import { baseTrivyAccess } from '../../../src/image/source/registry/base-credentials.js';
import { trivyRegistryAccess } from '../../../src/image/source/registry/trivy-access.js';
import { trivyEnv } from '../../../src/scan/runner/trivy-run-env.js';
import { parseImageReference } from '../../../src/model/image-reference.js';

/**
 * What Trivy is told when it scans a base (the newer base of a stale FROM): the base is named by the image or its
 * Dockerfile, so a pull request chooses its registry. Started from the reviewer's creds.mts (review of int18,
 * finding 2): the job's Trivy and imagegate credentials must not reach `attacker.example`.
 */

const processEnv = {
  PATH: '/bin',
  TRIVY_USERNAME: 'ci-bot',
  TRIVY_PASSWORD: 's3cret-for-ghcr',
  TRIVY_REGISTRY_TOKEN: 'tok-for-ghcr',
  IMAGEGATE_REGISTRY_USERNAME: 'u',
  IMAGEGATE_REGISTRY_PASSWORD: 'p',
};

/** The environment Trivy's process would see: the parent's, with trivyEnv's overrides (undefined removes). */
function effectiveEnv(access: ReturnType<typeof baseTrivyAccess>): Record<string, string | undefined> {
  const { env } = trivyEnv(processEnv, {
    ...(access.credentials ? { credentials: access.credentials } : {}),
    ...(access.dropInheritedCredentials ? { dropInheritedCredentials: true } : {}),
  });
  const merged: Record<string, string | undefined> = { ...processEnv, ...env };
  return Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== undefined));
}

test('a base in another registry than the image gets no credentials at all, neither inherited nor imagegate', () => {
  const base = parseImageReference('attacker.example/base@sha256:' + 'a'.repeat(64));
  const access = baseTrivyAccess(base, 'ghcr.io/acme/app:1', processEnv);
  expect(access).toEqual({ dropInheritedCredentials: true });
  const env = effectiveEnv(access);
  expect(Object.keys(env).filter((name) => name.startsWith('TRIVY_'))).toEqual([]);
  expect(JSON.stringify(env)).not.toMatch(/s3cret-for-ghcr|tok-for-ghcr|ci-bot/);
});

test('an image not read from a registry (a build, an archive): every base registry is another one', () => {
  const base = parseImageReference('ghcr.io/acme/base:1');
  expect(baseTrivyAccess(base, undefined, processEnv)).toEqual({ dropInheritedCredentials: true });
});

test("a base in the image's own registry is reached as the image is: the same access as the image's scan", () => {
  const base = parseImageReference('ghcr.io/acme/base@sha256:' + 'b'.repeat(64));
  const access = baseTrivyAccess(base, 'ghcr.io/acme/app:1', processEnv);
  expect(access).toEqual(trivyRegistryAccess('ghcr.io/acme/app:1', processEnv));
  expect(access).toEqual({ credentials: { username: 'u', password: 'p' } });
  expect(effectiveEnv(access)).toMatchObject({
    TRIVY_USERNAME: 'u',
    TRIVY_PASSWORD: 'p',
    TRIVY_REGISTRY_TOKEN: 'tok-for-ghcr',
  });
});

test('an insecure base registry stays insecure to Trivy, without credentials', () => {
  const base = parseImageReference('registry.internal:5000/base:1');
  expect(baseTrivyAccess(base, 'ghcr.io/acme/app:1', processEnv, ['registry.internal'])).toEqual({
    insecure: true,
    dropInheritedCredentials: true,
  });
});
