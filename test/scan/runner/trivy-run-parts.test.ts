import { rateLimitedDatabase } from '../../../src/scan/runner/trivy-run-errors.js';
import { TRIVY_CREDENTIAL_ENV, trivyEnv } from '../../../src/scan/runner/trivy-run-env.js';
import { killGraceMs, parseTrivyTimeout } from '../../../src/scan/runner/trivy-run-timeout.js';
import { ConfigurationError } from '../../../src/util/errors.js';

describe('Trivy --timeout (Go durations)', () => {
  test.each([
    ['5m', 300_000],
    ['10m', 600_000],
    ['1h30m', 5_400_000],
    ['90s', 90_000],
    ['1.5h', 5_400_000],
    ['2m30s', 150_000],
    ['1500ms', 1_500],
    [' 15m ', 900_000],
  ])('%s', (text, ms) => {
    expect(parseTrivyTimeout(text)).toBe(ms);
  });

  test.each(['', '10', 'ten minutes', '10 m', '-5m', '0s', '5m garbage', 'm', '1d'])('rejects %j', (text) => {
    expect(() => parseTrivyTimeout(text)).toThrow(ConfigurationError);
  });

  test('imagegate stops Trivy 2 s to 60 s after its timeout', () => {
    expect(killGraceMs(1_000)).toBe(2_000);
    expect(killGraceMs(300_000)).toBe(30_000);
    expect(killGraceMs(3_600_000)).toBe(60_000);
  });
});

describe('rate limits', () => {
  // Real lines: Trivy 0.56+ on GitHub Actions (nofusscomputing/action_python#10).
  const vulnDb = [
    '2024-10-29T12:15:43Z\tINFO\t[vulndb] Downloading artifact...\trepo="ghcr.io/aquasecurity/trivy-db:2"',
    '2024-10-29T12:15:44Z\tERROR\t[vulndb] Failed to download artifact\trepo="ghcr.io/aquasecurity/trivy-db:2" err="OCI repository error: 1 error occurred:\\n\\t* GET https://ghcr.io/v2/aquasecurity/trivy-db/manifests/2: TOOMANYREQUESTS: retry-after: 1.224007ms, allowed: 44000/minute\\n\\n"',
    '2024-10-29T12:15:44Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB: OCI artifact error: failed to download vulnerability DB: failed to download artifact from any source',
  ].join('\n');

  test('a rate-limited vulnerability DB', () => {
    expect(rateLimitedDatabase(vulnDb)).toBe('db');
  });

  test('a rate-limited Java DB, after the vulnerability DB was fetched', () => {
    const java = [
      '2026-01-01T00:00:00Z\tINFO\t[vulndb] Artifact successfully downloaded\trepo="mirror.gcr.io/aquasec/trivy-db:2"',
      '2026-01-01T00:00:01Z\tERROR\t[javadb] Failed to download artifact\trepo="mirror.gcr.io/aquasec/trivy-java-db:1" err="GET https://mirror.gcr.io/v2/aquasec/trivy-java-db/manifests/1: TOOMANYREQUESTS: quota exceeded"',
      '2026-01-01T00:00:01Z\tFATAL\tFatal error\tJava DB error: failed to download Java DB',
    ].join('\n');
    expect(rateLimitedDatabase(java)).toBe('javaDb');
  });

  test('a 429 line without DB context: the FATAL line says which download failed', () => {
    const older = [
      '2026-01-01T00:00:00Z\tERROR\tOCI repository error: 429 Too Many Requests',
      '2026-01-01T00:00:00Z\tFATAL\tFatal error\tinit error: DB error: failed to download vulnerability DB',
    ].join('\n');
    expect(rateLimitedDatabase(older)).toBe('db');
  });

  test("an image pull's 429 (Docker Hub) is not a DB problem", () => {
    const pull = [
      '2026-01-01T00:00:00Z\tINFO\t[vulndb] Artifact successfully downloaded\trepo="mirror.gcr.io/aquasec/trivy-db:2"',
      '2026-01-01T00:00:05Z\tFATAL\tFatal error\trun error: image scan error: unable to initialize a scan service: unable to find the specified image "node:22" in ["docker" "remote"]: remote error: GET https://index.docker.io/v2/library/node/manifests/22: TOOMANYREQUESTS: You have reached your unauthenticated pull rate limit.',
    ].join('\n');
    expect(rateLimitedDatabase(pull)).toBeUndefined();
    expect(rateLimitedDatabase('FATAL Fatal error run error: image scan error: unexpected EOF')).toBeUndefined();
  });
});

describe('Trivy environment', () => {
  test('inherited TRIVY_* dropped except registry access; extraEnv and credentials on top', () => {
    const { env, dropped } = trivyEnv(
      { PATH: '/bin', TRIVY_SEVERITY: 'HIGH', TRIVY_RUN_AS_PLUGIN: 'x', TRIVY_USERNAME: 'old', TRIVY_DOCKER_HOST: 'y' },
      { extraEnv: { DOCKER_HOST: 'unix:///d.sock' }, credentials: { username: 'u', password: 'p' } },
    );
    expect(dropped).toEqual(['TRIVY_RUN_AS_PLUGIN', 'TRIVY_SEVERITY']);
    expect(env).toEqual({
      TRIVY_RUN_AS_PLUGIN: undefined,
      TRIVY_SEVERITY: undefined,
      DOCKER_HOST: 'unix:///d.sock',
      TRIVY_USERNAME: 'u',
      TRIVY_PASSWORD: 'p',
    });
  });

  test("dropInheritedCredentials: the job's TRIVY_USERNAME/PASSWORD/REGISTRY_TOKEN are removed, set or not", () => {
    const parent = { PATH: '/bin', TRIVY_USERNAME: 'ci-bot', TRIVY_PASSWORD: 's3cret', TRIVY_INSECURE: 'true' };
    const { env, dropped } = trivyEnv(parent, { dropInheritedCredentials: true });
    // Undefined removes a variable from the environment Trivy inherits (exec starts from the real one).
    expect(env).toEqual({ TRIVY_USERNAME: undefined, TRIVY_PASSWORD: undefined, TRIVY_REGISTRY_TOKEN: undefined });
    expect(Object.keys(env)).toEqual(expect.arrayContaining([...TRIVY_CREDENTIAL_ENV]));
    expect(dropped).toEqual([]);
    // Without it (the image's own registry) they are kept, as before.
    expect(trivyEnv(parent, {}).env).toEqual({});
  });

  test('dropInheritedCredentials with credentials for that registry: only those are set', () => {
    const { env } = trivyEnv(
      { TRIVY_USERNAME: 'ci-bot', TRIVY_PASSWORD: 's3cret', TRIVY_REGISTRY_TOKEN: 'tok' },
      { dropInheritedCredentials: true, credentials: { username: 'u', password: 'p' } },
    );
    expect(env).toEqual({ TRIVY_USERNAME: 'u', TRIVY_PASSWORD: 'p', TRIVY_REGISTRY_TOKEN: undefined });
  });
});
