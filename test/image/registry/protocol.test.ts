import { parseChallenges } from '../../../src/image/source/registry/challenge.js';
import { ConcurrencyLimit } from '../../../src/image/source/registry/concurrency.js';
import { nextLinkUrl as nextPageUrl } from '../../../src/http/link.js';
import {
  isLoopback,
  parseInsecureRegistry,
  registryEndpoint,
} from '../../../src/image/source/registry/registry-endpoint.js';
import { parseRetryAfter } from '../../../src/http/retry-after.js';
import { backoffDelay, REGISTRY_RETRY as DEFAULT_RETRY_POLICY } from '../../../src/http/retry.js';
import { ConfigurationError } from '../../../src/util/errors.js';

/** The small protocol pieces, on the header values real registries send (Docker Hub, GHCR, distribution). */

describe('WWW-Authenticate', () => {
  test("Docker Hub's bearer challenge, with a comma inside the quoted scope", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",' +
          'scope="repository:library/alpine:pull,push"',
      ),
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull,push',
        },
      },
    ]);
  });

  test('Basic, several challenges in one header, bare tokens and escapes', () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'Registry Realm' } },
    ]);
    expect(parseChallenges('Basic realm="a\\"b", Bearer realm=https://t.example/token, service=reg')).toEqual([
      { scheme: 'basic', params: { realm: 'a"b' } },
      { scheme: 'bearer', params: { realm: 'https://t.example/token', service: 'reg' } },
    ]);
    expect(parseChallenges(undefined)).toEqual([]);
    expect(parseChallenges(['Negotiate', 'Basic realm=x'])).toEqual([
      { scheme: 'negotiate', params: {} },
      { scheme: 'basic', params: { realm: 'x' } },
    ]);
  });
});

describe('Link pagination', () => {
  test('relative next links resolve against the request; no next on the last page', () => {
    expect(nextPageUrl('</v2/_catalog?last=b&n=2>; rel="next"', 'https://r.example/v2/_catalog?n=2')).toBe(
      'https://r.example/v2/_catalog?last=b&n=2',
    );
    expect(
      nextPageUrl(
        '<https://ghcr.io/v2/acme/api/tags/list?last=v1%2C2&n=100>; rel="prev", </v2/acme/api/tags/list?last=v9&n=100>; rel=next',
        'https://ghcr.io/v2/acme/api/tags/list?n=100',
      ),
    ).toBe('https://ghcr.io/v2/acme/api/tags/list?last=v9&n=100');
    expect(nextPageUrl(undefined, 'https://r.example/v2/_catalog')).toBeUndefined();
    expect(nextPageUrl('</x>; rel="last"', 'https://r.example/')).toBeUndefined();
  });
});

describe('retries', () => {
  test('Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
  });

  test('exponential backoff, capped, with at most half taken off at random', () => {
    const policy = { ...DEFAULT_RETRY_POLICY, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(3, policy, () => 0)).toBe(200);
  });

  test('the concurrency limit hands slots over in order and never exceeds its size', async () => {
    const limit = new ConcurrencyLimit(2);
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        limit.run(async () => {
          active += 1;
          peak = Math.max(peak, active);
          await new Promise((resolve) => setTimeout(resolve, 5));
          order.push(i);
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(2);
    expect(order.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    expect(limit.inFlight).toBe(0);
  });

  test('a fixed limit ignores answers; an adaptive one grows per answer to its ceiling and halves on 429/503', () => {
    const fixed = new ConcurrencyLimit(8);
    fixed.answer(200, fixed.generation);
    fixed.answer(429, fixed.generation);
    expect(fixed.size).toBe(8);

    const limit = new ConcurrencyLimit(8, 32);
    for (let i = 0; i < 30; i += 1) limit.answer(i % 2 ? 200 : 404, limit.generation);
    expect(limit.size).toBe(32); // one per answer (a 404 is an answer), never above the ceiling
    const sent = limit.generation;
    limit.answer(429, sent);
    expect(limit.size).toBe(16);
    // The other requests sent alongside the throttled one say nothing new: no second halving.
    limit.answer(503, sent);
    limit.answer(429, sent);
    expect(limit.size).toBe(16);
    limit.answer(503, limit.generation);
    expect(limit.size).toBe(8);
    // After a throttle it grows by one per window of answers, not one per answer.
    for (let i = 0; i < 7; i += 1) limit.answer(200, limit.generation);
    expect(limit.size).toBe(8);
    limit.answer(200, limit.generation);
    expect(limit.size).toBe(9);
    // 500s neither grow nor shrink it; it never drops below one.
    limit.answer(500, limit.generation);
    expect(limit.size).toBe(9);
    for (let i = 0; i < 10; i += 1) limit.answer(429, limit.generation);
    expect(limit.size).toBe(1);
    expect(() => new ConcurrencyLimit(8, 4)).toThrow('concurrency ceiling 4: expected an integer ≥ 8');
  });

  test('an adaptive limit lets waiters in as it grows and retires slots as it shrinks', async () => {
    const limit = new ConcurrencyLimit(2, 4);
    const releases: Array<() => void> = [];
    let started = 0;
    const tasks = Array.from({ length: 8 }, () =>
      limit.acquire().then((release) => {
        started += 1;
        releases.push(release);
      }),
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(2);
    limit.answer(200, limit.generation); // 3
    limit.answer(200, limit.generation); // 4
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(4);
    expect(limit.inFlight).toBe(4);
    limit.answer(429, limit.generation); // 2: the four in flight finish, but only two slots are handed on
    for (const release of releases.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(started).toBe(6);
    expect(limit.inFlight).toBe(2);
    for (const release of releases.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
    for (const release of releases.splice(0)) release();
    await Promise.all(tasks);
    expect(started).toBe(8);
    expect(limit.inFlight).toBe(0);
  });
});

describe('registry endpoints', () => {
  test('Docker Hub, https by default, http for loopback and registries listed as insecure', () => {
    expect(registryEndpoint('docker.io')).toEqual({
      registry: 'docker.io',
      baseUrl: 'https://registry-1.docker.io',
      insecure: false,
    });
    expect(registryEndpoint('index.docker.io').baseUrl).toBe('https://registry-1.docker.io');
    expect(registryEndpoint('ghcr.io').baseUrl).toBe('https://ghcr.io');
    expect(registryEndpoint('127.0.0.1:5000').baseUrl).toBe('http://127.0.0.1:5000');
    expect(registryEndpoint('localhost:5000').baseUrl).toBe('http://localhost:5000');
    expect(registryEndpoint('[::1]:5000').baseUrl).toBe('http://[::1]:5000');
    expect(registryEndpoint('registry.internal:5000', ['registry.internal']).baseUrl).toBe(
      'http://registry.internal:5000',
    );
    expect(registryEndpoint('registry.internal:5000', ['registry.internal:5001']).baseUrl).toBe(
      'https://registry.internal:5000',
    );
    expect(isLoopback('127.1.2.3')).toBe(true);
    expect(isLoopback('localhost.example.com')).toBe(false);
  });

  test('insecure-registry entries are hosts, not URLs', () => {
    expect(parseInsecureRegistry(' Registry.Internal:5000 ', '--insecure-registry')).toBe('registry.internal:5000');
    expect(() => parseInsecureRegistry('http://registry.internal', '--insecure-registry')).toThrow(ConfigurationError);
    expect(() => parseInsecureRegistry('registry.internal/v2', '--insecure-registry')).toThrow(
      "--insecure-registry 'registry.internal/v2': expected a registry host with an optional port",
    );
  });
});
