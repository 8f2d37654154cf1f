/**
 * Origins (scheme, host and port) as credentials are scoped to them. `new URL().origin` already folds the default
 * port in (`https://h` and `https://h:443` are one origin) and keeps any other port apart: `http://h:5000` and
 * `http://h:5001` are two origins, so a token for one never goes to the other.
 */

/** Request headers that carry a credential: dropped on every hop to another origin. */
export const CREDENTIAL_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'private-token',
  'job-token',
  'cookie',
]);

/** The headers without any credential (names compared case-insensitively). */
export function withoutCredentials(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!CREDENTIAL_HEADERS.has(name.toLowerCase())) kept[name] = value;
  }
  return kept;
}

/** `localhost`, 127.0.0.0/8 or `[::1]`: traffic that never leaves the machine. */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return host === 'localhost' || host === '[::1]' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
