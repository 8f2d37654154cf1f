import { parseRetryAfter } from './retry-after.js';

/**
 * The one retry policy of every imagegate HTTP client (GitHub, GitLab, registries, release downloads). A failed
 * exchange is tried again when the status says "later" (5xx, 429, and a 403 that is a rate limit where the client
 * says GitHub's rate-limit 403 applies) or the connection failed, with a capped backoff, or after what the server
 * asks (`Retry-After` as seconds or an HTTP date, else `x-ratelimit-reset` when no requests are left). A server
 * that asks for more than `maxServerDelayMs` is not waited for: a CI job would rather fail with the reason than
 * hang. The numbers differ per client (they are documented per client in the README) and live in the presets
 * below; the rules are the same for all.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Wait before retry `n` (1-based) when the server names none. */
  backoffMs: (retry: number) => number;
  /** Longest wait accepted from the backoff (and from the server, unless `maxServerDelayMs` says otherwise). */
  maxDelayMs: number;
  /** Longest wait the server may ask for; more, and the request fails at once. Defaults to `maxDelayMs`. */
  maxServerDelayMs?: number;
  /** The statuses worth another try; by default every 5xx and 429. */
  retryStatuses?: readonly number[];
  /** A 403 with rate-limit headers is a rate limit (GitHub), not a permission. */
  rateLimit403?: boolean;
  /** Whether a wait the server asks for replaces the backoff (off only where a client never honoured it). */
  honourServerDelay?: boolean;
}

/** base·2^(retry−1), capped at `capMs`; with `jitter`, up to half of it is taken off at random. */
export function exponentialBackoff(retry: number, baseMs: number, capMs: number, random?: () => number): number {
  const exponential = Math.min(capMs, baseMs * 2 ** (retry - 1));
  return random ? Math.round(exponential * (0.5 + random() / 2)) : exponential;
}

/** GitHub API: 4 attempts, 2 s·2^n, waits (and `Retry-After`) up to a minute, rate-limit 403s retried. */
export const GITHUB_RETRY: RetryPolicy = {
  maxAttempts: 4,
  backoffMs: (retry) => 2_000 * 2 ** (retry - 1),
  maxDelayMs: 60_000,
  rateLimit403: true,
};

/** GitLab API: 4 attempts, 1 s·2^n, waits (and `Retry-After`) up to 30 s. */
export const GITLAB_RETRY: RetryPolicy = {
  maxAttempts: 4,
  backoffMs: (retry) => 1_000 * 2 ** (retry - 1),
  maxDelayMs: 30_000,
};

/** Release downloads (Trivy): 3 attempts, 1 s then 2 s, only for a 502/503/504 or a failed connection. */
export const DOWNLOAD_RETRY: RetryPolicy = {
  maxAttempts: 3,
  backoffMs: (retry) => 1_000 * retry,
  maxDelayMs: 60_000,
  retryStatuses: [502, 503, 504],
  honourServerDelay: false,
};

/**
 * Registries' numbers as their client takes them (`RegistryClientOptions.retry`): 5 tries, 500 ms·2^n with jitter
 * up to 20 s, `Retry-After` honoured up to 2 minutes; 408, 429, 500, 502, 503 and 504 are retried.
 */
