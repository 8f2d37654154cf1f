import { ConfigurationError } from '../../util/errors.js';

/**
 * A feed mirror URL is printed in logs, warnings, the summary and imagegate.json (`scan.feeds[].source`), so it must
 * not be able to carry a secret: userinfo (`user:token@`), a query string (`?token=`, a signed URL) and a fragment
 * are refused rather than printed. A mirror that needs credentials is not supported; download the feed beside the
 * job and pass it with `--kev-file`/`--epss-file` instead. The error shows scheme, host and path only, and a value
 * that does not parse as a URL is not quoted at all (it may hold the secret).
 */
export function checkFeedUrl(url: string, option: string): string {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${option}: expected an http(s) URL (the value given does not parse as one)`);
  }
  const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ConfigurationError(`${option} '${shown}': expected an http(s) URL`);
  }
  if (parsed.username || parsed.password || parsed.search || parsed.hash || url.includes('?') || url.includes('#')) {
    throw new ConfigurationError(
      `${option} '${shown}': expected a URL without credentials, query string or fragment ` +
        '(feed URLs are printed in logs and reports; for a mirror that needs a token, download the feed in the job and give it as a file: --kev-file or --epss-file)',
    );
  }
  return url;
}
