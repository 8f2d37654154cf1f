/**
 * When and how long to wait before asking a registry again. 429 and 5xx are retried with exponential backoff and
 * jitter, or after exactly what `Retry-After` asks (seconds or an HTTP date) when the registry says; a wait longer
 * than `maxRetryAfterMs` is not sat out, since a CI job would rather fail with the reason than hang.
 */

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** The longest `Retry-After` honoured; a registry asking for more fails the request at once. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  attempts: 5,
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 120_000,
};

/** 408 and 429 say "later"; 500, 502, 503 and 504 are a registry or its proxy failing for now. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status === 500 || status === 502 || status === 503 || status === 504;
}

/** Milliseconds a `Retry-After` value asks for, or undefined when it is absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Backoff before retry number `retry` (1-based): base·2^(retry−1), capped, with up to half taken off at random. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.round(exponential * (0.5 + random() / 2));
}
