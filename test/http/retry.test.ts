import { nextLinkUrl } from '../../src/http/link.js';
import { parseRetryAfter } from '../../src/http/retry-after.js';
import {
  DOWNLOAD_RETRY,
  GITHUB_RETRY,
  GITLAB_RETRY,
  nextRetryStep,
  networkRetryDelay,
  REGISTRY_RETRY,
  registryRetryPolicy,
  retryDecision,
} from '../../src/http/retry.js';

// One policy, four sets of numbers: each client's documented behaviour is a preset, the rules are shared.
describe('the one retry policy', () => {
  const now = Date.parse('Fri, 27 Nov 2026 12:00:00 GMT');

  test('Retry-After is read in both forms by one parser', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(['12', '1'], now)).toBe(12_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  test('which statuses are retried, per client', () => {
    const registry = registryRetryPolicy(REGISTRY_RETRY);
    expect(retryDecision(502, {}, now, GITHUB_RETRY)).toEqual({ retry: true, rateLimited: false });
    expect(retryDecision(501, {}, now, GITLAB_RETRY)).toEqual({ retry: true, rateLimited: false });
    expect(retryDecision(501, {}, now, registry)).toEqual({ retry: false });
    expect(retryDecision(408, {}, now, registry)).toEqual({ retry: true, rateLimited: false });
    expect(retryDecision(429, { 'retry-after': '2' }, now, GITLAB_RETRY)).toEqual({
      retry: true,
      rateLimited: true,
      serverDelayMs: 2000,
    });
    // GitHub's rate-limit 403 is a rate limit there and a permission everywhere else.
    const limited = { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) };
    expect(retryDecision(403, limited, now, GITHUB_RETRY)).toEqual({
      retry: true,
      rateLimited: true,
      serverDelayMs: 30_000,
    });
    expect(retryDecision(403, limited, now, GITLAB_RETRY)).toEqual({ retry: false });
    expect(retryDecision(403, {}, now, GITHUB_RETRY)).toEqual({ retry: false });
    // Downloads retry only 502/503/504, after their own backoff.
    expect(retryDecision(500, {}, now, DOWNLOAD_RETRY)).toEqual({ retry: false });
    expect(retryDecision(503, { 'retry-after': '5' }, now, DOWNLOAD_RETRY)).toEqual({
      retry: true,
      rateLimited: false,
    });
  });

  test('waits: the server’s delay, else the backoff; past the cap the request fails at once', () => {
    const github = retryDecision(500, {}, now, GITHUB_RETRY);
    expect([1, 2, 3].map((attempt) => nextRetryStep(attempt, github, GITHUB_RETRY))).toEqual([
      { kind: 'wait', ms: 2000, asked: false },
      { kind: 'wait', ms: 4000, asked: false },
      { kind: 'wait', ms: 8000, asked: false },
    ]);
    expect(nextRetryStep(4, github, GITHUB_RETRY)).toEqual({ kind: 'give-up' });
    const asked = retryDecision(429, { 'retry-after': '45' }, now, GITLAB_RETRY);
    expect(nextRetryStep(1, asked, GITLAB_RETRY)).toEqual({ kind: 'too-long', askedMs: 45_000 });
    expect(nextRetryStep(1, asked, GITHUB_RETRY)).toEqual({ kind: 'wait', ms: 45_000, asked: true });
    // A registry's backoff is capped at 20 s but it sits out a Retry-After of up to 2 minutes.
    const registry = registryRetryPolicy(REGISTRY_RETRY);
    const slow = retryDecision(503, { 'retry-after': '100' }, now, registry);
    expect(nextRetryStep(1, slow, registry)).toEqual({ kind: 'wait', ms: 100_000, asked: true });
    const slower = retryDecision(503, { 'retry-after': '121' }, now, registry);
    expect(nextRetryStep(1, slower, registry)).toEqual({ kind: 'too-long', askedMs: 121_000 });
    expect(nextRetryStep(1, retryDecision(502, {}, now, DOWNLOAD_RETRY), DOWNLOAD_RETRY)).toEqual({
      kind: 'wait',
      ms: 1000,
      asked: false,
    });
  });

  test('a failed connection is retried after the capped backoff until the attempts are spent', () => {
    expect([1, 2, 3, 4].map((attempt) => networkRetryDelay(attempt, GITLAB_RETRY))).toEqual([
      1000,
      2000,
      4000,
      undefined,
    ]);
    expect(networkRetryDelay(2, DOWNLOAD_RETRY)).toBe(2000);
    expect(networkRetryDelay(3, DOWNLOAD_RETRY)).toBeUndefined();
  });
});

describe('the one Link parser', () => {
  test('GitHub absolute links and registry relative links', () => {
    expect(
      nextLinkUrl('<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'),
    ).toBe('https://api.github.com/x?page=2');
    expect(nextLinkUrl('</v2/_catalog?last=b&n=100>; rel="next"', 'https://r.example/v2/_catalog?n=100')).toBe(
      'https://r.example/v2/_catalog?last=b&n=100',
    );
    expect(nextLinkUrl(['<a>; rel=prev', '<b>; rel="last next"'])).toBe('b');
    expect(nextLinkUrl('<https://api.github.com/x?page=1>; rel="prev"')).toBeUndefined();
  });
});
