/**
 * The one reader of `Retry-After` (RFC 9110 §10.2.3) for every imagegate client: delay-seconds or an HTTP date.
 * A date in the past means "now" (0); anything else unreadable is undefined, as if the header were absent.
 */

/** Milliseconds a `Retry-After` value asks for, or undefined when it is absent or unreadable. */
export function parseRetryAfter(value: string | string[] | null | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}
