import type { IdentityProvider } from '@sigstore/sign';
import { ConfigurationError, ToolError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Redactor } from '../util/redact.js';

/**
 * Keyless signing of the verification summary (`--attest-keyless`): the runner's OIDC token (GitHub Actions with
 * `id-token: write`) buys a ten-minute certificate from Fulcio for an ephemeral key, which signs the DSSE envelope;
 * Rekor records the signature and returns a signed entry. @sigstore/sign (Sigstore's own client) does all three
 * steps; imagegate only supplies the token and the two URLs. The token is a credential: it goes to the redactor and
 * the logger's mask before anything can print it (@sigstore/sign quotes an unparsable token in its error).
 */

export const DEFAULT_FULCIO_URL = 'https://fulcio.sigstore.dev';
export const DEFAULT_REKOR_URL = 'https://rekor.sigstore.dev';
export const FULCIO_URL_ENV = 'IMAGEGATE_FULCIO_URL';
export const REKOR_URL_ENV = 'IMAGEGATE_REKOR_URL';
/** An OIDC token for Fulcio given directly (cosign's and @sigstore/sign's variable; GitLab's id_tokens). */
export const SIGSTORE_ID_TOKEN_ENV = 'SIGSTORE_ID_TOKEN';
/** The audience Fulcio accepts. */
const AUDIENCE = 'sigstore';
export const TIMEOUT_MS = 30_000;

export interface KeylessSettings {
  fulcioUrl: string;
  rekorUrl: string;
}

/** A Fulcio or Rekor URL: https, or http only on loopback (local stand-ins); `option` names it in errors. */
export function checkSigstoreUrl(value: string, option: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigurationError(`${option} is not a URL`);
  }
  const loopback = url.hostname === 'localhost' || url.hostname === '[::1]' || url.hostname.startsWith('127.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    throw new ConfigurationError(`${option} must be https (http only on localhost)`);
  }
  if (url.username || url.password || url.search) {
    throw new ConfigurationError(`${option} must not carry credentials or a query`);
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * The OIDC token for Fulcio. GitHub Actions: ACTIONS_ID_TOKEN_REQUEST_URL with `audience=sigstore`, authorised by
 * ACTIONS_ID_TOKEN_REQUEST_TOKEN, both present only when the job has `permissions: id-token: write`. Elsewhere
 * (GitLab's `id_tokens`), the token itself in SIGSTORE_ID_TOKEN.
 */
export function githubOidcProvider(
  env: Record<string, string | undefined>,
  secrets: { logger: Logger; redactor: Redactor },
): IdentityProvider {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const given = env[SIGSTORE_ID_TOKEN_ENV]?.trim();
  if ((!requestUrl || !requestToken) && given) {
    // GitLab (`id_tokens: SIGSTORE_ID_TOKEN: {aud: sigstore}`) and other CIs hand the token over directly.
    secrets.redactor.add(given);
    secrets.logger.mask(given);
    return { getToken: () => Promise.resolve(given) };
  }
  if (!requestUrl || !requestToken) {
    throw new ConfigurationError(
      '--attest-keyless needs the runner to provide an OIDC token (GitHub Actions: `permissions: id-token: write`; ' +
        `GitLab: an id_tokens entry ${SIGSTORE_ID_TOKEN_ENV} with aud sigstore); ` +
        `ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set, nor is ${SIGSTORE_ID_TOKEN_ENV}`,
    );
  }
  secrets.redactor.add(requestToken);
  secrets.logger.mask(requestToken);
  return {
    async getToken(): Promise<string> {
      const url = new URL(requestUrl);
      url.searchParams.set('audience', AUDIENCE);
      const shown = `GET ${url.origin}${url.pathname}`;
      let response: Response;
      try {
        response = await fetch(url, {
          headers: { accept: 'application/json', authorization: `Bearer ${requestToken}` },
          signal: AbortSignal.timeout(TIMEOUT_MS),
          redirect: 'error',
        });
      } catch (error) {
        throw new ToolError(`the runner's OIDC token endpoint could not be reached: ${(error as Error).message}`, {
          command: shown,
        });
      }
      if (response.status !== 200) {
        throw new ToolError(`the runner's OIDC token endpoint answered HTTP ${response.status}`, { command: shown });
      }
      const body = (await response.json().catch(() => undefined)) as { value?: unknown } | undefined;
      if (typeof body?.value !== 'string' || body.value === '') {
        throw new ToolError("the runner's OIDC token endpoint answered without a token", { command: shown });
      }
      secrets.redactor.add(body.value);
      secrets.logger.mask(body.value);
      return body.value;
    },
  };
}