export interface RegistryRetrySettings {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` honoured; a registry asking for more fails the request at once. */
  maxRetryAfterMs: number;
}

export const REGISTRY_RETRY: Readonly<RegistryRetrySettings> = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** Backoff before retry number `retry` (1-based): base·2^(retry−1), capped, with up to half taken off at random. */
export function backoffDelay(
  retry: number,
  settings: Pick<RegistryRetrySettings, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number = Math.random,
): number {
  return exponentialBackoff(retry, settings.baseDelayMs, settings.maxDelayMs, random);
}

/** The one policy with a registry's numbers. */
export function registryRetryPolicy(settings: RegistryRetrySettings): RetryPolicy {
  return {
    maxAttempts: settings.attempts,
    backoffMs: (retry) => backoffDelay(retry, settings),
    maxDelayMs: settings.maxDelayMs,
    maxServerDelayMs: settings.maxRetryAfterMs,
    retryStatuses: [408, 429, 500, 502, 503, 504],
  };
}

/** The headers that decide a retry, lower-cased as node gives them. */
export interface RetryHeaders {
  'retry-after'?: string | string[] | undefined;
  'x-ratelimit-remaining'?: string | string[] | undefined;
  'x-ratelimit-reset'?: string | string[] | undefined;
}

/** What to do with a response status: retry (after the server's wait, when it named one) or give up. */
export type RetryDecision = { retry: false } | { retry: true; serverDelayMs?: number; rateLimited: boolean };

/** Whether a status is worth another attempt under `policy`, and the wait the server asked for. */
export function retryDecision(
  status: number,
  headers: RetryHeaders,
  nowMs: number,
  policy: RetryPolicy = GITHUB_RETRY,
): RetryDecision {
  const asked = policy.honourServerDelay === false ? undefined : retryAfterMs(headers, nowMs);
  const withDelay = asked !== undefined ? { serverDelayMs: asked } : {};
  const rateLimited = status === 429 || (policy.rateLimit403 === true && status === 403 && isRateLimit(headers));
  if (policy.retryStatuses !== undefined) {
    return policy.retryStatuses.includes(status) || (rateLimited && status === 403)
      ? { retry: true, rateLimited, ...withDelay }
      : { retry: false };
  }
  if (rateLimited) return { retry: true, rateLimited, ...withDelay };
  if (status >= 500 && status <= 599) return { retry: true, rateLimited: false, ...withDelay };
  return { retry: false };
}

/** The next step after a retryable status on attempt `attempt`. */
export type RetryStep =
  { kind: 'wait'; ms: number; asked: boolean } | { kind: 'too-long'; askedMs: number } | { kind: 'give-up' };

/**
 * After attempt `attempt` answered with a retryable status: wait (the server's delay, else the backoff), give up
 * because the server asks for more than the policy waits, or give up because the attempts are spent.
 */
export function nextRetryStep(attempt: number, decision: RetryDecision, policy: RetryPolicy): RetryStep {
  if (!decision.retry || attempt >= policy.maxAttempts) return { kind: 'give-up' };
  if (decision.serverDelayMs !== undefined) {
    return decision.serverDelayMs > (policy.maxServerDelayMs ?? policy.maxDelayMs)
      ? { kind: 'too-long', askedMs: decision.serverDelayMs }
      : { kind: 'wait', ms: decision.serverDelayMs, asked: true };
  }
  const backoff = policy.backoffMs(attempt);
  // A backoff past the cap is refused, not shortened: the cap is what the client promises never to wait past.
  return backoff > policy.maxDelayMs
    ? { kind: 'too-long', askedMs: backoff }
    : { kind: 'wait', ms: backoff, asked: false };
}

/** The wait before trying again after a failed connection on attempt `attempt`, or undefined when spent. */
export function networkRetryDelay(attempt: number, policy: RetryPolicy): number | undefined {
  return attempt < policy.maxAttempts ? Math.min(policy.backoffMs(attempt), policy.maxDelayMs) : undefined;
}

/** A 403 that is GitHub's rate limit (primary: no requests left; secondary: a Retry-After), not a permission. */
export function isRateLimit(headers: RetryHeaders): boolean {
  return first(headers['x-ratelimit-remaining']) === '0' || first(headers['retry-after']) !== undefined;
}

/** Retry-After (seconds or an HTTP date), else x-ratelimit-reset (epoch seconds) when no requests are left. */
export function retryAfterMs(headers: RetryHeaders, nowMs: number): number | undefined {
  const asked = parseRetryAfter(headers['retry-after'], nowMs);
  if (asked !== undefined) return asked;
  const reset = first(headers['x-ratelimit-reset'])?.trim();
  if (first(headers['x-ratelimit-remaining']) === '0' && reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
