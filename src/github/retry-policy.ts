/**
 * When a GitHub API call is tried again. One policy for every call: server errors (5xx), rate limits (429, and
 * 403 when GitHub says it is a rate limit) and network failures are retried with exponential backoff; a
 * `Retry-After` or `x-ratelimit-reset` from the server replaces the backoff. Waits are capped: a server that asks
 * for more than `maxDelayMs` gets an error at once, since stalling a CI job for an hour helps nobody.
 */

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  maxAttempts: number;
  /** Wait before retry `n` (1-based) when the server names none. */
  backoffMs: (retry: number) => number;
  /** Longest wait accepted, whether from the backoff or the server. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  backoffMs: (retry) => 2_000 * 2 ** (retry - 1),
  maxDelayMs: 60_000,
};

/** The headers that decide a retry, lower-cased as node gives them. */
export interface RetryHeaders {
  'retry-after'?: string | string[] | undefined;
  'x-ratelimit-remaining'?: string | string[] | undefined;
  'x-ratelimit-reset'?: string | string[] | undefined;
}

/** What to do with a response status: retry (after the server's wait, when it named one) or give up. */
export type RetryDecision = { retry: false } | { retry: true; serverDelayMs?: number; rateLimited: boolean };

/** Whether a status is worth another attempt, and the wait the server asked for. */
export function retryDecision(status: number, headers: RetryHeaders, nowMs: number): RetryDecision {
  const serverDelayMs = retryAfterMs(headers, nowMs);
  const rateLimited = status === 429 || (status === 403 && isRateLimit(headers));
  if (rateLimited) return { retry: true, rateLimited, ...(serverDelayMs !== undefined ? { serverDelayMs } : {}) };
  if (status >= 500 && status <= 599) {
    return { retry: true, rateLimited: false, ...(serverDelayMs !== undefined ? { serverDelayMs } : {}) };
  }
  return { retry: false };
}

/** A 403 that is GitHub's rate limit (primary: no requests left; secondary: a Retry-After), not a permission. */
export function isRateLimit(headers: RetryHeaders): boolean {
  return first(headers['x-ratelimit-remaining']) === '0' || first(headers['retry-after']) !== undefined;
}

/** Retry-After (seconds or an HTTP date), else x-ratelimit-reset (epoch seconds) when no requests are left. */
export function retryAfterMs(headers: RetryHeaders, nowMs: number): number | undefined {
  const retryAfter = first(headers['retry-after'])?.trim();
  if (retryAfter !== undefined && retryAfter !== '') {
    if (/^\d+$/.test(retryAfter)) return Number(retryAfter) * 1000;
    const date = Date.parse(retryAfter);
    if (!Number.isNaN(date)) return Math.max(0, date - nowMs);
  }
  const reset = first(headers['x-ratelimit-reset'])?.trim();
  if (first(headers['x-ratelimit-remaining']) === '0' && reset !== undefined && /^\d+$/.test(reset)) {
    return Math.max(0, Number(reset) * 1000 - nowMs);
  }
  return undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
