import type { Platform } from '../../src/image/facts.js';
import { platformRequest, selectPlatforms } from '../../src/pipeline/platform-request.js';
import { platformSlug } from '../../src/report/sarif-platforms.js';
import { ConfigurationError } from '../../src/util/errors.js';

const index = [
  { os: 'linux', architecture: 'amd64' },
  { os: 'linux', architecture: 'arm64', variant: 'v8' },
];

test('one platform is not a request for several; all and lists are', () => {
  expect(platformRequest(undefined)).toBeUndefined();
  expect(platformRequest('linux/arm64')).toBeUndefined();
  expect(platformRequest(' all ')).toEqual({ kind: 'all' });
  expect(platformRequest('linux/amd64, linux/arm64,linux/amd64')).toEqual({
    kind: 'list',
    platforms: ['linux/amd64', 'linux/arm64'],
  });
  expect(() => platformRequest('linux/amd64,')).toThrow(ConfigurationError);
  expect(() => platformRequest('linux/amd64,amd64')).toThrow(/os\/architecture/);
});

test('all takes the index’s platforms; a list is matched against them, an unknown one names them', () => {
  expect(selectPlatforms({ kind: 'all' }, index, 'app')).toEqual(['linux/amd64', 'linux/arm64/v8']);
  expect(selectPlatforms({ kind: 'list', platforms: ['linux/arm64', 'linux/amd64'] }, index, 'app')).toEqual([
    'linux/arm64/v8',
    'linux/amd64',
  ]);
  expect(() => selectPlatforms({ kind: 'list', platforms: ['linux/amd64', 'linux/s390x'] }, index, 'app')).toThrow(
    'app: no manifest for platform linux/s390x; the index has linux/amd64, linux/arm64/v8',
  );
  // Not an index: `all` gates the image as it is; a list goes to the readers, which check the one platform.
  expect(selectPlatforms({ kind: 'all' }, [], 'app')).toEqual([undefined]);
  expect(selectPlatforms({ kind: 'list', platforms: ['linux/amd64'] }, [], 'app')).toEqual(['linux/amd64']);
});

test('an index platform outside the grammar, or too many of them, is exit 2 before anything is read', () => {
  const hostile = [{ os: 'linux', architecture: '..' }];
  expect(() => selectPlatforms({ kind: 'all' }, hostile, 'app')).toThrow(
    'app: the index names a platform "linux/.." that is not os/architecture[/variant]',
  );
  expect(() => selectPlatforms({ kind: 'all' }, [{ os: 'linux', architecture: 'x'.repeat(65) }], 'app')).toThrow(
    ConfigurationError,
  );
  const many = Array.from({ length: 33 }, (_, i) => ({ os: 'linux', architecture: `arch${i}` }));
  expect(() => selectPlatforms({ kind: 'all' }, many, 'app')).toThrow(
    'app: the index lists 33 platforms; --platform all gates at most 32',
  );
  expect(selectPlatforms({ kind: 'list', platforms: ['linux/arch7'] }, many, 'app')).toEqual(['linux/arch7']);
});

test('platforms whose report folders would collide are refused: no - inside a part, no platform twice', () => {
  // The review's case (/tmp/review-int18/slug.mts): both would have become platforms/linux-arm64-v8.
  const colliding = [
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
    { os: 'linux', architecture: 'arm64-v8' },
  ];
  expect(() => selectPlatforms({ kind: 'all' }, colliding, 'idx')).toThrow(
    'idx: the index names a platform "linux/arm64-v8" that is not os/architecture[/variant]',
  );
  const twice = [
    { os: 'windows', architecture: 'amd64' },
    { os: 'linux', architecture: 'amd64' },
    { os: 'windows', architecture: 'amd64' },
  ];
  expect(() => selectPlatforms({ kind: 'all' }, twice, 'idx')).toThrow(
    'idx: the index lists platform windows/amd64 2 times (different manifests)',
  );
  expect(() => selectPlatforms({ kind: 'list', platforms: ['linux/amd64', 'windows/amd64'] }, twice, 'idx')).toThrow(
    ConfigurationError,
  );
  // Only the chosen platforms count: listing the unambiguous one still works.
  expect(selectPlatforms({ kind: 'list', platforms: ['linux/amd64'] }, twice, 'idx')).toEqual(['linux/amd64']);
  // Real platform names (GOOS/GOARCH and v5…v8 variants) pass, and their folders are distinct.
  const real: Platform[] = ['amd64', 'arm64', 'ppc64le', 's390x', 'riscv64', '386', 'mips64le'].map((architecture) => ({
    os: 'linux',
    architecture,
  }));
  real.push({ os: 'linux', architecture: 'arm', variant: 'v7' }, { os: 'linux', architecture: 'arm', variant: 'v6' });
  const chosen = selectPlatforms({ kind: 'all' }, real, 'idx') as string[];
  expect(new Set(chosen.map(platformSlug)).size).toBe(real.length);
});
